"""PDF rendering of the councils' documents (notification letters, minutes) with WeasyPrint from the
templates ``instances/pdf/…``. No external resource is ever fetched: the styles are inline and any
URL in a template is refused."""

from __future__ import annotations

from typing import Any, NoReturn

from django.template.loader import render_to_string


def _aucune_ressource(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError("Aucune ressource externe dans les documents PDF.")


def rendre_pdf(gabarit: str, contexte: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(gabarit, contexte)
    pdf = HTML(string=html, base_url=None, url_fetcher=_aucune_ressource).write_pdf()
    assert pdf is not None
    return bytes(pdf)
