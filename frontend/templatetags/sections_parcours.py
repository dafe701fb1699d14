"""Sections of the pathway page owned by the PCH and RSA sanction features: the page's view stays as it is,
each section reads its own data (nothing, and no query, for another dispositif)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from parcours.models import Parcours
from parcours.regles.commun import euros, pourcentage
from parcours.selectors_pch import FichePch, fiche_pch
from parcours.selectors_rsa_sanctions import FicheSanctions, fiche_sanctions

register = template.Library()


@register.simple_tag(takes_context=True)
def section_pch(context: dict[str, Any], parcours: Parcours) -> FichePch | None:
    return fiche_pch(parcours=parcours, user=context["request"].user)


@register.simple_tag(takes_context=True)
def section_sanctions_rsa(context: dict[str, Any], parcours: Parcours) -> FicheSanctions | None:
    return fiche_sanctions(parcours=parcours, user=context["request"].user)


@register.filter(name="euros")
def euros_filtre(montant: Decimal | None) -> str:
    """``Decimal("7500")`` → « 7 500,00 € » (French separators, non-breaking spaces)."""
    return "" if montant is None else euros(montant)


@register.filter(name="pourcentage")
def pourcentage_filtre(taux: Decimal | None) -> str:
    """``Decimal("0.5")`` → « 50 % »."""
    return "" if taux is None else pourcentage(taux)
