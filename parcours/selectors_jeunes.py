"""Reads of the youth pathway (dispositif JEUNES): the sections of the pathway page with the young person's
project towards autonomy, its objectives grouped by axe (emploi, formation, logement…), and the partners of
the youth pathway (the mission locale and the Maison des adolescents); and, on any pathway of a young
person, her ASE facts for the pathway's team (ASE-1, DP-4).

The objectives and the designations are those the pathway page already read for this viewer
(``objectifs_visibles``: no health objective for a partner, DP-2), so the section adds at most one query:
the organisations suggested for a kind of partner not designated yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from parcours.enums import AXES_PROJET_JEUNES, AxeAccompagnement, Dispositif, TypeEcheance
from parcours.models import DesignationPartenaire, Echeance, Objectif, Parcours
from parcours.permissions import (
    can_designate_partenaire,
    can_manage_plan,
    can_renseigner_ase,
    can_view_ase,
    est_partenaire_seulement,
)
from parcours.regles.commun import age_revolu, entier
from parcours.regles.jeunes import JEUNE_MAJEUR_AGE_LIMITE
from social.enums import TypeOrganisation
from social.exceptions import ParametreIntrouvable
from social.models import Organisation, Utilisateur

# The partners of every youth pathway, in the order the page shows them.
TYPES_PARTENAIRES_JEUNES: tuple[TypeOrganisation, ...] = (
    TypeOrganisation.MISSION_LOCALE,
    TypeOrganisation.MAISON_DES_ADOLESCENTS,
)


@dataclass(frozen=True)
class AxeProjet:
    axe: str
    libelle: str
    objectifs: list[Objectif]


@dataclass(frozen=True)
class PartenaireJeune:
    """One kind of partner of the youth pathway: those designated, or else the organisations of that kind
    serving the person's commune (département staff only: a partner sees the designations)."""

    type: str
    libelle: str
    designations: list[DesignationPartenaire]
    suggestions: list[Organisation] = field(default_factory=list)


@dataclass(frozen=True)
class FicheJeunes:
    # The axes holding at least one objective, in the order of ``AXES_PROJET_JEUNES`` (then the others).
    projet: list[AxeProjet]
    peut_gerer_projet: bool
    partenaires: list[PartenaireJeune]
    peut_designer: bool

    @property
    def suggestions(self) -> list[Organisation]:
        return [o for partenaire in self.partenaires for o in partenaire.suggestions]


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


def partenaires_jeunes_suggeres(
    *, parcours: Parcours, types: tuple[str, ...] = TYPES_PARTENAIRES_JEUNES
) -> list[Organisation]:
    """The mission locales and Maisons des adolescents (of ``types``) serving the person's commune, not
    designated on the pathway yet, by kind then name (one query)."""
    designees = DesignationPartenaire.objects.actives().filter(parcours=parcours).values("organisation_id")
    suggestions = (
        Organisation.objects.desservant(parcours.personne.commune_id)
        .filter(type__in=types)
        .exclude(pk__in=designees)
        .select_related("commune")
    )
    return sorted(suggestions, key=lambda o: (types.index(o.type), o.nom, o.pk))


def fiche_jeunes(
    *,
    parcours: Parcours,
    user: Utilisateur,
    objectifs: list[Objectif],
    designations: list[DesignationPartenaire],
) -> FicheJeunes | None:
    """The youth sections of the pathway page for this viewer (None for another dispositif)."""
    if parcours.dispositif != Dispositif.JEUNES:
        return None
    par_type: dict[str, list[DesignationPartenaire]] = {}
    for designation in designations:
        par_type.setdefault(designation.organisation.type, []).append(designation)
    manquants = tuple(t for t in TYPES_PARTENAIRES_JEUNES if t not in par_type)
    suggestions: list[Organisation] = []
    if manquants and not est_partenaire_seulement(user, parcours) and not parcours.est_clos:
        suggestions = partenaires_jeunes_suggeres(parcours=parcours, types=manquants)
    partenaires = [
        PartenaireJeune(
            type=type_,
            libelle=str(type_.label),
            designations=par_type.get(type_, []),
            suggestions=[o for o in suggestions if o.type == type_],
        )
        for type_ in TYPES_PARTENAIRES_JEUNES
    ]
    return FicheJeunes(
        projet=projet_par_axe(objectifs),
        peut_gerer_projet=can_manage_plan(user, parcours),
        partenaires=partenaires,
        peut_designer=can_designate_partenaire(user, parcours),
    )


# ASE-1: the person's ASE facts, for the pathway's team only (DP-4).


@dataclass(frozen=True)
class FicheAse:
    confie_ase_avant_majorite: bool
    entretien_autonomie_le: datetime.date | None
    # The deadline of the entretien d'accès à l'autonomie (a minor entrusted to the ASE), when computed.
    echeance: Echeance | None
    peut_renseigner: bool


def fiche_ase(
    *,
    parcours: Parcours,
    user: Utilisateur,
    echeances: list[Echeance] | None = None,
    toujours: bool = False,
) -> FicheAse | None:
    """The ASE block of the pathway page: None for a viewer outside the pathway's team (DP-4), and for a
    person it does not concern (not a youth pathway, not recorded as entrusted to the ASE, and past the
    jeune-majeur age limit today: one dated parameter read), unless ``toujours`` (the answer to the team's
    own write). The deadline comes from ``echeances`` when the caller has them (else one query)."""
    if not can_view_ase(user, parcours):
        return None
    personne = parcours.personne
    if not toujours and parcours.dispositif != Dispositif.JEUNES and not personne.confie_ase_avant_majorite:
        jour = timezone.localdate()
        try:
            if age_revolu(personne.date_naissance, jour) >= entier(JEUNE_MAJEUR_AGE_LIMITE, jour):
                return None
        except ParametreIntrouvable:
            return None
    if echeances is None:
        echeances = list(
            Echeance.objects.filter(parcours=parcours, type=TypeEcheance.ASE_ENTRETIEN_AUTONOMIE)
        )
    return FicheAse(
        confie_ase_avant_majorite=personne.confie_ase_avant_majorite,
        entretien_autonomie_le=personne.entretien_autonomie_le,
        echeance=next((e for e in echeances if e.type == TypeEcheance.ASE_ENTRETIEN_AUTONOMIE), None),
        peut_renseigner=can_renseigner_ase(user, parcours),
    )
