"""Eligibility, caps and frequency of the individual aids, per type of the catalogue.

A FAJ type goes through the youth rules of ``parcours.regles.jeunes`` (FAJ-1 age, FAJ-5 circuit and
caps per aid and per rolling year, parameters ``faj.*``); the other types have their own dated
parameters ``aide.<code>.*`` (the département's règlements intérieurs, rule G-1):

- ``aide.<code>.plafond_demande``: the most one aid of this type may be (euros);
- ``aide.<code>.plafond_annuel``: the most granted to one person for this type over the rolling window
  ``aide.fenetre_plafond_annuel`` (months) ending on the decision day;
- ``aide.<code>.frequence``: years before a person may receive this type again (0: no limit; FSL-3,
  Pas-de-Calais FSL accès: once, then again only after 5 years);
- ``aide.<code>.procedure_urgence``: 1 when the type may be decided outside a session by a holder of
  a delegation, then reported to the next session (0 otherwise).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from instances.enums import FondsAide
from parcours.regles.commun import UN_JOUR, date_fr, entier, euros, valeur
from parcours.regles.enums import CircuitDecisionFaj, TypeAideFaj
from parcours.regles.jeunes import (
    FAJ_FENETRE_ANNUELLE,
    AideFaj,
    faj_age_verifier,
    faj_aide_verifier,
    faj_circuit_decision,
)
from social.exceptions import DomainError
from social.parametres import ajouter_mois

FENETRE_ANNUELLE: Final = "aide.fenetre_plafond_annuel"


@dataclass(frozen=True, kw_only=True)
class TypeAideRegles:
    """What the rules need to know of a type of the catalogue."""

    code: str
    libelle: str
    fonds: FondsAide
    type_faj: TypeAideFaj | None = None

    def parametre(self, nom: str) -> str:
        return f"aide.{self.code}.{nom}"


@dataclass(frozen=True, kw_only=True)
class AideAccordee:
    """An aid granted earlier to the same person (for the caps and the frequency)."""

    type_code: str
    montant: Decimal
    decidee_le: datetime.date
    en_seance: bool = True


@dataclass(frozen=True, kw_only=True)
class Plafonds:
    par_demande: Decimal
    annuel: Decimal
    fenetre_mois: int


def plafonds(type_aide: TypeAideRegles, jour: datetime.date) -> Plafonds:
    """The caps of ``type_aide`` in force on ``jour`` (FAJ types: the FAJ règlement's)."""
    if type_aide.type_faj is not None:
        return Plafonds(
            par_demande=valeur(f"faj.plafond.{type_aide.type_faj.value}", jour),
            annuel=valeur(f"faj.plafond_annuel.{type_aide.type_faj.value}", jour),
            fenetre_mois=entier(FAJ_FENETRE_ANNUELLE, jour),
        )
    return Plafonds(
        par_demande=valeur(type_aide.parametre("plafond_demande"), jour),
        annuel=valeur(type_aide.parametre("plafond_annuel"), jour),
        fenetre_mois=entier(FENETRE_ANNUELLE, jour),
    )


def aide_eligibilite_verifier(
    *, type_aide: TypeAideRegles, naissance: datetime.date | None, demande_le: datetime.date
) -> None:
    """FAJ-1: a FAJ aid is for young people aged 18 to 25 on the day of the request (bounds from the
    parameters in force that day). FAJ-2: no residence length is ever asked. FSL-1: the FSL's
    eligibility rests on resources only, which the committee weighs from the budget."""
    if type_aide.fonds == FondsAide.FAJ:
        if naissance is None:
            raise DomainError(
                "La date de naissance du demandeur est nécessaire pour une aide du fonds d'aide aux jeunes.",
                code="faj_naissance_requise",
            )
        faj_age_verifier(naissance=naissance, demande_le=demande_le)


def aide_urgence_autorisee(type_aide: TypeAideRegles, jour: datetime.date) -> bool:
    """FAJ-5: a FAJ secours d'urgence may be decided outside the committee; for the other types, the
    règlement's parameter ``aide.<code>.procedure_urgence`` says so."""
    if type_aide.type_faj is not None:
        return faj_circuit_decision(type_aide.type_faj) == CircuitDecisionFaj.HORS_COMMISSION_A_RAPPORTER
    return valeur(type_aide.parametre("procedure_urgence"), jour) == 1


def aide_montant_verifier(
    *,
    type_aide: TypeAideRegles,
    montant: Decimal,
    jour: datetime.date,
    anterieures: Sequence[AideAccordee],
    en_seance: bool = True,
) -> None:
    """The cap per aid and the cap per person and type over the rolling window ending on ``jour``
    (FAJ-5 for the FAJ, the règlement's parameters otherwise). ``anterieures``: the aids granted to the
    same person before, any type (only this type's count)."""
    if montant <= 0:
        raise DomainError(
            "Le montant doit être positif.", code="montant_invalide", extra={"champ": "montant"}
        )
    memes = [a for a in anterieures if a.type_code == type_aide.code]
    if type_aide.type_faj is not None:
        try:
            faj_aide_verifier(
                aide=AideFaj(
                    type_aide=type_aide.type_faj, montant=montant, decidee_le=jour, en_commission=en_seance
                ),
                aides_anterieures=[
                    AideFaj(
                        type_aide=type_aide.type_faj,
                        montant=a.montant,
                        decidee_le=a.decidee_le,
                        en_commission=a.en_seance,
                    )
                    for a in memes
                ],
            )
        except DomainError as exc:
            exc.extra.setdefault("champ", "montant")
            raise
        return
    cap = plafonds(type_aide, jour)
    if montant > cap.par_demande:
        raise DomainError(
            f"Le montant d'une aide « {type_aide.libelle} » ne peut pas dépasser {euros(cap.par_demande)}.",
            code="plafond_aide_depasse",
            extra={"champ": "montant", "plafond": str(cap.par_demande)},
        )
    debut = ajouter_mois(jour, -cap.fenetre_mois) + UN_JOUR
    deja = sum((a.montant for a in memes if debut <= a.decidee_le <= jour), start=Decimal(0))
    if deja + montant > cap.annuel:
        raise DomainError(
            f"Plafond annuel dépassé pour l'aide « {type_aide.libelle} » : {euros(cap.annuel)} par an, "
            f"{euros(deja)} déjà accordés depuis le {date_fr(debut)} ; "
            f"il reste {euros(max(cap.annuel - deja, Decimal(0)))}.",
            code="plafond_annuel_depasse",
            extra={"champ": "montant", "plafond_annuel": str(cap.annuel), "deja_accorde": str(deja)},
        )


def aide_frequence_verifier(
    *, type_aide: TypeAideRegles, jour: datetime.date, anterieures: Sequence[AideAccordee]
) -> None:
    """FSL-3: some aids may be granted again only after a number of years (parameter
    ``aide.<code>.frequence``, 0 = no limit): FSL access aid once, then again only after 5 years."""
    if type_aide.type_faj is not None:
        return
    annees = entier(type_aide.parametre("frequence"), jour)
    if annees <= 0:
        return
    debut = ajouter_mois(jour, -12 * annees) + UN_JOUR
    recentes = sorted(
        a.decidee_le for a in anterieures if a.type_code == type_aide.code and a.decidee_le >= debut
    )
    if recentes:
        derniere = recentes[-1]
        raise DomainError(
            f"Une aide « {type_aide.libelle} » a déjà été accordée le {date_fr(derniere)} : une nouvelle "
            f"aide de ce type n'est possible qu'après {annees} ans, à partir du "
            f"{date_fr(ajouter_mois(derniere, 12 * annees))}.",
            code="frequence_depassee",
            extra={"champ": "type_aide", "derniere": derniere.isoformat()},
        )
