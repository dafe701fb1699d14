"""The aid files' events in the pathway timeline (``parcours.chronologie``): submissions and decisions.

Registered by ``InstancesConfig.ready``. Partners get nothing (aid files are not theirs to read);
the département's staff of the pathway see what ``DemandeAide.visible_by`` lets them see: the
decisions, their notification letters, the submissions: two branches of the timeline's single query
(``parcours.chronologie.BrancheChronologie``), whatever the number of events.

On the pathway page the source does not compile ``DemandeAide.objects.visible_by(user)`` (its
``EXISTS`` subqueries cost three times the SQL time in Python, docs/decisions/0002): its readers are the
département's staff of the pathway (``can_view_sante_parcours``: référent, team member, social worker,
évaluateur or encadrant of the responsible site), and for them the staff branches of ``visible_by``
(responsible site among ``sites_de_suivi``, référent, active team member) hold for every file of the
pathway, whatever the council branches add. So it reads the files of the pathway by its id, the same
set (``tests/instances/test_chronologie.py`` compares the two, persona by persona, with the former ORM
formulation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from parcours.chronologie import (
    BrancheChronologie,
    Evenement,
    Ligne,
    colonnes,
    libelle,
    nom_complet,
    nom_sql,
    source_chronologie,
)
from parcours.permissions import can_view_sante_parcours

if TYPE_CHECKING:
    from parcours.models import Parcours
    from social.models import Utilisateur


@source_chronologie("instances.demandes_aide")
def evenements_demandes_aide(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> list[Evenement] | tuple[BrancheChronologie, ...]:
    if partenaire or not can_view_sante_parcours(user, parcours):
        return []
    return branches_des_demandes(parcours_id=parcours.pk, limite=limite)


def branches_des_demandes(*, parcours_id: int, limite: int) -> tuple[BrancheChronologie, ...]:
    """The ``limite`` newest decisions (each with its notification letter) and the ``limite`` newest
    submissions of the pathway's aid files: two branches of the timeline's query."""
    from instances.enums import EtatDemande
    from instances.models import Decision

    # Newest first by the moment the event reports (its last change), so that the merge stays exact.
    ordre = "d.updated_at DESC, d.id DESC"
    colonnes_decisions = colonnes(
        ordre,
        "d.updated_at",
        t1="ta.libelle",
        t2="d.issue",
        t3="d.motivation",
        t4="d.motif_ajournement",
        t5=nom_sql("u"),
        t6=nom_sql("ld"),
        n1="d.montant",
        b1="d.delegation_id IS NOT NULL",
        b2="l.id IS NOT NULL AND l.supprime_le IS NULL",
        d1="d.notifiee_le",
        m2="l.depose_le",
    )
    decisions = f"""
        SELECT {colonnes_decisions}
        FROM (
            SELECT d.* FROM instances_decision d JOIN instances_demandeaide da ON da.id = d.demande_id
            WHERE da.parcours_id = %s ORDER BY d.updated_at DESC, d.id DESC LIMIT %s
        ) d
        JOIN instances_demandeaide da ON da.id = d.demande_id
        JOIN instances_typeaide ta ON ta.id = da.type_aide_id
        LEFT JOIN social_utilisateur u ON u.id = d.decidee_par_id
        LEFT JOIN parcours_document l ON l.id = d.lettre_id
        LEFT JOIN social_utilisateur ld ON ld.id = l.depose_par_id
        ORDER BY {ordre}
    """  # noqa: S608 (fixed SQL; values are parameters)

    def evenements_decision(ligne: Ligne) -> list[Evenement]:
        issue = libelle(Decision, "issue", ligne.t2 or "").lower()
        titre = _("Aide « %(type)s » : %(issue)s") % {"type": ligne.t1, "issue": issue}
        if ligne.n1 is not None:
            titre += f" ({ligne.n1} €)"
        detail = ligne.t3 or ligne.t4 or ""
        if ligne.b1:
            detail = (_("Décision d'urgence par délégation. ") + detail).strip()
        evenements = [Evenement(ligne.moment, "decision_aide", titre, detail, nom_complet(ligne.t5))]
        if ligne.b2 and ligne.m2 is not None:
            # The notification letter filed in the pathway's documents (G-3), and when it was sent.
            evenements.append(
                Evenement(
                    ligne.m2,
                    "lettre_decision",
                    _("Lettre de notification de la décision (aide « %(type)s » : %(issue)s)")
                    % {"type": ligne.t1, "issue": issue},
                    _("Envoyée le %(date)s.") % {"date": ligne.d1.strftime("%d/%m/%Y")}
                    if ligne.d1
                    else _("Classée dans les documents du parcours, pas encore envoyée."),
                    nom_complet(ligne.t6),
                )
            )
        return evenements

    ordre = "t.created_at DESC, t.id DESC"
    depots = f"""
        SELECT {colonnes(ordre, "t.created_at", t1="ta.libelle", t2=nom_sql("u"), n1="da.montant_demande")}
        FROM (
            SELECT t.* FROM instances_transitiondemande t
            JOIN instances_demandeaide da ON da.id = t.demande_id
            WHERE da.parcours_id = %s AND t.vers = %s ORDER BY t.created_at DESC, t.id DESC LIMIT %s
        ) t
        JOIN instances_demandeaide da ON da.id = t.demande_id
        JOIN instances_typeaide ta ON ta.id = da.type_aide_id
        LEFT JOIN social_utilisateur u ON u.id = t.acting_user_id
        ORDER BY {ordre}
    """  # noqa: S608 (fixed SQL; values are parameters)

    def evenements_depot(ligne: Ligne) -> list[Evenement]:
        titre = _("Demande d'aide « %(type)s » déposée (%(montant)s €)") % {
            "type": ligne.t1,
            "montant": ligne.n1,
        }
        return [Evenement(ligne.moment, "demande_aide", titre, "", nom_complet(ligne.t2))]

    return (
        BrancheChronologie(decisions, [parcours_id, limite], evenements_decision),
        BrancheChronologie(depots, [parcours_id, EtatDemande.DEPOSEE.value, limite], evenements_depot),
    )
