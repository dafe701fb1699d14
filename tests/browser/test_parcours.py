"""The pathway pages in a real browser: ts.arras opens her caseload, an RSA pathway, records an
orientation and sees the contract deadline; the encadrant opens the dashboard. axe-core (WCAG 2.1 A and
AA) on every page, including the forms displayed with their errors."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from parcours import actions
from parcours.enums import StatutDroitRsa
from parcours.models import Parcours
from social.enums import OrganismePayeur
from social.parametres import ajouter_mois
from tests import factories as f
from tests.browser.conftest import verifier_axe
from tests.conftest import Monde
from tests.factories import MOT_DE_PASSE
from tests.parcours.factories import ouvrir

pytestmark = pytest.mark.browser


def se_connecter(page: Page, identifiant: str) -> None:
    page.goto(reverse("frontend:connexion"))
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def il_y_a(jours: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=jours)


@pytest.fixture
def rsa_arras(monde: Monde) -> Parcours:
    """Jeanne Lefèvre, in Arras: an RSA pathway at the MDS of Arras, ts.arras référent; the CAF told the
    département 5 days ago that the right was opened; she is « soumise aux droits et devoirs »."""
    personne = f.PersonneFactory(nom="Lefèvre", prenoms="Jeanne", commune=monde.arras)
    f.RattachementFactory(personne=personne, site=monde.mds_arras)
    parcours = ouvrir(
        personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras, date_reception=il_y_a(5)
    )
    actions.rsa_dossier_renseigner(
        parcours=parcours,
        statut_droit=StatutDroitRsa.OUVERT_VERSABLE,
        soumis_droits_devoirs=True,
        information_recue_le=il_y_a(5),
        organisme_payeur=OrganismePayeur.CAF,
        acting_user=monde.ts_arras,
    )
    # Another pathway of the caseload, opened 50 days ago (its orientation is overdue: on the dashboard).
    autre = f.PersonneFactory(nom="Martin", prenoms="Paul", commune=monde.arras)
    f.RattachementFactory(personne=autre, site=monde.mds_arras)
    ouvrir(
        autre, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras, date_reception=il_y_a(50)
    )
    return parcours


def test_orientation_rsa_et_date_limite_du_contrat_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde, rsa_arras: Parcours
) -> None:
    page = onglet
    se_connecter(page, "ts.arras")

    # The caseload.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mes parcours"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes parcours")
    expect(page.get_by_role("table")).to_contain_text("LEFÈVRE Jeanne")
    verifier_axe(page, "mes parcours")

    # The RSA pathway page: the section, the orientation due date.
    page.get_by_role("link", name=re.compile("LEFÈVRE Jeanne")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parcours RSA – LEFÈVRE Jeanne")
    section = page.get_by_role("region", name="Droits et orientation RSA")
    limite_orientation = il_y_a(5) + datetime.timedelta(weeks=6)
    expect(section).to_contain_text(f"Orientation à décider avant le {limite_orientation:%d/%m/%Y} inclus.")
    expect(section).to_contain_text("Droit ouvert et versable")
    verifier_axe(page, "parcours RSA à orienter")

    # The orientation form: first sent empty, its errors are summarised and checked by axe.
    section.get_by_role("link", name="Enregistrer l'orientation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer l'orientation")
    verifier_axe(page, "formulaire d'orientation")
    page.get_by_role("button", name="Enregistrer l'orientation").click()
    resume = page.get_by_role("alert")
    expect(resume).to_contain_text("Le formulaire contient 5 erreurs.")
    expect(page).to_have_title(re.compile(r"^Erreur : Orientation RSA – LEFÈVRE Jeanne"))
    verifier_axe(page, "formulaire d'orientation en erreur")
    resume.get_by_role("link", name=re.compile("^Parcours :")).click()
    expect(page.locator(":focus")).to_have_attribute("id", "id_parcours_type_0")

    decidee, notifiee = il_y_a(2), il_y_a(1)
    page.get_by_role("radio", name="Parcours social").check()
    page.get_by_label("Décision prise le").fill(decidee.isoformat())
    page.get_by_label("Décision notifiée le").fill(notifiee.isoformat())
    page.get_by_role("group", name=re.compile("^Situation vis-à-vis de l'emploi")).get_by_label(
        "Sans activité"
    ).check()
    page.get_by_label("Sans activité depuis (en mois)").fill("14")
    page.get_by_label(re.compile("^Niveau de qualification")).select_option(label="Niveau 3 (CAP, BEP)")
    page.get_by_label("Aspirations").fill("Travailler auprès des personnes âgées")
    freins = page.get_by_role("group", name="Difficultés")
    freins.get_by_label("Santé").check()
    freins.get_by_label("Mobilité").check()
    page.get_by_role("button", name="Enregistrer l'orientation").click()

    # Back on the pathway page: the contract deadline, one month after the notification.
    expect(page.get_by_role("heading", level=1)).to_have_text("Parcours RSA – LEFÈVRE Jeanne")
    limite = ajouter_mois(notifiee, 1).strftime("%d/%m/%Y")
    expect(page.get_by_role("status").first).to_contain_text("L'orientation a été enregistrée.")
    section = page.get_by_role("region", name="Droits et orientation RSA")
    expect(section).to_contain_text(f"Contrat d'engagement à signer avant le {limite}")
    expect(section).to_contain_text("Parcours social")
    expect(section).to_contain_text("Santé, Mobilité")
    expect(page.get_by_role("region", name="Échéances")).to_contain_text(limite)
    verifier_axe(page, "parcours RSA orienté")

    # The pathway page displayed with a form error (the exit needs a written motivation).
    page.get_by_role("button", name="Clôturer : sortie du dispositif").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient 1 erreur.")
    expect(page).to_have_title(re.compile(r"^Erreur : Parcours RSA – LEFÈVRE Jeanne"))
    verifier_axe(page, "parcours RSA avec une erreur de formulaire")

    # The contract form, and its refusal below 15 hours without a justification.
    page.goto(reverse("frontend:parcours_detail", args=[rsa_arras.public_id]))
    page.get_by_role("link", name="Enregistrer le contrat d'engagement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enregistrer le contrat d'engagement")
    page.get_by_label("Signé le").fill(timezone.localdate().isoformat())
    page.get_by_label("Heures d'activité par semaine").fill("10")
    page.get_by_label(re.compile("^Objectifs d'insertion")).fill("Reprendre un suivi médical ; permis B")
    page.get_by_role("button", name="Enregistrer le contrat").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Un contrat de moins de 15 heures d'activité par semaine doit être justifié"
    )
    verifier_axe(page, "formulaire de contrat en erreur")


def test_tableau_de_bord_de_l_encadrant_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde, rsa_arras: Parcours
) -> None:
    page = onglet
    se_connecter(page, "encadrant.arras")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Tableau de bord des parcours"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Échéances dans les 15 jours ou dépassées")).to_contain_text(
        "MARTIN Paul"
    )
    verifier_axe(page, "tableau de bord des parcours")
