"""The observation dashboard in a real browser: encadrant.arras opens it, changes the period, downloads the
XLSX of a table and finds the same figures as on the page; axe-core (WCAG 2.1 A and AA) on the page, also
with its error summary."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from observation.actions import indicateurs_calculer
from tests.browser.conftest import verifier_axe
from tests.browser.test_parcours import se_connecter
from tests.conftest import Monde
from tests.observation.conftest import creer_parcours
from tests.observation.fabriques import orientations_de_la_scene

pytestmark = pytest.mark.browser


@pytest.fixture
def indicateurs(monde: Monde) -> None:
    for jour in (5, 12, 20):
        creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, jour))
    creer_parcours(
        site=monde.mds_arras, ouvert_le=datetime.date(2025, 2, 3), clos_le=datetime.date(2025, 3, 10)
    )
    creer_parcours(site=monde.mds_calais, ouvert_le=datetime.date(2025, 2, 3))
    indicateurs_calculer(depuis=None)


def test_encadrant_change_la_periode_et_exporte_le_tableau_en_xlsx(
    onglet: Page, live_server: Any, monde: Monde, indicateurs: None
) -> None:
    page = onglet
    se_connecter(page, "encadrant.arras")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Atlas des solidarités"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Atlas des solidarités")
    verifier_axe(page, "atlas des solidarités")

    page.get_by_label("Du mois").fill("2025-01")
    page.get_by_label("Au mois (inclus)").fill("2025-04")
    page.get_by_role("button", name="Afficher").click()
    table = page.locator("#table-parcours_ouverts")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(page.locator("#periode-affichee")).to_contain_text("janvier 2025")
    expect(
        page.get_by_role(
            "img", name="Parcours ouverts en fin de mois – MDS de l'Arrageois – tous dispositifs"
        )
    ).to_be_visible()
    sur_la_page = [
        (
            ligne.locator("th").get_attribute("data-mois"),
            ligne.locator("td").first.get_attribute("data-valeur"),
        )
        for ligne in table.locator("tbody tr").all()
    ]
    assert sur_la_page == [("2025-01", "3.00"), ("2025-02", "4.00"), ("2025-03", "3.00"), ("2025-04", "3.00")]
    verifier_axe(page, "atlas des solidarités, janvier à avril 2025")

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="XLSX – Parcours ouverts en fin de mois", exact=True).click()
    fichier = telechargement.value
    assert fichier.suggested_filename == "observation-parcours_ouverts-2025-01-2025-04.xlsx"
    feuille = load_workbook(io.BytesIO(fichier.path().read_bytes())).active
    assert feuille is not None
    dans_le_fichier = [(mois, valeur) for mois, valeur, *_ in feuille.iter_rows(min_row=2, values_only=True)]
    assert dans_le_fichier == [(mois, int(Decimal(valeur))) for mois, valeur in sur_la_page]
    assert "Calaisis" not in page.content()


def test_erreur_de_periode_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde, indicateurs: None
) -> None:
    page = onglet
    se_connecter(page, "encadrant.arras")
    page.goto("/observation/?du=2025-05&au=2025-01")

    expect(page.get_by_role("alert")).to_contain_text("Le mois de fin doit suivre le mois de début.")
    expect(page).to_have_title("Erreur : Atlas des solidarités – Proche")
    verifier_axe(page, "atlas des solidarités avec erreur")


def test_partenaire_voit_les_statistiques_de_ses_orientations_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde, indicateurs: None
) -> None:
    orientations_de_la_scene(monde)
    indicateurs_calculer(depuis=None)
    page = onglet
    se_connecter(page, "partenaire.ccas-arras")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Atlas des solidarités"
    ).click()
    page.get_by_label("Du mois").fill("2025-01")
    page.get_by_label("Au mois (inclus)").fill("2025-02")
    page.get_by_role("button", name="Afficher").click()

    table = page.locator("#table-orientations")
    expect(table.locator("tbody tr").first.locator("td").first).to_have_attribute("data-valeur", "6.00")
    expect(page.locator("#table-parcours_ouverts")).to_have_count(0)
    assert "Mission locale" not in page.content()
    verifier_axe(page, "atlas des solidarités d'un partenaire")
