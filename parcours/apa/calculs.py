"""APA at home: eligibility, plan ceiling, user participation, amount paid (DOMAIN.md §2, rules APA-1..APA-8);
APA in an establishment: the resident's participation and the amount (rule APA-9, §2.6).

Every amount, rate and coefficient comes from the dated parameters (rule G-1) in force on the date
given, never from a constant. Arithmetic is ``Decimal``; amounts are rounded to the cent
(``ROUND_HALF_UP``) once, at the end of each computation: the ceiling (a published amount), the
participation, and the payment threshold. The amount of APA is the retained plan minus the rounded
participation, so the displayed figures add up to the cent.

Which date for which value:

* ceilings (R232-10) are published each 1 January with the MTP in force on that 1 January: the
  coefficient is the one in force on the date, the MTP the one in force on 1 January of its year;
* the participation (R232-11) uses the MTP and the scale in force on the date;
* the payment threshold (D232-31) uses the SMIC in force on the date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from django.core.exceptions import ValidationError
from django.db.models import Q

from social.exceptions import ParametreIntrouvable
from social.models import Parametre

CENTIME: Final = Decimal("0.01")
PRECISION_TAUX: Final = Decimal("0.0001")
GIRS_APA: Final = (1, 2, 3, 4)  # CASF L232-2, R232-3: only GIR 1 to 4 open a right to APA

MTP: Final = "mtp"
SMIC_HORAIRE: Final = "smic.horaire_brut"
SEUIL_BAS: Final = "apa.participation.seuil_bas"
SEUIL_HAUT: Final = "apa.participation.seuil_haut"
TRANCHE_1: Final = "apa.participation.tranche_1"
TRANCHE_2: Final = "apa.participation.tranche_2"
TAUX_MAXIMAL: Final = "apa.participation.taux_maximal"
DIVISEUR_COUPLE: Final = "apa.participation.diviseur_couple"
SEUIL_VERSEMENT: Final = "apa.versement.seuil_smic_horaire"
PART_URGENCE: Final = "apa.urgence.part_plafond_gir1"
AGE_MINIMUM: Final = "apa.age_minimum"

# R232-11: the shape of the progressive formula, P = taux × x × [A1 + A2·(0,4 + 0,6x) + A3·(0,2 + 0,8x)].
# These four numbers are part of the formula's wording (not a scale revalued over time); if the decree
# changes them, they become dated parameters like the thresholds and bands.
TRANCHE_2_BASE: Final = Decimal("0.4")
TRANCHE_2_PENTE: Final = Decimal("0.6")
TRANCHE_3_BASE: Final = Decimal("0.2")
TRANCHE_3_PENTE: Final = Decimal("0.8")

MESSAGE_GIR_HORS_APA: Final = "L'APA concerne les GIR 1 à 4."
MOTIF_GIR_5_6: Final = (
    "En GIR 5 ou 6, la perte d'autonomie n'ouvre pas droit à l'APA, réservée aux GIR 1 à 4. "
    "La caisse de retraite de la personne peut proposer une aide à domicile (aide ménagère, "
    "plan d'actions personnalisé) : orientez-la vers elle."
)


def arrondir(montant: Decimal) -> Decimal:
    """To the cent, half up: the only rounding of a computed amount."""
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ParametreUtilise:
    """A parameter value used by a computation, with where it comes from (shown to the agent)."""

    code: str
    libelle: str
    valeur: Decimal
    unite: str
    date_debut: datetime.date
    date_fin: datetime.date | None
    source: str
    jour: datetime.date  # the date for which it was looked up


def parametres_utilises(codes: Iterable[str], jour: datetime.date) -> dict[str, ParametreUtilise]:
    """The rows of several parameters in force on ``jour``, in one query (``ParametreIntrouvable`` if one
    is missing). Same rule as ``social.parametres``: ``date_debut <= jour <= date_fin`` (open end)."""
    codes = list(codes)
    lignes = Parametre.objects.filter(
        Q(date_fin__isnull=True) | Q(date_fin__gte=jour), code__in=codes, date_debut__lte=jour
    )
    trouves = {
        ligne.code: ParametreUtilise(
            code=ligne.code,
            libelle=ligne.libelle,
            valeur=ligne.valeur,
            unite=ligne.unite,
            date_debut=ligne.date_debut,
            date_fin=ligne.date_fin,
            source=ligne.source,
            jour=jour,
        )
        for ligne in lignes
    }
    for code in codes:
        if code not in trouves:
            raise ParametreIntrouvable(code, jour)
    return trouves


def code_coefficient_plafond(gir: int) -> str:
    return f"apa.plafond.coefficient.gir{gir}"


def _verifier_gir(gir: int) -> None:
    if gir not in GIRS_APA:
        raise ValidationError({"gir": ValidationError(MESSAGE_GIR_HORS_APA, code="gir_hors_apa")})


# --- APA-1: eligibility ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibilite:
    eligible: bool
    motifs: tuple[str, ...]  # the French reasons of a refusal (empty when eligible)


def age_le(date_naissance: datetime.date, jour: datetime.date) -> int:
    """Age in whole years on ``jour``."""
    anniversaire_passe = (jour.month, jour.day) >= (date_naissance.month, date_naissance.day)
    return jour.year - date_naissance.year - (0 if anniversaire_passe else 1)


def eligibilite_apa(
    *, gir: int, date_demande: datetime.date, date_naissance: datetime.date | None = None
) -> Eligibilite:
    """APA-1: age ≥ the minimum age in force (60) on the date of the request, and GIR 1 to 4.

    GIR 5 and 6 are refused with an orientation to the retirement fund. Without a birth date (the
    simulators ask none), only the GIR is checked."""
    motifs: list[str] = []
    if gir not in GIRS_APA:
        motifs.append(MOTIF_GIR_5_6)
    if date_naissance is not None:
        minimum = parametres_utilises([AGE_MINIMUM], date_demande)[AGE_MINIMUM].valeur
        age = age_le(date_naissance, date_demande)
        if age < minimum:
            motifs.append(
                f"L'APA est réservée aux personnes âgées d'au moins {minimum:.0f} ans à la date de la "
                f"demande ; la personne avait {age} ans le {date_demande:%d/%m/%Y}."
            )
    return Eligibilite(eligible=not motifs, motifs=tuple(motifs))


# --- APA-6: ceiling of the plan ---------------------------------------------------------------------


@dataclass(frozen=True)
class Plafond:
    gir: int
    montant: Decimal  # rounded to the cent, as published
    coefficient: ParametreUtilise
    mtp: ParametreUtilise  # the MTP in force on 1 January of the year


def plafond_detail(gir: int, jour: datetime.date) -> Plafond:
    """R232-10: ceiling = coefficient(GIR) × MTP in force on 1 January of the year of ``jour``."""
    _verifier_gir(gir)
    code = code_coefficient_plafond(gir)
    coefficient = parametres_utilises([code], jour)[code]
    mtp = parametres_utilises([MTP], datetime.date(jour.year, 1, 1))[MTP]
    return Plafond(
        gir=gir, montant=arrondir(coefficient.valeur * mtp.valeur), coefficient=coefficient, mtp=mtp
    )


def plafond(gir: int, jour: datetime.date) -> Decimal:
    """The monthly ceiling of the plan of a GIR on a date (APA-6)."""
    return plafond_detail(gir, jour).montant


def montant_urgence(jour: datetime.date) -> Decimal:
    """APA-5: provisional APA at home = the part in force (50 %) of the GIR 1 ceiling."""
    part = parametres_utilises([PART_URGENCE], jour)[PART_URGENCE].valeur
    return arrondir(part * plafond(1, jour))


# --- APA-7: participation (R232-11) -------------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    """The R232-11 computation, step by step (exact values; ``montant`` rounded)."""

    montant: Decimal
    cas: str  # "sans_participation" (R ≤ S1), "maximale" (R ≥ S2) or "progressive"
    ressources_retenues: Decimal  # R: the person's, or the couple's divided by the divisor
    mtp: Decimal
    seuil_bas: Decimal  # S1
    seuil_haut: Decimal  # S2
    x: Decimal  # (R − S1) / (S2 − S1) bounded to [0, 1]
    limite_tranche_1: Decimal
    limite_tranche_2: Decimal
    a1: Decimal
    a2: Decimal
    a3: Decimal
    taux_maximal: Decimal


def calculer_participation(
    *,
    ressources_mensuelles: Decimal,
    montant_plan_retenu: Decimal,
    couple: bool,
    parametres: dict[str, ParametreUtilise],
) -> Participation:
    """R232-11 (since 1 March 2016), with the parameters in force on the date (MTP included)."""
    m = parametres[MTP].valeur
    taux = parametres[TAUX_MAXIMAL].valeur
    r = ressources_mensuelles / parametres[DIVISEUR_COUPLE].valeur if couple else ressources_mensuelles
    s1 = parametres[SEUIL_BAS].valeur * m
    s2 = parametres[SEUIL_HAUT].valeur * m
    limite_1 = parametres[TRANCHE_1].valeur * m
    limite_2 = parametres[TRANCHE_2].valeur * m
    a = montant_plan_retenu
    a1 = min(a, limite_1)
    a2 = max(Decimal(0), min(a, limite_2) - limite_1)
    a3 = max(Decimal(0), a - limite_2)
    maximum = taux * a
    if r <= s1:
        cas, x, montant = "sans_participation", Decimal(0), Decimal(0)
    elif r >= s2:
        cas, x, montant = "maximale", Decimal(1), maximum
    else:
        cas = "progressive"
        x = (r - s1) / (s2 - s1)
        montant = (
            taux
            * x
            * (a1 + a2 * (TRANCHE_2_BASE + TRANCHE_2_PENTE * x) + a3 * (TRANCHE_3_BASE + TRANCHE_3_PENTE * x))
        )
        montant = min(montant, maximum)  # capped at 90 % of the plan
    return Participation(
        montant=arrondir(montant),
        cas=cas,
        ressources_retenues=r,
        mtp=m,
        seuil_bas=s1,
        seuil_haut=s2,
        x=x,
        limite_tranche_1=limite_1,
        limite_tranche_2=limite_2,
        a1=a1,
        a2=a2,
        a3=a3,
        taux_maximal=taux,
    )


# --- The simulation: APA-6, APA-7, APA-8 together -------------------------------------------------------

CODES_SIMULATION: Final = (
    MTP,
    SEUIL_BAS,
    SEUIL_HAUT,
    TRANCHE_1,
    TRANCHE_2,
    TAUX_MAXIMAL,
    DIVISEUR_COUPLE,
    SEUIL_VERSEMENT,
    SMIC_HORAIRE,
)


@dataclass(frozen=True)
class SimulationApa:
    jour: datetime.date
    gir: int
    couple: bool
    ressources_mensuelles: Decimal
    montant_plan: Decimal
    plafond: Plafond
    montant_plan_retenu: Decimal  # min(plan, ceiling)
    plan_plafonne: bool  # APA-6: the plan was above the ceiling and is retained at the ceiling
    participation: Participation
    montant_apa: Decimal  # retained plan − participation
    taux_participation: Decimal  # participation ÷ retained plan, a fraction with 4 decimals (0.1989)
    seuil_versement: Decimal  # APA-8: 3 × SMIC horaire brut on the date
    verse: bool  # False when the APA is below the payment threshold (D232-31)
    parametres: tuple[ParametreUtilise, ...]  # every value used, in order, with its source


def simuler_apa(
    *,
    gir: int,
    ressources_mensuelles: Decimal,
    montant_plan: Decimal,
    couple: bool,
    jour: datetime.date,
) -> SimulationApa:
    """Ceiling, retained plan, participation and APA of a plan at home on ``jour``.

    Input errors: ``ValidationError`` per field (``gir``, ``ressources_mensuelles``, ``montant_plan``);
    a parameter with no value in force: ``ParametreIntrouvable`` (a ``DomainError``)."""
    erreurs: dict[str, ValidationError] = {}
    if gir not in GIRS_APA:
        erreurs["gir"] = ValidationError(MESSAGE_GIR_HORS_APA, code="gir_hors_apa")
    if ressources_mensuelles < 0:
        erreurs["ressources_mensuelles"] = ValidationError(
            "Les ressources ne peuvent pas être négatives.", code="montant_negatif"
        )
    if montant_plan < 0:
        erreurs["montant_plan"] = ValidationError(
            "Le montant du plan ne peut pas être négatif.", code="montant_negatif"
        )
    if erreurs:
        raise ValidationError(erreurs)

    plafond_gir = plafond_detail(gir, jour)
    parametres = parametres_utilises(CODES_SIMULATION, jour)
    retenu = min(montant_plan, plafond_gir.montant)
    participation = calculer_participation(
        ressources_mensuelles=ressources_mensuelles,
        montant_plan_retenu=retenu,
        couple=couple,
        parametres=parametres,
    )
    montant_apa = retenu - participation.montant
    seuil = arrondir(parametres[SEUIL_VERSEMENT].valeur * parametres[SMIC_HORAIRE].valeur)
    taux = (
        (participation.montant / retenu).quantize(PRECISION_TAUX, ROUND_HALF_UP)
        if retenu
        else Decimal("0.0000")
    )
    # The MTP of the ceiling (1 January) is listed once more when the MTP of the date is another row.
    mtp_du_jour = parametres[MTP]
    memes_mtp = (mtp_du_jour.code, mtp_du_jour.date_debut) == (
        plafond_gir.mtp.code,
        plafond_gir.mtp.date_debut,
    )
    utilises = [
        plafond_gir.coefficient,
        plafond_gir.mtp,
        *([] if memes_mtp else [mtp_du_jour]),
        *(parametres[code] for code in CODES_SIMULATION if code != MTP),
    ]
    return SimulationApa(
        jour=jour,
        gir=gir,
        couple=couple,
        ressources_mensuelles=ressources_mensuelles,
        montant_plan=montant_plan,
        plafond=plafond_gir,
        montant_plan_retenu=retenu,
        plan_plafonne=montant_plan > plafond_gir.montant,
        participation=participation,
        montant_apa=montant_apa,
        taux_participation=taux,
        seuil_versement=seuil,
        verse=montant_apa >= seuil,
        parametres=tuple(utilises),
    )


# --- APA-4: flat rate after 2 months of silence -----------------------------------------------------

PART_SILENCE: Final = "apa.silence.part_plafond_gir1"


def montant_forfaitaire_silence(jour: datetime.date) -> Decimal:
    """APA-4 (L232-14): without a decision notified within 2 months of the complete file, a flat rate is
    paid until the decision: the part in force of the GIR 1 ceiling."""
    part = parametres_utilises([PART_SILENCE], jour)[PART_SILENCE].valeur
    return arrondir(part * plafond(1, jour))


# --- APA-9: APA in an establishment (R232-19) -------------------------------------------------------------

ETABLISSEMENT_SEUIL_BAS: Final = "apa.etablissement.seuil_bas"
ETABLISSEMENT_SEUIL_HAUT: Final = "apa.etablissement.seuil_haut"
ETABLISSEMENT_TAUX_MAXIMAL: Final = "apa.etablissement.taux_maximal"
ETABLISSEMENT_DIVISEUR_COUPLE: Final = "apa.etablissement.diviseur_couple"
ETABLISSEMENT_RESTE_A_VIVRE: Final = "apa.etablissement.part_reste_a_vivre"
CODES_ETABLISSEMENT: Final = (
    MTP,
    ETABLISSEMENT_SEUIL_BAS,
    ETABLISSEMENT_SEUIL_HAUT,
    ETABLISSEMENT_TAUX_MAXIMAL,
    ETABLISSEMENT_DIVISEUR_COUPLE,
    ETABLISSEMENT_RESTE_A_VIVRE,
)


@dataclass(frozen=True)
class ApaEtablissement:
    """R232-19 step by step: exact intermediate values, ``participation`` and ``montant_apa`` to the cent."""

    jour: datetime.date
    gir: int
    couple: bool
    ressources_mensuelles: Decimal
    tarif_gir: Decimal  # the establishment's monthly dependency tariff for the resident's GIR (1-2 or 3-4)
    tarif_gir_5_6: Decimal  # its GIR 5-6 tariff: what every resident pays at least
    ressources_retenues: Decimal  # R: the resident's, or the couple's divided by the divisor (2)
    seuil_bas: Decimal  # 2,21 MTP
    seuil_haut: Decimal  # 3,40 MTP
    cas: str  # "tarif_gir_5_6" (R ≤ seuil bas), "progressive" or "maximale" (R > seuil haut)
    participation_bareme: Decimal  # before the reste-à-vivre guard
    plafond_reste_a_vivre: Decimal  # the most the resident may pay and keep the part in force of R
    reste_a_vivre_applique: bool
    participation: Decimal
    montant_apa: Decimal  # tarif GIR − participation, never below 0
    parametres: tuple[ParametreUtilise, ...]


def apa_etablissement(
    *,
    gir: int,
    ressources_mensuelles: Decimal,
    tarif_gir: Decimal,
    tarif_gir_5_6: Decimal,
    couple: bool,
    jour: datetime.date,
) -> ApaEtablissement:
    """APA-9 (R232-19): the resident's participation and the APA in an establishment on ``jour``.

    Participation = tarif GIR 5-6 up to 2,21 MTP of resources; then tarif GIR 5-6 + (tarif GIR − tarif GIR
    5-6) × 80 % × (R − 2,21 MTP) / ((3,40 − 2,21) MTP) up to 3,40 MTP; beyond, tarif GIR 5-6 + 80 % of the
    difference. A couple's resources are divided by 2. The reste-à-vivre guard caps the participation so
    that the resident keeps the part in force of R (10 %, OpenFisca; DOMAIN.md §2.6 [NV]). Every rate and
    threshold is a dated parameter (G-1); the tariffs are the establishment's.

    Input errors: ``ValidationError`` per field; no parameter in force: ``ParametreIntrouvable``."""
    erreurs: dict[str, ValidationError] = {}
    if gir not in GIRS_APA:
        erreurs["gir"] = ValidationError(MESSAGE_GIR_HORS_APA, code="gir_hors_apa")
    for champ, valeur in (
        ("ressources_mensuelles", ressources_mensuelles),
        ("tarif_gir", tarif_gir),
        ("tarif_gir_5_6", tarif_gir_5_6),
    ):
        if valeur < 0:
            erreurs[champ] = ValidationError("Le montant ne peut pas être négatif.", code="montant_negatif")
    if "tarif_gir" not in erreurs and "tarif_gir_5_6" not in erreurs and tarif_gir < tarif_gir_5_6:
        erreurs["tarif_gir"] = ValidationError(
            "Le tarif dépendance du GIR de la personne ne peut pas être inférieur au tarif GIR 5-6.",
            code="tarif_incoherent",
        )
    if erreurs:
        raise ValidationError(erreurs)

    parametres = parametres_utilises(CODES_ETABLISSEMENT, jour)
    m = parametres[MTP].valeur
    r = (
        ressources_mensuelles / parametres[ETABLISSEMENT_DIVISEUR_COUPLE].valeur
        if couple
        else ressources_mensuelles
    )
    seuil_bas = parametres[ETABLISSEMENT_SEUIL_BAS].valeur * m
    seuil_haut = parametres[ETABLISSEMENT_SEUIL_HAUT].valeur * m
    taux = parametres[ETABLISSEMENT_TAUX_MAXIMAL].valeur
    ecart = tarif_gir - tarif_gir_5_6
    if r <= seuil_bas:
        cas, bareme = "tarif_gir_5_6", tarif_gir_5_6
    elif r <= seuil_haut:
        cas = "progressive"
        bareme = tarif_gir_5_6 + ecart * taux * (r - seuil_bas) / (seuil_haut - seuil_bas)
    else:
        cas, bareme = "maximale", tarif_gir_5_6 + ecart * taux
    plafond_reste = r * (1 - parametres[ETABLISSEMENT_RESTE_A_VIVRE].valeur)
    participation = arrondir(min(bareme, plafond_reste))
    return ApaEtablissement(
        jour=jour,
        gir=gir,
        couple=couple,
        ressources_mensuelles=ressources_mensuelles,
        tarif_gir=tarif_gir,
        tarif_gir_5_6=tarif_gir_5_6,
        ressources_retenues=r,
        seuil_bas=seuil_bas,
        seuil_haut=seuil_haut,
        cas=cas,
        participation_bareme=bareme,
        plafond_reste_a_vivre=plafond_reste,
        reste_a_vivre_applique=plafond_reste < bareme,
        participation=participation,
        montant_apa=max(tarif_gir - participation, Decimal(0)),
        parametres=tuple(parametres[code] for code in CODES_ETABLISSEMENT),
    )
