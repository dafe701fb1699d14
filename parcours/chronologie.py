"""The pathway timeline: one list merging every kind of event, whatever app records it.

The dependency rule (docs/architecture.md) forbids ``parcours`` to import the apps above it
(``instances``) while their events (aid decisions…) belong in the pathway's timeline. So each kind of event
is a *source*: a function registered here that returns, for one pathway and one viewer, at most ``limite``
of its newest events, already filtered to what this viewer may read, in a constant number of queries.
``parcours.selectors.evenements_recents`` merges them with the built-in kinds (the pathway page shows the
25 newest; the full timeline is paginated, page k asking each source for its k × size + 1 newest). The
merge is exact because each source returns its newest events ordered by the ``moment`` it reports, newest
first. An app registers its sources when it is ready (``AppConfig.ready``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from parcours.models import Parcours
    from social.models import Utilisateur


@dataclass(frozen=True)
class Evenement:
    """One line of the timeline: texts computed by its source, so that no template shows more than allowed."""

    moment: datetime.datetime
    genre: str
    titre: str
    detail: str = ""
    auteur: str = ""


class SourceChronologie(Protocol):
    def __call__(
        self, *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
    ) -> list[Evenement]: ...


_SOURCES: dict[str, SourceChronologie] = {}


def source_chronologie(nom: str) -> Callable[[SourceChronologie], SourceChronologie]:
    """Register a timeline source under a unique name (re-registering the same name replaces it)."""

    def enregistrer(fonction: SourceChronologie) -> SourceChronologie:
        _SOURCES[nom] = fonction
        return fonction

    return enregistrer


def sources_chronologie() -> list[SourceChronologie]:
    return [_SOURCES[nom] for nom in sorted(_SOURCES)]
