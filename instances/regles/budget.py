"""The household budget of an aid file and its reste à vivre per consumption unit.

Consumption units follow the modified OECD equivalence scale used by INSEE: 1 for the first adult,
0,5 for each other person aged 14 or more, 0,3 for each child under 14. The three weights and the age
are dated parameters (``budget.uc.*``, rule G-1), read on the day of the request.

FAJ-3: for a FAJ aid, the resources of the people bound by the obligation alimentaire (parents and
others) are listed but never counted (CASF L263-3; ``parcours.regles.jeunes.faj_ressources``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from instances.enums import (
    CATEGORIES_CHARGES,
    CATEGORIES_RESSOURCES,
    CategorieBudget,
    SensBudget,
    SourceBudget,
)
from parcours.regles.commun import arrondi, valeur, vers_enum
from parcours.regles.jeunes import SOURCES_RETENUES
from social.exceptions import DomainError

UC_PREMIER_ADULTE: Final = "budget.uc.premier_adulte"
UC_AUTRE_PERSONNE: Final = "budget.uc.autre_personne_14_ans_et_plus"
UC_ENFANT: Final = "budget.uc.enfant_moins_14_ans"

# FAJ-3: the sources a FAJ file counts, as budget sources (the young person, the partner).
SOURCES_FAJ_RETENUES = frozenset(
    {SourceBudget.FOYER, *(SourceBudget(source.value) for source in SOURCES_RETENUES)}
)


@dataclass(frozen=True, kw_only=True)
class LigneBudgetaire:
    """One monthly line of the budget: a resource or a charge, its category, whose it is."""

    sens: SensBudget
    categorie: CategorieBudget
    montant: Decimal
    source: SourceBudget = SourceBudget.FOYER

    def __post_init__(self) -> None:
        object.__setattr__(self, "sens", vers_enum(SensBudget, self.sens, "sens"))
        object.__setattr__(self, "categorie", vers_enum(CategorieBudget, self.categorie, "categorie"))
        object.__setattr__(self, "source", vers_enum(SourceBudget, self.source, "source"))
        attendues = CATEGORIES_RESSOURCES if self.sens == SensBudget.RESSOURCE else CATEGORIES_CHARGES
        if self.categorie not in attendues:
            raise DomainError(
                f"« {self.categorie.label} » n'est pas une {self.sens.label.lower()}.",
                code="budget_categorie_invalide",
                extra={"champ": self.categorie.value},
            )
        if self.montant < 0:
            raise DomainError(
                f"Le montant « {self.categorie.label} » ne peut pas être négatif.",
                code="budget_montant_negatif",
                extra={"champ": self.categorie.value},
            )


@dataclass(frozen=True, kw_only=True)
class Budget:
    ressources: Decimal
    ressources_ignorees: Decimal
    charges: Decimal
    unites_consommation: Decimal
    reste_a_vivre: Decimal
    reste_a_vivre_par_uc: Decimal


def unites_consommation(
    *, personnes_14_ans_et_plus: int, enfants_moins_14_ans: int, jour: datetime.date
) -> Decimal:
    """The household's consumption units (modified OECD scale, parameters in force on ``jour``): the
    applicant counts as the first adult, so the household has at least one person aged 14 or more."""
    if personnes_14_ans_et_plus < 1:
        raise DomainError(
            "Le foyer compte au moins une personne de 14 ans ou plus : le demandeur.",
            code="budget_composition_invalide",
            extra={"champ": "personnes_14_ans_et_plus"},
        )
    if enfants_moins_14_ans < 0:
        raise DomainError(
            "Le nombre d'enfants ne peut pas être négatif.",
            code="budget_composition_invalide",
            extra={"champ": "enfants_moins_14_ans"},
        )
    return (
        valeur(UC_PREMIER_ADULTE, jour)
        + (personnes_14_ans_et_plus - 1) * valeur(UC_AUTRE_PERSONNE, jour)
        + enfants_moins_14_ans * valeur(UC_ENFANT, jour)
    )


def budget_calculer(
    *,
    lignes: Sequence[LigneBudgetaire],
    personnes_14_ans_et_plus: int,
    enfants_moins_14_ans: int,
    jour: datetime.date,
    obligation_alimentaire_ignoree: bool = False,
) -> Budget:
    """Resources minus charges, per month, then per consumption unit (rounded to the cent).

    ``obligation_alimentaire_ignoree`` (FAJ, FAJ-3): the parents' and other obligés alimentaires'
    resources are left out of the count and shown apart."""
    uc = unites_consommation(
        personnes_14_ans_et_plus=personnes_14_ans_et_plus,
        enfants_moins_14_ans=enfants_moins_14_ans,
        jour=jour,
    )
    ressources = ignorees = charges = Decimal(0)
    for ligne in lignes:
        if ligne.sens == SensBudget.CHARGE:
            charges += ligne.montant
        elif obligation_alimentaire_ignoree and ligne.source not in SOURCES_FAJ_RETENUES:
            ignorees += ligne.montant
        else:
            ressources += ligne.montant
    reste = ressources - charges
    return Budget(
        ressources=arrondi(ressources),
        ressources_ignorees=arrondi(ignorees),
        charges=arrondi(charges),
        unites_consommation=arrondi(uc),
        reste_a_vivre=arrondi(reste),
        reste_a_vivre_par_uc=arrondi(reste / uc),
    )
