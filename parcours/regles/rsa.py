"""RSA rules of the 2025 regime (loi n° 2023-1196 « pour le plein emploi », décret n° 2025-478):
orientation, contrat d'engagement, sanctions « suspension-remobilisation » and recours.

DOMAIN.md §1 and rules RSA-1 to RSA-14. Deadlines are inclusive: a due date returned here is the
last day on which the act is still on time (a delay counted from a day expires at the end of the
same-numbered day, CPC art. 641 by analogy). Every duration, rate and amount is a dated parameter
(rule G-1) read on the day that starts the clock or on the day of the decision.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from parcours.regles.commun import (
    UN_JOUR,
    arrondi,
    date_fr,
    entier,
    jours_du_mois,
    mois_couverts,
    pourcentage,
    premiere_entree_en_vigueur,
    valeur,
    vers_enum,
)
from parcours.regles.enums import (
    DeposantRecours,
    DestinataireRecours,
    EtapeSanction,
    FreinOrientation,
    IssueRecours,
    MotifHeuresReduites,
    MotifManquement,
    NatureDecisionSanction,
    NiveauQualification,
    OperationDroitsDevoirs,
    ParcoursRsa,
    RangManquement,
    SituationEmploi,
    StatutOrientation,
    StatutTransitionContrat,
    SuiteSuppression,
    Vulnerabilite,
)
from social.exceptions import DomainError
from social.parametres import ajouter_mois, echeance

DELAI_ORIENTATION: Final = "rsa.delai.orientation"
DELAI_CONTRAT: Final = "rsa.delai.contrat"
HEURES_HEBDOMADAIRES: Final = "rsa.contrat.heures_hebdomadaires"
DELAI_TRANSITION: Final = "rsa.delai.transition_contrat_engagement"
DELAI_DIAGNOSTIC: Final = "rsa.delai.revue_parcours_social"
DELAI_DIAGNOSTIC_VULNERABLE: Final = "rsa.delai.revue_parcours_social_vulnerable"
DELAI_OBSERVATIONS: Final = "rsa.sanction.delai_observations"
AVIS_EP_AVANT_SUSPENSION: Final = "rsa.sanction.avis_ep_avant_suspension"
TAUX_MAXIMUM_FOYER: Final = "rsa.sanction.taux_maximum_foyer"
DUREE_SUPPRESSION_RADIATION: Final = "rsa.sanction.duree_suppression_radiation"
MONTANT_FORFAITAIRE: Final = "rsa.montant_forfaitaire"
DELAI_RECOURS: Final = "rsa.recours.delai"
DELAI_AVIS_CRA: Final = "rsa.recours.delai_avis_cra"
DELAI_DECISION_APRES_CRA: Final = "rsa.recours.delai_decision_apres_cra"
DELAI_DECISION_SANS_CRA: Final = "rsa.recours.delai_decision_sans_cra"

# Scale of R262-68 (first failure) and R262-68-1 (persistence or repetition): parameter prefix.
_BAREME = {
    RangManquement.PREMIER: "rsa.sanction.premier_manquement",
    RangManquement.PERSISTANCE_OU_REPETITION: "rsa.sanction.persistance",
}


# --- RSA-7: droits et devoirs ----------------------------------------------------------------


def rsa_droits_devoirs_verifier(*, soumis_droits_devoirs: bool, operation: OperationDroitsDevoirs) -> None:
    """RSA-7: only a person « soumis aux droits et devoirs » can be oriented, contracted or
    sanctioned (CASF L262-28, L262-37). The flag comes from the CNAF/MSA flow
    (``TOPPERSDRODEVORSA = 1``, RSA-16)."""
    if not soumis_droits_devoirs:
        libelle = OperationDroitsDevoirs(operation).label.lower()
        raise DomainError(
            f"{libelle.capitalize()} impossible : la personne n'est pas soumise aux droits et devoirs "
            "(CASF L262-28).",
            code="rsa_non_soumis_droits_devoirs",
            extra={"operation": str(operation)},
        )


# --- RSA-1: orientation deadline -------------------------------------------------------------


def rsa_orientation_echeance(*, information_recue_le: datetime.date) -> datetime.date:
    """RSA-1: last day for the PCD to orient, counted from the day the département receives the
    CAF/MSA information on the opening or transfer of the right (CASF D262-65-2): 6 weeks since
    1 January 2025, 2 months before (the regime in force on the day of receipt applies)."""
    return echeance(DELAI_ORIENTATION, information_recue_le)


def rsa_orientation_statut(
    *,
    information_recue_le: datetime.date,
    orientee_le: datetime.date | None,
    jour: datetime.date,
) -> StatutOrientation:
    """RSA-1: where the file stands on ``jour``. Not oriented by the due date (included), the file
    passes to France Travail (CASF D262-65-2): ``ORIENTATION_FRANCE_TRAVAIL`` from the next day,
    and it stays so even when an orientation is recorded later."""
    limite = rsa_orientation_echeance(information_recue_le=information_recue_le)
    if orientee_le is not None and orientee_le <= jour and orientee_le <= limite:
        return StatutOrientation.ORIENTE
    if jour > limite:
        return StatutOrientation.ORIENTATION_FRANCE_TRAVAIL
    return StatutOrientation.A_ORIENTER


# --- RSA-2: orientation decision -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CriteresOrientation:
    """RSA-2: the common orientation criteria of the arrêté du 21 novembre 2024 (situation with
    respect to employment, qualification, aspirations, difficulties), as structured data.

    ``duree_sans_activite_mois`` is required when the person has no activity; ``frein_autre_precision``
    when ``FreinOrientation.AUTRE`` is among the difficulties. Age comes from the person's file."""

    situation_emploi: SituationEmploi
    duree_sans_activite_mois: int | None = None
    niveau_qualification: NiveauQualification
    beneficiaire_obligation_emploi: bool = False
    metier_recherche: str = ""
    aspirations: str = ""
    freins: frozenset[FreinOrientation] = field(default_factory=frozenset)
    frein_autre_precision: str = ""

    def __post_init__(self) -> None:
        situation = vers_enum(SituationEmploi, self.situation_emploi, "situation_emploi")
        object.__setattr__(self, "situation_emploi", situation)
        niveau = vers_enum(NiveauQualification, self.niveau_qualification, "niveau_qualification")
        object.__setattr__(self, "niveau_qualification", niveau)
        freins = frozenset(vers_enum(FreinOrientation, frein, "freins") for frein in self.freins)
        object.__setattr__(self, "freins", freins)
        if situation == SituationEmploi.SANS_ACTIVITE and self.duree_sans_activite_mois is None:
            raise DomainError(
                "Indiquez depuis combien de mois la personne est sans activité.",
                code="rsa_duree_sans_activite_requise",
                extra={"champ": "duree_sans_activite_mois"},
            )
        if self.duree_sans_activite_mois is not None and self.duree_sans_activite_mois < 0:
            raise DomainError(
                "La durée sans activité ne peut pas être négative.",
                code="rsa_duree_sans_activite_negative",
                extra={"champ": "duree_sans_activite_mois"},
            )
        if FreinOrientation.AUTRE in freins and not self.frein_autre_precision.strip():
            raise DomainError(
                "Précisez la difficulté « autre ».",
                code="rsa_frein_autre_a_preciser",
                extra={"champ": "frein_autre_precision"},
            )


