"""Reads shared by several parts of one page.

The pathway page shows the same rows in two places (the CDAPH decisions in the PCH section and in the
timeline, the sanction steps in their section and in the timeline, the documents in their list and in the
timeline). ``parcours.selectors.fiche_parcours`` opens ``lectures_partagees`` on the pathway object: inside
the block each shared read runs once and its result is reused; outside it (an API endpoint, a test, an
action) every call reads afresh, so nothing stale outlives the page being built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from parcours.models import Parcours

T = TypeVar("T")
_CLE = "_proche_lectures_partagees"


@contextmanager
def lectures_partagees(parcours: Parcours) -> Iterator[None]:
    """Share the reads of ``lecture_partagee`` on this pathway object until the block ends."""
    precedentes = parcours.__dict__.get(_CLE)
    parcours.__dict__[_CLE] = {} if precedentes is None else precedentes
    try:
        yield
    finally:
        if precedentes is None:
            parcours.__dict__.pop(_CLE, None)


def lecture_partagee(parcours: Parcours, nom: str, charger: Callable[[], T]) -> T:
    """``charger()`` once per ``lectures_partagees`` block (every time outside one)."""
    memo: dict[str, Any] | None = parcours.__dict__.get(_CLE)
    if memo is None:
        return charger()
    if nom not in memo:
        memo[nom] = charger()
    return memo[nom]
