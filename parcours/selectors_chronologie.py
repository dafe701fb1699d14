"""The built-in kinds of the pathway timeline, as branches of its single query (``parcours.chronologie``).

Each function returns the ``BrancheChronologie`` of one kind: its ``limite`` newest rows for this viewer,
newest first, and how a row reads as an event. What a viewer may read is the rule of the matching selector
of ``parcours.selectors`` (``notes_lisibles``, ``rendez_vous_visibles``, ``objectifs_visibles``,
``actions_visibles``), written here as SQL conditions; ``tests/parcours/test_chronologie_requete.py``
checks, persona by persona, that the events are those the ORM selectors give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import workflows
from parcours.chronologie import BrancheChronologie, Evenement, Ligne, colonnes, libelle, nom, nom_sql
from parcours.enums import AXES_SANTE
from parcours.models import ActionParcours, Note, Objectif, RendezVous
from parcours.models.suivi import niveaux_notes_lisibles
from parcours.permissions import can_view_sante_parcours, est_partenaire_seulement, roles_sur_parcours
from social.perimetre import perimetre_de

if TYPE_CHECKING:
    from parcours.models import Parcours
    from social.models import Utilisateur


def branche_transitions(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> BrancheChronologie:
    ordre = "t.created_at DESC, t.id DESC"
    colonnes_sql = colonnes(
        ordre,
        "t.created_at",
        t1="t.depuis",
        t2="t.vers",
        t3="t.motif",
        t4=nom_sql("u"),
        d1="t.date_effet",
        b1="t.automatique",
    )
    sql = f"""
        SELECT {colonnes_sql}
        FROM (
            SELECT * FROM parcours_transitionparcours WHERE parcours_id = %s
            ORDER BY created_at DESC, id DESC LIMIT %s
        ) t
        LEFT JOIN social_utilisateur u ON u.id = t.acting_user_id
        ORDER BY {ordre}
    """  # noqa: S608 (fixed SQL; values are parameters)
    dispositif = parcours.dispositif

    def evenements(ligne: Ligne) -> list[Evenement]:
        depuis, vers = ligne.t1 or "", ligne.t2 or ""
        libelle_vers = workflows.libelle_etat(dispositif, vers)
        if depuis == vers:
            titre = _("État inchangé : %(vers)s") % {"vers": libelle_vers}
        elif depuis:
            titre = _("État : %(depuis)s → %(vers)s") % {
                "depuis": workflows.libelle_etat(dispositif, depuis),
                "vers": libelle_vers,
            }
        else:
            titre = _("Ouverture du parcours (%(vers)s)") % {"vers": libelle_vers}
        detail = "" if partenaire else ligne.t3 or ""
        date_effet = ligne.d1
        if date_effet is not None and date_effet != timezone.localtime(ligne.moment).date():
            effet = _("Date d'effet : %(date)s.") % {"date": date_effet.strftime("%d/%m/%Y")}
            detail = f"{effet} {detail}".strip()
        auteur = _("Procédure automatique") if ligne.b1 else nom(ligne.t4)
        return [Evenement(ligne.moment, "transition", titre, detail, auteur)]

    return BrancheChronologie(sql, [parcours.pk, limite], evenements)


def branche_referents(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> BrancheChronologie:
    ordre = "c.created_at DESC, c.id DESC"
    colonnes_sql = colonnes(
        ordre,
        "c.created_at",
        t1=nom_sql("a"),
        t2=nom_sql("n"),
        t3="c.motif",
        t4=nom_sql("u"),
        b1="c.ancien_id IS NULL",
        b2="c.nouveau_id IS NULL",
    )
    sql = f"""
        SELECT {colonnes_sql}
        FROM (
            SELECT * FROM parcours_changementreferent WHERE parcours_id = %s
            ORDER BY created_at DESC, id DESC LIMIT %s
        ) c
        LEFT JOIN social_utilisateur a ON a.id = c.ancien_id
        LEFT JOIN social_utilisateur n ON n.id = c.nouveau_id
        LEFT JOIN social_utilisateur u ON u.id = c.acting_user_id
        ORDER BY {ordre}
    """  # noqa: S608 (fixed SQL; values are parameters)

    def evenements(ligne: Ligne) -> list[Evenement]:
        titre = _("Référent : %(ancien)s → %(nouveau)s") % {
            "ancien": _("aucun") if ligne.b1 else nom(ligne.t1),
            "nouveau": _("aucun") if ligne.b2 else nom(ligne.t2),
        }
        return [
            Evenement(ligne.moment, "referent", titre, "" if partenaire else ligne.t3 or "", nom(ligne.t4))
        ]

    return BrancheChronologie(sql, [parcours.pk, limite], evenements)


def branche_notes(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> BrancheChronologie:
    # ``Note.objects.lisibles_par``: her own, and the others' of the levels her roles open.
    niveaux = niveaux_notes_lisibles(roles_sur_parcours(user, parcours))
    ordre = "n.created_at DESC, n.id DESC"
    sql = f"""
        SELECT {colonnes(ordre, "n.created_at", t1="n.confidentialite", t2="n.texte", t3=nom_sql("u"))}
        FROM (
            SELECT * FROM parcours_note
            WHERE parcours_id = %s AND (auteur_id = %s OR confidentialite = ANY(%s))
            ORDER BY created_at DESC, id DESC LIMIT %s
        ) n
        JOIN social_utilisateur u ON u.id = n.auteur_id
        ORDER BY {ordre}
    """  # noqa: S608 (fixed SQL; values are parameters)

    def evenements(ligne: Ligne) -> list[Evenement]:
        niveau = libelle(Note, "confidentialite", ligne.t1 or "")
        titre = _("Note (%(confidentialite)s)") % {"confidentialite": niveau}
        return [Evenement(ligne.moment, "note", titre, ligne.t2 or "", nom(ligne.t3))]

    return BrancheChronologie(sql, [parcours.pk, user.pk, niveaux, limite], evenements)


def branche_rendez_vous(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> BrancheChronologie:
    # ``rendez_vous_visibles``: a partner sees only the appointments with her organisations.
    condition, params = "", []
    if est_partenaire_seulement(user, parcours):
        condition, params = "AND organisation_id = ANY(%s)", [sorted(perimetre_de(user).organisation_ids)]
    ordre = "r.date_heure DESC, r.id DESC"
    colonnes_sql = colonnes(
        ordre,
        "r.date_heure",
        t1="r.modalite",
        t2="r.resultat",
        t3="o.nom",
        t4=nom_sql("u"),
        t5="r.lieu",
        t6="r.objet",
    )
    sql = f"""
        SELECT {colonnes_sql}
        FROM (
            SELECT * FROM parcours_rendezvous WHERE parcours_id = %s {condition}
            ORDER BY date_heure DESC, id DESC LIMIT %s
        ) r
        LEFT JOIN social_organisation o ON o.id = r.organisation_id
        LEFT JOIN social_utilisateur u ON u.id = r.agent_id
        ORDER BY {ordre}
    """  # noqa: S608 (fixed SQL; values are parameters)

    def evenements(ligne: Ligne) -> list[Evenement]:
        titre = _("Rendez-vous %(modalite)s avec %(avec)s : %(resultat)s") % {
            "modalite": libelle(RendezVous, "modalite", ligne.t1 or "").lower(),
            "avec": ligne.t3 if ligne.t3 is not None else nom(ligne.t4),
            "resultat": libelle(RendezVous, "resultat", ligne.t2 or "").lower(),
        }
        return [
            Evenement(ligne.moment, "rendez_vous", titre, " – ".join(x for x in [ligne.t5, ligne.t6] if x))
        ]

    return BrancheChronologie(sql, [parcours.pk, *params, limite], evenements)


def _sans_axes_sante(user: Utilisateur, parcours: Parcours) -> list[str]:
    """The axes hidden from this viewer (``objectifs_visibles``): the health ones, but for the staff."""
    return [] if can_view_sante_parcours(user, parcours) else sorted(str(axe) for axe in AXES_SANTE)


def branche_objectifs(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> BrancheChronologie:
    ordre = "o.created_at DESC, o.id DESC"
    sql = f"""
        SELECT {colonnes(ordre, "o.created_at", t1="o.axe", t2="o.libelle")}
        FROM parcours_objectif o
        WHERE o.parcours_id = %s AND NOT (o.axe = ANY(%s)) ORDER BY {ordre} LIMIT %s
    """  # noqa: S608 (fixed SQL; values are parameters)

    def evenements(ligne: Ligne) -> list[Evenement]:
        titre = _("Objectif (%(axe)s) : %(libelle)s") % {
            "axe": libelle(Objectif, "axe", ligne.t1 or ""),
            "libelle": ligne.t2,
        }
        return [Evenement(ligne.moment, "objectif", titre)]

    return BrancheChronologie(sql, [parcours.pk, _sans_axes_sante(user, parcours), limite], evenements)


def branche_actions(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> BrancheChronologie:
    ordre = "a.updated_at DESC, a.id DESC"
    sql = f"""
        SELECT {colonnes(ordre, "a.updated_at", t1="a.libelle", t2="a.statut")}
        FROM parcours_actionparcours a JOIN parcours_objectif o ON o.id = a.objectif_id
        WHERE o.parcours_id = %s AND NOT (o.axe = ANY(%s)) ORDER BY {ordre} LIMIT %s
    """  # noqa: S608 (fixed SQL; values are parameters)

    def evenements(ligne: Ligne) -> list[Evenement]:
        titre = _("Action : %(libelle)s (%(statut)s)") % {
            "libelle": ligne.t1,
            "statut": libelle(ActionParcours, "statut", ligne.t2 or "").lower(),
        }
        return [Evenement(ligne.moment, "action", titre)]

    return BrancheChronologie(sql, [parcours.pk, _sans_axes_sante(user, parcours), limite], evenements)