@dataclass(frozen=True, kw_only=True)
class DecisionOrientation:
    """RSA-2: an orientation into exactly one parcours, with its criteria and its organisme
    référent (the référent unique, a person, is designated by that organisme afterwards)."""

    parcours: ParcoursRsa
    criteres: CriteresOrientation
    organisme_referent_id: int
    decidee_le: datetime.date

    def __post_init__(self) -> None:
        object.__setattr__(self, "parcours", vers_enum(ParcoursRsa, self.parcours, "parcours"))


def rsa_orientation_verifier(*, soumis_droits_devoirs: bool, orientation: DecisionOrientation) -> None:
    """RSA-2 and RSA-7: an orientation is recorded only for a person soumis aux droits et devoirs
    (CASF L262-28, L262-29); the dataclass has already checked the parcours and the criteria."""
    rsa_droits_devoirs_verifier(
        soumis_droits_devoirs=soumis_droits_devoirs, operation=OperationDroitsDevoirs.ORIENTATION
    )


# --- RSA-3 and RSA-4: contrat d'engagement ---------------------------------------------------


def rsa_contrat_echeance(*, notifications_orientation: Sequence[datetime.date]) -> datetime.date:
    """RSA-3: last day to sign the contrat d'engagement: 1 month after the notification of the
    orientation (C. trav. D5411-14-1). A new orientation decision interrupts the delay and its
    notification opens a fresh one: the latest notification counts."""
    if not notifications_orientation:
        raise DomainError(
            "Aucune orientation notifiée : le délai de signature du contrat n'a pas commencé.",
            code="rsa_orientation_non_notifiee",
        )
    return echeance(DELAI_CONTRAT, max(notifications_orientation))


