"""Who may use the APA calculators (GIR from an AGGIR grid, simulation of a plan), and who may read and
write the APA file of a pathway."""

from __future__ import annotations

from parcours.enums import Dispositif, RoleParcours
from parcours.models import Parcours
from parcours.permissions import can_view_parcours, can_view_sante_parcours, roles_sur_parcours
from social.perimetre import perimetre_de
from social.permissions import AnyUser, can_view_health_data


def can_use_simulateur_apa(user: AnyUser) -> bool:
    """Département agents, whatever their role, site or territory (an active assignment is enough).

    The calculators handle no personal data (a grid and amounts, nothing stored, nothing journaled),
    so no territory restriction applies. Partners, council members, functional administrators
    without an assignment, and anonymous users may not: it is an instruction tool of the département.
    """
    return perimetre_de(user).est_agent


# --- The APA file of a pathway (``parcours.actions.apa``, ``parcours.selectors_apa``) ---------------
# Reads are scoped first by ``Parcours.objects.visible_by(user)`` (out of scope: 404). On a visible APA
# pathway, three levels of reading (need-to-know, rule DP-2, CNIL référentiel 2021-028):
#
# - designated partners: the stage of the procedure and its dates, the outcome of the decision and the
#   day the rights open; no GIR, no plan, no resources or amounts, no reasons;
# - the département's staff of the pathway (référent, team, agents and encadrants of the site): also the
#   GIR, the plan and its amounts, the resources, the reasons: they instruct, decide and notify;
# - medico-social profiles among them (``social.permissions.can_view_health_data``): also the AGGIR grid
#   as entered and the trace of the computation (health data, CSP L1110-4).


def _roles_apa(user: AnyUser, parcours: Parcours) -> frozenset[str]:
    if parcours.dispositif != Dispositif.APA:
        return frozenset()
    return roles_sur_parcours(user, parcours)


def can_view_dossier_apa(user: AnyUser, parcours: Parcours) -> bool:
    """The APA section: whoever reads the pathway (designated partners see the reduced version)."""
    return parcours.dispositif == Dispositif.APA and can_view_parcours(user, parcours)


def can_view_montants_apa(user: AnyUser, parcours: Parcours) -> bool:
    """GIR, plan, resources, participation, amounts and reasons: the département's staff of the pathway,
    never partners (DP-2)."""
    return parcours.dispositif == Dispositif.APA and can_view_sante_parcours(user, parcours)


def can_view_grille_apa(user: AnyUser, parcours: Parcours) -> bool:
    """The AGGIR grid as entered and the trace of the GIR: medico-social profiles (évaluateurs) among the
    staff of the pathway only (DESIGN.md persona table, DP-2)."""
    return can_view_montants_apa(user, parcours) and can_view_health_data(user)


def can_instruire_dossier_apa(user: AnyUser, parcours: Parcours) -> bool:
    """Request, acknowledgement, complete file: the roles of the workflow table for these steps (référent,
    team, encadrants and évaluateurs of the site), on an open APA pathway."""
    return not parcours.est_clos and bool(_roles_apa(user, parcours) & ROLES_INSTRUCTION)


def can_evaluer_apa(user: AnyUser, parcours: Parcours) -> bool:
    """The AGGIR grid is entered by a medico-social profile (évaluateur) with a role on the pathway that
    the workflow table names for the evaluation."""
    return can_instruire_dossier_apa(user, parcours) and can_view_health_data(user)


def can_attribuer_urgence_apa(user: AnyUser, parcours: Parcours) -> bool:
    """The provisional amount of an urgency is a decision of the PCD: encadrants of the site."""
    return not parcours.est_clos and RoleParcours.ENCADRANT in _roles_apa(user, parcours)


ROLES_INSTRUCTION = frozenset(
    {RoleParcours.REFERENT, RoleParcours.EQUIPE, RoleParcours.ENCADRANT, RoleParcours.EVALUATEUR}
)
