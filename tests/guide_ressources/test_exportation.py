"""Acceptance (1): the data·inclusion v1 export of the whole demo guide is valid against the official
JSON Schema files (real validator, formats checked) and the upstream rules they do not express."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from demo.guide import RapportGuide, guide_demo_charger
from guide_ressources.exportation import (
    conditions_acces_proche,
    conditions_acces_v1,
    services_exporter,
    structures_exporter,
)
from guide_ressources.models import Service, Structure
from guide_ressources.validation import DOSSIER_DONNEES, verificateur_formats

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[RapportGuide]:
    """The default demo guide (~300 structures, ~800 services), loaded once for the module inside a
    transaction rolled back at its end; each test runs in a savepoint of it."""
    with django_db_blocker.unblock():
        atomique = transaction.atomic()
        atomique.__enter__()
        rapport = guide_demo_charger()
    yield rapport
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomique.__exit__(None, None, None)


def validateur_officiel(nom: str) -> jsonschema.Draft202012Validator:
    """Straight from the copied upstream file, no Proche code in between except the format checker
    (jsonschema checks ``uri`` only with an optional package)."""
    schema = json.loads((Path(DOSSIER_DONNEES) / "v1" / f"{nom}.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=verificateur_formats())


def regles_hors_schema(donnee: dict[str, object]) -> list[str]:
    erreurs = []
    date_maj = datetime.date.fromisoformat(str(donnee["date_maj"]))
    if not datetime.date(2000, 1, 1) <= date_maj <= timezone.localdate():
        erreurs.append("date_maj hors bornes")
    publics = donnee.get("publics") or []
    if "tous-publics" in publics and len(publics) > 1:  # type: ignore[arg-type]
        erreurs.append("tous-publics combiné")
    return erreurs


def test_la_demo_compte_300_structures_et_800_services(demo: RapportGuide) -> None:
    assert (demo.structures, demo.services) == (300, 800)
    assert Structure.objects.count() == 300 and Service.objects.count() == 800


def test_chaque_structure_exportee_est_valide(demo: RapportGuide) -> None:
    structures = structures_exporter()
    assert len(structures) == Structure.objects.publiees().count() >= 290
    validateur = validateur_officiel("structure")
    erreurs = {
        donnee["id"]: [e.message for e in validateur.iter_errors(donnee)] + regles_hors_schema(donnee)
        for donnee in structures
    }
    assert {cle: valeur for cle, valeur in erreurs.items() if valeur} == {}


def test_chaque_service_exporte_est_valide(demo: RapportGuide) -> None:
    services = services_exporter()
    assert len(services) == Service.objects.publies().count() >= 750
    validateur = validateur_officiel("service")
    erreurs = {
        donnee["id"]: [e.message for e in validateur.iter_errors(donnee)] + regles_hors_schema(donnee)
        for donnee in services
    }
    assert {cle: valeur for cle, valeur in erreurs.items() if valeur} == {}
    # Every structure_id designates an exported structure.
    assert {s["structure_id"] for s in services} <= {s["id"] for s in structures_exporter()}


def test_le_validateur_refuse_vraiment(demo: RapportGuide) -> None:
    """The validator of the tests above is not a no-op: formats and enums are checked."""
    service = services_exporter()[0]
    validateur = validateur_officiel("service")
    for champ, valeur in [
        ("lien_mobilisation", "pas une adresse"),
        ("courriel", "pas-un-courriel"),
        ("date_maj", "2025-02-30"),
        ("thematiques", ["cd62-autonomie--apa-a-domicile"]),
        ("zone_eligibilite", ["calaisis"]),
    ]:
        assert list(validateur.iter_errors({**service, champ: valeur})), champ


def test_termes_locaux_territoires_et_justificatifs(demo: RapportGuide) -> None:
    apa = Service.objects.filter(thematiques__contains=["cd62-autonomie--apa-a-domicile"]).first()
    assert apa is not None and apa.zone_territoires
    exporte = next(s for s in services_exporter() if s["id"] == apa.identifiant)
    assert exporte["thematiques"] == ["famille--prise-en-charge-personne-dependante"]
    assert exporte["publics"] == ["seniors"]
    assert len(exporte["zone_eligibilite"]) > 10 and all(
        len(code) == 5 for code in exporte["zone_eligibilite"]
    )
    assert exporte["conditions_acces"].endswith(
        "Justificatifs à fournir : Formulaire de demande d'APA, pièce d'identité, dernier avis d'imposition."
    )
    assert exporte["frais_precisions"] is None and exporte["latitude"] is None


def test_les_fiches_non_publiees_ne_sont_pas_exportees(demo: RapportGuide) -> None:
    a_moderer = Service.objects.exclude(statut="publiee").values_list("identifiant", flat=True)
    assert a_moderer
    assert not set(a_moderer) & {s["id"] for s in services_exporter()}


def test_l_export_tient_en_trois_requetes(demo: RapportGuide) -> None:
    with CaptureQueriesContext(connection) as structures:
        structures_exporter()
    with CaptureQueriesContext(connection) as services:
        services_exporter()
    assert (len(structures), len(services)) == (2, 3)


@pytest.mark.parametrize(
    ("conditions", "justificatifs"),
    [("", ""), ("Habiter Arras.", ""), ("", "Pièce d'identité."), ("Habiter Arras.", "Pièce d'identité.")],
)
def test_conditions_et_justificatifs_aller_retour(conditions: str, justificatifs: str) -> None:
    assert conditions_acces_proche(conditions_acces_v1(conditions, justificatifs) or "") == (
        conditions,
        justificatifs,
    )