def rsa_contrat_en_retard(
    *,
    notifications_orientation: Sequence[datetime.date],
    contrat_signe_le: datetime.date | None,
    jour: datetime.date,
) -> bool:
    """RSA-3: on ``jour``, no contract was signed since the latest notified orientation and its
    1-month delay has run out. A contract signed before a new orientation does not count."""
    notifiees = [notifiee for notifiee in notifications_orientation if notifiee <= jour]
    if not notifiees:
        return False
    derniere = max(notifiees)
    if contrat_signe_le is not None and derniere <= contrat_signe_le <= jour:
        return False
    return jour > rsa_contrat_echeance(notifications_orientation=notifiees)


@dataclass(frozen=True, kw_only=True)
class JustificationHeures:
    """RSA-4: why the contract sets fewer weekly hours than the default; ``precision`` is required
    for ``AUTRE`` (the Conseil constitutionnel asks for a duration adapted to the situation)."""

    motif: MotifHeuresReduites
    precision: str = ""

    def __post_init__(self) -> None:
        motif = vers_enum(MotifHeuresReduites, self.motif, "motif")
        object.__setattr__(self, "motif", motif)
        if motif == MotifHeuresReduites.AUTRE and not self.precision.strip():
            raise DomainError(
                "Précisez le motif « autre » de la réduction des heures d'activité.",
                code="rsa_heures_motif_a_preciser",
                extra={"champ": "precision"},
            )


def rsa_contrat_verifier(
    *,
    soumis_droits_devoirs: bool,
    signe_le: datetime.date,
    heures_hebdomadaires: Decimal,
    justification: JustificationHeures | None,
) -> None:
    """RSA-4 and RSA-7: a contrat d'engagement (signed or updated on ``signe_le``) sets at least the
    default weekly hours of activity in force that day (15 h, CASF L262-34, C. trav. L5411-6);
    fewer hours, or none, require a recorded justification."""
    rsa_droits_devoirs_verifier(
        soumis_droits_devoirs=soumis_droits_devoirs, operation=OperationDroitsDevoirs.CONTRAT
    )
    if heures_hebdomadaires < 0:
        raise DomainError(
            "Le nombre d'heures d'activité hebdomadaires ne peut pas être négatif.",
            code="rsa_heures_negatives",
            extra={"champ": "heures_hebdomadaires"},
        )
    minimum = valeur(HEURES_HEBDOMADAIRES, signe_le)
    if heures_hebdomadaires < minimum and justification is None:
        raise DomainError(
            f"Un contrat de moins de {minimum.normalize():f} heures d'activité par semaine doit être "
            "justifié (santé, handicap, parent isolé sans solution de garde, aidant ou autre motif précisé).",
            code="rsa_heures_reduites_sans_justification",
            extra={"champ": "justification", "minimum": str(minimum)},
        )


# --- RSA-5: people accompanied on the reform date ----------------------------------------------


def rsa_transition_date_limite(*, jour: datetime.date) -> datetime.date:
    """RSA-5: the last day to sign a contrat d'engagement with the people already accompanied when
    the reform came into force (2 years from 1 January 2025: 1 January 2027, loi n° 2023-1196).

    The reform date is the first day the parameter was in force; the delay is the value in force
    on ``jour``, so that a later extension applies to the same population."""
    reforme = premiere_entree_en_vigueur(DELAI_TRANSITION)
    return echeance(DELAI_TRANSITION, reforme, jour_reference=max(jour, reforme))


def rsa_transition_statut(
    *,
    accompagne_depuis: datetime.date,
    contrat_engagement_signe_le: datetime.date | None,
    jour: datetime.date,
) -> StatutTransitionContrat:
    """RSA-5: a person accompanied on the reform date (1 January 2025) without a contrat
    d'engagement is flagged ``NON_CONVERTI`` once the date limit (included) has passed."""
    reforme = premiere_entree_en_vigueur(DELAI_TRANSITION)
    if accompagne_depuis > reforme:
        return StatutTransitionContrat.NON_CONCERNE
    if contrat_engagement_signe_le is not None and contrat_engagement_signe_le <= jour:
        return StatutTransitionContrat.CONVERTI
    if jour > rsa_transition_date_limite(jour=jour):
        return StatutTransitionContrat.NON_CONVERTI
    return StatutTransitionContrat.A_CONVERTIR


