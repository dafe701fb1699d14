"""Template tags of the APA section of the pathway page: the explanation of a stored GIR, French amounts
(the file itself is read by ``parcours.selectors.fiche_parcours``: templates only render)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from frontend.views.apa import euros as en_euros
from frontend.views.apa import presenter
from parcours.apa.aggir import ResultatAggir
from parcours.apa.calculs import Eligibilite

register = template.Library()


@register.simple_tag
def trace_aggir(resultat: ResultatAggir) -> dict[str, Any]:
    """The groups walked and the codes kept, as the simulator explains them (medico-social profiles)."""
    return presenter(aggir=resultat, eligibilite=Eligibilite(eligible=True, motifs=()), simulation=None)


@register.filter
def euros(montant: Decimal | None) -> str:
    return "–" if montant is None else en_euros(montant)
