"""The OpenAPI schema generates without any warning and is public, like its documentation page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_le_schema_se_genere_sans_avertissement_et_est_valide(tmp_path: Path) -> None:
    fichier = tmp_path / "schema.json"
    # --fail-on-warn: any warning or error of drf-spectacular fails; --validate: OpenAPI 3 compliance.
    call_command(
        "spectacular", "--fail-on-warn", "--validate", "--format", "openapi-json", "--file", str(fichier)
    )
    schema = json.loads(fichier.read_text())
    assert schema["openapi"].startswith("3.")
    operations = {
        (chemin, methode): operation["operationId"]
        for chemin, methodes in schema["paths"].items()
        for methode, operation in methodes.items()
    }
    assert operations[("/api/v1/personnes/", "get")] == "personnes_liste"
    assert operations[("/api/v1/personnes/", "post")] == "personne_creer"
    assert operations[("/api/v1/personnes/{public_id}/", "get")] == "personne_detail"
    assert operations[("/api/v1/personnes/{public_id}/", "patch")] == "personne_modifier"
    assert operations[("/api/v1/personnes/{public_id}/acces/", "get")] == "personne_acces"
    assert operations[("/api/v1/organisations/", "post")] == "organisation_creer"
    assert operations[("/api/v1/auth/token/", "post")] == "jeton_creer"
    assert {"/api/v1/territoires/", "/api/v1/communes/{code_insee}/", "/api/v1/sites/{id}/"} <= set(
        schema["paths"]
    )
    # The NIR is accepted on input but never part of a response.
    composants = schema["components"]["schemas"]
    assert "nir" in composants["PersonneCreationRequest"]["properties"]
    assert "nir" not in composants["PersonneDetail"]["properties"]
    assert "nir_masque" in composants["PersonneDetail"]["properties"]
    # Every operation documents the error shape for the anonymous case (except the token endpoint).
    for (chemin, methode), _ in operations.items():
        if chemin != "/api/v1/auth/token/":
            reponses = schema["paths"][chemin][methode]["responses"]
            assert reponses["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/Erreur")


def test_le_schema_est_public(monde: object) -> None:
    reponse = Client().get(reverse("api:schema"), {"format": "json"})
    assert reponse.status_code == 200
    assert "/api/v1/personnes/" in reponse.json()["paths"]


def test_la_documentation_est_publique_et_servie_sans_cdn() -> None:
    reponse = Client().get(reverse("api:docs"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert reverse("api:schema") in contenu
    assert "drf_spectacular_sidecar/swagger-ui-dist/" in contenu
    assert "cdn.jsdelivr.net" not in contenu
