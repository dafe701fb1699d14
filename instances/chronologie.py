"""The aid files' events in the pathway timeline (``parcours.chronologie``): submissions and decisions.

Registered by ``InstancesConfig.ready``. Partners get nothing (aid files are not theirs to read);
the département's staff of the pathway see what ``DemandeAide.visible_by`` lets them see: the
decisions, their notification letters, the submissions. Two queries whatever the number of events.

On the pathway page the source does not compile ``DemandeAide.objects.visible_by(user)`` (its
``EXISTS`` subqueries cost three times the SQL time in Python, docs/decisions/0002): its readers are the
département's staff of the pathway (``can_view_sante_parcours``: référent, team member, social worker,
évaluateur or encadrant of the responsible site), and for them the staff branches of ``visible_by``
(responsible site among ``sites_de_suivi``, référent, active team member) hold for every file of the
pathway, whatever the council branches add. So it reads the files of the pathway by its id, the same
set (``tests/instances/test_chronologie.py`` compares the two, persona by persona)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Q
from django.utils.translation import gettext as _

from parcours.chronologie import Evenement, source_chronologie
from parcours.permissions import can_view_sante_parcours

if TYPE_CHECKING:
    from parcours.models import Parcours
    from social.models import Utilisateur


@source_chronologie("instances.demandes_aide")
def evenements_demandes_aide(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> list[Evenement]:
    if partenaire or not can_view_sante_parcours(user, parcours):
        return []
    return evenements_des_demandes(demandes=Q(demande__parcours_id=parcours.pk), limite=limite)


def evenements_des_demandes(*, demandes: Q, limite: int) -> list[Evenement]:
    """The ``limite`` newest decisions (with their letters) and the ``limite`` newest submissions of the
    aid files that ``demandes`` selects (a condition on the ``demande`` of a decision or a transition)."""
    from instances.enums import EtatDemande
    from instances.models import Decision, TransitionDemande

    evenements: list[Evenement] = []
    for decision in (
        Decision.objects.filter(demandes)
        .select_related("demande__type_aide", "decidee_par", "lettre__depose_par")
        .order_by(F("created_at").desc())[:limite]
    ):
        titre = _("Aide « %(type)s » : %(issue)s") % {
            "type": decision.demande.type_aide.libelle,
            "issue": decision.get_issue_display().lower(),
        }
        if decision.montant is not None:
            titre += f" ({decision.montant} €)"
        detail = decision.motivation or decision.motif_ajournement
        if decision.par_delegation:
            detail = (_("Décision d'urgence par délégation. ") + detail).strip()
        auteur = decision.decidee_par.get_full_name() if decision.decidee_par else ""
        evenements.append(Evenement(decision.updated_at, "decision_aide", titre, detail, auteur))
        lettre = decision.lettre
        if lettre is not None and lettre.supprime_le is None:
            # The notification letter filed in the pathway's documents (G-3), and when it was sent.
            evenements.append(
                Evenement(
                    lettre.depose_le,
                    "lettre_decision",
                    _("Lettre de notification de la décision (aide « %(type)s » : %(issue)s)")
                    % {
                        "type": decision.demande.type_aide.libelle,
                        "issue": decision.get_issue_display().lower(),
                    },
                    _("Envoyée le %(date)s.") % {"date": decision.notifiee_le.strftime("%d/%m/%Y")}
                    if decision.notifiee_le
                    else _("Classée dans les documents du parcours, pas encore envoyée."),
                    lettre.depose_par.get_full_name() if lettre.depose_par else "",
                )
            )
    for transition in (
        TransitionDemande.objects.filter(demandes, vers=EtatDemande.DEPOSEE)
        .select_related("demande__type_aide", "acting_user")
        .order_by("-created_at")[:limite]
    ):
        evenements.append(
            Evenement(
                transition.created_at,
                "demande_aide",
                _("Demande d'aide « %(type)s » déposée (%(montant)s €)")
                % {
                    "type": transition.demande.type_aide.libelle,
                    "montant": transition.demande.montant_demande,
                },
                "",
                transition.acting_user.get_full_name() if transition.acting_user else "",
            )
        )
    return evenements
