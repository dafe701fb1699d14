"""Youth rules: the fonds d'aide aux jeunes (CASF L263-3) and the accompaniment of young adults
formerly in ASE care (CASF L222-5 5°, loi n° 2022-140 « Taquet »).

DOMAIN.md §4 and rules FAJ-1 to FAJ-5 and ASE-1. Ages, caps and delays are dated parameters
(rule G-1); the FAJ caps are the département's règlement intérieur.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from parcours.regles.commun import (
    UN_JOUR,
    age_revolu,
    anniversaire,
    date_fr,
    entier,
    euros,
    valeur,
    vers_enum,
)
from parcours.regles.enums import (
    CircuitDecisionFaj,
    NatureConditionFaj,
    SourceRessourceFaj,
    StructureReferentFaj,
    TypeAideFaj,
)
from social.exceptions import DomainError, ParametreIntrouvable
from social.parametres import ajouter_mois

FAJ_AGE_MINIMUM: Final = "faj.age_minimum"
FAJ_AGE_MAXIMUM: Final = "faj.age_maximum"
FAJ_FENETRE_ANNUELLE: Final = "faj.fenetre_plafond_annuel"
AGE_MAJORITE: Final = "ase.age_majorite"
JEUNE_MAJEUR_AGE_LIMITE: Final = "ase.jeune_majeur.age_limite"
ENTRETIEN_AVANT_MAJORITE: Final = "ase.delai.entretien_avant_majorite"

# FAJ-2, FAJ-3: conditions a règlement intérieur may not set (CASF L263-3).
CONDITIONS_INTERDITES = {
    NatureConditionFaj.DUREE_MINIMALE_RESIDENCE: (
        "Aucune durée minimale de résidence dans le département ne peut être exigée (CASF L263-3).",
        "faj_condition_duree_residence_interdite",
    ),
    NatureConditionFaj.RESSOURCES_OBLIGES_ALIMENTAIRES: (
        "Les aides sont attribuées sans qu'il soit tenu compte de l'obligation alimentaire des parents "
        "(CASF L263-3).",
        "faj_condition_obligation_alimentaire_interdite",
    ),
}
# FAJ-3: the only resources a FAJ file counts.
SOURCES_RETENUES = frozenset({SourceRessourceFaj.JEUNE, SourceRessourceFaj.CONJOINT})


# --- FAJ-1: age -------------------------------------------------------------------------------


def faj_age_verifier(*, naissance: datetime.date, demande_le: datetime.date) -> None:
    """FAJ-1: the applicant is 18 to 25 on the day of the request, both included: « 25 ans révolus »
    read as an age in full years of at most 25, so the day before the 26th birthday is the last one
    (CASF L263-3; bounds from the parameters in force on the request day)."""
    age = age_revolu(naissance, demande_le)
    minimum = entier(FAJ_AGE_MINIMUM, demande_le)
    maximum = entier(FAJ_AGE_MAXIMUM, demande_le)
    if not minimum <= age <= maximum:
        raise DomainError(
            f"Le fonds d'aide aux jeunes s'adresse aux jeunes de {minimum} à {maximum} ans révolus "
            f"à la date de la demande ; le demandeur a {age} ans.",
            code="faj_age_hors_bornes",
            extra={"age": age, "age_minimum": minimum, "age_maximum": maximum},
        )


def jeunes_public_verifier(
    *, naissance: datetime.date | None, jour: datetime.date, confie_ase_avant_majorite: bool = False
) -> None:
    """FAJ-1 and ASE-1: who a youth pathway is opened for, on its reception day ``jour``. The public of
    the fonds d'aide aux jeunes (FAJ-1: 18 to 25 years « révolus », the bounds in force that day), and a
    young adult formerly entrusted to the ASE while under the jeune-majeur age limit (ASE-1, CASF L222-5
    5°, right of return): no bound of the FAJ règlement may refuse her. Without a birth date, the age
    cannot be checked: refused, asking for it."""
    if naissance is None:
        raise DomainError(
            "Renseignez la date de naissance de la personne : le parcours jeunes vérifie son âge "
            "(18 à 25 ans révolus, règle FAJ-1).",
            code="jeunes_date_naissance_requise",
            extra={"champ": "date_naissance"},
        )
    if confie_ase_avant_majorite and ase_jeune_majeur_public(naissance=naissance, jour=jour):
        return
    try:
        faj_age_verifier(naissance=naissance, demande_le=jour)
    except DomainError as exc:
        if exc.code != "faj_age_hors_bornes":
            raise
        raise DomainError(
            f"Le parcours jeunes s'adresse aux jeunes de {exc.extra['age_minimum']} à "
            f"{exc.extra['age_maximum']} ans révolus à la date de réception ({date_fr(jour)}) ; "
            f"cette personne a alors {exc.extra['age']} ans.",
            code="jeunes_age_hors_bornes",
            extra={**exc.extra, "champ": "date_reception"},
        ) from exc


# --- FAJ-2 and FAJ-3: the règlement and the resources ---------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ConditionReglementFaj:
    """One eligibility condition of the FAJ règlement intérieur, as configured by the département."""

    nature: NatureConditionFaj
    libelle: str
    valeur: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "nature", vers_enum(NatureConditionFaj, self.nature, "nature"))


def faj_reglement_verifier(conditions: Sequence[ConditionReglementFaj]) -> None:
    """FAJ-2 and FAJ-3: a règlement may not require a minimum length of residence in the
    département, whatever the length, nor take into account the resources of the people bound by
    the obligation alimentaire (CASF L263-3). Residence in the département itself is allowed."""
    for condition in conditions:
        interdite = CONDITIONS_INTERDITES.get(condition.nature)
        if interdite is not None:
            message, code = interdite
            raise DomainError(message, code=code, extra={"condition": condition.libelle})


@dataclass(frozen=True, kw_only=True)
class RessourceFaj:
    """A monthly resource listed in a FAJ file, with whose it is."""

    source: SourceRessourceFaj
    montant: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", vers_enum(SourceRessourceFaj, self.source, "source"))
        if self.montant < 0:
            raise DomainError(
                "Une ressource ne peut pas être négative.",
                code="faj_ressource_negative",
                extra={"champ": "montant"},
            )


def faj_ressources(ressources: Sequence[RessourceFaj | tuple[SourceRessourceFaj, Decimal]]) -> Decimal:
    """FAJ-3: the resources that count, the young person's own and their partner's. Parents' and
    other obligés alimentaires' resources are ignored: the aid is awarded without regard to the
    obligation alimentaire (CASF L263-3). Each resource is a ``RessourceFaj`` or a (source, amount)."""
    lues = [
        ressource
        if isinstance(ressource, RessourceFaj)
        else RessourceFaj(source=ressource[0], montant=ressource[1])
        for ressource in ressources
    ]
    return sum(
        (ressource.montant for ressource in lues if ressource.source in SOURCES_RETENUES), start=Decimal(0)
    )


# --- FAJ-4: follow-up referent -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReferentSuiviFaj:
    """The professional who follows the beneficiary in their insertion path."""

    structure: StructureReferentFaj
    nom: str
    organisation_id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "structure", vers_enum(StructureReferentFaj, self.structure, "structure"))


def faj_referent_verifier(referent: ReferentSuiviFaj | None) -> None:
    """FAJ-4: every FAJ beneficiary is followed in their insertion path (CASF L263-3): an aid is
    recorded only with a named follow-up referent (mission locale, MDS, CCAS, association...)."""
    if referent is None or not referent.nom.strip():
        raise DomainError(
            "Chaque bénéficiaire du fonds d'aide aux jeunes doit avoir un référent de suivi.",
            code="faj_referent_requis",
            extra={"champ": "referent"},
        )


# --- FAJ-5: kinds of aid, committees, caps ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class AideFaj:
    """A FAJ aid for one young person, decided on ``decidee_le`` in or outside a committee."""

    type_aide: TypeAideFaj
    montant: Decimal
    decidee_le: datetime.date
    en_commission: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "type_aide", vers_enum(TypeAideFaj, self.type_aide, "type_aide"))
        if self.montant <= 0:
            raise DomainError(
                "Le montant de l'aide doit être positif.",
                code="faj_montant_invalide",
                extra={"champ": "montant"},
            )


def faj_circuit_decision(type_aide: TypeAideFaj) -> CircuitDecisionFaj:
    """FAJ-5: a secours d'urgence may be decided outside a committee, then reported to the next
    session; an aid to an insertion project is decided in committee (CASF L263-3, règlement)."""
    if vers_enum(TypeAideFaj, type_aide, "type_aide") == TypeAideFaj.SECOURS_URGENCE:
        return CircuitDecisionFaj.HORS_COMMISSION_A_RAPPORTER
    return CircuitDecisionFaj.COMMISSION


def faj_aide_verifier(*, aide: AideFaj, aides_anterieures: Sequence[AideFaj]) -> None:
    """FAJ-5: an aid respects its circuit, the cap per aid of its type, and the cap per type over
    the rolling year ending on the decision day (from the day after the same date 12 months
    earlier), all read in the règlement in force on the decision day."""
    jour = aide.decidee_le
    if not aide.en_commission and faj_circuit_decision(aide.type_aide) == CircuitDecisionFaj.COMMISSION:
        raise DomainError(
            f"Une « {aide.type_aide.label.lower()} » est décidée en commission.",
            code="faj_commission_requise",
        )
    plafond = valeur(f"faj.plafond.{aide.type_aide.value}", jour)
    if aide.montant > plafond:
        raise DomainError(
            f"Le montant d'une « {aide.type_aide.label.lower()} » ne peut pas dépasser {euros(plafond)}.",
            code="faj_plafond_aide_depasse",
            extra={"plafond": str(plafond)},
        )
    fenetre_debut = ajouter_mois(jour, -entier(FAJ_FENETRE_ANNUELLE, jour)) + UN_JOUR
    deja = sum(
        (
            anterieure.montant
            for anterieure in aides_anterieures
            if anterieure.type_aide == aide.type_aide and fenetre_debut <= anterieure.decidee_le <= jour
        ),
        start=Decimal(0),
    )
    plafond_annuel = valeur(f"faj.plafond_annuel.{aide.type_aide.value}", jour)
    if deja + aide.montant > plafond_annuel:
        raise DomainError(
            f"Plafond annuel dépassé pour ce type d'aide : {euros(plafond_annuel)} par an, "
            f"{euros(deja)} déjà accordés depuis le {date_fr(fenetre_debut)} ; "
            f"il reste {euros(max(plafond_annuel - deja, Decimal(0)))}.",
            code="faj_plafond_annuel_depasse",
            extra={"plafond_annuel": str(plafond_annuel), "deja_accorde": str(deja)},
        )


def faj_seance_de_rapport(
    *, decidee_le: datetime.date, seances: Sequence[datetime.date]
) -> datetime.date | None:
    """FAJ-5: the committee session an aid decided outside it is reported to: the first session held
    on or after the decision day (None while none is scheduled)."""
    suivantes = [seance for seance in seances if seance >= decidee_le]
    return min(suivantes) if suivantes else None


# --- ASE-1: accompaniment of young adults ------------------------------------------------------------


def ase_accompagnement_jeune_majeur_droit(
    *,
    naissance: datetime.date,
    jour: datetime.date,
    confie_ase_avant_majorite: bool,
    ressources_suffisantes: bool,
    soutien_familial_suffisant: bool,
    mineur_emancipe: bool = False,
) -> bool:
    """ASE-1: an adult under 21, or an emancipated minor, who was entrusted to the ASE before
    majority and lacks sufficient resources or family support, is entitled to be taken in charge
    (CASF L222-5 5°, loi n° 2022-140 art. 10), even after having left the ASE (right of return):
    only the past care counts, not its continuity. Either lack opens the right [à vérifier:
    reading of « ressources ou soutien familial suffisants »]. A refusal must be motivated (G-2)."""
    age = age_revolu(naissance, jour)
    majorite = entier(AGE_MAJORITE, jour)
    limite = entier(JEUNE_MAJEUR_AGE_LIMITE, jour)
    public = majorite <= age < limite or (mineur_emancipe and age < majorite)
    sans_appui = not (ressources_suffisantes and soutien_familial_suffisant)
    return public and confie_ase_avant_majorite and sans_appui


def ase_jeune_majeur_public(*, naissance: datetime.date, jour: datetime.date) -> bool:
    """ASE-1: the age condition of the accompaniment jeune majeur on ``jour``, from majority to the day
    before the age limit (CASF L222-5 5°). False before the rule existed (loi du 7 février 2022)."""
    try:
        majorite = entier(AGE_MAJORITE, jour)
        limite = entier(JEUNE_MAJEUR_AGE_LIMITE, jour)
    except ParametreIntrouvable:
        return False
    return majorite <= age_revolu(naissance, jour) < limite


def ase_entretien_date_limite(*, naissance: datetime.date, jour: datetime.date) -> datetime.date:
    """ASE-1: the entretien preparing autonomy takes place at the latest 1 year before majority,
    that is on the 17th birthday (CASF L222-5-1, loi n° 2022-140), rule in force on ``jour``."""
    majorite = anniversaire(naissance, entier(AGE_MAJORITE, jour))
    return ajouter_mois(majorite, -12 * entier(ENTRETIEN_AVANT_MAJORITE, jour))
