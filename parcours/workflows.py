"""The state machine of each dispositif, as data (STYLE 5).

For each dispositif: the initial state, and for each (source state, target state) the transition: its
label (the button), whether a written motivation is required, which roles on the pathway may trigger it,
whether a référent must be designated first, whether an objective of the plan must be recorded first,
whether it closes the pathway, and the legal reference.
``parcours.actions.parcours_transitionner`` is the only writer; it reads nothing else.

Roles (``RoleParcours``) are relations to one pathway, computed by ``parcours.permissions``: the référent
unique, a team member, an encadrant or an évaluateur médico-social of the responsible site.

Motivation: every negative individual decision needs a written motivation (CRPA L211-2, L211-5; rule
G-2); exits and reorientations need one too so that the file says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from parcours.enums import (
    Dispositif,
    EtatApa,
    EtatJeunes,
    EtatPch,
    EtatRsa,
    EtatSanctionRsa,
    RoleParcours,
    StatutAction,
    StatutObjectif,
    TypeEcheance,
)

R = RoleParcours
_SUIVI = frozenset({R.REFERENT, R.EQUIPE, R.ENCADRANT})
_REFERENT_OU_ENCADRANT = frozenset({R.REFERENT, R.ENCADRANT})
_ENCADRANT = frozenset({R.ENCADRANT})
_MEDICO_SOCIAL = frozenset({R.REFERENT, R.EQUIPE, R.ENCADRANT, R.EVALUATEUR})


@dataclass(frozen=True)
class Transition:
    depuis: str
    vers: str
    libelle: str
    roles: frozenset[str]
    reference: str
    motif_requis: bool = False
    referent_requis: bool = False
    # At least one objective of the plan (not abandoned) must be recorded first.
    objectif_requis: bool = False
    cloture: bool = False


@dataclass(frozen=True)
class Workflow:
    dispositif: Dispositif
    etats: type[models.TextChoices]
    initial: str
    transitions: tuple[Transition, ...]

    def depuis(self, etat: str) -> list[Transition]:
        return [t for t in self.transitions if t.depuis == etat]

    def transition(self, depuis: str, vers: str) -> Transition | None:
        return next((t for t in self.transitions if t.depuis == depuis and t.vers == vers), None)

    @property
    def finaux(self) -> frozenset[str]:
        return frozenset(t.vers for t in self.transitions if t.cloture)


def _vers_depuis(
    sources: Iterable[str],
    vers: str,
    libelle: str,
    roles: frozenset[str],
    reference: str,
    **options: bool,
) -> tuple[Transition, ...]:
    return tuple(Transition(s, vers, libelle, roles, reference, **options) for s in sources)


_RSA = Workflow(
    dispositif=Dispositif.RSA,
    etats=EtatRsa,
    initial=EtatRsa.A_ORIENTER,
    transitions=(
        # The PCD (or its delegate) orients within 6 weeks of the information on the opening of the
        # right (D262-65-2, rule RSA-1) into one of three parcours (arrêté du 21/11/2024, RSA-2).
        Transition(
            EtatRsa.A_ORIENTER,
            EtatRsa.ORIENTE,
            "Enregistrer l'orientation",
            _REFERENT_OU_ENCADRANT,
            "CASF L262-29, D262-65-2 ; arrêté du 21 novembre 2024",
        ),
        # The référent unique signs the contrat d'engagement within 1 month of the notification of the
        # orientation (CT D5411-14-1, RSA-3); a référent must exist (L262-27, RSA-2).
        Transition(
            EtatRsa.ORIENTE,
            EtatRsa.CONTRACTUALISE,
            "Enregistrer la signature du contrat d'engagement",
            _SUIVI,
            "CASF L262-34, CT L5411-6, D5411-14-1",
            referent_requis=True,
        ),
        # A new orientation decision restarts the 1-month contract clock (D5411-14-1, RSA-3); a
        # reorientation follows the EP's opinion (L262-39) or the joint diagnostic (L262-31).
        Transition(
            EtatRsa.ORIENTE,
            EtatRsa.ORIENTE,
            "Réorienter",
            _ENCADRANT,
            "CASF L262-31, L262-39 ; CT D5411-14-1",
            motif_requis=True,
        ),
        # A contract comes to its end: a new one is signed with the référent (L262-35: « révisé » or
        # renewed), which also ends the rupture « contrat expiré ». The orientation stays.
        *(
            Transition(
                depuis,
                EtatRsa.CONTRACTUALISE,
                "Renouveler le contrat d'engagement",
                _SUIVI,
                "CASF L262-34, L262-35, CT L5411-6",
                referent_requis=True,
            )
            for depuis in (EtatRsa.CONTRACTUALISE, EtatRsa.EN_ACCOMPAGNEMENT)
        ),
        Transition(
            EtatRsa.CONTRACTUALISE,
            EtatRsa.EN_ACCOMPAGNEMENT,
            "Démarrer l'accompagnement",
            _SUIVI,
            "CASF L262-34",
            referent_requis=True,
        ),
        Transition(
            EtatRsa.EN_ACCOMPAGNEMENT,
            EtatRsa.ORIENTE,
            "Réorienter",
            _ENCADRANT,
            "CASF L262-31, L262-39 ; CT D5411-14-1",
            motif_requis=True,
        ),
        # Suspension-remobilisation: a negative decision of the PCD or delegate (L262-37, R262-68,
        # décret n° 2025-478); motivated (G-2). The sanction procedure itself (RSA-8) is its own workflow.
        Transition(
            EtatRsa.EN_ACCOMPAGNEMENT,
            EtatRsa.SUSPENDU,
            "Suspendre (suspension-remobilisation)",
            _ENCADRANT,
            "CASF L262-37, R262-68, R262-68-1 ; CRPA L211-2",
            motif_requis=True,
        ),
        # Lifted when the person signs or updates the contract or complies (R262-68, RSA-11).
        Transition(
            EtatRsa.SUSPENDU,
            EtatRsa.EN_ACCOMPAGNEMENT,
            "Lever la suspension",
            _REFERENT_OU_ENCADRANT,
            "CASF R262-68, R262-68-1",
            motif_requis=True,
        ),
        *_vers_depuis(
            [
                EtatRsa.A_ORIENTER,
                EtatRsa.ORIENTE,
                EtatRsa.CONTRACTUALISE,
                EtatRsa.EN_ACCOMPAGNEMENT,
                EtatRsa.SUSPENDU,
            ],
            EtatRsa.SORTIE,
            "Clôturer : sortie du dispositif",
            _REFERENT_OU_ENCADRANT,
            "CASF L262-28 ; CRPA L211-2",
            motif_requis=True,
            cloture=True,
        ),
    ),
)

_APA = Workflow(
    dispositif=Dispositif.APA,
    etats=EtatApa,
    initial=EtatApa.DEMANDE_RECUE,
    transitions=(
        # Within 10 days of receipt: acknowledgement with the registration date of the complete file,
        # or the number and nature of the missing documents (R232-23, rule APA-2).
        Transition(
            EtatApa.DEMANDE_RECUE,
            EtatApa.DOSSIER_INCOMPLET,
            "Déclarer le dossier incomplet (pièces manquantes)",
            _MEDICO_SOCIAL,
            "CASF R232-23",
            motif_requis=True,
        ),
        *_vers_depuis(
            [EtatApa.DEMANDE_RECUE, EtatApa.DOSSIER_INCOMPLET],
            EtatApa.DOSSIER_COMPLET,
            "Enregistrer le dossier complet",
            _MEDICO_SOCIAL,
            "CASF R232-23 (point de départ du délai de deux mois)",
        ),
        Transition(
            EtatApa.DOSSIER_COMPLET,
            EtatApa.EVALUATION,
            "Démarrer l'évaluation médico-sociale",
            _MEDICO_SOCIAL,
            "CASF L232-6",
        ),
        Transition(
            EtatApa.EVALUATION,
            EtatApa.PLAN_PROPOSE,
            "Proposer le plan d'aide",
            frozenset({R.REFERENT, R.EVALUATEUR, R.ENCADRANT}),
            "CASF L232-6, R232-7",
        ),
        Transition(
            EtatApa.PLAN_PROPOSE,
            EtatApa.DECIDE,
            "Enregistrer la décision",
            _ENCADRANT,
            "CASF L232-12, R232-23",
        ),
        # In an establishment, no plan at home: the establishment's dependency tariffs and the resources
        # give the participation and the amount (R232-19, rule APA-9), on which the decision is taken.
        Transition(
            EtatApa.EVALUATION,
            EtatApa.PROPOSITION_ETABLISSEMENT,
            "Calculer l'APA en établissement",
            frozenset({R.REFERENT, R.EVALUATEUR, R.ENCADRANT}),
            "CASF L232-8, R232-19",
        ),
        Transition(
            EtatApa.PROPOSITION_ETABLISSEMENT,
            EtatApa.DECIDE,
            "Enregistrer la décision",
            _ENCADRANT,
            "CASF L232-12, R232-19, R232-23",
        ),
        # GIR 5 or 6: refusal without a plan, motivated, with an orientation to other aids (APA-1, G-2).
        Transition(
            EtatApa.EVALUATION,
            EtatApa.DECIDE,
            "Enregistrer une décision de refus",
            _ENCADRANT,
            "CASF L232-2 ; CRPA L211-2",
            motif_requis=True,
        ),
        # At home, the rights open on the notification date; in an establishment, on the registration of
        # the complete file (R232-23, APA-3).
        Transition(
            EtatApa.DECIDE,
            EtatApa.NOTIFIE,
            "Enregistrer la notification de la décision",
            _SUIVI,
            "CASF R232-23",
        ),
        # Revision at any time, on request or when the situation changes (APA-10).
        Transition(
            EtatApa.NOTIFIE,
            EtatApa.REVISION,
            "Ouvrir une révision",
            _MEDICO_SOCIAL,
            "Règle APA-10 (révision à tout moment) [S]",
            motif_requis=True,
        ),
        Transition(
            EtatApa.REVISION,
            EtatApa.EVALUATION,
            "Réévaluer la situation",
            _MEDICO_SOCIAL,
            "CASF L232-6",
        ),
        *_vers_depuis(
            [EtatApa.DEMANDE_RECUE, EtatApa.DOSSIER_INCOMPLET, EtatApa.NOTIFIE],
            EtatApa.CLOS,
            "Clore le parcours",
            _REFERENT_OU_ENCADRANT,
            "CASF L232-1 ; CRPA L211-2",
            motif_requis=True,
            cloture=True,
        ),
    ),
)

_PCH = Workflow(
    dispositif=Dispositif.PCH,
    etats=EtatPch,
    initial=EtatPch.DECISION_CDAPH_RECUE,
    transitions=(
        # The département pays only what the CDAPH decided (L245-2, rule PCH-5).
        Transition(
            EtatPch.DECISION_CDAPH_RECUE,
            EtatPch.EN_PAIEMENT,
            "Mettre en paiement",
            _SUIVI,
            "CASF L245-2",
        ),
        # Renewal or revision: a new CDAPH decision is received (L241-6).
        Transition(
            EtatPch.EN_PAIEMENT,
            EtatPch.DECISION_CDAPH_RECUE,
            "Enregistrer une nouvelle décision de la CDAPH",
            _SUIVI,
            "CASF L241-6",
        ),
        *_vers_depuis(
            [EtatPch.DECISION_CDAPH_RECUE, EtatPch.EN_PAIEMENT],
            EtatPch.CLOS,
            "Clore le parcours",
            _REFERENT_OU_ENCADRANT,
            "CASF L245-1 ; CRPA L211-2",
            motif_requis=True,
            cloture=True,
        ),
    ),
)

_JEUNES = Workflow(
    dispositif=Dispositif.JEUNES,
    etats=EtatJeunes,
    initial=EtatJeunes.ACCUEIL,
    transitions=(
        # Every beneficiary is followed by a recorded referent (L263-3, rule FAJ-4); the project towards
        # autonomy is formalised with at least one objective (emploi, formation, logement…).
        Transition(
            EtatJeunes.ACCUEIL,
            EtatJeunes.PROJET,
            "Formaliser le projet",
            _SUIVI,
            "CASF L263-3",
            referent_requis=True,
            objectif_requis=True,
        ),
        Transition(
            EtatJeunes.PROJET,
            EtatJeunes.ACCOMPAGNEMENT,
            "Démarrer l'accompagnement",
            _SUIVI,
            "CASF L263-3",
            referent_requis=True,
        ),
        Transition(
            EtatJeunes.ACCOMPAGNEMENT,
            EtatJeunes.PROJET,
            "Revoir le projet",
            _SUIVI,
            "CASF L263-3",
            motif_requis=True,
        ),
        *_vers_depuis(
            [EtatJeunes.ACCUEIL, EtatJeunes.PROJET, EtatJeunes.ACCOMPAGNEMENT],
            EtatJeunes.SORTIE,
            "Clôturer : sortie du dispositif",
            _REFERENT_OU_ENCADRANT,
            "CASF L263-3 ; CRPA L211-2",
            motif_requis=True,
            cloture=True,
        ),
    ),
)

WORKFLOWS: dict[str, Workflow] = {w.dispositif: w for w in (_RSA, _APA, _PCH, _JEUNES)}

# RSA: once the pathway keeps its RSA file (``parcours.models.DossierRsa``), these states are reached
# through ``parcours.actions.rsa`` only (the orientation with its criteria, RSA-2; the contract with its
# hours, RSA-4): the pathway page offers those forms instead of the bare transitions.
ETATS_RSA_PAR_LE_DOSSIER: frozenset[str] = frozenset({EtatRsa.ORIENTE, EtatRsa.CONTRACTUALISE})


# APA: once the pathway keeps its APA file (``parcours.models.DossierApa``), these states are reached
# through ``parcours.actions.apa`` only (the acknowledgement with its missing documents, APA-2; the grid
# and its GIR; the plan with its amounts, APA-6/7/8, or the amounts in an establishment, APA-9; the
# decision and its reasons, G-2; the notification that opens the rights, APA-3; the revision, APA-10).
ETATS_APA_PAR_LE_DOSSIER: frozenset[str] = frozenset(
    {
        EtatApa.DOSSIER_INCOMPLET,
        EtatApa.DOSSIER_COMPLET,
        EtatApa.EVALUATION,
        EtatApa.PLAN_PROPOSE,
        EtatApa.PROPOSITION_ETABLISSEMENT,
        EtatApa.DECIDE,
        EtatApa.NOTIFIE,
        EtatApa.REVISION,
    }
)
# The establishment's amounts are a row of the APA file (``PropositionEtablissementApa``): a pathway kept
# without the file (older pathways) never reaches that state by a bare move either.
ETATS_APA_SANS_DOSSIER_INTERDITS: frozenset[str] = frozenset({EtatApa.PROPOSITION_ETABLISSEMENT})


def workflow(dispositif: str) -> Workflow:
    return WORKFLOWS[dispositif]


def etat_initial(dispositif: str) -> str:
    return WORKFLOWS[dispositif].initial


def libelle_etat(dispositif: str, etat: str) -> str:
    """The French label of a state; the raw value for a state the table does not know (old data)."""
    etats = WORKFLOWS[dispositif].etats if dispositif in WORKFLOWS else None
    if etats is None or etat not in etats.values:
        return etat
    return str(etats(etat).label)


def etats_valides(dispositif: str) -> list[str]:
    return list(WORKFLOWS[dispositif].etats.values)


def choix_etats() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every state grouped by dispositif (``<optgroup>`` of the filter forms). Values are prefixed by the
    dispositif (``rsa:oriente``) because several dispositifs share a state name (``clos``)."""
    return [
        (str(Dispositif(d).label), [(f"{d}:{v}", str(label)) for v, label in w.etats.choices])
        for d, w in WORKFLOWS.items()
    ]