# --- RSA-6: joint diagnostic of the social parcours --------------------------------------------


def rsa_diagnostic_conjoint_echeance(
    *,
    parcours: ParcoursRsa,
    entree_parcours_social_le: datetime.date,
    vulnerabilites: Collection[Vulnerabilite],
) -> datetime.date:
    """RSA-6: in the social parcours, the joint diagnostic with France Travail is due 6 months after
    the orientation, 12 months when the person has a vulnerability (CASF L262-31, D262-65-2-1)."""
    if vers_enum(ParcoursRsa, parcours, "parcours") != ParcoursRsa.SOCIAL:
        raise DomainError(
            "Le diagnostic conjoint avec France Travail ne concerne que le parcours social.",
            code="rsa_diagnostic_hors_parcours_social",
        )
    vulnerables = {vers_enum(Vulnerabilite, v, "vulnerabilites") for v in vulnerabilites}
    code = DELAI_DIAGNOSTIC_VULNERABLE if vulnerables else DELAI_DIAGNOSTIC
    return echeance(code, entree_parcours_social_le)


# --- RSA-8: the sanction procedure -------------------------------------------------------------

# From each step (None: no procedure yet), the steps that may follow (CASF L262-37, L262-39).
# Observations must be received or their delay expired before the EP or a decision; the EP
# opinion is checked separately, as it depends on the decision's nature.
TRANSITIONS_SANCTION: Mapping[EtapeSanction | None, frozenset[EtapeSanction]] = {
    None: frozenset({EtapeSanction.MANQUEMENT_CONSTATE}),
    EtapeSanction.MANQUEMENT_CONSTATE: frozenset({EtapeSanction.OBSERVATIONS_DEMANDEES}),
    EtapeSanction.OBSERVATIONS_DEMANDEES: frozenset(
        {EtapeSanction.OBSERVATIONS_RECUES, EtapeSanction.DELAI_OBSERVATIONS_EXPIRE}
    ),
    EtapeSanction.OBSERVATIONS_RECUES: frozenset({EtapeSanction.AVIS_EP, EtapeSanction.DECISION}),
    EtapeSanction.DELAI_OBSERVATIONS_EXPIRE: frozenset({EtapeSanction.AVIS_EP, EtapeSanction.DECISION}),
    EtapeSanction.AVIS_EP: frozenset({EtapeSanction.DECISION}),
    EtapeSanction.DECISION: frozenset({EtapeSanction.LEVEE}),
    EtapeSanction.LEVEE: frozenset(),
}

# Decisions that always need the EP opinion first (L262-39); a suspension needs it when the
# département's règlement says so (parameter rsa.sanction.avis_ep_avant_suspension).
NATURES_AVEC_AVIS_EP = frozenset({NatureDecisionSanction.SUPPRESSION, NatureDecisionSanction.REORIENTATION})
# Decisions that can be lifted (R262-68, R262-68-1).
NATURES_LEVABLES = frozenset({NatureDecisionSanction.SUSPENSION, NatureDecisionSanction.SUPPRESSION})


@dataclass(frozen=True, kw_only=True)
class PassageEtape:
    """One step of a sanction procedure, on the day it happened. ``motif`` is required for
    ``MANQUEMENT_CONSTATE``, ``nature_decision`` for ``DECISION``."""

    etape: EtapeSanction
    le: datetime.date
    motif: MotifManquement | None = None
    nature_decision: NatureDecisionSanction | None = None

    def __post_init__(self) -> None:
        etape = vers_enum(EtapeSanction, self.etape, "etape")
        object.__setattr__(self, "etape", etape)
        if self.motif is not None:
            object.__setattr__(self, "motif", vers_enum(MotifManquement, self.motif, "motif"))
        if self.nature_decision is not None:
            nature = vers_enum(NatureDecisionSanction, self.nature_decision, "nature_decision")
            object.__setattr__(self, "nature_decision", nature)
        if etape == EtapeSanction.MANQUEMENT_CONSTATE and self.motif is None:
            raise DomainError(
                "Indiquez le motif du manquement (refus de contrat, manquement aux obligations, "
                "refus de contrôle).",
                code="rsa_sanction_motif_requis",
                extra={"champ": "motif"},
            )
        if etape == EtapeSanction.DECISION and self.nature_decision is None:
            raise DomainError(
                "Indiquez la nature de la décision.",
                code="rsa_sanction_nature_requise",
                extra={"champ": "nature_decision"},
            )


