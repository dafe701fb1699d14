"""The documents section of a pathway page in a real browser: ts.arras files a disguised file (refused,
with its error summary), then a real PDF; the full timeline page. axe-core on each state."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from parcours.models import Parcours
from tests.browser.conftest import verifier_axe
from tests.browser.test_parcours import se_connecter
from tests.conftest import Monde
from tests.parcours.factories import NoteFactory, ouvrir
from tests.parcours.fichiers import HTML, pdf

pytestmark = pytest.mark.browser


def test_deposer_un_document_et_lire_la_chronologie_sans_violation_axe(
    onglet: Page, live_server: Any, monde: Monde
) -> None:
    from tests import factories as f

    personne = f.PersonneFactory(nom="Lefèvre", prenoms="Jeanne", commune=monde.arras)
    f.RattachementFactory(personne=personne, site=monde.mds_arras)
    # Through the opening action only: a designation would send a real-time notice (async) from inside
    # the browser's event loop.
    parcours: Parcours = ouvrir(personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    for i in range(30):
        NoteFactory(parcours=parcours, auteur=monde.ts_arras, texte=f"Entretien {i}")
    page = onglet
    se_connecter(page, "ts.arras")
    page.goto(reverse("frontend:parcours_detail", args=[parcours.public_id]))
    section = page.get_by_role("region", name="Documents")
    expect(section).to_contain_text("Aucun document.")
    expect(section).to_contain_text("PDF, image JPEG ou PNG, 10 Mo au plus.")

    # A web page named like a PDF: refused, the error summary leads to the field.
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "releve.pdf", "mimeType": "application/pdf", "buffer": HTML}]
    )
    page.get_by_label("Type de document").select_option(label="Justificatif de ressources")
    page.get_by_label(re.compile("^Titre")).fill("Relevé CAF")
    page.get_by_role("button", name="Déposer le document").click()
    resume = page.get_by_role("alert")
    expect(resume).to_contain_text("Ce fichier n'est ni un PDF, ni une image JPEG ou PNG.")
    verifier_axe(page, "dépôt de document refusé")

    # A real PDF.
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "releve.pdf", "mimeType": "application/pdf", "buffer": pdf()}]
    )
    page.get_by_label(re.compile("^Titre")).fill("Relevé CAF")
    page.get_by_role("button", name="Déposer le document").click()
    expect(page.get_by_role("status").first).to_contain_text("Le document a été déposé.")
    section = page.get_by_role("region", name="Documents")
    expect(section.get_by_role("link", name=re.compile("^Relevé CAF"))).to_be_visible()
    verifier_axe(page, "parcours avec un document")

    # The full timeline.
    page.get_by_role("link", name="Voir toute la chronologie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Chronologie du parcours RSA"))
    expect(page.get_by_role("main")).to_contain_text(
        "Document déposé (Justificatif de ressources) : Relevé CAF"
    )
    verifier_axe(page, "chronologie complète")
