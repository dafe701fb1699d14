"""The reception agent finds a service for someone in a real browser: search, facets, the service's
page; axe-core (WCAG 2.1 A and AA) on every page, and htmx under the real CSP."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import verifier_axe
from tests.browser.test_parcours_agent import se_connecter
from tests.conftest import Monde
from tests.guide_ressources.fabriques import (
    ALIMENTATION,
    Guide,
    construire_guide,
    semer_referentiels_du_guide,
    service,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def guide(transactional_db: None, monde: Monde) -> Guide:
    # Live-server tests flush every table afterwards, the migration's seeded rows included.
    semer_referentiels_du_guide()
    guide = construire_guide(monde)
    service(
        structure=guide.ml_calais,
        nom="Aide alimentaire du Calaisis",
        thematiques=[ALIMENTATION],
        frais="gratuit",
        zone_territoires=["calaisis"],
    )
    return guide


def test_l_accueil_cherche_une_aide_alimentaire_filtre_et_ouvre_le_service(
    onglet: Page, live_server: Any, monde: Monde, guide: Guide
) -> None:
    page = onglet
    se_connecter(page, "accueil.arras")
    page.goto(reverse("frontend:guide_recherche"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Guide des ressources")
    expect(page).to_have_title("Guide des ressources – Proche")
    verifier_axe(page, "guide : recherche vide")

    page.get_by_role("searchbox", name="Rechercher un service").fill("aide alimentaire")
    page.get_by_role("button", name="Rechercher").click()
    statut = page.locator("#resultats-compte")
    expect(statut).to_have_text("2 services trouvés.")
    resultats = page.get_by_role("table")
    expect(resultats).to_contain_text("Aide alimentaire d'urgence")
    expect(resultats).to_contain_text("Aide alimentaire du Calaisis")
    verifier_axe(page, "guide : résultats")

    # Facets: the person lives in Arras, and the service must be free.
    page.get_by_label("Commune de la personne").fill("Arras")
    page.get_by_label("Frais").select_option("gratuit")
    page.get_by_role("button", name="Rechercher").click()
    expect(statut).to_have_text(
        "1 service trouvé. Ouverts aux habitants de Arras (sur 2 services toutes zones confondues)."
    )
    # Each choice tells how many services it would list, the other filters kept.
    expect(page.locator("#id_frais option:checked")).to_have_text("Gratuit (1)")
    expect(page.get_by_label("Commune de la personne")).to_have_value("Arras (62041)")
    expect(resultats).not_to_contain_text("Calaisis")
    verifier_axe(page, "guide : résultats filtrés")

    page.get_by_role("link", name="Aide alimentaire d'urgence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aide alimentaire d'urgence")
    expect(page.get_by_text("Pièce d'identité.")).to_be_visible()
    verifier_axe(page, "guide : page du service")

    page.get_by_role("link", name="CCAS d'Arras – pôle solidarités").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CCAS d'Arras – pôle solidarités")
    verifier_axe(page, "guide : page de la structure")


def test_recherche_instantanee_sous_csp(
    onglet_csp: Page, live_server: Any, monde: Monde, guide: Guide
) -> None:
    page = onglet_csp
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    se_connecter(page, "accueil.arras")
    page.goto(reverse("frontend:guide_recherche"))
    page.get_by_role("searchbox").press_sequentially("heberg", delay=30)
    expect(page.locator("#resultats")).to_contain_text("Hébergement d'urgence")
    expect(page.locator("#resultats-compte")).to_have_text("1 service trouvé.")
    expect(page).to_have_url(re.compile(r"q=heberg"))
    expect(page.locator("#id_frais option:checked")).to_have_text("Gratuit ou payant")
    expect(page.locator("#id_frais")).to_contain_text("Gratuit (1)")  # counts put in place after htmx
    page.get_by_label("Frais").focus()
    page.get_by_label("Frais").select_option("payant")  # a facet refreshes the results too
    expect(page.locator("#resultats-compte")).to_have_text("Aucun service trouvé.")
    expect(page).to_have_url(re.compile(r"frais=payant"))
    # Only the options were swapped: the list keeps its choice and the keyboard focus.
    expect(page.locator("#id_frais option:checked")).to_have_text("Payant (0)")
    expect(page.get_by_label("Frais")).to_be_focused()
    assert violations == []


def test_le_partenaire_gere_ses_fiches_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde, guide: Guide
) -> None:
    page = onglet
    se_connecter(page, "partenaire.ccas-arras")
    page.goto(reverse("frontend:guide_mes_fiches"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes fiches du guide")
    verifier_axe(page, "mes fiches")
    page.goto(reverse("frontend:guide_service_modifier", args=[guide.aide_alimentaire.public_id]))
    verifier_axe(page, "formulaire de service")
    page.get_by_label("Nom du service").fill("")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient 1 erreur.")
    verifier_axe(page, "formulaire de service en erreur")

    # Co-editors: name the Mission locale's partner, then remove her.
    page.goto(reverse("frontend:guide_structure_detail", args=[guide.ccas_arras.public_id]))
    page.get_by_role("link", name="Co-éditeurs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Co-éditeurs de CCAS d'Arras – pôle solidarités"
    )
    verifier_axe(page, "co-éditeurs")
    page.get_by_label("Courriel du compte").fill("inconnu@example.org")
    page.get_by_role("button", name="Autoriser").click()
    expect(page.get_by_role("alert")).to_contain_text("Aucun compte actif n'a cette adresse de courriel.")
    verifier_axe(page, "co-éditeurs en erreur")
    page.get_by_label("Courriel du compte").fill(monde.partenaire_ml_calais.email)
    page.get_by_role("button", name="Autoriser").click()
    expect(page.get_by_role("table")).to_contain_text(monde.partenaire_ml_calais.email)
    page.get_by_role("button", name=re.compile("^Retirer")).click()
    expect(page.get_by_text("Aucun co-éditeur.")).to_be_visible()
