"""Login, logout, and the redirection of anonymous users to the login page."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from social.models import Personne
from tests.conftest import Monde, client_de
from tests.factories import MOT_DE_PASSE
from tests.frontend.outils import document, texte, trouver

MESSAGE_ECHEC = "Identifiant ou mot de passe incorrect."


def resume_erreurs(response) -> str:  # type: ignore[no-untyped-def]
    return texte(trouver(document(response), "div", class_="resume-erreurs"))


def test_la_page_de_connexion_est_publique_et_en_francais(db: None) -> None:
    response = Client().get(reverse("frontend:connexion"))

    assert response.status_code == 200
    racine = document(response)
    assert texte(trouver(racine, "title")) == "Connexion – Proche"
    assert texte(trouver(racine, "label", for_="id_username")).startswith("Identifiant")
    assert texte(trouver(racine, "label", for_="id_password")).startswith("Mot de passe")
    # No autofocus: the skip link stays the first keyboard stop.
    assert b"autofocus" not in response.content


def test_connexion_reussie_vers_l_accueil(monde: Monde) -> None:
    client = Client()
    response = client.post(reverse("frontend:connexion"), {"username": "ts.arras", "password": MOT_DE_PASSE})

    assert response.status_code == 302
    assert response.url == reverse("frontend:accueil")
    assert int(client.session[SESSION_KEY]) == monde.ts_arras.pk


def test_echec_de_connexion_meme_message_que_le_compte_existe_ou_non(monde: Monde) -> None:
    """No existence oracle: unknown account, wrong password and disabled account read the same."""
    monde.partenaire_ml_calais.is_active = False
    monde.partenaire_ml_calais.save(update_fields=["is_active"])
    url = reverse("frontend:connexion")

    inconnu = Client().post(url, {"username": "personne.inconnue", "password": MOT_DE_PASSE})
    mauvais_mot_de_passe = Client().post(url, {"username": "ts.arras", "password": "pas-le-bon"})
    compte_desactive = Client().post(url, {"username": "partenaire.ml-calais", "password": MOT_DE_PASSE})

    for response in (inconnu, mauvais_mot_de_passe, compte_desactive):
        assert response.status_code == 200
        assert SESSION_KEY not in response.wsgi_request.session
    assert MESSAGE_ECHEC in resume_erreurs(inconnu)
    assert resume_erreurs(inconnu) == resume_erreurs(mauvais_mot_de_passe) == resume_erreurs(compte_desactive)
    assert texte(trouver(document(inconnu), "title")) == "Erreur : Connexion – Proche"


def test_un_utilisateur_connecte_est_renvoye_vers_l_accueil(monde: Monde) -> None:
    response = client_de(monde.ts_arras).get(reverse("frontend:connexion"))

    assert response.status_code == 302
    assert response.url == reverse("frontend:accueil")


def test_deconnexion_par_post_seulement(monde: Monde) -> None:
    client = client_de(monde.ts_arras)

    assert client.get(reverse("frontend:deconnexion")).status_code == 405
    response = client.post(reverse("frontend:deconnexion"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("frontend:connexion")
    assert SESSION_KEY not in client.session
    assert "Vous avez été déconnecté." in response.content.decode()


PAGES_PROTEGEES = [
    ("frontend:accueil", False),
    ("frontend:personne_recherche", False),
    ("frontend:personne_creer", False),
    ("frontend:personne_detail", True),
    ("frontend:personne_modifier", True),
    ("frontend:personne_acces", True),
    ("frontend:organisation_creer", False),
]


@pytest.mark.parametrize(("nom", "avec_personne"), PAGES_PROTEGEES)
def test_anonyme_redirige_vers_la_connexion(personne_arras: Personne, nom: str, avec_personne: bool) -> None:
    url = reverse(nom, args=[personne_arras.public_id]) if avec_personne else reverse(nom)

    response = Client().get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('frontend:connexion')}?next={url}"
