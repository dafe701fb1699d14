"""An évaluateur keeps the APA file of a pathway in a real browser: from the pathway page, the AGGIR grid
(GIR shown with its trace), then the plan d'aide (ceiling, participation, APA amount shown on the
pathway page); axe-core (WCAG 2.1 A/AA) on each page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from parcours import actions
from parcours.enums import LieuApa
from tests.browser.conftest import verifier_axe
from tests.browser.test_apa_simulateur import SELON_LE_DETAIL, A, B, C, cocher, montant, se_connecter
from tests.conftest import Monde
from tests.parcours.test_apa_dossier import il_y_a, parcours_apa

pytestmark = pytest.mark.browser


def test_evaluateur_saisit_la_grille_et_le_plan_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde
) -> None:
    parcours = parcours_apa(monde, recu=20)
    actions.apa_demande_enregistrer(
        parcours=parcours, demande_le=il_y_a(21), lieu=LieuApa.DOMICILE, acting_user=monde.evaluateur_arras
    )
    actions.apa_accuser_reception(
        parcours=parcours, accuse_le=il_y_a(15), pieces_manquantes=[], acting_user=monde.evaluateur_arras
    )
    page = onglet
    se_connecter(page, "evaluateur.arras")
    page.goto(reverse("frontend:parcours_detail", args=[parcours.public_id]))
    section = page.get_by_role("region", name="Allocation personnalisée d'autonomie")
    expect(section).to_contain_text("Notification de la décision (2 mois, R232-23)")
    verifier_axe(page, "parcours APA, dossier complet")

    section.get_by_role("link", name="Saisir l'évaluation AGGIR").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Évaluation médico-sociale : grille AGGIR")
    verifier_axe(page, "évaluation AGGIR, formulaire vide")
    page.get_by_label("Visite d'évaluation à domicile le").fill(il_y_a(10).isoformat())
    cocher(page, "1. Cohérence (obligatoire)", B)
    cocher(page, "2. Orientation (obligatoire)", B)
    page.get_by_text("Détailler : haut du corps, bas du corps").click()
    cocher(page, "Toilette – haut du corps", B)
    cocher(page, "Toilette – bas du corps", C)
    cocher(page, "3. Toilette (obligatoire)", SELON_LE_DETAIL)
    for legende, choix in [
        ("4. Habillage (obligatoire)", C),
        ("5. Alimentation (obligatoire)", B),
        ("6. Élimination (obligatoire)", C),
        ("7. Transferts (obligatoire)", C),
        ("8. Déplacements à l'intérieur (obligatoire)", B),
        ("9. Déplacements à l'extérieur (obligatoire)", C),
        ("10. Communication à distance (obligatoire)", A),
    ]:
        cocher(page, legende, choix)
    page.get_by_role("button", name="Enregistrer l'évaluation").click()

    section = page.get_by_role("region", name="Allocation personnalisée d'autonomie")
    expect(section).to_contain_text("GIR 2")
    section.get_by_text("Grille AGGIR et calcul du GIR (données de santé)").click()
    expect(section.get_by_role("table", name="Codes retenus pour les 10 variables")).to_contain_text(
        "haut du corps : B"
    )
    verifier_axe(page, "parcours APA, GIR et trace")

    section.get_by_role("link", name="Proposer le plan d'aide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer le plan d'aide")
    verifier_axe(page, "plan d'aide, formulaire vide")
    page.get_by_role("button", name="Proposer le plan d'aide").click()
    expect(page.get_by_role("alert")).to_contain_text("au moins une aide")
    verifier_axe(page, "plan d'aide, formulaire en erreur")
    ligne = page.get_by_role("group", name="Aide n° 1", exact=True)
    ligne.get_by_label("Type d'aide").select_option(label="Aide humaine – service prestataire")
    ligne.get_by_label("Quantité par mois").fill("60")
    ligne.get_by_label("Unité").select_option(label="heures par mois")
    ligne.get_by_label("Prix unitaire (en euros)").fill("25,00")
    page.get_by_label("Plan proposé le").fill(il_y_a(8).isoformat())
    page.get_by_label("Ressources mensuelles (en euros)").fill("1 800")
    page.get_by_role("button", name="Proposer le plan d'aide").click()

    section = page.get_by_role("region", name="Allocation personnalisée d'autonomie")
    expect(section).to_contain_text("Plafond du GIR 2 à la date")
    expect(section).to_contain_text(montant("1 682,30 €"))
    expect(section).to_contain_text(montant("298,39 €"))
    expect(section).to_contain_text(montant("1 201,61 €"))
    verifier_axe(page, "parcours APA, plan proposé")
