"""The aid files of a pathway in a real browser, for the département's social worker (in full) and for
a designated partner (the summary): axe-core (WCAG 2.1 A and AA) on both versions of the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import verifier_axe
from tests.browser.test_parcours_agent import se_connecter
from tests.conftest import Monde
from tests.instances.fabriques import construire_conseils, demande, parcours_de
from tests.parcours.factories import DesignationPartenaireFactory

pytestmark = pytest.mark.browser


def test_resume_partenaire_et_liste_complete_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde
) -> None:
    conseils = construire_conseils(monde)
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=monde.ccas_arras)
    une = demande(parcours, montant="275")
    page = onglet

    se_connecter(page, "partenaire.ccas-arras")
    page.goto(reverse("frontend:parcours_detail", args=[parcours.public_id]))
    page.get_by_role("link", name="Demandes d'aide individuelle de ce parcours").click()
    tableau = page.get_by_role("table", name="Demandes d'aide déposées pour ce parcours")
    expect(tableau.get_by_role("rowheader", name=une.reference)).to_be_visible()
    expect(tableau).not_to_contain_text("275")
    verifier_axe(page, "demandes d'aide : résumé partenaire")

    page.context.clear_cookies()
    se_connecter(page, "ts.arras")
    page.goto(reverse("frontend:demandes_parcours", args=[parcours.public_id]))
    expect(page.get_by_role("link", name=une.reference)).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("275")
    verifier_axe(page, "demandes d'aide : liste de l'équipe")
