"""A social worker opens an RSA sanction procedure in a real browser: from the pathway page, the failure
recorded (a refused empty form first), then the person invited to present observations; axe-core (WCAG
2.1 A/AA) on each page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import verifier_axe
from tests.browser.test_apa_simulateur import se_connecter
from tests.conftest import Monde
from tests.parcours.test_rsa_sanctions import accompagne

pytestmark = pytest.mark.browser

SECTION = "Sanctions et réorientation"


def test_procedure_de_sanction_rsa_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde, personne_arras: Any
) -> None:
    parcours = accompagne(monde, personne_arras)
    page = onglet
    se_connecter(page, "ts.arras")
    page.goto(reverse("frontend:parcours_detail", args=[parcours.public_id]))
    section = page.get_by_role("region", name=SECTION)
    expect(section.get_by_role("link", name="Demander une réorientation")).to_be_visible()
    verifier_axe(page, "parcours RSA, section sanctions")

    section.get_by_role("link", name="Constater un manquement").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    verifier_axe(page, "manquement, formulaire vide")
    page.get_by_role("button", name="Ouvrir la procédure").click()
    expect(page.get_by_role("alert")).to_be_visible()
    verifier_axe(page, "manquement, formulaire en erreur")
    page.get_by_role("group", name="Motif du manquement").get_by_label(
        "Refus d'élaborer ou d'actualiser le contrat d'engagement"
    ).check()
    page.get_by_role("group", name="Rang").get_by_label("Premier manquement").check()
    page.get_by_label("Constaté le").fill("2026-01-05")
    page.get_by_label("Faits").fill("Refus de signer le contrat d'engagement.")
    page.get_by_role("button", name="Ouvrir la procédure").click()

    section = page.get_by_role("region", name=SECTION)
    expect(section.get_by_role("heading", level=3).first).to_have_text(
        "Procédure ouverte le 05/01/2026 : Manquement constaté"
    )
    verifier_axe(page, "parcours RSA, manquement constaté")

    section.get_by_role("link", name="Inviter la personne à présenter ses observations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inviter la personne à présenter ses observations"
    )
    verifier_axe(page, "observations, formulaire vide")
    page.get_by_label("Personne invitée à présenter ses observations le").fill("2026-01-06")
    page.get_by_role("button", name="Enregistrer l'invitation").click()
    section = page.get_by_role("region", name=SECTION)
    expect(section.get_by_role("heading", level=3).first).to_have_text(
        "Procédure ouverte le 05/01/2026 : Observations demandées"
    )
    verifier_axe(page, "parcours RSA, observations demandées")
