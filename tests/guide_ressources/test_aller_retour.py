"""Acceptance (2): export → import → export of the whole demo guide is identical, in the same guide
(nothing changes) and in an empty one (everything is created again, public ids kept)."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from demo.guide import guide_demo_charger
from guide_ressources.exportation import services_exporter, structures_exporter
from guide_ressources.models import Service, Structure, TransitionPublication
from tests.guide_ressources.test_importation import compter, importer

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        atomique = transaction.atomic()
        atomique.__enter__()
        guide_demo_charger()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomique.__exit__(None, None, None)


def test_export_import_export_identique_dans_le_meme_guide(demo: None) -> None:
    structures, services = structures_exporter(), services_exporter()
    avant = compter()
    rapport = importer(
        ("structures.json", copy.deepcopy(structures)), ("services.json", copy.deepcopy(services))
    )
    assert (rapport.structures.creees, rapport.structures.modifiees) == (0, 0)
    assert (rapport.services.creees, rapport.services.modifiees) == (0, 0)
    assert compter() == avant
    assert (structures_exporter(), services_exporter()) == (structures, services)


def test_export_import_export_identique_dans_un_guide_vide(demo: None) -> None:
    structures, services = structures_exporter(), services_exporter()
    TransitionPublication.objects.all().delete()
    Service.objects.all().delete()
    Structure.objects.all().delete()
    rapport = importer(
        ("structures.json", copy.deepcopy(structures)), ("services.json", copy.deepcopy(services))
    )
    assert (rapport.structures.creees, rapport.services.creees) == (len(structures), len(services))
    assert (structures_exporter(), services_exporter()) == (structures, services)
    # Proche's own entries keep their public ids (their identifier carries it).
    identifiant = services[0]["id"]
    assert str(Service.objects.get(identifiant=identifiant).public_id) == identifiant.split("--", 1)[1]
