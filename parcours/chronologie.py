"""The pathway timeline: one list merging every kind of event, whatever app records it.

The dependency rule (docs/architecture.md) forbids ``parcours`` to import the apps above it
(``instances``) while their events (aid decisions…) belong in the pathway's timeline. So each kind of event
is a *source*: a function registered here that returns, for one pathway and one viewer, at most ``limite``
of its newest events, already filtered to what this viewer may read, in a constant number of queries.
``parcours.selectors.evenements_recents`` merges them with the built-in kinds (the pathway page shows the
25 newest; the full timeline is paginated, page k asking each source for its k × size + 1 newest). The
merge is exact because each source returns its newest events ordered by the ``moment`` it reports, newest
first. An app registers its sources when it is ready (``AppConfig.ready``).

A source either returns its events, or a ``BrancheChronologie``: one ``SELECT`` of the generic columns
(``COLONNES``) and the function that turns each row into events. Every branch of a page is read in a single
``UNION ALL`` query with named columns (``lire_branches``): one round trip and no ORM compilation, where one
ORM query per source cost most of the pathway page's Python time (docs/decisions/0002). A source whose rows
the page has already read (documents, PCH decisions, sanction steps: ``parcours.lectures``) keeps returning
its events.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

from django.db import connection
from django.db.models import Field, Model
from django.utils.translation import gettext as _

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


class Ligne(NamedTuple):
    """A row of a branch, in the generic columns every branch selects (``COLONNES``): what each holds is
    the branch's business (its ``evenements`` reads it). Names of accounts come as ``NOM_SQL`` parts."""

    rang: int  # the row's rank in its branch's order, from 1
    moment: datetime.datetime
    t1: str | None
    t2: str | None
    t3: str | None
    t4: str | None
    t5: str | None
    t6: str | None
    t7: str | None
    d1: datetime.date | None
    n1: Decimal | None
    b1: bool | None
    b2: bool | None
    m2: datetime.datetime | None


# The SQL type of each generic column after ``rang`` and ``moment``, to cast what a branch leaves empty.
TYPES_COLONNES = {
    "t1": "text",
    "t2": "text",
    "t3": "text",
    "t4": "text",
    "t5": "text",
    "t6": "text",
    "t7": "text",
    "d1": "date",
    "n1": "numeric",
    "b1": "boolean",
    "b2": "boolean",
    "m2": "timestamptz",
}


def colonnes(ordre: str, moment: str, **valeurs: str) -> str:
    """The select list of a branch: ``rang`` (``row_number`` over the branch's ``ordre``), ``moment`` and
    the generic columns, each given as an SQL expression or NULL of its type."""
    inconnues = set(valeurs) - set(TYPES_COLONNES)
    if inconnues:
        raise ValueError(f"Colonnes inconnues : {sorted(inconnues)}")
    generiques = ", ".join(
        f"({valeurs[nom]})::{type_sql}" if nom in valeurs else f"NULL::{type_sql}"
        for nom, type_sql in TYPES_COLONNES.items()
    )
    return f"row_number() OVER (ORDER BY {ordre}), ({moment})::timestamptz, {generiques}"


def nom_sql(alias: str) -> str:
    """An account's name parts in one text column (NULL without account): ``nom``/``nom_complet`` read it
    the way ``str(utilisateur)`` and ``get_full_name()`` do."""
    return f"({alias}.first_name || chr(31) || {alias}.last_name || chr(31) || {alias}.username)"


def nom_complet(parts: str | None) -> str:
    """``utilisateur.get_full_name()`` from ``nom_sql``; "" without account."""
    if parts is None:
        return ""
    prenom, nom_de_famille, _username = parts.split("\x1f", 2)
    return f"{prenom} {nom_de_famille}".strip()


def nom(parts: str | None) -> str:
    """``str(utilisateur)`` from ``nom_sql`` (full name, else user name); « Compte supprimé » without."""
    if parts is None:
        return _("Compte supprimé")
    return nom_complet(parts) or parts.split("\x1f", 2)[2]


@dataclass(frozen=True)
class BrancheChronologie:
    """One source's ``SELECT``: ``sql`` selects ``colonnes(...)``, ordered like ``rang``, with its own
    ``LIMIT``; ``params`` are its parameters (never values formatted into ``sql``); ``evenements`` turns a
    row into its events (none, one, or more: a decision and its letter)."""

    sql: str
    params: Sequence[object]
    evenements: Callable[[Ligne], list[Evenement]]


def lire_branches(branches: Sequence[BrancheChronologie]) -> list[list[Evenement]]:
    """The events of each branch, in its order, read in one ``UNION ALL`` query."""
    if not branches:
        return []
    # Only the branches' fixed SQL is joined in; their values are parameters.
    sql = " UNION ALL ".join(f"SELECT {rang}, b.* FROM ({b.sql}) AS b" for rang, b in enumerate(branches))  # noqa: S608
    params: list[Any] = [p for b in branches for p in b.params]
    lignes: list[list[Ligne]] = [[] for _b in branches]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for rang, *valeurs in cursor.fetchall():
            lignes[rang].append(Ligne(*valeurs))
    resultat = []
    for branche, siennes in zip(branches, lignes, strict=True):
        siennes.sort(key=lambda ligne: ligne.rang)  # the branch's order, whatever the Append's
        resultat.append([e for ligne in siennes for e in branche.evenements(ligne)])
    return resultat


ResultatSource = list[Evenement] | BrancheChronologie | tuple[BrancheChronologie, ...]


def evenements_des_sources(resultats: Sequence[ResultatSource]) -> list[list[Evenement]]:
    """The events of each source's result, in its order (a source of several branches: theirs, one after
    the other), every branch of every source read in one query."""
    par_source = [(r,) if isinstance(r, BrancheChronologie) else r for r in resultats]
    branches = [b for r in par_source if isinstance(r, tuple) for b in r]
    lus = iter(lire_branches(branches))
    return [[e for _b in r for e in next(lus)] if isinstance(r, tuple) else r for r in par_source]


@cache
def _libelles(modele: type[Model], champ: str) -> dict[str, str]:
    """``get_<champ>_display`` without an instance: the label of each choice."""
    champ_modele = cast("Field[Any, Any]", modele._meta.get_field(champ))
    return {str(valeur): str(libelle) for valeur, libelle in champ_modele.flatchoices}


def libelle(modele: type[Model], champ: str, valeur: str) -> str:
    """The label of ``valeur`` (the value itself when the choices do not know it, as Django does)."""
    return _libelles(modele, champ).get(valeur, valeur)


class SourceChronologie(Protocol):
    def __call__(
        self, *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
    ) -> ResultatSource: ...


_SOURCES: dict[str, SourceChronologie] = {}


def source_chronologie(nom: str) -> Callable[[SourceChronologie], SourceChronologie]:
    """Register a timeline source under a unique name (re-registering the same name replaces it)."""

    def enregistrer(fonction: SourceChronologie) -> SourceChronologie:
        _SOURCES[nom] = fonction
        return fonction

    return enregistrer


def sources_chronologie() -> list[SourceChronologie]:
    return [_SOURCES[nom] for nom in sorted(_SOURCES)]
