"""A social worker's first minutes, in a real browser: login, search, file; axe-core on every page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories as f
from tests.browser.conftest import verifier_axe
from tests.conftest import Monde
from tests.factories import MOT_DE_PASSE

pytestmark = pytest.mark.browser


@pytest.fixture
def personnes(monde: Monde) -> None:
    lefevre = f.PersonneFactory(nom="Lefèvre", prenoms="Jeanne", commune=monde.arras)
    f.RattachementFactory(personne=lefevre, site=monde.mds_arras)
    f.PersonneFactory(nom="Martin", prenoms="Paul", commune=monde.arras)
    f.PersonneFactory(nom="Lefebvre", prenoms="Louise", commune=monde.calais)  # other territory


def se_connecter(page: Page, identifiant: str) -> None:
    page.goto(reverse("frontend:connexion"))
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_connexion_recherche_fiche_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde, personnes: None
) -> None:
    page = onglet
    page.goto(reverse("frontend:connexion"))
    expect(page).to_have_title("Connexion – Proche")
    verifier_axe(page, "connexion")

    se_connecter(page, "ts.arras")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon suivi")
    verifier_axe(page, "accueil")

    page.goto(reverse("frontend:personne_recherche"))
    page.get_by_role("searchbox", name="Nom, prénom ou date de naissance").fill("lefebvre")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("status").filter(has_text="trouvée")).to_contain_text("1 personne trouvée")
    resultats = page.get_by_role("table")
    expect(resultats).to_contain_text("LEFÈVRE Jeanne")
    expect(resultats).not_to_contain_text("Louise")  # Calais: outside her perimeter
    verifier_axe(page, "résultats de recherche")

    page.get_by_role("link", name="LEFÈVRE Jeanne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LEFÈVRE Jeanne")
    expect(page).to_have_title("LEFÈVRE Jeanne – Proche")
    verifier_axe(page, "fiche de la personne")


def test_clavier_lien_evitement_puis_formulaire(onglet: Page, live_server: Any, monde: Monde) -> None:
    page = onglet
    page.goto(reverse("frontend:connexion"))

    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Aller au contenu")
    expect(page.locator(".lien-evitement")).to_be_in_viewport()  # visible when focused

    page.keyboard.press("Enter")  # to the main content
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "username")
    page.keyboard.type("ts.arras")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "password")
    page.keyboard.type(MOT_DE_PASSE)
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Se connecter")

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # Enter in the password field submits the form
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon suivi")


def test_tabulation_depuis_le_debut_de_page(onglet: Page, live_server: Any, monde: Monde) -> None:
    """Without the skip link: the header link, then the form fields in order, then the footer."""
    page = onglet
    page.goto(reverse("frontend:connexion"))
    ordre = []
    for _ in range(6):
        page.keyboard.press("Tab")
        ordre.append(
            page.evaluate("document.activeElement.name || document.activeElement.textContent.trim()")
        )
    assert ordre[0] == "Aller au contenu"
    assert ordre.index("username") < ordre.index("password") < ordre.index("Se connecter")


def test_recherche_instantanee_htmx_sous_csp(
    onglet_csp: Page, live_server: Any, monde: Monde, personnes: None
) -> None:
    """With the real Content-Security-Policy: htmx loads, refreshes the results while typing, pushes the
    URL, and the browser reports no policy violation."""
    page = onglet_csp
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    se_connecter(page, "ts.arras")
    page.goto(reverse("frontend:personne_recherche"))
    assert page.evaluate("typeof window.htmx") == "object"

    page.get_by_role("searchbox").press_sequentially("lefeb", delay=30)
    expect(page.locator("#resultats")).to_contain_text("LEFÈVRE Jeanne")
    expect(page.locator("#resultats-compte")).to_contain_text("1 personne trouvée pour « lefeb »")
    expect(page).to_have_url(re.compile(r"\?q=lefeb$"))
    assert violations == []


def test_formulaire_en_erreur_journal_et_declaration_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde, personnes: None
) -> None:
    page = onglet
    se_connecter(page, "accueil.arras")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Créer une fiche"
    ).click()
    page.get_by_role("button", name="Créer la fiche").click()

    resume = page.get_by_role("alert")
    expect(resume).to_contain_text("Le formulaire contient 4 erreurs.")
    expect(page).to_have_title("Erreur : Créer une fiche – Proche")
    verifier_axe(page, "formulaire de création en erreur")
    # Each error of the summary leads to its field.
    resume.get_by_role("link", name="Prénoms : Ce champ est obligatoire.").click()
    expect(page.locator(":focus")).to_have_attribute("id", "id_prenoms")

    # Logout is a POST form in the footer.
    page.get_by_role("contentinfo").get_by_role("button", name="Déconnexion").click()
    expect(page.get_by_role("status").first).to_contain_text("Vous avez été déconnecté.")

    se_connecter(page, "encadrant.arras")
    page.get_by_role("link", name="Journal des accès – LEFÈVRE Jeanne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal des accès")
    verifier_axe(page, "journal des accès")

    page.get_by_role("contentinfo").get_by_role("link", name="Accessibilité : partiellement conforme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d'accessibilité")
    verifier_axe(page, "déclaration d'accessibilité")


def test_focus_visible_et_contraste_du_lien_d_evitement(onglet: Page, live_server: Any, monde: Monde) -> None:
    page = onglet
    page.goto(reverse("frontend:connexion"))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the header link
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert style[0] == "solid" and style[1] >= 2


def test_affichage_mobile_sans_defilement_horizontal(
    onglet: Page, live_server: Any, monde: Monde, personnes: None
) -> None:
    page = onglet
    page.set_viewport_size({"width": 360, "height": 740})
    se_connecter(page, "ts.arras")
    for chemin in [reverse("frontend:accueil"), reverse("frontend:personne_recherche") + "?q=lefebvre"]:
        page.goto(chemin)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, chemin
    page.get_by_role("link", name="LEFÈVRE Jeanne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LEFÈVRE Jeanne")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    verifier_axe(page, "fiche sur mobile")
