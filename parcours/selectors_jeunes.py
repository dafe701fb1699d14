"""Reads of the youth pathway (dispositif JEUNES): the section of the pathway page with the young person's
project towards autonomy, its objectives grouped by axe (emploi, formation, logement…).

The objectives are those the pathway page already read for this viewer (``objectifs_visibles``: no
health objective for a partner, DP-2), so the section adds no query.
"""

from __future__ import annotations

from dataclasses import dataclass

from parcours.enums import AXES_PROJET_JEUNES, AxeAccompagnement, Dispositif
from parcours.models import Objectif, Parcours
from parcours.permissions import can_manage_plan
from social.models import Utilisateur


@dataclass(frozen=True)
class AxeProjet:
    axe: str
    libelle: str
    objectifs: list[Objectif]


@dataclass(frozen=True)
class FicheJeunes:
    # The axes holding at least one objective, in the order of ``AXES_PROJET_JEUNES`` (then the others).
    projet: list[AxeProjet]
    peut_gerer_projet: bool


def projet_par_axe(objectifs: list[Objectif]) -> list[AxeProjet]:
    """The objectives grouped by axe, the youth axes first in their order, each axe's in reading order."""
    par_axe: dict[str, list[Objectif]] = {}
    for objectif in objectifs:
        par_axe.setdefault(objectif.axe, []).append(objectif)
    ordre = [axe.value for axe in AXES_PROJET_JEUNES]
    ordre += [axe for axe in AxeAccompagnement.values if axe not in ordre]
    return [
        AxeProjet(axe=axe, libelle=str(AxeAccompagnement(axe).label), objectifs=par_axe[axe])
        for axe in ordre
        if axe in par_axe
    ]


def fiche_jeunes(*, parcours: Parcours, user: Utilisateur, objectifs: list[Objectif]) -> FicheJeunes | None:
    """The youth section of the pathway page for this viewer (None for another dispositif)."""
    if parcours.dispositif != Dispositif.JEUNES:
        return None
    return FicheJeunes(projet=projet_par_axe(objectifs), peut_gerer_projet=can_manage_plan(user, parcours))