# The lifecycles of the action plan's items (same principle, smaller tables).
TRANSITIONS_OBJECTIF: dict[str, frozenset[str]] = {
    StatutObjectif.EN_COURS: frozenset({StatutObjectif.ATTEINT, StatutObjectif.ABANDONNE}),
    StatutObjectif.ABANDONNE: frozenset({StatutObjectif.EN_COURS}),
    StatutObjectif.ATTEINT: frozenset(),
}
TRANSITIONS_ACTION: dict[str, frozenset[str]] = {
    StatutAction.A_FAIRE: frozenset({StatutAction.EN_COURS, StatutAction.REALISEE, StatutAction.ABANDONNEE}),
    StatutAction.EN_COURS: frozenset({StatutAction.REALISEE, StatutAction.ABANDONNEE}),
    StatutAction.ABANDONNEE: frozenset({StatutAction.A_FAIRE}),
    StatutAction.REALISEE: frozenset(),
}


# Deadlines (rule G-4): which clock starts when, from which dated parameter (rule G-1), and which state
# meets it. ``depart`` None: the pathway's reception date; otherwise the latest entry into that state
# (a new orientation restarts the contract clock, RSA-3). ``parcours.actions.echeances_recalculer``
# applies this table; a new deadline is a new row here (and a ``TypeEcheance``). For an RSA pathway with
# its RSA file, the RSA rules refine the RSA rows (start on the information received and on the
# notifications, RSA-1 and RSA-3) and add the joint diagnostic of the social parcours (RSA-6).
@dataclass(frozen=True)
class RegleEcheance:
    type: TypeEcheance
    dispositif: Dispositif
    parametre: str
    depart: str | None
    tenue: frozenset[str]
    reference: str


