"""An evaluator simulates an APA in a real browser: empty form, errors, a full grid typed with the mouse
and the keyboard, the result; axe-core (WCAG 2.1 A/AA) on each state of the page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import verifier_axe
from tests.conftest import Monde
from tests.factories import MOT_DE_PASSE

pytestmark = pytest.mark.browser

A = "A : fait seul, totalement, habituellement et correctement"
B = "B : fait partiellement, ou pas toujours, ou pas correctement"
C = "C : ne fait pas (ou il faut faire à sa place)"
SELON_LE_DETAIL = "Selon le détail ci-dessous (une réponse par sous-variable)"
ESPACE = r"[\s\u00a0\u202f]"  # a thousands separator or the space before "€", breaking or not


def montant(texte: str) -> re.Pattern[str]:
    """ "1 682,30 €" whatever the space used (normal, non-breaking, narrow non-breaking)."""
    return re.compile(re.escape(texte).replace(r"\ ", ESPACE))


def se_connecter(page: Page, identifiant: str) -> None:
    page.goto(reverse("frontend:connexion"))
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def variable(page: Page, legende: str) -> Locator:
    return page.get_by_role("group", name=legende, exact=True)


def cocher(page: Page, legende: str, choix: str) -> None:
    """With the mouse, on the label (a large target)."""
    variable(page, legende).get_by_role("radio", name=choix, exact=True).check()


def test_simulation_gir_2_au_clavier_et_a_la_souris_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde
) -> None:
    page = onglet
    se_connecter(page, "evaluateur.arras")
    page.goto(reverse("frontend:apa_simulateur"))
    expect(page).to_have_title("Simulateur APA – Proche")
    expect(page.get_by_role("heading", level=1)).to_have_text("Simulateur APA")
    verifier_axe(page, "simulateur APA, formulaire vide")

    # Sent empty: the error summary, then each link leads to its field.
    page.get_by_label("Date de calcul").fill("")
    page.get_by_role("button", name="Calculer").click()
    expect(page).to_have_title("Erreur : Simulateur APA – Proche")
    resume = page.get_by_role("alert")
    expect(resume).to_contain_text("Le formulaire contient 11 erreurs.")
    verifier_axe(page, "simulateur APA, formulaire en erreur")
    resume.get_by_role("link", name="Cohérence : Cochez A, B ou C, ou « Selon le détail ».").click()
    expect(page.locator(":focus")).to_have_id("id_coherence_0")

    # The grid of the GIR 2 example. Cohérence with the keyboard: the focus is on its first radio,
    # the arrow moves to B and checks it.
    page.keyboard.press("ArrowDown")
    expect(variable(page, "1. Cohérence (obligatoire)").get_by_role("radio", name=B)).to_be_checked()
    # Orientation: focus its first radio, down twice to C, then back up to B.
    premier = variable(page, "2. Orientation (obligatoire)").get_by_role("radio", name=A)
    premier.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(variable(page, "2. Orientation (obligatoire)").get_by_role("radio", name=C)).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(variable(page, "2. Orientation (obligatoire)").get_by_role("radio", name=B)).to_be_checked()

    # Toilette in detail: open the disclosure, code each sub-variable, choose "selon le détail".
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

    page.get_by_label("Ressources mensuelles (en euros)").fill("1800")
    page.get_by_label("Montant mensuel du plan d'aide proposé (en euros)").fill("1500")
    page.get_by_label("Date de calcul").fill("2026-01-15")
    page.get_by_role("button", name="Calculer").click()

    expect(page).to_have_title("Résultat : GIR 2 – Simulateur APA – Proche")
    resultat = page.get_by_role("region", name="Résultat de la simulation")
    expect(resultat).to_contain_text("GIR 2 (rang 7, décidé par le groupe D)")
    expect(resultat).to_contain_text(montant("1 682,30 €"))
    expect(resultat).to_contain_text(montant("298,39 €"))
    expect(resultat).to_contain_text(montant("1 201,61 €"))
    expect(resultat.get_by_role("heading", name="Comment c'est calculé")).to_be_visible()
    expect(resultat.get_by_role("table", name="Valeurs utilisées et leurs sources")).to_contain_text(
        "CASF R232-10"
    )
    # The input is kept below the result, ready for another try.
    expect(variable(page, "Toilette – bas du corps").get_by_role("radio", name=C)).to_be_checked()
    verifier_axe(page, "simulateur APA, résultat")


def test_gir_6_refus_sans_violation_axe(onglet: Page, live_server: Any, monde: Monde) -> None:
    page = onglet
    se_connecter(page, "ts.calais")
    page.goto(reverse("frontend:apa_simulateur"))
    for numero, nom in enumerate(
        [
            "Cohérence",
            "Orientation",
            "Toilette",
            "Habillage",
            "Alimentation",
            "Élimination",
            "Transferts",
            "Déplacements à l'intérieur",
            "Déplacements à l'extérieur",
            "Communication à distance",
        ],
        start=1,
    ):
        cocher(page, f"{numero}. {nom} (obligatoire)", A)
    page.get_by_role("button", name="Calculer").click()

    resultat = page.get_by_role("region", name="Résultat de la simulation")
    expect(resultat).to_contain_text("GIR 6 (rang 13, décidé par le groupe H)")
    expect(resultat).to_contain_text("caisse de retraite")
    expect(resultat).not_to_contain_text("Plafond du plan")
    verifier_axe(page, "simulateur APA, GIR 6")


def test_sans_defilement_horizontal_sur_mobile(onglet: Page, live_server: Any, monde: Monde) -> None:
    page = onglet
    page.set_viewport_size({"width": 360, "height": 740})
    se_connecter(page, "ts.arras")
    page.goto(reverse("frontend:apa_simulateur"))
    page.get_by_text("Détailler : se servir, manger").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
