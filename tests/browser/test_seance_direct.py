"""Acceptance 4 of issue 5, in a real browser on the ASGI live server (HTTP and WebSockets): the chair
conducts the live session and records a refusal with its motivation (G-2: refused without it); the
elected member's page, in another browser context, shows it without reload; once the session is
closed the notification letter is produced and its text carries the recourse mentions (G-3). axe-core
(WCAG 2.1 A and AA) on the session pages, for both."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from instances.actions import seance_point_courant_definir
from instances.enums import EtatSeance, IssueDecision
from instances.models import Decision, Seance
from parcours.documents import stockage
from tests.browser.conftest import contexte_asgi, verifier_axe
from tests.browser.test_parcours_agent import se_connecter
from tests.conftest import Monde
from tests.instances.fabriques import construire_conseils, seance_ouverte
from tests.instances.fabriques_pdf import texte_pdf

pytestmark = pytest.mark.browser

DELAI_TEMPS_REEL = 15_000
MOTIVATION = "Les ressources du foyer dépassent le barème du règlement du FSL."


def _dans_un_fil(fonction: Callable[[], Any]) -> Any:
    """Run ``fonction`` in its own thread: the actions' real-time notices call ``async_to_sync``, which
    cannot run in this thread while Playwright's sync API keeps its event loop here."""
    resultat: dict[str, Any] = {}

    def executer() -> None:
        try:
            resultat["valeur"] = fonction()
        except BaseException as exc:  # pragma: no cover - re-raised below
            resultat["erreur"] = exc
        finally:
            connections.close_all()

    fil = threading.Thread(target=executer)
    fil.start()
    fil.join()
    if "erreur" in resultat:
        raise resultat["erreur"]
    return resultat["valeur"]


@pytest.fixture
def seance_en_cours(serveur_asgi: str, monde: Monde) -> Seance:
    def construire() -> Seance:
        conseils = construire_conseils(monde)
        une_seance, points = seance_ouverte(conseils, dossiers=2)
        seance_point_courant_definir(seance=une_seance, point=points[0], acting_user=conseils.secretaire)
        return une_seance

    return _dans_un_fil(construire)


def _onglet(navigateur: Browser, serveur_asgi: str) -> Iterator[Page]:
    contexte = contexte_asgi(navigateur, serveur_asgi)
    page = contexte.new_page()
    page.set_default_timeout(10_000)
    yield page
    contexte.close()


@pytest.fixture
def onglet_presidente(navigateur: Browser, serveur_asgi: str) -> Iterator[Page]:
    yield from _onglet(navigateur, serveur_asgi)


@pytest.fixture
def onglet_membre(navigateur: Browser, serveur_asgi: str) -> Iterator[Page]:
    yield from _onglet(navigateur, serveur_asgi)


def test_la_presidente_refuse_et_le_membre_le_voit_sans_recharger(
    onglet_presidente: Page, onglet_membre: Page, seance_en_cours: Seance
) -> None:
    presidente, membre = onglet_presidente, onglet_membre
    url_direct = reverse("frontend:seance_direct", args=[seance_en_cours.public_id])

    # The elected member follows the session.
    se_connecter(membre, "elu.arrageois")
    membre.goto(reverse("frontend:seance", args=[seance_en_cours.public_id]))
    verifier_axe(membre, "séance (membre)")
    membre.get_by_role("link", name="Suivre la séance en direct").click()
    expect(membre.get_by_role("heading", level=1)).to_contain_text("En direct")
    expect(membre.locator("#seance-direct")).to_have_attribute("data-connecte", "oui")
    expect(membre.locator("#direct-statut")).to_contain_text("Dossier examiné : n° 1")
    verifier_axe(membre, "séance en direct (membre)")
    membre.evaluate("() => { window.procheSansRechargement = true; }")

    # The chair records a refusal: without its motivation it is refused (G-2), then with it.
    se_connecter(presidente, "presidente.arrageois")
    presidente.goto(url_direct)
    expect(presidente.get_by_role("heading", name="Décision sur le dossier n° 1")).to_be_visible()
    verifier_axe(presidente, "séance en direct (présidence)")
    presidente.get_by_role("radio", name="Refus").check()
    presidente.get_by_role("button", name="Enregistrer la décision").click()
    expect(presidente.get_by_role("alert")).to_contain_text("motiv")
    verifier_axe(presidente, "séance en direct (décision en erreur)")
    assert not Decision.objects.exists()
    presidente.get_by_label("Motivation").fill(MOTIVATION)
    presidente.get_by_role("button", name="Enregistrer la décision").click()
    expect(presidente.locator("#messages")).to_contain_text("La décision a été enregistrée")

    # The member's page shows it without reload.
    decisions = membre.locator("#decisions")
    expect(decisions).to_contain_text("Refus", timeout=DELAI_TEMPS_REEL)
    expect(decisions).to_contain_text(MOTIVATION)
    assert membre.evaluate("() => window.procheSansRechargement === true")

    # The chair moves to the second file: the member follows.
    presidente.get_by_label("Dossier à examiner").select_option(index=1)
    presidente.get_by_role("button", name="Examiner ce dossier").click()
    expect(membre.locator("#direct-statut")).to_contain_text(
        "Dossier examiné : n° 2", timeout=DELAI_TEMPS_REEL
    )
    # Announced to screen readers (a status region outside the refreshed fragment).
    expect(membre.locator("#direct-annonce")).to_contain_text("Dossier examiné : n° 2")
    presidente.get_by_role("radio", name="Ajournement").check()
    presidente.get_by_label("Motif de l'ajournement").fill("Il manque l'avis d'échéance du bailleur.")
    presidente.get_by_label("Nouvel examen le").fill("2030-01-15")
    presidente.get_by_role("button", name="Enregistrer la décision").click()
    expect(presidente.locator("#messages")).to_contain_text("La décision a été enregistrée")
    expect(decisions).to_contain_text("Ajournement", timeout=DELAI_TEMPS_REEL)

    # Closing; the member sees the state change; then the letter of the refusal.
    presidente.get_by_role("button", name="Clore la séance").click()
    expect(presidente.locator("#messages")).to_contain_text("La séance est close")
    expect(membre.locator("#direct-statut")).to_contain_text("Séance : Clôturée", timeout=DELAI_TEMPS_REEL)
    assert membre.evaluate("() => window.procheSansRechargement === true")
    presidente.goto(reverse("frontend:seance", args=[seance_en_cours.public_id]))
    verifier_axe(presidente, "séance close (présidence)")
    refus = Decision.objects.select_related("point").get(issue=IssueDecision.REFUS)
    presidente.locator("li", has_text="Refus").get_by_role("button", name="Produire la lettre").click()
    expect(presidente.locator("#messages")).to_contain_text("La lettre de notification a été produite")
    refus.refresh_from_db()
    assert refus.lettre is not None
    with stockage().open(refus.lettre.chemin, "rb") as fichier:
        texte = texte_pdf(fichier.read())
    assert "Votre demande est refusée." in texte
    assert MOTIVATION in texte
    assert "Voies et délais de recours" in texte
    assert "délai de 2 mois" in texte
    assert "Recours contentieux" in texte and "tribunal administratif" in texte
    assert Seance.objects.get(pk=seance_en_cours.pk).etat == EtatSeance.CLOTUREE
