"""Partner organisations: read by every authenticated user, created by functional administrators only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from social.enums import TypeOrganisation
from social.models import Organisation
from tests import factories as f
from tests.api.outils import siret_valide, verifier_erreur
from tests.conftest import Monde, client_de

pytestmark = pytest.mark.django_db


def _creer(client: Client, **donnees: Any) -> Any:
    corps = {"nom": "Secours populaire d'Arras", "type": TypeOrganisation.ASSOCIATION, **donnees}
    return client.post(reverse("api:organisation_liste"), corps, content_type="application/json")


@pytest.mark.parametrize(
    "persona", ["ts_arras", "ts_calais", "partenaire_ml_calais", "elu_calaisis", "admin"]
)
def test_chaque_role_lit_les_organisations(monde: Monde, persona: str) -> None:
    client = client_de(getattr(monde, persona))
    corps = client.get(reverse("api:organisation_liste")).json()
    assert [o["nom"] for o in corps["results"]] == ["CCAS d'Arras", "Mission locale du Calaisis"]
    url = reverse("api:organisation_detail", kwargs={"public_id": monde.ml_calais.public_id})
    detail = client.get(url).json()
    assert detail["public_id"] == str(monde.ml_calais.public_id)
    assert detail["type"] == "mission_locale"
    assert detail["commune"] == {"code_insee": "62193", "nom": "Calais"}
    assert detail["url"] == f"http://testserver{url}"


def test_anonyme_401(monde: Monde) -> None:
    verifier_erreur(Client().get(reverse("api:organisation_liste")), 401, "non_authentifie")
    url = reverse("api:organisation_detail", kwargs={"public_id": monde.ml_calais.public_id})
    verifier_erreur(Client().get(url), 401, "non_authentifie")
    verifier_erreur(_creer(Client()), 401, "non_authentifie")


def test_filtres(monde: Monde) -> None:
    arrageois = monde.arras.territoire
    f.OrganisationFactory(nom="Association du Calaisis", territoire=monde.calais.territoire)
    f.OrganisationFactory(nom="Association d'Arras", territoire=arrageois, commune=monde.calais)
    client = client_de(monde.ts_arras)
    url = reverse("api:organisation_liste")

    def noms(**params: str) -> list[str]:
        reponse = client.get(url, params)
        assert reponse.status_code == 200
        return [o["nom"] for o in reponse.json()["results"]]

    assert noms(type="association") == ["Association d'Arras", "Association du Calaisis"]
    # The organisation's own territory first, its commune's otherwise.
    assert noms(territoire="arrageois") == ["Association d'Arras", "CCAS d'Arras"]
    assert noms(territoire="calaisis", type="mission_locale") == ["Mission locale du Calaisis"]
    erreur = verifier_erreur(client.get(url, {"type": "banque"}), 400, "donnees_invalides")
    assert list(erreur["champs"]) == ["type"]


def test_detail_inconnu_404(monde: Monde) -> None:
    url = reverse("api:organisation_detail", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"})
    verifier_erreur(client_de(monde.ts_arras).get(url), 404, "introuvable")


def test_l_administrateur_cree_une_organisation(monde: Monde) -> None:
    siret = siret_valide()
    reponse = _creer(
        client_de(monde.admin),
        siret=f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}",
        commune="62041",
        adresse="1 rue des Arts",
        telephone="0321000000",
        courriel="contact@example.org",
    )
    assert reponse.status_code == 201, reponse.content
    organisation = Organisation.objects.get(nom="Secours populaire d'Arras")
    assert organisation.siret == siret
    assert organisation.commune == monde.arras
    corps = reponse.json()
    assert corps["public_id"] == str(organisation.public_id)
    assert corps["siret"] == siret
    url = reverse("api:organisation_detail", kwargs={"public_id": organisation.public_id})
    assert reponse["Location"] == f"http://testserver{url}"


@pytest.mark.parametrize(
    "persona", ["ts_arras", "encadrant_arras", "ts_calais", "partenaire_ml_calais", "elu_calaisis"]
)
def test_seul_l_administrateur_cree(monde: Monde, persona: str) -> None:
    avant = Organisation.objects.count()
    erreur = verifier_erreur(_creer(client_de(getattr(monde, persona))), 403, "interdit")
    assert erreur["message"] == "Seuls les administrateurs fonctionnels peuvent modifier le référentiel."
    assert Organisation.objects.count() == avant


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("1234567890123", "Le SIRET doit comporter exactement 14 chiffres."),
        ("1234567890123A", "Le SIRET doit comporter exactement 14 chiffres."),
        (
            # A valid SIRET with its last digit changed fails the Luhn check.
            siret_valide()[:13] + str((int(siret_valide()[13]) + 1) % 10),
            "Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas).",
        ),
    ],
)
def test_siret_invalide_400(monde: Monde, siret: str, message: str) -> None:
    avant = Organisation.objects.count()
    erreur = verifier_erreur(_creer(client_de(monde.admin), siret=siret), 400, "donnees_invalides")
    assert erreur["champs"] == {"siret": [message]}
    assert Organisation.objects.count() == avant


def test_siret_deja_utilise_400(monde: Monde) -> None:
    siret = siret_valide()
    f.OrganisationFactory(siret=siret)
    erreur = verifier_erreur(_creer(client_de(monde.admin), siret=siret), 400, "donnees_invalides")
    assert erreur["champs"] == {"non_field_errors": ["Une organisation avec ce SIRET existe déjà."]}


def test_commune_inconnue_400(monde: Monde) -> None:
    avant = Organisation.objects.count()
    erreur = verifier_erreur(_creer(client_de(monde.admin), commune="99999"), 400, "donnees_invalides")
    assert erreur["champs"] == {"commune": ["Commune inconnue : 99999."]}
    assert Organisation.objects.count() == avant


def test_nombre_de_requetes_constant(monde: Monde, django_assert_num_queries: Callable[..., Any]) -> None:
    client = client_de(monde.partenaire_ml_calais)
    url = reverse("api:organisation_liste")
    # savepoint, session, user, count, page (commune and territory joined), release.
    with django_assert_num_queries(6):
        assert client.get(url).json()["count"] == 2
    for _ in range(30):
        f.OrganisationFactory(commune=monde.arras, territoire=monde.arras.territoire)
    with django_assert_num_queries(6):
        assert client.get(url).json()["count"] == 32
