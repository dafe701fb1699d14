"""Acceptance 6 of issue 4, in a real browser on the ASGI live server (HTTP and WebSockets): the reception
agent finds a food-aid service; the social worker refers a person to it; the CCAS partner accepts from
its inbox; the social worker sees the answer appear on the pathway page without reloading. axe-core
(WCAG 2.1 A and AA) on every page of the referrals, and the signed-link pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from parcours.actions.orientations import jeton_reponse
from parcours.models import OrientationPartenaire, PieceJointeOrientation
from parcours.models.orientations import StatutOrientationPartenaire
from tests.browser.conftest import contexte_asgi, verifier_axe
from tests.browser.test_parcours_agent import se_connecter
from tests.conftest import Monde
from tests.guide_ressources.fabriques import semer_referentiels_du_guide
from tests.parcours.fabriques_orientations import Scene, construire_scene, orientation_directe
from tests.parcours.fichiers import pdf

pytestmark = pytest.mark.browser

# Waiting for the real-time notice (htmx refetch after the WebSocket message).
DELAI_TEMPS_REEL = 15_000


@pytest.fixture
def scene(serveur_asgi: str, monde: Monde) -> Scene:
    # Live-server tests flush every table afterwards, the migrations' seeded rows included.
    semer_referentiels_du_guide()
    return construire_scene(monde)


def _onglet(navigateur: Browser, serveur_asgi: str) -> Iterator[Page]:
    contexte = contexte_asgi(navigateur, serveur_asgi)
    page = contexte.new_page()
    page.set_default_timeout(10_000)
    yield page
    contexte.close()


@pytest.fixture
def onglet_agent(navigateur: Browser, serveur_asgi: str) -> Iterator[Page]:
    yield from _onglet(navigateur, serveur_asgi)


@pytest.fixture
def onglet_partenaire(navigateur: Browser, serveur_asgi: str) -> Iterator[Page]:
    yield from _onglet(navigateur, serveur_asgi)


def _temps_reel_connecte(page: Page) -> None:
    """Wait until the server accepts this session's WebSocket (the page's own one opened just before)."""
    page.evaluate(
        """() => new Promise((ok, ko) => {
            const s = new WebSocket("ws://" + location.host + "/ws/notifications/");
            s.onopen = () => { s.close(); ok(true); };
            s.onerror = () => ko(new Error("WebSocket refusée"));
        })"""
    )


def test_orienter_accepter_et_voir_la_reponse_sans_recharger(
    onglet_agent: Page, onglet_partenaire: Page, scene: Scene
) -> None:
    agent, partenaire = onglet_agent, onglet_partenaire

    # The reception agent finds the service (tests/browser/test_guide.py covers the search in detail).
    se_connecter(agent, "accueil.arras")
    agent.goto(reverse("frontend:guide_recherche"))
    agent.get_by_role("searchbox", name="Rechercher un service").fill("aide alimentaire")
    agent.get_by_label("Commune de la personne").fill("Arras")
    agent.get_by_label("Frais").select_option(label="Gratuit")
    agent.get_by_role("button", name="Rechercher").click()
    expect(agent.locator("#resultats-compte")).to_have_text(
        "1 service trouvé. Ouverts aux habitants de Arras (sur 1 service toutes zones confondues)."
    )
    agent.get_by_role("link", name="Aide alimentaire d'urgence").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Aide alimentaire d'urgence")
    agent.get_by_role("button", name="Déconnexion").click()

    # The social worker refers the person from the pathway page.
    se_connecter(agent, "ts.arras")
    agent.goto(reverse("frontend:parcours_detail", args=[scene.parcours.public_id]))
    bloc = agent.locator("#orientations-partenaires")
    expect(bloc).to_contain_text("Aucune orientation vers un partenaire.")
    bloc.get_by_role("link", name="Orienter vers un service").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Orienter vers un service")
    verifier_axe(agent, "orienter : choisir le service")
    agent.get_by_label("Rechercher un service du guide").fill("aide alimentaire")
    agent.get_by_role("button", name="Rechercher").click()
    agent.get_by_role("link", name="Choisir ce service : Aide alimentaire d'urgence").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("Orienter vers « Aide alimentaire d'urgence »")
    verifier_axe(agent, "orienter : formulaire")
    agent.get_by_role("button", name="Envoyer l'orientation").click()
    expect(agent.get_by_role("alert")).to_contain_text("Le formulaire contient")
    verifier_axe(agent, "orienter : formulaire en erreur")
    agent.get_by_label("Message au partenaire").fill(
        "Famille sans ressources ce mois-ci : colis alimentaire."
    )
    agent.get_by_label("Transmettre le nom et le prénom de la personne").check()
    agent.get_by_label("Oral, lors d'un entretien").check()
    agent.get_by_label("La personne a donné son accord").check()
    # A document filed for the referral only (deleted when it closes).
    agent.get_by_label("Ou déposer un document pour cette orientation").set_input_files(
        {"name": "attestation.pdf", "mimeType": "application/pdf", "buffer": pdf()}
    )
    agent.get_by_label("Titre du document déposé").fill("Attestation CAF")
    agent.get_by_role("button", name="Envoyer l'orientation").click()
    expect(agent.get_by_role("heading", level=1)).to_contain_text("Parcours RSA")
    expect(bloc).to_contain_text("En attente de réponse")
    verifier_axe(agent, "page du parcours avec l'orientation")
    _temps_reel_connecte(agent)
    agent.evaluate("() => { window.procheSansRechargement = true; }")

    # The partner accepts from its inbox, in another browser context.
    se_connecter(partenaire, "partenaire.ccas-arras")
    partenaire.get_by_role("link", name="Orientations reçues").click()
    expect(partenaire.get_by_role("heading", level=1)).to_have_text("Orientations reçues")
    verifier_axe(partenaire, "orientations reçues")
    partenaire.get_by_role("link", name="Jeanne Lefèvre").click()
    expect(partenaire.get_by_text("Famille sans ressources ce mois-ci : colis alimentaire.")).to_be_visible()
    expect(partenaire.get_by_role("link", name="Télécharger « Attestation CAF » (PDF)")).to_be_visible()
    verifier_axe(partenaire, "orientation reçue")
    partenaire.get_by_label("J'accepte l'orientation").check()
    partenaire.get_by_role("button", name="Envoyer ma réponse").click()
    expect(partenaire.locator("#messages")).to_contain_text("Votre réponse est enregistrée")

    # The social worker sees the answer arrive without reloading.
    expect(bloc).to_contain_text("Acceptée par le partenaire", timeout=DELAI_TEMPS_REEL)
    assert agent.evaluate("() => window.procheSansRechargement === true")
    assert OrientationPartenaire.objects.get().statut == StatutOrientationPartenaire.VALIDEE
    # Closed: the attachment is withdrawn, the document filed for it deleted.
    piece = PieceJointeOrientation.objects.select_related("document").get()
    assert piece.retiree_le is not None and piece.document.est_supprime


def test_les_pages_du_lien_signe_sans_violation_axe(onglet_partenaire: Page, scene: Scene) -> None:
    page = onglet_partenaire
    # Written directly: the action's real-time notice would call async_to_sync in this thread, where
    # Playwright's sync API keeps its event loop running.
    orientation = orientation_directe(scene, message="Demande d'aide alimentaire pour la famille.")
    jeton = jeton_reponse(orientation)
    page.goto(reverse("frontend:orientation_lien", args=[jeton]))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Orientation vers « Aide alimentaire d'urgence »"
    )
    verifier_axe(page, "lien signé")
    page.get_by_label("Je refuse l'orientation").check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("alert")).to_contain_text("Indiquez le motif du refus")
    verifier_axe(page, "lien signé en erreur")
    page.get_by_label("Motif").fill("Nous n'avons plus de colis cette semaine.")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Cette orientation est close")).to_be_visible()
    page.goto(reverse("frontend:orientation_lien", args=[jeton[:-2] + "xx"]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lien de réponse inutilisable")
    verifier_axe(page, "lien invalide")