REGLES_ECHEANCES: tuple[RegleEcheance, ...] = (
    RegleEcheance(
        TypeEcheance.RSA_ORIENTATION,
        Dispositif.RSA,
        "rsa.delai.orientation",
        None,
        frozenset({EtatRsa.ORIENTE}),
        "CASF D262-65-2 (règle RSA-1) ; 2 mois avant le 1er janvier 2025",
    ),
    RegleEcheance(
        TypeEcheance.RSA_CONTRAT,
        Dispositif.RSA,
        "rsa.delai.contrat",
        EtatRsa.ORIENTE,
        frozenset({EtatRsa.CONTRACTUALISE}),
        "CT D5411-14-1 (règle RSA-3)",
    ),
    RegleEcheance(
        TypeEcheance.APA_ACCUSE_RECEPTION,
        Dispositif.APA,
        "apa.delai.accuse_reception",
        None,
        frozenset({EtatApa.DOSSIER_INCOMPLET, EtatApa.DOSSIER_COMPLET}),
        "CASF R232-23 (règle APA-2)",
    ),
    RegleEcheance(
        TypeEcheance.APA_DECISION,
        Dispositif.APA,
        "apa.delai.decision",
        EtatApa.DOSSIER_COMPLET,
        frozenset({EtatApa.NOTIFIE}),
        "CASF R232-23, L232-14 (règles APA-3, APA-4)",
    ),
)


