"""The base layout on every kind of page: RGAA basics that the HTML alone can prove.

(Contrast, focus visibility and keyboard order are checked in a real browser in tests/browser.)
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from frontend.middleware import POLICY
from social.models import Personne
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, parcourir, texte, trouver, trouver_tous

FOCALISABLES = {"a", "button", "input", "select", "textarea"}


def _pages(monde: Monde, personne: Personne) -> dict[str, tuple[Client, str]]:
    ts = client_de(monde.ts_arras)
    return {
        "connexion": (Client(), reverse("frontend:connexion")),
        "accessibilite": (Client(), reverse("frontend:accessibilite")),
        "accueil": (ts, reverse("frontend:accueil")),
        "recherche": (ts, reverse("frontend:personne_recherche") + "?q=lefevre"),
        "fiche": (ts, reverse("frontend:personne_detail", args=[personne.public_id])),
        "creation": (ts, reverse("frontend:personne_creer")),
        "modification": (ts, reverse("frontend:personne_modifier", args=[personne.public_id])),
        "journal": (
            client_de(monde.encadrant_arras),
            reverse("frontend:personne_acces", args=[personne.public_id]),
        ),
        "organisation": (client_de(monde.admin), reverse("frontend:organisation_creer")),
        "page introuvable": (ts, "/nulle-part/"),
        "accès refusé": (client_de(monde.elu_arrageois), reverse("frontend:personne_recherche")),
    }


NOMS_PAGES = [
    "connexion",
    "accessibilite",
    "accueil",
    "recherche",
    "fiche",
    "creation",
    "modification",
    "journal",
    "organisation",
    "page introuvable",
    "accès refusé",
]


@pytest.fixture
def page(request: pytest.FixtureRequest, monde: Monde, personne_arras: Personne) -> Callable[[], object]:
    client, url = _pages(monde, personne_arras)[request.param]
    return lambda: client.get(url)


@pytest.mark.parametrize("page", NOMS_PAGES, indirect=True)
def test_gabarit_de_base(page: Callable) -> None:  # type: ignore[type-arg]
    response = page()
    racine = document(response)

    # Language, title "Page – Proche".
    assert attributs(racine)["lang"] == "fr"
    titre = texte(trouver(racine, "title"))
    assert titre.endswith(" – Proche") and len(titre) > len(" – Proche")

    # The skip link is the first focusable element and targets the main landmark.
    premier = next(
        e for e in parcourir(racine) if e.name in FOCALISABLES and attributs(e).get("type") != "hidden"
    )
    assert attributs(premier)["href"] == "#contenu" and texte(premier) == "Aller au contenu"
    trouver(racine, "main", id="contenu")

    # Banner with the site and the département, footer with the accessibility status.
    entete = trouver(racine, "header", role="banner")
    assert "Proche" in texte(entete) and "Pas-de-Calais" in texte(entete)
    pied = trouver(racine, "footer", role="contentinfo")
    lien = trouver(pied, "a", href=reverse("frontend:accessibilite"))
    assert texte(lien) == "Accessibilité : partiellement conforme"

    # Messages live region, exactly one h1.
    trouver(racine, "div", role="status", id="messages")
    assert len(trouver_tous(racine, "h1")) == 1

    # Strict CSP: no inline style or script anywhere.
    for element in parcourir(racine):
        assert "style" not in attributs(element), element
        assert element.name != "style"
        if element.name == "script":
            assert attributs(element).get("src"), "script en ligne interdit par la CSP"
    assert response.headers["Content-Security-Policy"] == POLICY


@pytest.mark.parametrize("page", NOMS_PAGES, indirect=True)
def test_chaque_champ_a_une_etiquette(page: Callable) -> None:  # type: ignore[type-arg]
    racine = document(page())
    etiquettes = {attributs(label).get("for") for label in trouver_tous(racine, "label")}
    for element in parcourir(racine):
        attrs = attributs(element)
        if element.name in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            assert attrs.get("id") in etiquettes, f"champ sans <label for> : {element}"


def test_navigation_principale_selon_le_persona(monde: Monde) -> None:
    def liens(user) -> list[str]:  # type: ignore[no-untyped-def]
        racine = document(client_de(user).get(reverse("frontend:accueil")))
        nav = trouver(racine, "nav", aria_label="Navigation principale")
        return [texte(a) for a in trouver_tous(nav, "a")]

    assert liens(monde.accueil_arras) == [
        "Accueil",
        "Rechercher une personne",
        "Créer une fiche",
        "Simulateur APA",
        "Guide des ressources",
    ]
    assert liens(monde.partenaire_ml_calais) == [
        "Accueil",
        "Rechercher une personne",
        "Atlas des solidarités",  # the referral statistics of her organisation only
        "Guide des ressources",
        "Orientations reçues",
        "Mes fiches du guide",
    ]
    assert liens(monde.elu_calaisis) == ["Accueil", "Mes séances"]
    assert liens(monde.admin) == [
        "Accueil",
        "Guide des ressources",
        "Mes fiches du guide",
        "Modération du guide",
        "Importer (data·inclusion)",
        "Créer une organisation",
        "Administration",
    ]


def test_la_page_courante_est_signalee(monde: Monde) -> None:
    racine = document(client_de(monde.ts_arras).get(reverse("frontend:personne_recherche")))
    courant = trouver(racine, "a", aria_current="page")
    assert texte(courant) == "Rechercher une personne"


def test_deconnexion_dans_le_pied_de_page_par_un_formulaire_post(monde: Monde) -> None:
    racine = document(client_de(monde.ts_arras).get(reverse("frontend:accueil")))
    pied = trouver(racine, "footer")
    formulaire = trouver(pied, "form", action=reverse("frontend:deconnexion"))
    assert attributs(formulaire)["method"] == "post"
    assert texte(trouver(formulaire, "button")) == "Déconnexion"


def test_pas_de_deconnexion_ni_de_navigation_pour_un_anonyme(db: None) -> None:
    racine = document(Client().get(reverse("frontend:connexion")))
    assert trouver_tous(racine, "nav", aria_label="Navigation principale") == []
    assert trouver_tous(racine, "form", action=reverse("frontend:deconnexion")) == []


def test_les_messages_sont_rendus_dans_la_region_status(monde: Monde, personne_arras: Personne) -> None:
    client = client_de(monde.ts_arras)
    response = client.post(
        reverse("frontend:personne_modifier", args=[personne_arras.public_id]),
        {
            "nom": "Lefèvre-Durand",
            "prenoms": "Jeanne",
            "date_naissance": "1980-05-17",
            "sexe": "F",
            "commune": "62041",
            "organisme_payeur": "",
        },
        follow=True,
    )
    region = trouver(document(response), "div", role="status", id="messages")
    assert "La fiche de LEFÈVRE-DURAND Jeanne a été modifiée." in texte(region)


def test_la_feuille_de_style_et_htmx_sont_servis_localement(monde: Monde) -> None:
    racine = document(client_de(monde.ts_arras).get(reverse("frontend:accueil")))
    feuilles = [attributs(e)["href"] for e in trouver_tous(racine, "link", rel="stylesheet")]
    scripts = [attributs(e)["src"] for e in trouver_tous(racine, "script")]
    assert feuilles == ["/static/frontend/proche.css"]
    assert scripts == ["/static/django_htmx/htmx-2.min.js", "/static/frontend/notifications.js"]
    assert attributs(trouver(racine, "body"))["data-temps_reel"] == "oui"


@pytest.mark.django_db
def test_pas_de_temps_reel_pour_un_anonyme(client: object) -> None:
    racine = document(client.get(reverse("frontend:connexion")))  # type: ignore[attr-defined]
    scripts = [attributs(e)["src"] for e in trouver_tous(racine, "script")]
    assert scripts == ["/static/django_htmx/htmx-2.min.js"]
