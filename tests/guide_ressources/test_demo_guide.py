"""The demo guide: deterministic, idempotent, with the scripted scenarios."""

from __future__ import annotations

import pytest

from demo.guide import de, guide_demo_charger
from guide_ressources.models import Service, Structure

pytestmark = pytest.mark.django_db


def test_deterministe_et_idempotent() -> None:
    premier = guide_demo_charger(nb_structures=40, nb_services=90)
    assert (premier.structures, premier.services) == (40, 90)
    assert premier.organisations == 36 and premier.referentiel_charge
    lignes = list(
        Service.objects.order_by("public_id").values_list("public_id", "nom", "zone_codes", "structure__nom")
    )
    second = guide_demo_charger(nb_structures=40, nb_services=90)
    assert not second.a_change
    assert (
        list(
            Service.objects.order_by("public_id").values_list(
                "public_id", "nom", "zone_codes", "structure__nom"
            )
        )
        == lignes
    )
    # More entries later only add to the first ones.
    troisieme = guide_demo_charger(nb_structures=45, nb_services=90)
    assert (troisieme.structures, Structure.objects.count()) == (5, 45)


def test_les_scenarios_sont_la() -> None:
    guide_demo_charger(nb_structures=30, nb_services=60)
    aide = Service.objects.get(nom="Aide alimentaire d'urgence")
    assert aide.zone_codes == ["62041"] and aide.structure.organisation.nom == "CCAS d'Arras"  # type: ignore[union-attr]
    assert Service.objects.get(nom="Distribution alimentaire").zone_territoires == ["calaisis"]
    assert Service.objects.filter(nom="Hébergement d'urgence", zone_codes=["62"]).exists()
    assert Service.objects.filter(thematiques__contains=["cd62-autonomie--apa-a-domicile"]).count() == 9


@pytest.mark.parametrize(
    ("commune", "attendu"),
    [
        ("Lens", "de Lens"),
        ("Arras", "d'Arras"),
        ("Hénin-Beaumont", "d'Hénin-Beaumont"),
        ("Le Portel", "du Portel"),
        ("Les Attaques", "des Attaques"),
        ("La Couture", "de la Couture"),
    ],
)
def test_elision(commune: str, attendu: str) -> None:
    assert de(commune) == attendu
