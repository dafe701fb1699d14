"""Template tags of the APA section of the pathway page: the file as the viewer may read it (from the
selector ``parcours.selectors_apa.fiche_apa``), the explanation of a stored GIR, French amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from frontend.views.apa import euros as en_euros
from frontend.views.apa import presenter
from parcours.apa.aggir import ResultatAggir
from parcours.apa.calculs import Eligibilite
from parcours.models import Parcours
from parcours.selectors_apa import FicheApa, fiche_apa

register = template.Library()


@register.simple_tag(takes_context=True)
def fiche_apa_de(context: template.Context, parcours: Parcours) -> FicheApa:
    """The APA file for the signed-in viewer (the detail page's view does not know about it)."""
    return fiche_apa(parcours=parcours, user=context["request"].user)


@register.simple_tag
def trace_aggir(resultat: ResultatAggir) -> dict[str, Any]:
    """The groups walked and the codes kept, as the simulator explains them (medico-social profiles)."""
    return presenter(aggir=resultat, eligibilite=Eligibilite(eligible=True, motifs=()), simulation=None)


@register.filter
def euros(montant: Decimal | None) -> str:
    return "–" if montant is None else en_euros(montant)
