"""Rows of the long tables written in Python (``format_html``), not one template node per cell: the
caseload shows 25 pathways a page, each with its alerts, and its rows were a third of the page's
rendering time (docs/decisions/0002). The markup is the one the templates had."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

if TYPE_CHECKING:
    from parcours.enums import TypeAlerte
    from parcours.models import Parcours

register = template.Library()


@register.simple_tag(name="alertes")
def alertes_html(alertes: list[TypeAlerte]) -> SafeString:
    """The alerts of a pathway as a list, or « Aucune » (the caseload's rows and the dashboard)."""
    if not alertes:
        return format_html('<span class="mention">{}</span>', gettext("Aucune"))
    return format_html(
        '<ul class="liste-simple">{}</ul>', format_html_join("", "<li>{}</li>", ((a.label,) for a in alertes))
    )


@register.simple_tag
def lignes_portefeuille(lignes: list[tuple[Parcours, list[TypeAlerte], str]]) -> SafeString:
    """The rows of « Mes parcours »: person (link to the pathway page), dispositif, state, alerts, next
    deadline, responsible site."""
    mot_parcours = gettext("parcours")
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}<span class="sr-only"> – {} {}</span></a></th>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                url,
                str(parcours.personne),
                mot_parcours,
                parcours.get_dispositif_display(),
                parcours.get_dispositif_display(),
                parcours.libelle_etat,
                alertes_html(alertes),
                echeance.strftime("%d/%m/%Y")
                if (echeance := getattr(parcours, "prochaine_echeance", None))
                else "–",
                parcours.site.nom,
            )
            for parcours, alertes, url in lignes
        ),
    )