def rsa_sanction_etape_verifier(
    *,
    historique: Sequence[PassageEtape],
    suivante: PassageEtape,
    soumis_droits_devoirs: bool,
) -> None:
    """RSA-8: may the procedure move to ``suivante`` after ``historique`` (its steps, in order)?

    - the step follows ``TRANSITIONS_SANCTION`` and does not predate the previous one;
    - the person is soumis aux droits et devoirs (RSA-7, CASF L262-37), see below;
    - ``DELAI_OBSERVATIONS_EXPIRE`` only once the delay to present observations has run out
      (parameter in force on the request day): no decision before the person could be heard;
    - a ``DECISION`` of suppression or reorientation needs the EP opinion (L262-39), a suspension
      too when the règlement requires it on the decision day;
    - ``LEVEE`` only after a suspension or a suppression.

    The droits et devoirs flag is checked when the failure is recorded and when a sanction is
    decided, not for the other steps: a person who left the SDD status can still be heard, have the
    procedure closed without sanction, or see a sanction lifted."""
    sanctionne = suivante.etape == EtapeSanction.MANQUEMENT_CONSTATE or (
        suivante.etape == EtapeSanction.DECISION
        and suivante.nature_decision != NatureDecisionSanction.SANS_SUITE
    )
    if sanctionne:
        rsa_droits_devoirs_verifier(
            soumis_droits_devoirs=soumis_droits_devoirs, operation=OperationDroitsDevoirs.SANCTION
        )
    actuelle = historique[-1] if historique else None
    autorisees = TRANSITIONS_SANCTION[actuelle.etape if actuelle else None]
    if suivante.etape not in autorisees:
        depuis = f"l'étape « {actuelle.etape.label} »" if actuelle else "le début de la procédure"
        raise DomainError(
            f"L'étape « {suivante.etape.label} » ne peut pas suivre {depuis}.",
            code="rsa_sanction_etape_interdite",
            extra={
                "etape": str(suivante.etape),
                "depuis": str(actuelle.etape) if actuelle else None,
                "autorisees": sorted(str(etape) for etape in autorisees),
            },
        )
    if actuelle is not None and suivante.le < actuelle.le:
        raise DomainError(
            f"L'étape « {suivante.etape.label} » ne peut pas être datée avant l'étape précédente "
            f"({date_fr(actuelle.le)}).",
            code="rsa_sanction_etape_anterieure",
        )
    par_etape = {passage.etape: passage for passage in historique}
    if suivante.etape == EtapeSanction.DELAI_OBSERVATIONS_EXPIRE:
        demandees_le = par_etape[EtapeSanction.OBSERVATIONS_DEMANDEES].le
        limite = echeance(DELAI_OBSERVATIONS, demandees_le)
        if suivante.le <= limite:
            raise DomainError(
                f"Le délai pour présenter des observations court jusqu'au {date_fr(limite)} inclus.",
                code="rsa_sanction_delai_observations_en_cours",
                extra={"limite": limite.isoformat()},
            )
    if suivante.etape == EtapeSanction.DECISION:
        nature = suivante.nature_decision
        assert nature is not None  # checked by PassageEtape
        avis_requis = nature in NATURES_AVEC_AVIS_EP or (
            nature == NatureDecisionSanction.SUSPENSION and valeur(AVIS_EP_AVANT_SUSPENSION, suivante.le) == 1
        )
        if avis_requis and EtapeSanction.AVIS_EP not in par_etape:
            raise DomainError(
                f"Une décision de {nature.label.lower()} exige l'avis préalable de l'équipe "
                "pluridisciplinaire (CASF L262-39).",
                code="rsa_sanction_avis_ep_requis",
                extra={"nature_decision": str(nature)},
            )
    if suivante.etape == EtapeSanction.LEVEE:
        decision = par_etape[EtapeSanction.DECISION]
        if decision.nature_decision not in NATURES_LEVABLES:
            raise DomainError(
                "Seule une suspension ou une suppression peut être levée.",
                code="rsa_sanction_levee_impossible",
            )


