"""Creating a partner organisation (functional administrators only)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from social.enums import TypeOrganisation
from social.models import Organisation
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, texte, trouver, trouver_tous

URL = reverse("frontend:organisation_creer")
SIRET_VALIDE = "73282932000074"


def donnees(**changements: str) -> dict[str, str]:
    return {
        "nom": "Secours solidaire d'Arras",
        "type": TypeOrganisation.ASSOCIATION,
        "commune": "62041",
        **changements,
    }


def erreurs_du_champ(response, nom: str) -> list[str]:  # type: ignore[no-untyped-def]
    liste = trouver(document(response), "ul", id=f"id_{nom}-erreurs")
    return [texte(li) for li in trouver_tous(liste, "li")]


def test_l_administrateur_fonctionnel_ouvre_le_formulaire(monde: Monde) -> None:
    response = client_de(monde.admin).get(URL)

    assert response.status_code == 200
    racine = document(response)
    assert texte(trouver(racine, "h1")) == "Créer une organisation"
    for nom in ["nom", "type", "siret", "commune", "territoire", "adresse", "telephone", "courriel"]:
        trouver(racine, "label", for_=f"id_{nom}")


@pytest.mark.parametrize(
    "persona", ["accueil_arras", "ts_arras", "encadrant_arras", "partenaire_ccas_arras", "elu_calaisis"]
)
def test_les_autres_roles_recoivent_un_403(monde: Monde, persona: str) -> None:
    client = client_de(getattr(monde, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, donnees()).status_code == 403
    assert Organisation.objects.count() == 2


def test_anonyme_redirige(db: None) -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("frontend:connexion"))


def test_creation_reussie(monde: Monde) -> None:
    response = client_de(monde.admin).post(
        URL, donnees(siret="732 829 320 00074", territoire=str(monde.arras.territoire_id)), follow=True
    )

    organisation = Organisation.objects.get(nom="Secours solidaire d'Arras")
    assert organisation.siret == SIRET_VALIDE
    assert organisation.commune == monde.arras
    assert organisation.territoire == monde.arras.territoire
    assert response.redirect_chain == [(reverse("frontend:accueil"), 302)]
    assert "L'organisation Secours solidaire d'Arras a été créée." in texte(
        trouver(document(response), "div", role="status")
    )


def test_siret_invalide_erreur_claire_rien_n_est_enregistre(monde: Monde) -> None:
    response = client_de(monde.admin).post(URL, donnees(siret="73282932000075"))

    assert response.status_code == 200
    assert erreurs_du_champ(response, "siret") == [
        "Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas)."
    ]
    assert attributs(trouver(document(response), "input", name="siret"))["aria-invalid"] == "true"
    assert not Organisation.objects.filter(nom="Secours solidaire d'Arras").exists()


def test_siret_de_13_chiffres(monde: Monde) -> None:
    response = client_de(monde.admin).post(URL, donnees(siret="7328293200007"))

    assert erreurs_du_champ(response, "siret") == ["Le SIRET doit comporter exactement 14 chiffres."]
    assert not Organisation.objects.filter(nom="Secours solidaire d'Arras").exists()


def test_siret_deja_utilise(monde: Monde) -> None:
    client = client_de(monde.admin)
    client.post(URL, donnees(siret=SIRET_VALIDE))

    response = client.post(URL, donnees(nom="Doublon", siret=SIRET_VALIDE))

    assert response.status_code == 200
    assert "Une organisation avec ce SIRET existe déjà." in texte(
        trouver(document(response), "div", role="alert")
    )
    assert not Organisation.objects.filter(nom="Doublon").exists()


def test_commune_inconnue_et_type_obligatoire(monde: Monde) -> None:
    response = client_de(monde.admin).post(URL, donnees(commune="00000", type=""))

    assert erreurs_du_champ(response, "commune") == [
        "Commune inconnue : 00000. Indiquez le code INSEE à 5 chiffres."
    ]
    assert erreurs_du_champ(response, "type") == ["Ce champ est obligatoire."]
    assert Organisation.objects.count() == 2
