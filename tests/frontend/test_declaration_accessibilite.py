"""The accessibility statement (public page)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.conftest import Monde, client_de
from tests.frontend.outils import document, texte, trouver, trouver_tous

URL = reverse("frontend:accessibilite")


def test_declaration_publique_et_complete(db: None) -> None:
    response = Client().get(URL)

    assert response.status_code == 200
    racine = document(response)
    assert texte(trouver(racine, "h1")) == "Déclaration d'accessibilité"
    assert texte(trouver(racine, "title")) == "Déclaration d'accessibilité – Proche"
    contenu = texte(trouver(racine, "main"))
    assert (
        "Proche est partiellement conforme avec le référentiel général d'amélioration de l'accessibilité "
        "(RGAA), version 4.1." in contenu
    )
    assert "Schéma pluriannuel de mise en accessibilité" in [texte(h2) for h2 in trouver_tous(racine, "h2")]
    assert "Retour d'information et contact" in contenu
    assert "référent accessibilité numérique du Département Pas-de-Calais" in contenu
    assert "Défenseur des droits" in contenu


def test_le_statut_suit_le_parametre(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PROCHE_ACCESSIBILITE_CONFORMITE = "totalement conforme"
    settings.PROCHE_ACCESSIBILITE_CONTACT = "accessibilite@departement.example"

    racine = document(Client().get(URL))

    assert "Proche est totalement conforme" in texte(trouver(racine, "main"))
    assert texte(trouver(racine, "a", href="mailto:accessibilite@departement.example")) == (
        "accessibilite@departement.example"
    )
    assert texte(trouver(trouver(racine, "footer"), "a", href=URL)) == "Accessibilité : totalement conforme"


def test_accessible_aussi_connecte(monde: Monde) -> None:
    assert client_de(monde.elu_calaisis).get(URL).status_code == 200