# --- RSA-9 and RSA-10: the scale ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SanctionRsa:
    """A suspension or suppression of ``taux`` (0 to 1) of the allowance, for ``duree_mois`` months
    from ``debut`` (the last sanctioned day is ``fin``), decided on ``decidee_le``."""

    nature: NatureDecisionSanction
    rang: RangManquement
    taux: Decimal
    duree_mois: int
    decidee_le: datetime.date
    debut: datetime.date

    def __post_init__(self) -> None:
        nature = vers_enum(NatureDecisionSanction, self.nature, "nature")
        object.__setattr__(self, "nature", nature)
        object.__setattr__(self, "rang", vers_enum(RangManquement, self.rang, "rang"))
        if nature not in NATURES_LEVABLES:
            raise DomainError(
                "Une sanction est une suspension ou une suppression.",
                code="rsa_sanction_nature_invalide",
                extra={"champ": "nature"},
            )

    @property
    def fin(self) -> datetime.date:
        return ajouter_mois(self.debut, self.duree_mois) - UN_JOUR


def rsa_sanction_verifier(
    *,
    sanction: SanctionRsa,
    soumis_droits_devoirs: bool,
    personnes_foyer: int,
    majoration_isolement: bool,
) -> None:
    """RSA-9 and RSA-10: the scale in force on the decision day (décret n° 2025-478, from 1 June 2025).

    - first failure: a suspension of 30 % to 100 % for 1 to 2 months (CASF R262-68);
    - persistence or repetition: a suspension or suppression of at least 30 %, for 1 to 4 months
      (R262-68-1);
    - household of more than one person, or majoration for isolation (L262-9): the suspended or
      suppressed share is at most 50 % (R262-68-6)."""
    rsa_droits_devoirs_verifier(
        soumis_droits_devoirs=soumis_droits_devoirs, operation=OperationDroitsDevoirs.SANCTION
    )
    if personnes_foyer < 1:
        raise DomainError("Le foyer compte au moins une personne.", code="rsa_foyer_vide")
    jour = sanction.decidee_le
    if sanction.rang == RangManquement.PREMIER and sanction.nature != NatureDecisionSanction.SUSPENSION:
        raise DomainError(
            "Un premier manquement ne peut donner lieu qu'à une suspension (CASF R262-68).",
            code="rsa_sanction_premier_manquement_suspension",
        )
    prefixe = _BAREME[sanction.rang]
    taux_minimum = valeur(f"{prefixe}.taux_minimum", jour)
    taux_maximum = valeur(f"{prefixe}.taux_maximum", jour)
    plafond_foyer = personnes_foyer > 1 or majoration_isolement
    if plafond_foyer:
        taux_maximum = min(taux_maximum, valeur(TAUX_MAXIMUM_FOYER, jour))
    if not taux_minimum <= sanction.taux <= taux_maximum:
        precision = (
            " pour un foyer de plus d'une personne ou bénéficiaire de la majoration (CASF R262-68-6)"
            if plafond_foyer
            else ""
        )
        raise DomainError(
            f"Le taux doit être compris entre {pourcentage(taux_minimum)} et {pourcentage(taux_maximum)}"
            f"{precision}.",
            code="rsa_sanction_taux_hors_bornes",
            extra={"taux_minimum": str(taux_minimum), "taux_maximum": str(taux_maximum)},
        )
    duree_minimum = entier(f"{prefixe}.duree_minimum", jour)
    duree_maximum = entier(f"{prefixe}.duree_maximum", jour)
    if not duree_minimum <= sanction.duree_mois <= duree_maximum:
        raise DomainError(
            f"La durée doit être comprise entre {duree_minimum} et {duree_maximum} mois.",
            code="rsa_sanction_duree_hors_bornes",
            extra={"duree_minimum": duree_minimum, "duree_maximum": duree_maximum},
        )


# --- RSA-11: lifting and amounts to restore ------------------------------------------------------


@dataclass(frozen=True)
class LigneRestitution:
    """One month of a restitution: ``jours`` of the month's ``jours_du_mois`` are restored."""

    mois: datetime.date
    jours: int
    jours_du_mois: int
    montant_mensuel: Decimal
    taux: Decimal
    montant: Decimal


@dataclass(frozen=True)
class Restitution:
    """RSA-11: the sums to pay back after an automatic lifting on ``levee_le`` (None: the sanction
    had already run its course on the compliance date)."""

    levee_le: datetime.date | None
    lignes: tuple[LigneRestitution, ...]

    @property
    def total(self) -> Decimal:
        return sum((ligne.montant for ligne in self.lignes), start=Decimal("0.00"))


