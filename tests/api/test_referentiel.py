"""Reference data (territories, communes, sites): every authenticated user reads it, anonymous gets 401."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from social.enums import TypeSite
from tests import factories as f
from tests.api.outils import verifier_erreur
from tests.conftest import Monde, client_de

pytestmark = pytest.mark.django_db

# Every persona reads reference data; it holds no personal data.
PERSONAS = ["ts_arras", "ts_calais", "partenaire_ml_calais", "elu_calaisis", "admin"]


def _urls(monde: Monde) -> list[str]:
    return [
        reverse("api:territoire_liste"),
        reverse("api:territoire_detail", kwargs={"code": "arrageois"}),
        reverse("api:commune_liste"),
        reverse("api:commune_detail", kwargs={"code_insee": "62041"}),
        reverse("api:site_liste"),
        reverse("api:site_detail", kwargs={"pk": monde.mds_arras.pk}),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_chaque_role_lit_le_referentiel(monde: Monde, persona: str) -> None:
    client = client_de(getattr(monde, persona))
    for url in _urls(monde):
        assert client.get(url).status_code == 200, url


def test_anonyme_401(monde: Monde) -> None:
    for url in _urls(monde):
        verifier_erreur(Client().get(url), 401, "non_authentifie")


def test_territoires(monde: Monde) -> None:
    client = client_de(monde.ts_calais)
    corps = client.get(reverse("api:territoire_liste")).json()
    assert corps["count"] == 2
    assert corps["results"] == [
        {"code": "arrageois", "nom": "Arrageois"},
        {"code": "calaisis", "nom": "Calaisis"},
    ]
    url = reverse("api:territoire_detail", kwargs={"code": "calaisis"})
    assert client.get(url).json() == {"code": "calaisis", "nom": "Calaisis"}
    verifier_erreur(
        client.get(reverse("api:territoire_detail", kwargs={"code": "inconnu"})), 404, "introuvable"
    )


def test_communes_et_filtres(monde: Monde) -> None:
    f.CommuneFactory(
        code_insee="62300", nom="Éperlecques", codes_postaux=["62910"], territoire=monde.calais.territoire
    )
    client = client_de(monde.partenaire_ml_calais)
    url = reverse("api:commune_liste")

    def codes(**params: str) -> list[str]:
        reponse = client.get(url, params)
        assert reponse.status_code == 200
        return [c["code_insee"] for c in reponse.json()["results"]]

    assert codes() == ["62041", "62193", "62300"]
    assert codes(territoire="calaisis") == ["62193", "62300"]
    assert codes(q="eper") == ["62300"]  # accent-insensitive
    assert codes(q="ÉPER") == ["62300"]
    assert codes(q="ar") == ["62041"]  # a prefix, not a substring ("Calais" contains no "ar" prefix)
    assert codes(code_postal="62100") == ["62193"]
    assert codes(territoire="calaisis", q="cal") == ["62193"]
    erreur = verifier_erreur(client.get(url, {"code_postal": "621"}), 400, "donnees_invalides")
    assert list(erreur["champs"]) == ["code_postal"]

    detail = client.get(reverse("api:commune_detail", kwargs={"code_insee": "62041"})).json()
    assert detail == {
        "code_insee": "62041",
        "nom": "Arras",
        "codes_postaux": ["62000"],
        "population": 1000,
        "territoire": {"code": "arrageois", "nom": "Arrageois"},
    }
    verifier_erreur(
        client.get(reverse("api:commune_detail", kwargs={"code_insee": "99999"})), 404, "introuvable"
    )


def test_sites_et_filtres(monde: Monde) -> None:
    client = client_de(monde.elu_calaisis)
    url = reverse("api:site_liste")

    def noms(**params: str) -> list[str]:
        return [s["nom"] for s in client.get(url, params).json()["results"]]

    assert set(noms(territoire="arrageois")) == {"Maison de l'Autonomie de l'Arrageois", "MDS de l'Arrageois"}
    assert noms(type=TypeSite.MAISON_AUTONOMIE) == ["Maison de l'Autonomie de l'Arrageois"]
    assert noms(territoire="calaisis", type=TypeSite.MDS) == ["MDS du Calaisis"]
    verifier_erreur(client.get(url, {"type": "chateau"}), 400, "donnees_invalides")

    detail = client.get(reverse("api:site_detail", kwargs={"pk": monde.mds_calais.pk})).json()
    assert detail["nom"] == "MDS du Calaisis"
    assert detail["type"] == "mds"
    assert detail["territoire"] == {"code": "calaisis", "nom": "Calaisis"}
    assert detail["communes_desservies"] == ["62193"]
    verifier_erreur(client.get(reverse("api:site_detail", kwargs={"pk": 0})), 404, "introuvable")


def _nombre_de_requetes(
    django_assert_num_queries: Callable[..., Any], client: Client, url: str, attendu: int, lignes: int
) -> None:
    with django_assert_num_queries(attendu):
        reponse = client.get(url)
    assert reponse.json()["count"] == lignes


def test_nombre_de_requetes_constant(monde: Monde, django_assert_num_queries: Callable[..., Any]) -> None:
    client = client_de(monde.ts_arras)
    # The request's savepoint (ATOMIC_REQUESTS) and its release, session, user, count, page, and for
    # sites the served communes (prefetched in one query).
    attendus = {"api:territoire_liste": 6, "api:commune_liste": 6, "api:site_liste": 7}
    for nom, attendu in attendus.items():
        _nombre_de_requetes(
            django_assert_num_queries,
            client,
            reverse(nom),
            attendu,
            lignes=2 if nom != "api:site_liste" else 3,
        )
    for _ in range(20):
        territoire = f.TerritoireFactory()
        commune = f.CommuneFactory(territoire=territoire)
        f.SiteFactory(territoire=territoire, communes=[commune, monde.arras], commune=commune)
    for nom, attendu in attendus.items():
        _nombre_de_requetes(
            django_assert_num_queries,
            client,
            reverse(nom),
            attendu,
            lignes=22 if nom != "api:site_liste" else 23,
        )