# RSA sanction procedure « suspension-remobilisation » (CASF L262-37, L262-39, R262-68 to R262-68-6; rules
# RSA-8 to RSA-12): its own state machine, beside the pathway's. ``parcours.actions.rsa_sanctions`` is the
# only writer; each step also passes ``parcours.regles.rsa.rsa_sanction_etape_verifier`` (observations
# before any decision, EP opinion before a suppression or a reorientation). ``depuis`` "" is the start.
@dataclass(frozen=True)
class TransitionSanction:
    depuis: str
    vers: str
    libelle: str
    roles: frozenset[str]
    reference: str


def _sanction(depuis: Iterable[str], vers: str, libelle: str, roles: frozenset[str], reference: str) -> tuple:
    return tuple(TransitionSanction(d, vers, libelle, roles, reference) for d in depuis)


_S = EtatSanctionRsa
_APRES_OBSERVATIONS = (_S.OBSERVATIONS_RECUES, _S.DELAI_OBSERVATIONS_EXPIRE)
TRANSITIONS_SANCTION_RSA: tuple[TransitionSanction, ...] = (
    TransitionSanction("", _S.MANQUEMENT_CONSTATE, "Constater un manquement", _SUIVI, "CASF L262-37 I"),
    TransitionSanction(
        _S.MANQUEMENT_CONSTATE,
        _S.OBSERVATIONS_DEMANDEES,
        "Inviter la personne à présenter ses observations",
        _SUIVI,
        "CASF L262-37 (observations, assistance possible)",
    ),
    TransitionSanction(
        _S.OBSERVATIONS_DEMANDEES,
        _S.OBSERVATIONS_RECUES,
        "Enregistrer les observations",
        _SUIVI,
        "CASF L262-37",
    ),
    TransitionSanction(
        _S.OBSERVATIONS_DEMANDEES,
        _S.DELAI_OBSERVATIONS_EXPIRE,
        "Constater l'expiration du délai d'observations",
        _SUIVI,
        "CASF L262-37 ; règlement départemental",
    ),
    *_sanction(
        _APRES_OBSERVATIONS,
        _S.AVIS_EP,
        "Enregistrer l'avis de l'équipe pluridisciplinaire",
        _SUIVI,
        "CASF L262-39",
    ),
    # The decision: the PCD or its delegate (an encadrant), motivated (CRPA L211-2, G-2).
    *_sanction(
        (*_APRES_OBSERVATIONS, _S.AVIS_EP),
        _S.DECIDEE,
        "Décider la sanction",
        _ENCADRANT,
        "CASF L262-37, R262-68, R262-68-1, R262-68-6 ; CRPA L211-2",
    ),
    *_sanction(
        (*_APRES_OBSERVATIONS, _S.AVIS_EP),
        _S.CLASSEE,
        "Classer sans suite",
        _ENCADRANT,
        "CASF L262-37 (motif légitime)",
    ),
    TransitionSanction(
        _S.DECIDEE,
        _S.NOTIFIEE,
        "Enregistrer la notification (voies et délais de recours)",
        _SUIVI,
        "CASF R262-91 ; CJA R421-5 (règles G-3, RSA-14)",
    ),
    TransitionSanction(
        _S.NOTIFIEE,
        _S.LEVEE,
        "Enregistrer la mise en conformité (levée automatique)",
        _REFERENT_OU_ENCADRANT,
        "CASF R262-68, R262-68-1 (règle RSA-11)",
    ),
    TransitionSanction(
        _S.NOTIFIEE,
        _S.RADIEE,
        "Mettre fin au droit et radier du RSA",
        _ENCADRANT,
        "CASF R262-68-1, R262-40 (règle RSA-12)",
    ),
    # A recours admitted by the PCD (or its delegate): the sanction is annulled and the sums withheld are
    # regularised, also after a lifting (``parcours.actions.rsa_sanctions.sanction_recours_statuer``).
    *_sanction(
        (_S.NOTIFIEE, _S.LEVEE),
        _S.ANNULEE,
        "Admettre le recours et annuler la sanction",
        _ENCADRANT,
        "CASF L262-47, R262-89 (règles RSA-13, RSA-14)",
    ),
)


def transition_sanction(depuis: str, vers: str) -> TransitionSanction | None:
    return next((t for t in TRANSITIONS_SANCTION_RSA if t.depuis == depuis and t.vers == vers), None)


# Reorientation requests: the référent, the team or an encadrant records the request (of the référent or
# of the person); an encadrant decides it (the reorientation itself is the RSA workflow's « Réorienter »).
ROLES_DEMANDE_REORIENTATION = _SUIVI
ROLES_DECISION_REORIENTATION = _ENCADRANT
# PCH: recording a CDAPH decision or a payment, and a request pending before the CDAPH.
ROLES_PCH = _SUIVI