def rsa_sanction_levee_le(
    *, sanction: SanctionRsa, mise_en_conformite_le: datetime.date
) -> datetime.date | None:
    """RSA-11: the sanction is lifted automatically from the date the person signs or updates the
    contract or complies with the obligations (CASF R262-68, R262-68-1); None when that date is
    after the sanction's last day."""
    if mise_en_conformite_le > sanction.fin:
        return None
    return max(mise_en_conformite_le, sanction.debut)


def rsa_sanction_restitution(
    *,
    sanction: SanctionRsa,
    mise_en_conformite_le: datetime.date,
    montants_dus: Mapping[datetime.date, Decimal] | None = None,
) -> Restitution:
    """RSA-11: the amounts to restore for the sanctioned days from the lifting date: for each
    calendar month, monthly amount × rate × days restored / days in the month, rounded to the cent.

    The monthly amount is the household's allowance when the caller knows it (``montants_dus``,
    keyed by the first day of the month), otherwise the montant forfaitaire in force on the first
    day of that month (rule G-1: March 2025 635,71 €, April 2025 646,52 €).
    With ``mise_en_conformite_le`` on or before the start, everything is restored: this is also the
    regularisation of a sanction decided on a wrong ground (RSA-13)."""
    levee_le = rsa_sanction_levee_le(sanction=sanction, mise_en_conformite_le=mise_en_conformite_le)
    if levee_le is None:
        return Restitution(levee_le=None, lignes=())
    lignes = []
    for mois, jours in mois_couverts(levee_le, sanction.fin):
        montant_mensuel = (montants_dus or {}).get(mois)
        if montant_mensuel is None:
            montant_mensuel = valeur(MONTANT_FORFAITAIRE, mois)
        total_jours = jours_du_mois(mois)
        montant = arrondi(montant_mensuel * sanction.taux * jours / total_jours)
        lignes.append(LigneRestitution(mois, jours, total_jours, montant_mensuel, sanction.taux, montant))
    return Restitution(levee_le=levee_le, lignes=tuple(lignes))


# --- RSA-12: after a total suppression -----------------------------------------------------------


def rsa_sanction_suites(
    *,
    sanction: SanctionRsa,
    mise_en_conformite_le: datetime.date | None,
    jour: datetime.date,
) -> SuiteSuppression:
    """RSA-12: after a total suppression for the maximal duration (4 months, CASF R262-68-1), the
    PCD proposes to France Travail the radiation from the jobseekers' list for that period; if the
    person has still not complied once it has ended, the PCD may end the right and strike the person
    off the RSA (optional decision, R262-40)."""
    duree_radiation = entier(DUREE_SUPPRESSION_RADIATION, sanction.decidee_le)
    totale = sanction.nature == NatureDecisionSanction.SUPPRESSION and sanction.taux == 1
    if not totale or sanction.duree_mois < duree_radiation or jour < sanction.decidee_le:
        return SuiteSuppression.AUCUNE
    if mise_en_conformite_le is not None and mise_en_conformite_le <= jour:
        return SuiteSuppression.AUCUNE
    if jour > sanction.fin:
        return SuiteSuppression.FIN_DE_DROIT_POSSIBLE
    return SuiteSuppression.PROPOSITION_RADIATION_FRANCE_TRAVAIL


# --- RSA-14: recours ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RecoursRsa:
    """An RSA recours administratif préalable: ``forme_le`` is the day it was sent or handed in."""

    decision_notifiee_le: datetime.date
    forme_le: datetime.date
    destinataire: DestinataireRecours
    depose_par: DeposantRecours
    mandat_ecrit: bool = False
    motifs: str

    def __post_init__(self) -> None:
        destinataire = vers_enum(DestinataireRecours, self.destinataire, "destinataire")
        object.__setattr__(self, "destinataire", destinataire)
        object.__setattr__(self, "depose_par", vers_enum(DeposantRecours, self.depose_par, "depose_par"))


