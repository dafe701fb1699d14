"""Pages of the referrals to partner services: the block of the pathway page (refreshed in real time),
« Orienter vers un service » from the pathway and from a guide service, the partner's inbox, one referral
and its answer, the signed-link page; every persona, refusals with a clear message, journal, query count."""

from __future__ import annotations

import datetime
from html import escape
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.actions.orientations import jeton_reponse
from parcours.models import OrientationPartenaire
from parcours.models.orientations import StatutOrientationPartenaire
from social.enums import OperationJournal
from social.models import JournalAcces
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, texte, trouver, trouver_tous
from tests.parcours.fabriques_orientations import Scene, construire_scene, orientation_directe
from tests.parcours.factories import DesignationPartenaireFactory

pytestmark = pytest.mark.django_db
S = StatutOrientationPartenaire
HTMX = {"HTTP_HX_REQUEST": "true"}
# Session and user, perimeter, organisations, count, page, journal (lock, previous hash, row), savepoints.
# 15 since the caseload alerts read the dated "no contact" threshold (parameter, one query).
REQUETES_BOITE = 12


@pytest.fixture
def scene(monde: Monde) -> Scene:
    return construire_scene(monde)


def client(scene: Scene, persona: str) -> Client:
    return client_de(None if persona == "anonyme" else getattr(scene.monde, persona))


def verifier_statut(reponse: Any, attendu: int | str) -> None:
    if attendu == "connexion" and reponse.get("HX-Refresh"):
        assert reponse["HX-Refresh"] == "true"  # htmx request of an expired session: reload the page
    elif attendu == "connexion":
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))
    else:
        assert reponse.status_code == attendu, reponse.content[:500]


PAR_PERSONA_PARCOURS = {
    "ts_arras": 200,
    "encadrant_arras": 200,
    "accueil_arras": 403,
    "ts_calais": 404,
    "partenaire_ccas_arras": 404,
    "partenaire_ml_calais": 404,
    "elu_arrageois": 404,
    "anonyme": "connexion",
}


# The pathway page's block.


def test_la_page_du_parcours_charge_le_bloc_et_l_actualise_a_la_reponse(scene: Scene) -> None:
    page = document(
        client(scene, "ts_arras").get(reverse("frontend:parcours_detail", args=[scene.parcours.public_id]))
    )
    section = trouver(page, "section", id="orientations-partenaires")
    attrs = dict(section.attributes)
    assert attrs["hx-get"] == reverse("frontend:parcours_orientations", args=[scene.parcours.public_id])
    assert "proche:orientation.repondue from:body" in (attrs["hx-trigger"] or "")


@pytest.mark.parametrize(("persona", "attendu"), PAR_PERSONA_PARCOURS.items())
def test_le_bloc_des_orientations_par_persona(scene: Scene, persona: str, attendu: int | str) -> None:
    orientation = scene.orienter()
    reponse = client(scene, persona).get(
        reverse("frontend:parcours_orientations", args=[scene.parcours.public_id]), **HTMX
    )
    verifier_statut(reponse, attendu)
    if attendu == 200:
        contenu = reponse.content.decode()
        assert escape("Aide alimentaire d'urgence") in contenu and "En attente de réponse" in contenu
        assert "<html" not in contenu  # a fragment for htmx
        assert reverse("frontend:orientation_detail", args=[orientation.public_id]) in contenu


def test_le_bloc_sans_htmx_est_une_page(scene: Scene) -> None:
    scene.orienter()
    page = document(
        client(scene, "ts_arras").get(
            reverse("frontend:parcours_orientations", args=[scene.parcours.public_id])
        )
    )
    assert len(trouver_tous(page, "h1")) == 1


def test_le_partenaire_designe_ne_voit_dans_le_bloc_que_ses_orientations(scene: Scene) -> None:
    scene.orienter()
    scene.orienter(service=scene.service_calais)
    DesignationPartenaireFactory(parcours=scene.parcours, organisation=scene.monde.ml_calais)
    contenu = (
        client(scene, "partenaire_ml_calais")
        .get(reverse("frontend:parcours_orientations", args=[scene.parcours.public_id]), **HTMX)
        .content.decode()
    )
    assert "Accompagnement des jeunes" in contenu and "Aide alimentaire" not in contenu
    assert "Orienter vers un service" not in contenu


