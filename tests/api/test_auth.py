"""Token authentication, end to end; session authentication for the browser."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from social.models import JournalAcces, Personne
from tests.api.outils import verifier_erreur
from tests.conftest import Monde, client_de
from tests.factories import MOT_DE_PASSE

pytestmark = pytest.mark.django_db


def _jeton(username: str, password: str) -> tuple[int, dict[str, object]]:
    reponse = APIClient().post(
        reverse("api:token"), {"username": username, "password": password}, format="json"
    )
    return reponse.status_code, reponse.json()


def test_parcours_complet_du_jeton(monde: Monde, personne_arras: Personne) -> None:
    statut, corps = _jeton("ts.arras", MOT_DE_PASSE)
    assert statut == 200
    assert list(corps) == ["token"]
    assert Token.objects.get(user=monde.ts_arras).key == corps["token"]

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {corps['token']}")
    url = reverse("api:personne_detail", kwargs={"public_id": personne_arras.public_id})
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert reponse.json()["public_id"] == str(personne_arras.public_id)
    ligne = JournalAcces.objects.get()
    assert ligne.utilisateur_id == monde.ts_arras.pk
    assert ligne.contexte == "api:personne_detail"

    # Writes with a token need no CSRF token.
    reponse = client.patch(url, {"telephone": "0321000000"}, format="json")
    assert reponse.status_code == 200
    personne_arras.refresh_from_db()
    assert personne_arras.telephone == "0321000000"

    # Asking again gives the same token.
    assert _jeton("ts.arras", MOT_DE_PASSE) == (200, corps)


def test_le_jeton_d_un_autre_territoire_reste_cantonne(monde: Monde, personne_arras: Personne) -> None:
    _, corps = _jeton("ts.calais", MOT_DE_PASSE)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {corps['token']}")
    url = reverse("api:personne_detail", kwargs={"public_id": personne_arras.public_id})
    verifier_erreur(client.get(url), 404, "introuvable")


def test_mauvais_identifiants_meme_reponse_sans_indice(monde: Monde) -> None:
    monde.partenaire_ml_calais.is_active = False
    monde.partenaire_ml_calais.save(update_fields=["is_active"])
    reponses = [
        APIClient().post(reverse("api:token"), {"username": u, "password": p}, format="json")
        for u, p in [
            ("ts.arras", "mauvais-mot-de-passe"),
            ("personne.inconnue", MOT_DE_PASSE),
            ("partenaire.ml-calais", MOT_DE_PASSE),  # deactivated account
        ]
    ]
    for reponse in reponses:
        erreur = verifier_erreur(reponse, 400, "identifiants_invalides")
        assert erreur["message"] == "Identifiant ou mot de passe incorrect."
        assert erreur["champs"] == {}
    assert len({r.content for r in reponses}) == 1
    assert not Token.objects.exists()


def test_identifiants_manquants(monde: Monde) -> None:
    reponse = APIClient().post(reverse("api:token"), {"username": "ts.arras"}, format="json")
    erreur = verifier_erreur(reponse, 400, "donnees_invalides")
    assert erreur["champs"] == {"password": ["Ce champ est obligatoire."]}


def test_trop_de_tentatives_429(monde: Monde) -> None:
    client = APIClient()
    for _ in range(10):
        reponse = client.post(reverse("api:token"), {"username": "x", "password": "y"}, format="json")
        assert reponse.status_code == 400
    reponse = client.post(
        reverse("api:token"), {"username": "ts.arras", "password": MOT_DE_PASSE}, format="json"
    )
    erreur = verifier_erreur(reponse, 429, "trop_de_requetes")
    assert erreur["message"].startswith("Trop de requêtes : réessayez dans ")
    assert int(reponse["Retry-After"]) > 0


def test_la_session_du_navigateur_suffit(monde: Monde) -> None:
    assert client_de(monde.accueil_arras).get(reverse("api:territoire_liste")).status_code == 200
    verifier_erreur(Client().get(reverse("api:territoire_liste")), 401, "non_authentifie")
