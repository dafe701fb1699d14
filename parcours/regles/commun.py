"""Helpers shared by the rules: dated parameter reads, ages, calendar months, French formatting.

Ages and birthdays follow ``social.parametres.ajouter_mois``: a person born on 29 February has
birthdays on 28 February in common years, so ``age_revolu`` and ``anniversaire`` always agree.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, TypeVar

from social.exceptions import DomainError
from social.models import Parametre
from social.parametres import ajouter_mois, parametre_en_vigueur

UN_JOUR = datetime.timedelta(days=1)
CENTIME = Decimal("0.01")

E = TypeVar("E", bound=Enum)


def valeur(code: str, jour: datetime.date) -> Decimal:
    """The value of the parameter ``code`` in force on ``jour`` (rule G-1)."""
    return parametre_en_vigueur(code, jour).valeur


def entier(code: str, jour: datetime.date) -> int:
    """A parameter that must be a whole number (an age, a count of months or years)."""
    nombre = valeur(code, jour)
    if nombre != nombre.to_integral_value():
        raise ValueError(f"Le paramètre {code} doit être un nombre entier (valeur {nombre}).")
    return int(nombre)


def premiere_entree_en_vigueur(code: str) -> datetime.date:
    """The first day any value of ``code`` was in force: the start of the rule itself."""
    debut = Parametre.objects.filter(code=code).order_by("date_debut").values_list("date_debut", flat=True)
    premier = debut.first()
    if premier is None:
        raise DomainError(
            f"Le paramètre « {code} » n'a aucune valeur.",
            code="parametre_introuvable",
            extra={"parametre": code},
        )
    return premier


def anniversaire(naissance: datetime.date, ans: int) -> datetime.date:
    """The day a person born on ``naissance`` turns ``ans`` (29 February → 28 February)."""
    return ajouter_mois(naissance, 12 * ans)


def age_revolu(naissance: datetime.date, jour: datetime.date) -> int:
    """Age in full years on ``jour`` (« âge révolu »): the birthday itself counts."""
    if jour < naissance:
        raise DomainError(
            f"La date du {date_fr(jour)} précède la date de naissance ({date_fr(naissance)}).",
            code="date_avant_naissance",
        )
    age = jour.year - naissance.year
    if anniversaire(naissance, age) > jour:
        age -= 1
    return age


def premier_du_mois(jour: datetime.date) -> datetime.date:
    return jour.replace(day=1)


def dernier_du_mois(jour: datetime.date) -> datetime.date:
    return jour.replace(day=calendar.monthrange(jour.year, jour.month)[1])


def jours_du_mois(jour: datetime.date) -> int:
    return calendar.monthrange(jour.year, jour.month)[1]


def mois_couverts(debut: datetime.date, fin: datetime.date) -> Iterator[tuple[datetime.date, int]]:
    """Each calendar month touched by ``debut``..``fin`` (both included), as (first day, days covered)."""
    mois = premier_du_mois(debut)
    while mois <= fin:
        couvert_du, couvert_au = max(mois, debut), min(dernier_du_mois(mois), fin)
        yield mois, (couvert_au - couvert_du).days + 1
        mois = ajouter_mois(mois, 1)


def part_de_mois(debut: datetime.date, fin: datetime.date) -> Decimal:
    """How many months ``debut``..``fin`` (included) covers, each month prorated by its days."""
    return sum(
        (Decimal(jours) / Decimal(jours_du_mois(mois)) for mois, jours in mois_couverts(debut, fin)),
        start=Decimal(0),
    )


def arrondi(montant: Decimal) -> Decimal:
    """Rounded to the cent, half up (the usual rounding of benefit amounts)."""
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)


def vers_enum(classe: type[E], valeur_brute: Any, champ: str) -> E:
    """``valeur_brute`` (a member or its stored value) as a member of ``classe``; French error otherwise."""
    try:
        return classe(valeur_brute)
    except ValueError:
        raise DomainError(
            f"Valeur inconnue pour « {champ} » : {valeur_brute!r}.",
            code="valeur_inconnue",
            extra={"champ": champ, "valeur": str(valeur_brute)},
        ) from None


def date_fr(jour: datetime.date) -> str:
    return f"{jour:%d/%m/%Y}"


def euros(montant: Decimal) -> str:
    """``Decimal("13200")`` → ``"13 200,00 €"`` (non-breaking spaces, French separators)."""
    texte = f"{arrondi(montant):,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{texte}\u00a0€"


def pourcentage(taux: Decimal) -> str:
    """``Decimal("0.3")`` → ``"30 %"``; ``Decimal("0.125")`` → ``"12,5 %"``."""
    texte = f"{taux * 100:f}"
    if "." in texte:
        texte = texte.rstrip("0").rstrip(".")
    return f"{texte.replace('.', ',')}\u00a0%"