def rsa_recours_verifier(recours: RecoursRsa) -> None:
    """RSA-14: a recours is admissible only if addressed to the PCD within 2 months of the
    notification (included), with its reasons and, when an association files it, a written mandate
    (CASF L262-47, R262-88)."""
    limite = echeance(DELAI_RECOURS, recours.decision_notifiee_le)
    if recours.forme_le > limite:
        raise DomainError(
            f"Recours tardif : il devait être formé au plus tard le {date_fr(limite)} "
            "(2 mois après la notification, CASF R262-88).",
            code="rsa_recours_tardif",
            extra={"limite": limite.isoformat()},
        )
    if recours.destinataire != DestinataireRecours.PRESIDENT_CONSEIL_DEPARTEMENTAL:
        raise DomainError(
            "Le recours doit être adressé au président du conseil départemental (CASF R262-88).",
            code="rsa_recours_mauvais_destinataire",
            extra={"champ": "destinataire"},
        )
    if recours.depose_par == DeposantRecours.ASSOCIATION and not recours.mandat_ecrit:
        raise DomainError(
            "Une association ne peut former un recours qu'avec un mandat écrit du bénéficiaire "
            "(CASF L262-47).",
            code="rsa_recours_mandat_requis",
            extra={"champ": "mandat_ecrit"},
        )
    if not recours.motifs.strip():
        raise DomainError(
            "Le recours doit être motivé.", code="rsa_recours_non_motive", extra={"champ": "motifs"}
        )


@dataclass(frozen=True)
class EcheancesRecoursRsa:
    """RSA-14: ``avis_cra`` is the day the CRA opinion is deemed given (None without CRA);
    ``decision_pcd`` the last day for the PCD's motivated decision, after which silence is an
    implicit rejection (G-4)."""

    avis_cra: datetime.date | None
    decision_pcd: datetime.date


def rsa_recours_echeances(
    *,
    recu_le: datetime.date,
    cra_saisie_le: datetime.date | None = None,
    avis_cra_rendu_le: datetime.date | None = None,
) -> EcheancesRecoursRsa:
    """RSA-14: when the CRA of the CAF/MSA is consulted, it has 1 month from its referral (opinion
    then deemed given) and the PCD 1 month from the opinion; otherwise the PCD rules within
    2 months of receiving the recours (CASF R262-89, R262-90)."""
    if cra_saisie_le is None:
        return EcheancesRecoursRsa(avis_cra=None, decision_pcd=echeance(DELAI_DECISION_SANS_CRA, recu_le))
    avis_repute = echeance(DELAI_AVIS_CRA, cra_saisie_le)
    avis = min(avis_cra_rendu_le, avis_repute) if avis_cra_rendu_le is not None else avis_repute
    return EcheancesRecoursRsa(avis_cra=avis_repute, decision_pcd=echeance(DELAI_DECISION_APRES_CRA, avis))


@dataclass(frozen=True, kw_only=True)
class DecisionRecoursRsa:
    """The PCD's decision on a recours: ``statue_le`` is the day it is taken."""

    recours_forme_le: datetime.date
    statue_le: datetime.date
    issue: IssueRecours
    motivation: str
    nature_decision: NatureDecisionSanction

    def __post_init__(self) -> None:
        object.__setattr__(self, "issue", vers_enum(IssueRecours, self.issue, "issue"))


def rsa_recours_decision_verifier(decision: DecisionRecoursRsa) -> None:
    """RSA-14: the PCD's decision on the recours is motivated (CRPA L211-2, R262-89) and cannot precede
    the recours. It may come after the deadline of ``rsa_recours_echeances``: the silence was an implicit
    rejection, which an explicit decision replaces. A reorientation decided as a sanction is not
    annulled here: an admitted recours against it is a new orientation (reorientation request)."""
    if decision.statue_le < decision.recours_forme_le:
        raise DomainError(
            f"La décision sur le recours ne peut pas précéder le recours (formé le "
            f"{date_fr(decision.recours_forme_le)}).",
            code="rsa_recours_decision_anterieure",
            extra={"champ": "statue_le"},
        )
    if not decision.motivation.strip():
        raise DomainError(
            "La décision sur le recours doit être motivée (CRPA L211-2).",
            code="motif_requis",
            extra={"champ": "motivation"},
        )
    if decision.issue == IssueRecours.ADMIS and decision.nature_decision not in NATURES_LEVABLES:
        raise DomainError(
            "Seule une suspension ou une suppression s'annule sur recours ; contre une réorientation, "
            "enregistrez une demande de réorientation.",
            code="rsa_recours_annulation_impossible",
            extra={"champ": "issue"},
        )


def rsa_sanction_regularisation(
    *, sanction: SanctionRsa, montants_dus: Mapping[datetime.date, Decimal] | None = None
) -> Restitution:
    """RSA-13: a sanction annulled because it was decided on a wrong ground restores every sum withheld
    from its first day (former CASF R262-68): the restitution of RSA-11 as if the person had complied
    before the sanction started."""
    return rsa_sanction_restitution(
        sanction=sanction, mise_en_conformite_le=sanction.debut, montants_dus=montants_dus
    )
