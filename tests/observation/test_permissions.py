"""Who sees which figures: the direction the département, an encadrant her site or territory, nobody else."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from observation.actions import indicateurs_calculer
from observation.enums import CodeIndicateur as C
from observation.models import Indicateur
from observation.permissions import can_extract_pseudonymise, can_view_observation, perimetre_observation
from social.enums import PerimetreAffectation, RoleAgent
from social.models import Utilisateur
from tests import factories as f
from tests.conftest import Monde
from tests.observation.conftest import creer_parcours

pytestmark = pytest.mark.django_db


@pytest.fixture
def calcule(monde: Monde) -> Monde:
    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    creer_parcours(site=monde.autonomie_arras, ouvert_le=datetime.date(2025, 1, 10))
    creer_parcours(site=monde.mds_calais, ouvert_le=datetime.date(2025, 1, 10))
    indicateurs_calculer(depuis=None)
    return monde


def _lieux(user: Utilisateur) -> set[tuple[str | None, str | None]]:
    return set(
        Indicateur.objects.visible_by(user)
        .filter(code=C.PARCOURS_OUVERTS, mois=datetime.date(2025, 1, 1), dispositif="")
        .values_list("territoire__code", "site__nom")
    )


def test_la_direction_voit_tout_le_departement(calcule: Monde, direction: Utilisateur) -> None:
    assert can_view_observation(direction) and can_extract_pseudonymise(direction)
    assert perimetre_observation(direction).departement
    assert (None, None) in _lieux(direction)
    assert ("calaisis", None) in _lieux(direction)


def test_encadrant_de_site_voit_son_site_seulement(calcule: Monde) -> None:
    encadrant = calcule.encadrant_arras

    assert can_view_observation(encadrant) and not can_extract_pseudonymise(encadrant)
    assert _lieux(encadrant) == {("arrageois", "MDS de l'Arrageois")}


def test_encadrant_de_territoire_voit_le_territoire_et_ses_sites(calcule: Monde) -> None:
    encadrant = f.AffectationFactory(
        site=calcule.mds_arras, role=RoleAgent.ENCADRANT, perimetre=PerimetreAffectation.TERRITOIRE
    ).utilisateur

    assert _lieux(encadrant) == {
        ("arrageois", None),
        ("arrageois", "MDS de l'Arrageois"),
        ("arrageois", "Maison de l'Autonomie de l'Arrageois"),
    }


def test_une_affectation_terminee_ne_donne_plus_acces(calcule: Monde) -> None:
    ancienne = f.AffectationFactory(
        site=calcule.mds_calais,
        role=RoleAgent.ENCADRANT,
        date_debut=datetime.date(2024, 1, 1),
        date_fin=datetime.date(2024, 12, 31),
    ).utilisateur

    assert not can_view_observation(ancienne)
    assert _lieux(ancienne) == set()


@pytest.mark.parametrize(
    "persona",
    ["ts_arras", "accueil_arras", "evaluateur_arras", "elu_arrageois", "admin"],
)
def test_les_autres_roles_ne_voient_rien(calcule: Monde, persona: str) -> None:
    user = getattr(calcule, persona)

    assert not can_view_observation(user)
    assert not can_extract_pseudonymise(user)
    assert _lieux(user) == set()


def test_anonyme(calcule: Monde) -> None:
    assert not can_view_observation(AnonymousUser())
    assert not Indicateur.objects.visible_by(AnonymousUser()).exists()
