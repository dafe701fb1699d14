"""One error shape for every error of the API, with French messages."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.exceptions import ValidationError

from api.errors import exception_handler
from tests.api.outils import verifier_erreur
from tests.conftest import Monde, client_de

pytestmark = pytest.mark.django_db


def test_anonyme_401_avec_www_authenticate(monde: Monde) -> None:
    reponse = Client().get(reverse("api:personne_liste"))
    erreur = verifier_erreur(reponse, 401, "non_authentifie")
    assert reponse["WWW-Authenticate"] == "Token"
    assert erreur["champs"] == {}


def test_jeton_invalide_401(monde: Monde) -> None:
    reponse = Client().get(reverse("api:territoire_liste"), HTTP_AUTHORIZATION="Token inconnu")
    verifier_erreur(reponse, 401, "non_authentifie")
    assert reponse["WWW-Authenticate"] == "Token"


def test_role_sans_acces_403_message_francais(monde: Monde) -> None:
    reponse = client_de(monde.elu_calaisis).get(reverse("api:personne_liste"))
    erreur = verifier_erreur(reponse, 403, "interdit")
    assert erreur["message"] == "Votre rôle ne permet pas de rechercher des personnes."


def test_fiche_inconnue_404(monde: Monde) -> None:
    url = reverse("api:personne_detail", kwargs={"public_id": uuid.uuid4()})
    erreur = verifier_erreur(client_de(monde.ts_arras).get(url), 404, "introuvable")
    assert erreur["message"] == "La ressource demandée est introuvable."


def test_adresse_inconnue_404_au_format_de_l_api(monde: Monde) -> None:
    client = client_de(monde.ts_arras)
    for url in (reverse("api:adresse_inconnue"), reverse("api:personne_liste") + "pas-un-uuid/"):
        erreur = verifier_erreur(client.get(url), 404, "introuvable")
        assert erreur["message"] == "Aucune ressource à cette adresse."


def test_methode_non_autorisee_405(monde: Monde, personne_arras: object) -> None:
    url = reverse("api:personne_detail", kwargs={"public_id": uuid.uuid4()})
    reponse = client_de(monde.ts_arras).delete(url)
    erreur = verifier_erreur(reponse, 405, "methode_non_autorisee")
    assert erreur["message"] == "La méthode DELETE n'est pas autorisée ici."
    assert set(reponse["Allow"].replace(" ", "").split(",")) >= {"GET", "PATCH"}


def test_json_mal_forme_400(monde: Monde) -> None:
    reponse = client_de(monde.ts_arras).post(
        reverse("api:personne_liste"), data="{pas du json", content_type="application/json"
    )
    erreur = verifier_erreur(reponse, 400, "requete_malformee")
    assert erreur["message"] == "Le corps de la requête est mal formé."


def test_type_de_contenu_non_supporte_415(monde: Monde) -> None:
    reponse = client_de(monde.ts_arras).post(
        reverse("api:personne_liste"), data="nom=x", content_type="text/plain"
    )
    verifier_erreur(reponse, 415, "type_de_contenu_non_supporte")


def test_donnees_invalides_400_par_champ(monde: Monde) -> None:
    reponse = client_de(monde.ts_arras).post(
        reverse("api:personne_liste"), data={"prenoms": "Jeanne"}, content_type="application/json"
    )
    erreur = verifier_erreur(reponse, 400, "donnees_invalides")
    assert erreur["message"] == "Les données envoyées sont invalides."
    assert erreur["champs"]["nom"] == ["Ce champ est obligatoire."]
    assert erreur["champs"]["date_naissance"] == ["Ce champ est obligatoire."]
    assert "prenoms" not in erreur["champs"]


def test_session_sans_jeton_csrf_refusee(monde: Monde) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(monde.ts_arras)
    reponse = client.post(reverse("api:personne_liste"), data={}, content_type="application/json")
    verifier_erreur(reponse, 403, "interdit")


def test_erreur_de_validation_d_une_action_garde_les_champs() -> None:
    exc = DjangoValidationError(
        {"siret": ["SIRET invalide."], "__all__": ["Une organisation avec ce SIRET existe déjà."]}
    )
    reponse = exception_handler(exc, {})
    assert reponse is not None
    assert reponse.status_code == 400
    assert reponse.data == {
        "erreur": {
            "code": "donnees_invalides",
            "message": "Les données envoyées sont invalides.",
            "champs": {
                "siret": ["SIRET invalide."],
                "non_field_errors": ["Une organisation avec ce SIRET existe déjà."],
            },
        }
    }


def test_erreur_de_validation_sans_champ() -> None:
    reponse = exception_handler(DjangoValidationError("Cette personne appartient déjà à un foyer."), {})
    assert reponse is not None
    assert reponse.data["erreur"]["champs"] == {
        "non_field_errors": ["Cette personne appartient déjà à un foyer."]
    }


def test_erreurs_imbriquees_aplaties() -> None:
    exc = ValidationError(
        {"adresse": {"commune": ["Commune inconnue : 99999."]}, "liste": [{}, {"x": ["y"]}]}
    )
    reponse = exception_handler(exc, {})
    assert reponse is not None
    assert reponse.data["erreur"]["champs"] == {
        "adresse.commune": ["Commune inconnue : 99999."],
        "liste.1.x": ["y"],
    }


def test_exception_inattendue_reste_une_500() -> None:
    assert exception_handler(RuntimeError("panne"), {}) is None


def test_un_refus_metier_a_la_forme_commune() -> None:
    from rest_framework.test import APIRequestFactory

    from api.errors import exception_handler
    from social.exceptions import DomainError

    requete = APIRequestFactory().get("/")
    reponse = exception_handler(
        DomainError("Ce parcours est déjà clos.", code="parcours_clos"), {"request": requete}
    )
    assert reponse is not None
    assert reponse.status_code == 400
    assert reponse.data == {
        "erreur": {"code": "parcours_clos", "message": "Ce parcours est déjà clos.", "champs": {}}
    }
