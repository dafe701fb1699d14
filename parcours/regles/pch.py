"""PCH rules: element caps and award durations, age on a first request, PCH parentalité, payments
bound to a CDAPH decision, silence and recourse deadlines.

DOMAIN.md §3 and rules PCH-1 to PCH-6. The CDAPH (MDPH) decides; the département pays only what it
decided. Every cap, amount, age and delay is a dated parameter (rule G-1). Due dates are inclusive.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from parcours.regles.commun import (
    UN_JOUR,
    age_revolu,
    anniversaire,
    arrondi,
    date_fr,
    entier,
    euros,
    jours_du_mois,
    mois_couverts,
    part_de_mois,
    premier_du_mois,
    premiere_entree_en_vigueur,
    valeur,
    vers_enum,
)
from parcours.regles.enums import ElementPch
from social.exceptions import DomainError
from social.parametres import ajouter_mois, echeance

# PCH-1: the elements capped over a rolling window (arrêté du 11 août 2021). Aides humaines and
# charges spécifiques are monthly entitlements, bounded by the decision itself (PCH-5).
PLAFONDS: Mapping[ElementPch, str] = {
    ElementPch.AIDES_TECHNIQUES: "pch.plafond.aides_techniques",
    ElementPch.AMENAGEMENT_LOGEMENT: "pch.plafond.logement",
    ElementPch.VEHICULE_TRANSPORT: "pch.plafond.vehicule_transport",
    ElementPch.CHARGES_EXCEPTIONNELLES: "pch.plafond.charges_exceptionnelles",
    ElementPch.AIDE_ANIMALIERE: "pch.plafond.aide_animaliere",
}
FENETRE_PLAFONDS: Final = "pch.fenetre_plafonds"
DUREE_MAXIMALE: Final = "pch.duree_maximale_attribution"
AGE_LIMITE: Final = "pch.age_limite"
AGE_LIMITE_EXCEPTIONS: Final = "pch.age_limite_exceptions"
PARENTALITE: Final = "pch.parentalite"
SILENCE_CDAPH: Final = "pch.delai.silence_cdaph"
DELAI_RAPO: Final = "pch.recours.delai_rapo"
SILENCE_RAPO: Final = "pch.recours.delai_silence_rapo"
DELAI_POLE_SOCIAL: Final = "pch.recours.delai_pole_social"


@dataclass(frozen=True, kw_only=True)
class DecisionCdaph:
    """PCH-5: what the CDAPH granted for one element, from ``debut`` to ``fin`` (both included; None
    only for a handicap not likely to improve, PCH-2). Exactly one quantity: ``montant`` (a total,
    for one-off elements), ``montant_mensuel`` or ``heures_mensuelles`` (aides humaines)."""

    numero: str
    decidee_le: datetime.date
    element: ElementPch
    debut: datetime.date
    fin: datetime.date | None
    montant: Decimal | None = None
    montant_mensuel: Decimal | None = None
    heures_mensuelles: Decimal | None = None
    handicap_non_susceptible_evolution_favorable: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "element", vers_enum(ElementPch, self.element, "element"))
        if not self.numero.strip():
            raise DomainError(
                "Le numéro de la décision de la CDAPH est obligatoire.",
                code="pch_decision_numero_requis",
                extra={"champ": "numero"},
            )
        quantites = [q for q in (self.montant, self.montant_mensuel, self.heures_mensuelles) if q is not None]
        if len(quantites) != 1:
            raise DomainError(
                "La décision fixe soit un montant, soit un montant mensuel, "
                "soit un nombre d'heures mensuelles.",
                code="pch_decision_quantite",
            )
        if quantites[0] <= 0:
            raise DomainError(
                "Le montant ou le nombre d'heures accordé doit être positif.",
                code="pch_decision_quantite_negative",
            )
        if self.fin is not None and self.fin < self.debut:
            raise DomainError(
                "La date de fin de la décision précède sa date de début.",
                code="pch_decision_dates",
                extra={"champ": "fin"},
            )


@dataclass(frozen=True, kw_only=True)
class VersementPch:
    """A payment by the département under the CDAPH decision ``decision_numero``, made on
    ``verse_le``, for ``periode_debut``..``periode_fin`` (both included; the expense date for a
    one-off element). ``heures`` is required under a decision in hours."""

    decision_numero: str
    element: ElementPch
    verse_le: datetime.date
    montant: Decimal
    periode_debut: datetime.date
    periode_fin: datetime.date
    heures: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "element", vers_enum(ElementPch, self.element, "element"))
        if self.montant < 0 or (self.heures is not None and self.heures < 0):
            raise DomainError(
                "Un versement ne peut pas être négatif.",
                code="pch_versement_negatif",
                extra={"champ": "montant"},
            )
        if self.periode_fin < self.periode_debut:
            raise DomainError(
                "La fin de la période payée précède son début.",
                code="pch_versement_dates",
                extra={"champ": "periode_fin"},
            )


# --- PCH-1: caps over a rolling window --------------------------------------------------------


@dataclass(frozen=True)
class EtatPlafond:
    """PCH-1: the cap in force on ``jour``, what was paid since ``fenetre_debut`` and what is left."""

    element: ElementPch
    plafond: Decimal
    fenetre_debut: datetime.date
    deja_verse: Decimal

    @property
    def disponible(self) -> Decimal:
        return max(self.plafond - self.deja_verse, Decimal(0))


def pch_plafond_etat(
    *, element: ElementPch, jour: datetime.date, versements_anterieurs: Sequence[VersementPch]
) -> EtatPlafond | None:
    """PCH-1: the payments of ``element`` made within the window of 10 years ending on ``jour``
    (from the day after the same date 10 years earlier, to ``jour`` included), against the cap in
    force on ``jour`` (arrêté du 11 août 2021). None for an element without such a cap."""
    element = vers_enum(ElementPch, element, "element")
    code = PLAFONDS.get(element)
    if code is None:
        return None
    fenetre_debut = ajouter_mois(jour, -12 * entier(FENETRE_PLAFONDS, jour)) + UN_JOUR
    deja_verse = sum(
        (
            versement.montant
            for versement in versements_anterieurs
            if versement.element == element and fenetre_debut <= versement.verse_le <= jour
        ),
        start=Decimal(0),
    )
    return EtatPlafond(
        element=element, plafond=valeur(code, jour), fenetre_debut=fenetre_debut, deja_verse=deja_verse
    )


def pch_plafond_verifier(
    *,
    element: ElementPch,
    montant: Decimal,
    verse_le: datetime.date,
    versements_anterieurs: Sequence[VersementPch],
) -> None:
    """PCH-1: refuses a payment that would take the element over its cap for the rolling 10 years
    ending on the payment day (aides techniques 13 200 €, logement 10 000 €, véhicule et transport
    10 000 €, charges exceptionnelles 6 000 €, aide animalière 6 000 €). Reaching the cap is allowed."""
    etat = pch_plafond_etat(element=element, jour=verse_le, versements_anterieurs=versements_anterieurs)
    if etat is None or etat.deja_verse + montant <= etat.plafond:
        return
    raise DomainError(
        f"Plafond de la PCH dépassé pour l'élément « {etat.element.label} » : {euros(etat.plafond)} sur "
        f"10 ans, {euros(etat.deja_verse)} déjà versés depuis le {date_fr(etat.fenetre_debut)} ; "
        f"il reste {euros(etat.disponible)} disponibles, le versement de {euros(montant)} est refusé.",
        code="pch_plafond_depasse",
        extra={
            "element": str(etat.element),
            "plafond": str(etat.plafond),
            "deja_verse": str(etat.deja_verse),
            "disponible": str(etat.disponible),
            "fenetre_debut": etat.fenetre_debut.isoformat(),
        },
    )


# --- PCH-1 and PCH-2: award period ------------------------------------------------------------


def pch_attribution_verifier(
    *,
    decidee_le: datetime.date,
    debut: datetime.date,
    fin: datetime.date | None,
    handicap_non_susceptible_evolution_favorable: bool,
) -> None:
    """PCH-1 and PCH-2: an element is awarded for at most 10 years, both ends included (from
    1 January 2022 the last possible day is 31 December 2031; décret n° 2021-1394). When the
    handicap is not likely to improve, the award may have no end date (loi n° 2020-220, art. 3);
    otherwise an end date is required."""
    if fin is None:
        if not handicap_non_susceptible_evolution_favorable:
            raise DomainError(
                "Une date de fin est requise, sauf pour un handicap non susceptible d'évolution favorable.",
                code="pch_date_fin_requise",
                extra={"champ": "fin"},
            )
        return
    if fin < debut:
        raise DomainError(
            "La date de fin précède la date de début.", code="pch_decision_dates", extra={"champ": "fin"}
        )
    derniere = ajouter_mois(debut, 12 * entier(DUREE_MAXIMALE, decidee_le)) - UN_JOUR
    if fin > derniere:
        raise DomainError(
            "La durée d'attribution dépasse 10 ans : la date de fin ne peut pas dépasser le "
            f"{date_fr(derniere)}.",
            code="pch_duree_maximale_depassee",
            extra={"champ": "fin", "fin_maximale": derniere.isoformat()},
        )


def pch_decision_verifier(decision: DecisionCdaph) -> None:
    """PCH-1, PCH-2: the dated checks of a CDAPH decision (its structure is checked on creation)."""
    pch_attribution_verifier(
        decidee_le=decision.decidee_le,
        debut=decision.debut,
        fin=decision.fin,
        handicap_non_susceptible_evolution_favorable=decision.handicap_non_susceptible_evolution_favorable,
    )


# --- PCH-3: age on a first request --------------------------------------------------------------


def pch_age_premiere_demande_verifier(
    *,
    naissance: datetime.date,
    demande_le: datetime.date,
    criteres_remplis_avant_age_limite: bool,
    en_activite: bool,
) -> bool:
    """PCH-3: a first request is made before 60 (CASF L245-1, D245-3), or later when the handicap
    already met the criteria before 60, or when the person still works. Those exceptions had a
    75-year cut-off until 31 December 2020; none since 1 January 2021 (loi n° 2020-220), which the
    parameter says with 0. Returns whether the request is admitted by one of the exceptions."""
    age = age_revolu(naissance, demande_le)
    age_limite = entier(AGE_LIMITE, demande_le)
    if age < age_limite:
        return False
    if not (criteres_remplis_avant_age_limite or en_activite):
        raise DomainError(
            f"Une première demande de PCH après {age_limite} ans suppose que le handicap remplissait les "
            f"critères avant {age_limite} ans ou que la personne exerce encore une activité professionnelle.",
            code="pch_age_depasse",
            extra={"age": age, "age_limite": age_limite},
        )
    limite_exceptions = entier(AGE_LIMITE_EXCEPTIONS, demande_le)
    if limite_exceptions and age >= limite_exceptions:
        raise DomainError(
            f"À la date de la demande, une première demande de PCH n'était plus possible à partir de "
            f"{limite_exceptions} ans.",
            code="pch_age_limite_exceptions",
            extra={"age": age, "age_limite": limite_exceptions},
        )
    return True


# --- PCH-4: PCH parentalité ------------------------------------------------------------------------


def pch_parentalite_aide_humaine(
    *,
    naissances_enfants: Sequence[datetime.date],
    mois: datetime.date,
    parent_isole: bool,
    beneficiaire_aide_humaine: bool,
) -> Decimal:
    """PCH-4: the monthly lump sum of aide humaine à la parentalité for one parent (décret
    n° 2020-1826, arrêté du 17 décembre 2020): 900 € while the youngest child is under 3, 450 € from
    the 3rd to the 7th birthday, 1 350 € / 675 € for a single parent; 0 from the 7th birthday.

    Each parent receiving the aide humaine gets their own amount. The month's amount follows the
    youngest of the children already born on the first day of ``mois``, and its age that day: a
    birth or a birthday changes the amount from the following month [à vérifier: arrêté]."""
    jour = premier_du_mois(mois)
    if not beneficiaire_aide_humaine:
        raise DomainError(
            "La PCH parentalité aide humaine est réservée aux parents bénéficiaires de l'élément "
            "aide humaine.",
            code="pch_parentalite_sans_aide_humaine",
        )
    age_fin = entier(f"{PARENTALITE}.age_fin", jour)
    nes = [naissance for naissance in naissances_enfants if naissance <= jour]
    if not nes:
        return Decimal("0.00")
    age = age_revolu(max(nes), jour)
    if age >= age_fin:
        return Decimal("0.00")
    palier = "premier_palier" if age < entier(f"{PARENTALITE}.age_second_palier", jour) else "second_palier"
    suffixe = "_parent_isole" if parent_isole else ""
    return arrondi(valeur(f"{PARENTALITE}.aide_humaine.{palier}{suffixe}", jour))


@dataclass(frozen=True)
class VersementParentalite:
    du_le: datetime.date
    montant: Decimal


def pch_parentalite_aides_techniques(*, naissance_enfant: datetime.date) -> tuple[VersementParentalite, ...]:
    """PCH-4: the lump sums of aide technique à la parentalité for one child: 1 400 € at birth,
    1 200 € at the 3rd birthday, 1 000 € at the 6th, each at the amount in force on its due day.
    Due days before the scheme started (1 January 2021) give nothing [à vérifier: children born
    before 2021]."""
    code_naissance = f"{PARENTALITE}.aide_technique.naissance"
    debut_dispositif = premiere_entree_en_vigueur(code_naissance)
    reference = max(naissance_enfant, debut_dispositif)
    echeancier = [
        (naissance_enfant, code_naissance),
        (
            anniversaire(naissance_enfant, entier(f"{PARENTALITE}.aide_technique.age_palier_1", reference)),
            f"{PARENTALITE}.aide_technique.palier_1",
        ),
        (
            anniversaire(naissance_enfant, entier(f"{PARENTALITE}.aide_technique.age_palier_2", reference)),
            f"{PARENTALITE}.aide_technique.palier_2",
        ),
    ]
    return tuple(
        VersementParentalite(du_le=du_le, montant=arrondi(valeur(code, du_le)))
        for du_le, code in echeancier
        if du_le >= debut_dispositif
    )


# --- PCH-5: payments follow the CDAPH decision ------------------------------------------------------


def _premier_mois_du(naissance: datetime.date, debut: datetime.date) -> datetime.date:
    """The first month from ``debut`` whose amount counts the child (born on or before its first day)."""
    mois = premier_du_mois(debut)
    return mois if naissance <= mois else ajouter_mois(premier_du_mois(naissance), 1)


def pch_parentalite_fin_aide_humaine(
    *, naissance_enfant: datetime.date, jour: datetime.date
) -> datetime.date:
    """PCH-4: the last day of aide humaine à la parentalité, the eve of the first month starting once the
    youngest child is 7 (the month of the 7th birthday is still paid when it falls after its first day)."""
    septieme = anniversaire(naissance_enfant, entier(f"{PARENTALITE}.age_fin", jour))
    mois = premier_du_mois(septieme)
    if septieme > mois:
        mois = ajouter_mois(mois, 1)
    return mois - UN_JOUR


def pch_parentalite_decision_verifier(
    *,
    aide_humaine: bool,
    naissance_enfant: datetime.date | None,
    parent_isole: bool,
    debut: datetime.date,
    fin: datetime.date | None,
    montant: Decimal | None,
    montant_mensuel: Decimal | None,
    beneficiaire_aide_humaine: bool,
) -> None:
    """PCH-4, a CDAPH decision of PCH parentalité against the children's ages.

    Aide humaine (``aide_humaine``): a monthly lump sum for a parent receiving the aide humaine, equal to
    the amount of the youngest child's age on the first month paid (900 € under 3, 450 € from 3, +50 % for
    a single parent), ending by the youngest child's 7th birthday. Aides techniques: a total no greater
    than the lump sums due to the child concerned within the decision's dates (1 400 € at birth, 1 200 €
    at the 3rd birthday, 1 000 € at the 6th). Refusals name their field (``extra["champ"]``)."""
    if naissance_enfant is None:
        raise DomainError(
            "Indiquez la date de naissance "
            + ("du plus jeune enfant" if aide_humaine else "de l'enfant concerné")
            + " : la PCH parentalité dépend de son âge.",
            code="pch_parentalite_naissance_requise",
            extra={"champ": "naissance_enfant"},
        )
    if aide_humaine:
        if montant_mensuel is None:
            raise DomainError(
                "La PCH parentalité aide humaine est un forfait mensuel : indiquez le montant mensuel.",
                code="pch_parentalite_forfait_mensuel",
                extra={"champ": "montant_mensuel"},
            )
        mois = _premier_mois_du(naissance_enfant, debut)
        attendu = pch_parentalite_aide_humaine(
            naissances_enfants=[naissance_enfant],
            mois=mois,
            parent_isole=parent_isole,
            beneficiaire_aide_humaine=beneficiaire_aide_humaine,
        )
        derniere = pch_parentalite_fin_aide_humaine(naissance_enfant=naissance_enfant, jour=mois)
        if attendu == 0:
            raise DomainError(
                f"Le plus jeune enfant, né le {date_fr(naissance_enfant)}, a 7 ans : la PCH parentalité aide "
                f"humaine a pris fin le {date_fr(derniere)}.",
                code="pch_parentalite_enfant_trop_age",
                extra={"champ": "naissance_enfant"},
            )
        if montant_mensuel != attendu:
            situation = "parent isolé" if parent_isole else "parent en couple"
            raise DomainError(
                f"Pour un plus jeune enfant né le {date_fr(naissance_enfant)} ({situation}), le forfait "
                f"mensuel est de {euros(attendu)} à partir du {date_fr(mois)} (règle PCH-4).",
                code="pch_parentalite_montant_incorrect",
                extra={"champ": "montant_mensuel", "attendu": str(attendu)},
            )
        if fin is None or fin > derniere:
            raise DomainError(
                "La PCH parentalité aide humaine prend fin au 7e anniversaire du plus jeune enfant : "
                f"l'attribution va au plus tard jusqu'au {date_fr(derniere)}.",
                code="pch_parentalite_fin_depassee",
                extra={"champ": "fin", "fin_maximale": derniere.isoformat()},
            )
        return
    if montant is None:
        raise DomainError(
            "Les aides techniques à la parentalité sont des forfaits : indiquez le montant total.",
            code="pch_parentalite_forfait_total",
            extra={"champ": "montant"},
        )
    dus = [
        v
        for v in pch_parentalite_aides_techniques(naissance_enfant=naissance_enfant)
        if v.du_le >= debut and (fin is None or v.du_le <= fin)
    ]
    total = sum((v.montant for v in dus), start=Decimal(0))
    if montant > total:
        detail = ", ".join(f"{euros(v.montant)} le {date_fr(v.du_le)}" for v in dus) or "aucun forfait"
        raise DomainError(
            f"Pour un enfant né le {date_fr(naissance_enfant)}, les forfaits d'aide technique à la "
            f"parentalité dus pendant la période accordée totalisent {euros(total)} ({detail}).",
            code="pch_parentalite_montant_depasse",
            extra={"champ": "montant", "maximum": str(total)},
        )


def pch_parentalite_versement_verifier(
    *,
    naissance_enfant: datetime.date,
    parent_isole: bool,
    periode_debut: datetime.date,
    periode_fin: datetime.date,
    montant: Decimal,
) -> None:
    """PCH-4 on a payment of aide humaine à la parentalité: at most, month by month (prorated by day), the
    amount of the youngest child's age that month: the amount halves from the month after the 3rd birthday
    and stops after the 7th, whatever the monthly amount of the decision."""
    droit = Decimal(0)
    for mois, jours in mois_couverts(periode_debut, periode_fin):
        forfait = pch_parentalite_aide_humaine(
            naissances_enfants=[naissance_enfant],
            mois=mois,
            parent_isole=parent_isole,
            beneficiaire_aide_humaine=True,
        )
        droit += forfait * Decimal(jours) / Decimal(jours_du_mois(mois))
    droit = arrondi(droit)
    if montant > droit:
        raise DomainError(
            f"Selon l'âge du plus jeune enfant (né le {date_fr(naissance_enfant)}), la PCH parentalité aide "
            f"humaine de cette période est de {euros(droit)} au plus (règle PCH-4).",
            code="pch_parentalite_versement_depasse",
            extra={"champ": "montant", "accorde": str(droit)},
        )


def _se_chevauchent(a: VersementPch, b: VersementPch) -> bool:
    return a.periode_debut <= b.periode_fin and b.periode_debut <= a.periode_fin


def pch_versement_verifier(
    *,
    decision: DecisionCdaph,
    versement: VersementPch,
    versements_anterieurs: Sequence[VersementPch],
) -> None:
    """PCH-5: the département pays only what the CDAPH decided: the payment references the
    decision, is for its element, covers a period within its dates, and stays within its amount
    (a total, cumulated over the decision's payments) or its monthly amount or hours (prorated by
    day over the period paid, a period being paid once). PCH-1 caps are checked too.

    ``versements_anterieurs`` holds the person's previous payments, all decisions together."""
    if versement.decision_numero != decision.numero:
        raise DomainError(
            f"Le versement ne se rapporte pas à la décision n° {decision.numero}.",
            code="pch_versement_decision_differente",
        )
    if versement.element != decision.element:
        raise DomainError(
            f"La décision n° {decision.numero} porte sur l'élément « {decision.element.label} », "
            f"pas « {versement.element.label} ».",
            code="pch_versement_element_different",
        )
    if versement.periode_debut < decision.debut or (
        decision.fin is not None and versement.periode_fin > decision.fin
    ):
        fin = f"au {date_fr(decision.fin)}" if decision.fin else "sans date de fin"
        raise DomainError(
            "La période payée sort de la période accordée par la CDAPH "
            f"(du {date_fr(decision.debut)} {fin}).",
            code="pch_versement_hors_periode",
        )
    memes = [anterieur for anterieur in versements_anterieurs if anterieur.decision_numero == decision.numero]
    if decision.montant is not None:
        deja = sum((anterieur.montant for anterieur in memes), start=Decimal(0))
        if deja + versement.montant > decision.montant:
            raise DomainError(
                f"La décision n° {decision.numero} accorde {euros(decision.montant)} : {euros(deja)} déjà "
                f"versés, il reste {euros(decision.montant - deja)}.",
                code="pch_versement_montant_depasse",
                extra={"accorde": str(decision.montant), "deja_verse": str(deja)},
            )
    else:
        if any(_se_chevauchent(versement, anterieur) for anterieur in memes):
            raise DomainError(
                "Cette période a déjà été payée au titre de la même décision.",
                code="pch_versement_periode_deja_payee",
            )
        mois = part_de_mois(versement.periode_debut, versement.periode_fin)
        if decision.montant_mensuel is not None:
            droit = arrondi(decision.montant_mensuel * mois)
            if versement.montant > droit:
                raise DomainError(
                    f"Le versement dépasse le montant accordé pour cette période ({euros(droit)}).",
                    code="pch_versement_montant_depasse",
                    extra={"accorde": str(droit)},
                )
        if decision.heures_mensuelles is not None:
            heures_droit = arrondi(decision.heures_mensuelles * mois)
            if versement.heures is None or versement.heures > heures_droit:
                raise DomainError(
                    "Le versement doit indiquer les heures payées, au plus "
                    f"{heures_droit} h pour cette période.",
                    code="pch_versement_heures_depassees",
                    extra={"heures_accordees": str(heures_droit)},
                )
    pch_plafond_verifier(
        element=versement.element,
        montant=versement.montant,
        verse_le=versement.verse_le,
        versements_anterieurs=versements_anterieurs,
    )


