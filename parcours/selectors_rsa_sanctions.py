"""Reads of the RSA sanction procedures and reorientation requests of a pathway (rules RSA-8 to RSA-14).

Constant queries whatever the number of procedures. Partners see neither the failures nor the decisions
(personal, possibly health-related facts and observations): only département staff of the pathway do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from parcours import workflows
from parcours.actions._outils import aujourd_hui
from parcours.actions.rsa_sanctions import (
    can_decider_reorientation,
    can_decider_sanction_rsa,
    can_demander_reorientation,
    can_suivre_sanction_rsa,
)
from parcours.enums import Dispositif, EtatSanctionRsa, StatutReorientation
from parcours.lectures import lecture_partagee
from parcours.models import DemandeReorientationRsa, Parcours, PassageSanctionRsa, ProcedureSanctionRsa
from parcours.permissions import can_view_sanctions_rsa
from parcours.regles.enums import SuiteSuppression
from social.models import Utilisateur


@dataclass(frozen=True)
class ProcedureAffichee:
    procedure: ProcedureSanctionRsa
    passages: list[PassageSanctionRsa]
    etapes_possibles: list[workflows.TransitionSanction]
    suite: SuiteSuppression | None
    # RSA-14: a recours may be recorded (notified, not annulled or radiated; the action refuses one formed
    # after the 2 months, one formed in time may arrive later by post); a recorded one waits for the PCD.
    recours_possible: bool = False
    recours_a_statuer: bool = False
    # Past the PCD's deadline without a decision: the silence is an implicit rejection (G-4).
    recours_rejet_implicite: bool = False


@dataclass(frozen=True)
class FicheSanctions:
    voit_details: bool
    peut_suivre: bool
    peut_decider: bool
    peut_demander_reorientation: bool
    peut_decider_reorientation: bool
    procedures: list[ProcedureAffichee] = field(default_factory=list)
    demandes: list[DemandeReorientationRsa] = field(default_factory=list)

    @property
    def en_cours(self) -> ProcedureAffichee | None:
        return next((p for p in self.procedures if not p.procedure.est_terminee), None)

    @property
    def demande_en_attente(self) -> DemandeReorientationRsa | None:
        return next((d for d in self.demandes if d.statut == StatutReorientation.DEMANDEE), None)


def procedures_sanction(parcours: Parcours) -> list[ProcedureSanctionRsa]:
    """Every sanction procedure of the pathway, newest first, with its steps (oldest first) and their authors,
    in two queries shared by the sanctions section and the timeline source on the pathway page (see
    ``parcours.lectures``). A read helper, no permission check: callers decide what the viewer may see."""
    return lecture_partagee(parcours, "procedures_sanction", lambda: _charger_procedures(parcours))


def _charger_procedures(parcours: Parcours) -> list[ProcedureSanctionRsa]:
    procedures = list(
        ProcedureSanctionRsa.objects.filter(parcours=parcours)
        .prefetch_related(
            Prefetch(
                "passages",
                queryset=PassageSanctionRsa.objects.select_related("acting_user").order_by(
                    "created_at", "id"
                ),
            )
        )
        .order_by("-constate_le", "-id")
    )
    return procedures


def fiche_sanctions(
    *, parcours: Parcours, user: Utilisateur, jour: datetime.date | None = None
) -> FicheSanctions | None:
    """The sanctions and reorientation section of an RSA pathway (None otherwise)."""
    if parcours.dispositif != Dispositif.RSA:
        return None
    if not can_view_sanctions_rsa(user, parcours):
        return FicheSanctions(False, False, False, False, False)
    jour = jour or aujourd_hui()
    procedures = procedures_sanction(parcours)
    affichees = [
        ProcedureAffichee(
            procedure=p,
            passages=list(p.passages.all()),
            etapes_possibles=[]
            if p.est_terminee
            else [t for t in workflows.TRANSITIONS_SANCTION_RSA if t.depuis == p.etat],
            suite=_suite(p, jour),
            recours_possible=p.notifiee_le is not None
            and p.recours_forme_le is None
            and p.etat not in {EtatSanctionRsa.ANNULEE, EtatSanctionRsa.RADIEE},
            recours_a_statuer=p.recours_forme_le is not None and p.recours_statue_le is None,
            recours_rejet_implicite=p.recours_statue_le is None
            and p.recours_decision_limite is not None
            and p.recours_decision_limite < jour,
        )
        for p in procedures
    ]
    demandes = list(
        DemandeReorientationRsa.objects.filter(parcours=parcours)
        .select_related("orientation", "decidee_par")
        .order_by("-demandee_le", "-id")
    )
    return FicheSanctions(
        voit_details=True,
        peut_suivre=can_suivre_sanction_rsa(user, parcours),
        peut_decider=can_decider_sanction_rsa(user, parcours),
        peut_demander_reorientation=can_demander_reorientation(user, parcours),
        peut_decider_reorientation=can_decider_reorientation(user, parcours),
        procedures=affichees,
        demandes=demandes,
    )


def _suite(procedure: ProcedureSanctionRsa, jour: datetime.date) -> SuiteSuppression | None:
    """RSA-12 on ``jour``: the radiation proposal during a total suppression of 4 months, the optional end of
    right once it has run out without compliance (no query: the duration threshold is the decision's
    ``suite``, computed on the decision day)."""
    if procedure.etat != EtatSanctionRsa.NOTIFIEE or procedure.suite in ("", SuiteSuppression.AUCUNE):
        return None
    if procedure.fin is not None and jour > procedure.fin:
        return SuiteSuppression.FIN_DE_DROIT_POSSIBLE
    return SuiteSuppression.PROPOSITION_RADIATION_FRANCE_TRAVAIL
