"""Small helpers to read the rendered HTML in tests (Django's own parser: no extra dependency)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from django.http import HttpResponse
from django.test.html import Element, parse_html

from social.models import JournalAcces


def document(response: HttpResponse) -> Element:
    return parse_html(response.content.decode())


def parcourir(element: Element) -> Iterator[Element]:
    """Every element under ``element`` (itself included), in document order."""
    yield element
    for enfant in element.children:
        if isinstance(enfant, Element):
            yield from parcourir(enfant)


def attributs(element: Element) -> dict[str, str | None]:
    return dict(element.attributes)


def trouver_tous(racine: Element, balise: str | None = None, **attendus: str) -> list[Element]:
    """Elements with tag ``balise`` whose attributes include ``attendus`` (``class_`` for ``class``)."""
    attendus = {cle.rstrip("_").replace("_", "-"): valeur for cle, valeur in attendus.items()}
    resultat = []
    for element in parcourir(racine):
        if balise is not None and element.name != balise:
            continue
        attrs = attributs(element)
        if all(attrs.get(cle) == valeur for cle, valeur in attendus.items()):
            resultat.append(element)
    return resultat


def trouver(racine: Element, balise: str | None = None, **attendus: str) -> Element:
    trouves = trouver_tous(racine, balise, **attendus)
    assert len(trouves) == 1, f"{len(trouves)} élément(s) <{balise} {attendus}> au lieu d'un"
    return trouves[0]


def texte(element: Element) -> str:
    morceaux: list[str] = []

    def _collecter(noeud: Element | str) -> None:
        if isinstance(noeud, str):
            morceaux.append(noeud)
        else:
            for enfant in noeud.children:
                _collecter(enfant)

    _collecter(element)
    return re.sub(r"\s+", " ", " ".join(morceaux)).strip()


def premier(racine: Element, condition: Callable[[Element], bool]) -> Element | None:
    return next((element for element in parcourir(racine) if condition(element)), None)


def lignes_journal() -> list[JournalAcces]:
    return list(JournalAcces.objects.order_by("id"))
