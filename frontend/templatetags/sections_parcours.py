"""Filters of the PCH and RSA sanction sections of the pathway page (their data is read by
``parcours.selectors.fiche_parcours``: templates only render)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from parcours.regles.commun import euros, pourcentage

register = template.Library()


@register.filter(name="euros")
def euros_filtre(montant: Decimal | None) -> str:
    """``Decimal("7500")`` → « 7 500,00 € » (French separators, non-breaking spaces)."""
    return "" if montant is None else euros(montant)


@register.filter(name="pourcentage")
def pourcentage_filtre(taux: Decimal | None) -> str:
    """``Decimal("0.5")`` → « 50 % »."""
    return "" if taux is None else pourcentage(taux)
