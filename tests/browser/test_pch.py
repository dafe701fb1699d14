"""A social worker keeps the PCH of a pathway in a real browser: from the pathway page, a CDAPH decision
then its payments, a refused overrun shown on its field; axe-core (WCAG 2.1 A/AA) on each page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import verifier_axe
from tests.browser.test_apa_simulateur import montant, se_connecter
from tests.conftest import Monde
from tests.parcours.test_pch import parcours_pch

pytestmark = pytest.mark.browser

SECTION = "PCH : décisions de la CDAPH et versements"


def test_decision_et_versements_pch_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde, personne_arras: Any
) -> None:
    parcours = parcours_pch(monde, personne_arras)
    page = onglet
    se_connecter(page, "ts.arras")
    page.goto(reverse("frontend:parcours_detail", args=[parcours.public_id]))
    section = page.get_by_role("region", name=SECTION)
    expect(section).to_contain_text("Aucune décision de la CDAPH enregistrée.")
    verifier_axe(page, "parcours PCH sans décision")

    section.get_by_role("link", name="Enregistrer une décision de la CDAPH").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer une décision de la CDAPH")
    verifier_axe(page, "décision PCH, formulaire vide")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_role("alert")).to_be_visible()
    verifier_axe(page, "décision PCH, formulaire en erreur")
    page.get_by_label("Référence de la décision de la CDAPH").fill("CDAPH-2024-009")
    page.get_by_label("Décidée le").fill("2024-02-01")
    page.get_by_label("Notifiée le").fill("2024-02-05")
    page.get_by_label("Élément").select_option(label="Aménagement du logement")
    page.get_by_label("Montant total accordé (€)").fill("4000")
    page.get_by_label("Attribuée du").fill("2024-02-01")
    page.get_by_label("Attribuée jusqu'au").fill("2026-01-31")
    page.get_by_role("button", name="Enregistrer la décision").click()

    section = page.get_by_role("region", name=SECTION)
    decisions = section.get_by_role(
        "table", name="Décisions de la CDAPH par élément, la plus récente d'abord"
    )
    expect(decisions).to_contain_text("n° CDAPH-2024-009 du 01/02/2024")
    expect(decisions).to_contain_text(montant("4 000,00 €"))
    verifier_axe(page, "parcours PCH, décision enregistrée")

    section.get_by_role("link", name="Enregistrer un versement").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    verifier_axe(page, "versement PCH, formulaire vide")
    page.get_by_label("Décision de la CDAPH").select_option(index=1)
    page.get_by_label("Versé le").fill("2024-03-01")
    page.get_by_label("Montant (€)").fill("5000")
    page.get_by_label("Période payée du").fill("2024-03-01")
    page.get_by_label("Période payée au").fill("2024-03-01")
    page.get_by_role("button", name="Enregistrer le versement").click()
    expect(page.get_by_role("alert")).to_contain_text(montant("il reste 4 000,00 €"))
    expect(page.get_by_label("Montant (€)")).to_have_attribute("aria-invalid", "true")
    verifier_axe(page, "versement PCH, dépassement refusé")
    page.get_by_label("Montant (€)").fill("1500")
    page.get_by_role("button", name="Enregistrer le versement").click()

    section = page.get_by_role("region", name=SECTION)
    expect(section).to_contain_text(montant("1 500,00 € (reste 2 500,00 €)"))
    expect(section).to_contain_text(
        "Aménagement du logement : 1\u00a0500,00\u00a0€ versés sur 10\u00a0000,00\u00a0€"
    )
    verifier_axe(page, "parcours PCH, versement enregistré")