# --- PCH-6: silence and recourse ------------------------------------------------------------------


def pch_rejet_implicite_le(*, demande_deposee_le: datetime.date) -> datetime.date:
    """PCH-6: the CDAPH's silence for 4 months after the filing of the request is an implicit
    rejection (CASF R241-33, derogating from « silence vaut acceptation »), born on this day."""
    return echeance(SILENCE_CDAPH, demande_deposee_le)


@dataclass(frozen=True)
class EcheancesRecoursPch:
    """PCH-6: last day for the RAPO; the day the RAPO's silence becomes an implicit rejection; last
    day to bring the case before the pôle social du tribunal judiciaire (None until known)."""

    rapo: datetime.date
    rejet_implicite_rapo: datetime.date | None
    pole_social: datetime.date | None


def pch_recours_echeances(
    *,
    decision_notifiee_le: datetime.date,
    rapo_recu_le: datetime.date | None = None,
    decision_rapo_notifiee_le: datetime.date | None = None,
) -> EcheancesRecoursPch:
    """PCH-6: RAPO within 2 months of the notification of the CDAPH decision (or of its implicit
    rejection); 2 months of silence on the RAPO is a rejection; then 2 months to seize the pôle
    social, from the notified RAPO decision or the implicit rejection (décret n° 2018-928).
    An optional conciliation (L146-10) suspends these delays: not handled here."""
    rapo = echeance(DELAI_RAPO, decision_notifiee_le)
    if rapo_recu_le is None:
        return EcheancesRecoursPch(rapo=rapo, rejet_implicite_rapo=None, pole_social=None)
    rejet = echeance(SILENCE_RAPO, rapo_recu_le)
    depart = decision_rapo_notifiee_le if decision_rapo_notifiee_le is not None else rejet
    return EcheancesRecoursPch(
        rapo=rapo, rejet_implicite_rapo=rejet, pole_social=echeance(DELAI_POLE_SOCIAL, depart)
    )