# Refer from the pathway.


def url_creer(scene: Scene) -> str:
    return reverse("frontend:orientation_creer", args=[scene.parcours.public_id])


@pytest.mark.parametrize(("persona", "attendu"), PAR_PERSONA_PARCOURS.items())
def test_orienter_depuis_le_parcours_par_persona(scene: Scene, persona: str, attendu: int | str) -> None:
    verifier_statut(client(scene, persona).get(url_creer(scene), {"q": "aide alimentaire"}), attendu)


def test_orienter_cherche_le_service_puis_enregistre_avec_le_consentement(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    agent = client(scene, "ts_arras")
    recherche = agent.get(url_creer(scene), {"q": "aide alimentaire"}).content.decode()
    assert f"?service={scene.service.public_id}" in recherche
    formulaire = document(agent.get(url_creer(scene), {"service": str(scene.service.public_id)}))
    for champ in trouver_tous(formulaire, "input") + trouver_tous(formulaire, "textarea"):
        attrs = dict(champ.attributes)
        if attrs.get("type") not in {"hidden", "radio", "submit"}:
            assert trouver_tous(formulaire, "label", **{"for": attrs["id"] or ""}), attrs
    donnees = {
        "service": str(scene.service.public_id),
        "message": "Aide alimentaire pour la famille.",
        "partager_nom": "on",
        "telephone": "06 11 22 33 44",
        "courriel": "",
        "consentement_mode": "oral_entretien",
        "consentement_le": timezone.localdate().isoformat(),
    }
    refus = agent.post(url_creer(scene), donnees)
    assert refus.status_code == 400
    assert "L'accord de la personne est nécessaire" in texte(trouver(document(refus), "div", role="alert"))
    assert not OrientationPartenaire.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = agent.post(url_creer(scene), {**donnees, "consentement": "on"})
    assert reponse.status_code == 302
    orientation = OrientationPartenaire.objects.get()
    assert (orientation.nom_partage, orientation.telephone_partage, orientation.courriel_partage) == (
        "Jeanne Lefèvre",
        "06 11 22 33 44",
        "",
    )
    assert len(mail.outbox) == 1
    # The domain's refusal lands on its field: a second referral to the same service is a conflict.
    doublon = agent.post(url_creer(scene), {**donnees, "consentement": "on"})
    assert doublon.status_code == 409
    assert "attend déjà une réponse" in doublon.content.decode()


def test_orienter_refuse_une_date_de_consentement_future(scene: Scene) -> None:
    demain = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    reponse = client(scene, "ts_arras").post(
        url_creer(scene),
        {
            "service": str(scene.service.public_id),
            "message": "Aide alimentaire.",
            "consentement_mode": "oral_entretien",
            "consentement_le": demain,
            "consentement": "on",
        },
    )
    assert reponse.status_code == 400
    assert "ne peut pas être dans le futur" in reponse.content.decode()
    assert not OrientationPartenaire.objects.exists()


# Refer from a guide service.


def test_depuis_la_fiche_du_service_choisir_le_parcours(scene: Scene) -> None:
    url_service = reverse("frontend:guide_service_detail", args=[scene.service.public_id])
    url_choix = reverse("frontend:orientation_depuis_service", args=[scene.service.public_id])
    assert url_choix in client(scene, "ts_arras").get(url_service).content.decode()
    assert url_choix not in client(scene, "partenaire_ccas_arras").get(url_service).content.decode()
    page = client(scene, "ts_arras").get(url_choix).content.decode()
    assert f"{url_creer(scene)}?service={scene.service.public_id}" in page
    # Another territory's worker does not follow this pathway: it is not offered.
    assert url_creer(scene) not in client(scene, "ts_calais").get(url_choix).content.decode()
    verifier_statut(client(scene, "anonyme").get(url_choix), "connexion")
    verifier_statut(client(scene, "elu_arrageois").get(url_choix), 403)
    verifier_statut(client(scene, "partenaire_ccas_arras").get(url_choix), 403)
    verifier_statut(client(scene, "accueil_arras").get(url_choix), 403)


# The inbox.

URL_BOITE = reverse("frontend:orientations_recues")


@pytest.mark.parametrize(
    ("persona", "attendu"),
    [
        ("partenaire_ccas_arras", 200),
        ("partenaire_ml_calais", 200),
        ("ts_arras", 403),
        ("elu_arrageois", 403),
        ("anonyme", "connexion"),
    ],
)
def test_la_boite_par_persona(scene: Scene, persona: str, attendu: int | str) -> None:
    orientation = scene.orienter()
    reponse = client(scene, persona).get(URL_BOITE)
    verifier_statut(reponse, attendu)
    lien = reverse("frontend:orientation_detail", args=[orientation.public_id])
    if persona == "partenaire_ccas_arras":
        assert lien in reponse.content.decode()
    elif attendu == 200:
        assert lien not in reponse.content.decode()


def test_la_boite_est_dans_la_navigation_des_partenaires(scene: Scene) -> None:
    assert (
        URL_BOITE in client(scene, "partenaire_ccas_arras").get(reverse("frontend:accueil")).content.decode()
    )
    assert URL_BOITE not in client(scene, "ts_arras").get(reverse("frontend:accueil")).content.decode()


def test_la_boite_filtre_pagine_et_journalise(scene: Scene) -> None:
    ouverte = scene.orienter()
    close = orientation_directe(scene, statut=S.VALIDEE, repondue_le=timezone.now())
    partenaire = client(scene, "partenaire_ccas_arras")
    avant = JournalAcces.objects.count()
    contenu = partenaire.get(URL_BOITE, {"statut": "validee"}).content.decode()
    assert reverse("frontend:orientation_detail", args=[close.public_id]) in contenu
    assert reverse("frontend:orientation_detail", args=[ouverte.public_id]) not in contenu
    ligne = JournalAcces.objects.order_by("-id").first()
    assert JournalAcces.objects.count() == avant + 1
    assert (ligne.operation, ligne.objet_ids, ligne.contexte) == (
        OperationJournal.LISTE,
        [scene.personne.public_id],
        "frontend:orientations_recues",
    )
    for _ in range(30):
        orientation_directe(scene)
    page_2 = partenaire.get(URL_BOITE, {"page": 2}).content.decode()
    assert "Page 2 sur 2" in page_2


def _requetes(client: Client) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(URL_BOITE).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def test_la_boite_fait_le_meme_nombre_de_requetes_pour_1_et_n_orientations(
    scene: Scene, django_assert_num_queries: Any
) -> None:
    partenaire = client(scene, "partenaire_ccas_arras")
    orientation_directe(scene)
    un = _requetes(partenaire)
    for _ in range(24):
        orientation_directe(scene)
    assert _requetes(partenaire) == un
    with django_assert_num_queries(REQUETES_BOITE):
        partenaire.get(URL_BOITE)


# One referral and its answer.


@pytest.mark.parametrize(
    ("persona", "attendu", "formulaire"),
    [
        ("partenaire_ccas_arras", 200, True),
        ("ts_arras", 200, False),
        ("partenaire_ml_calais", 404, False),
        ("ts_calais", 404, False),
        ("elu_arrageois", 404, False),
        ("anonyme", "connexion", False),
    ],
)
def test_le_detail_par_persona(scene: Scene, persona: str, attendu: int | str, formulaire: bool) -> None:
    orientation = scene.orienter()
    reponse = client(scene, persona).get(reverse("frontend:orientation_detail", args=[orientation.public_id]))
    verifier_statut(reponse, attendu)
    if attendu == 200:
        contenu = reponse.content.decode()
        assert "Jeanne Lefèvre" in contenu and escape("Demande d'aide alimentaire") in contenu
        assert ("Envoyer ma réponse" in contenu) is formulaire


def test_le_partenaire_refuse_avec_motif_depuis_sa_boite(scene: Scene) -> None:
    orientation = scene.orienter()
    url = reverse("frontend:orientation_repondre", args=[orientation.public_id])
    partenaire = client(scene, "partenaire_ccas_arras")
    refus = partenaire.post(url, {"decision": "refusee", "motif": ""})
    assert refus.status_code == 400
    assert "Indiquez le motif du refus" in texte(trouver(document(refus), "div", role="alert"))
    orientation.refresh_from_db()
    assert orientation.statut == S.OUVERTE
    assert partenaire.post(url, {"decision": "refusee", "motif": "Complet."}).status_code == 302
    orientation.refresh_from_db()
    assert (orientation.statut, orientation.reponse_motif) == (S.REFUSEE, "Complet.")
    deja = partenaire.post(url, {"decision": "validee"})
    assert deja.status_code == 409
    assert "déjà close" in deja.content.decode()


@pytest.mark.parametrize(
    ("persona", "attendu"),
    [
        ("partenaire_ml_calais", 404),
        ("ts_calais", 404),
        ("elu_arrageois", 404),
        ("ts_arras", 403),
        ("anonyme", "connexion"),
    ],
)
def test_repondre_hors_de_l_organisation(scene: Scene, persona: str, attendu: int | str) -> None:
    orientation = scene.orienter()
    reponse = client(scene, persona).post(
        reverse("frontend:orientation_repondre", args=[orientation.public_id]), {"decision": "validee"}
    )
    verifier_statut(reponse, attendu)
    orientation.refresh_from_db()
    assert orientation.statut == S.OUVERTE


# The signed link.


def url_lien(jeton: str) -> str:
    return reverse("frontend:orientation_lien", args=[jeton])


def test_le_lien_signe_montre_le_partage_et_permet_d_accepter_sans_compte(scene: Scene) -> None:
    orientation = scene.orienter()
    jeton = jeton_reponse(orientation)
    anonyme = Client()
    page = anonyme.get(url_lien(jeton))
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    contenu = page.content.decode()
    assert "Jeanne Lefèvre" in contenu and "06 12 34 56 78" in contenu
    # Nothing else of the file: not even the birth date.
    assert scene.personne.date_naissance.strftime("%d/%m/%Y") not in contenu
    ligne = JournalAcces.objects.order_by("-id").first()
    assert (ligne.utilisateur_id, ligne.contexte, ligne.objet_ids) == (
        0,
        "frontend:orientation_lien",
        [scene.personne.public_id],
    )
    refus = anonyme.post(url_lien(jeton), {"decision": "refusee"})
    assert refus.status_code == 400 and "Indiquez le motif du refus" in refus.content.decode()
    assert anonyme.post(url_lien(jeton), {"decision": "validee"}).status_code == 302
    orientation.refresh_from_db()
    assert (orientation.statut, orientation.canal_reponse) == (S.VALIDEE, "lien")
    apres = anonyme.get(url_lien(jeton)).content.decode()
    assert "Envoyer ma réponse" not in apres and "Cette orientation est close" in apres


def test_un_lien_modifie_affiche_une_page_claire_sans_rien_de_l_orientation(scene: Scene) -> None:
    orientation = scene.orienter()
    jeton = jeton_reponse(orientation)
    falsifie = jeton[:-2] + ("AA" if not jeton.endswith("AA") else "BB")
    for methode in ("get", "post"):
        reponse = getattr(Client(), methode)(
            url_lien(falsifie), {"decision": "validee"} if methode == "post" else {}
        )
        assert reponse.status_code == 400
        contenu = reponse.content.decode()
        assert escape("Ce lien de réponse n'est pas valide") in contenu
        assert "Jeanne" not in contenu and escape("Demande d'aide") not in contenu
    orientation.refresh_from_db()
    assert orientation.statut == S.OUVERTE


def test_un_lien_expire_affiche_une_page_claire(scene: Scene) -> None:
    orientation = scene.orienter()
    jeton = jeton_reponse(orientation, maintenant=timezone.now() - datetime.timedelta(days=9))
    reponse = Client().get(url_lien(jeton))
    assert reponse.status_code == 410
    assert "Ce lien de réponse a expiré" in reponse.content.decode()
    assert Client().post(url_lien(jeton), {"decision": "validee"}).status_code == 410
    orientation.refresh_from_db()
    assert orientation.statut == S.OUVERTE
