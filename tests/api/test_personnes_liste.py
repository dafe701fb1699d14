"""GET personnes/: the scoped list and search, one journal row per page with the ids shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from social.enums import OperationJournal
from social.models import Personne
from tests import factories as f
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, nir_valide, verifier_erreur
from tests.conftest import Monde, client_de

pytestmark = pytest.mark.django_db

URL = "api:personne_liste"
# savepoint, session, user, perimeter (assignments and memberships, one query), count, page (commune
# joined), journal (advisory lock, last hash, insert), release: whatever the page size.
REQUETES_LISTE = 10


@pytest.fixture
def personne_calais(monde: Monde) -> Personne:
    return f.PersonneFactory(nom="Martin", prenoms="Louis", commune=monde.calais)


def _noms(reponse: Any) -> list[str]:
    assert reponse.status_code == 200, reponse.content
    return [p["nom"] for p in reponse.json()["results"]]


@pytest.mark.parametrize(
    ("persona", "attendus"),
    [
        ("ts_arras", ["Lefèvre"]),
        ("accueil_arras", ["Lefèvre"]),
        ("ts_calais", ["Martin"]),  # other territory: her own people only
        ("partenaire_ccas_arras", []),  # no person designated to her organisation
        ("partenaire_ml_calais", []),  # other organisation
    ],
)
def test_chacun_voit_son_perimetre(
    monde: Monde, personne_arras: Personne, personne_calais: Personne, persona: str, attendus: list[str]
) -> None:
    assert _noms(client_de(getattr(monde, persona)).get(reverse(URL))) == attendus


@pytest.mark.parametrize("persona", ["elu_calaisis", "elu_arrageois", "admin"])
def test_roles_sans_recherche_403(monde: Monde, personne_arras: Personne, persona: str) -> None:
    depuis = dernier_id_journal()
    verifier_erreur(client_de(getattr(monde, persona)).get(reverse(URL)), 403, "interdit")
    assert lignes_journal_depuis(depuis) == []


def test_anonyme_401(monde: Monde, personne_arras: Personne) -> None:
    verifier_erreur(Client().get(reverse(URL)), 401, "non_authentifie")


def test_le_partenaire_designe_voit_la_personne(monde: Monde, personne_arras: Personne) -> None:
    f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)
    assert _noms(client_de(monde.partenaire_ccas_arras).get(reverse(URL))) == ["Lefèvre"]


def test_champs_sans_nir(monde: Monde, personne_arras: Personne) -> None:
    personne_arras.nir = nir_valide()
    personne_arras.save(update_fields=["nir"])
    reponse = client_de(monde.ts_arras).get(reverse(URL))
    corps = reponse.json()
    assert corps["count"] == 1
    assert corps["next"] is None
    assert corps["previous"] is None
    detail = reverse("api:personne_detail", kwargs={"public_id": personne_arras.public_id})
    assert corps["results"] == [
        {
            "public_id": str(personne_arras.public_id),
            "nom": "Lefèvre",
            "nom_naissance": "",
            "prenoms": "Jeanne",
            "date_naissance": "1980-05-17",
            "sexe": "X",
            "commune": {"code_insee": "62041", "nom": "Arras"},
            "url": f"http://testserver{detail}",
        }
    ]
    assert nir_valide() not in reponse.content.decode()


def test_une_ligne_de_journal_par_page_avec_les_ids_affiches(monde: Monde) -> None:
    personnes = [f.PersonneFactory(nom=f"Nom{i:02d}", commune=monde.arras) for i in range(5)]
    depuis = dernier_id_journal()
    reponse = client_de(monde.ts_arras).get(reverse(URL), {"taille": 2, "page": 2})
    corps = reponse.json()
    assert corps["count"] == 5
    assert corps["previous"] is not None
    assert corps["next"] is not None
    affiches = [p["public_id"] for p in corps["results"]]
    assert affiches == [str(p.public_id) for p in personnes[2:4]]
    (ligne,) = lignes_journal_depuis(depuis)
    assert ligne.operation == OperationJournal.LISTE
    assert ligne.objet_type == "personne"
    assert [str(i) for i in ligne.objet_ids] == affiches
    assert ligne.utilisateur_id == monde.ts_arras.pk
    assert ligne.contexte == "api:personne_liste"
    assert ligne.ip == "127.0.0.1"


def test_page_vide_sans_journal(monde: Monde) -> None:
    depuis = dernier_id_journal()
    assert _noms(client_de(monde.partenaire_ml_calais).get(reverse(URL))) == []
    assert lignes_journal_depuis(depuis) == []


def test_recherche(monde: Monde, personne_arras: Personne, personne_calais: Personne) -> None:
    f.PersonneFactory(nom="Dupont", prenoms="Jean", commune=monde.arras, date_naissance="1975-01-02")
    client = client_de(monde.ts_arras)
    assert _noms(client.get(reverse(URL), {"q": "lefevre"})) == ["Lefèvre"]  # accent-insensitive
    assert _noms(client.get(reverse(URL), {"q": "lefebvre jeanne"})) == ["Lefèvre"]  # typo-tolerant
    assert _noms(client.get(reverse(URL), {"q": "02/01/1975"})) == ["Dupont"]
    assert _noms(client.get(reverse(URL), {"q": "martin"})) == []  # out of perimeter
    depuis = dernier_id_journal()
    client.get(reverse(URL), {"q": "dupont"})
    (ligne,) = lignes_journal_depuis(depuis)
    assert ligne.objet_ids == [Personne.objects.get(nom="Dupont").public_id]


def test_nombre_de_requetes_identique_pour_1_et_50_personnes(
    monde: Monde, personne_arras: Personne, django_assert_num_queries: Callable[..., Any]
) -> None:
    client = client_de(monde.ts_arras)
    with django_assert_num_queries(REQUETES_LISTE):
        assert client.get(reverse(URL)).json()["count"] == 1
    for _ in range(49):
        f.PersonneFactory(commune=monde.arras)
    with django_assert_num_queries(REQUETES_LISTE):
        corps = client.get(reverse(URL)).json()
    assert corps["count"] == 50
    assert len(corps["results"]) == 50
