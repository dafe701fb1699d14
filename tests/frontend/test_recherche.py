"""Person search: who may search, what each one finds, the journal, htmx, and the query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from social.enums import OperationJournal
from social.models import Personne
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, lignes_journal, texte, trouver, trouver_tous

URL = reverse("frontend:personne_recherche")


def resultats(response) -> list[str]:  # type: ignore[no-untyped-def]
    tables = trouver_tous(document(response), "table")
    if not tables:
        return []
    return [texte(th) for th in trouver_tous(tables[0], "th", scope="row")]


@pytest.mark.parametrize(
    "persona",
    [
        "accueil_arras",
        "ts_arras",
        "evaluateur_arras",
        "encadrant_arras",
        "partenaire_ccas_arras",
        "ts_calais",
        "partenaire_ml_calais",
    ],
)
def test_agents_et_partenaires_peuvent_chercher(monde: Monde, persona: str) -> None:
    assert client_de(getattr(monde, persona)).get(URL).status_code == 200


@pytest.mark.parametrize("persona", ["elu_arrageois", "elu_calaisis", "admin"])
def test_les_autres_roles_recoivent_un_403(monde: Monde, persona: str) -> None:
    assert client_de(getattr(monde, persona)).get(URL, {"q": "lefevre"}).status_code == 403


def test_anonyme_redirige(db: None) -> None:
    response = Client().get(URL, {"q": "lefevre"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("frontend:connexion"))


def test_session_expiree_pendant_une_recherche_htmx_recharge_la_page(db: None) -> None:
    response = Client().get(URL, {"q": "lefevre"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.headers["HX-Refresh"] == "true"
    assert response.content == b""


def test_insensible_aux_accents_a_la_casse_et_aux_fautes(monde: Monde, personne_arras: Personne) -> None:
    client = client_de(monde.ts_arras)
    for requete in ["lefebvre", "LEFEVRE", "Lefèvre jeanne", "lef", "17/05/1980"]:
        assert resultats(client.get(URL, {"q": requete})) == ["LEFÈVRE Jeanne"], requete


@pytest.mark.parametrize("persona", ["ts_calais", "partenaire_ml_calais", "partenaire_ccas_arras"])
def test_hors_perimetre_rien_n_est_trouve(monde: Monde, personne_arras: Personne, persona: str) -> None:
    response = client_de(getattr(monde, persona)).get(URL, {"q": "lefebvre"})

    assert resultats(response) == []
    assert "Aucune personne trouvée pour « lefebvre »." in texte(
        trouver(document(response), "p", role="status")
    )
    assert lignes_journal() == []


def test_un_partenaire_trouve_les_personnes_designees(monde: Monde, personne_arras: Personne) -> None:
    f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)
    assert resultats(client_de(monde.partenaire_ccas_arras).get(URL, {"q": "lefebvre"})) == ["LEFÈVRE Jeanne"]


def test_la_page_de_resultats_ecrit_une_ligne_avec_les_ids_affiches(monde: Monde) -> None:
    personnes = [
        f.PersonneFactory(nom="Lefèvre", prenoms=f"Enfant{i:02d}", commune=monde.arras) for i in range(25)
    ]

    client_de(monde.ts_arras).get(URL, {"q": "lefevre"})
    client_de(monde.ts_arras).get(URL, {"q": "lefevre", "page": 2})

    premiere, seconde = lignes_journal()
    tous = {p.public_id for p in personnes}
    assert premiere.operation == seconde.operation == OperationJournal.LISTE
    assert premiere.contexte == "frontend:personne_recherche"
    assert len(premiere.objet_ids) == 20 and len(seconde.objet_ids) == 5
    assert set(premiere.objet_ids) | set(seconde.objet_ids) == tous


def test_pagination_20_par_page_et_compte_annonce(monde: Monde) -> None:
    for i in range(25):
        f.PersonneFactory(nom="Lefèvre", prenoms=f"Enfant{i:02d}", commune=monde.arras)
    client = client_de(monde.ts_arras)

    page1 = client.get(URL, {"q": "lefevre"})
    page2 = client.get(URL, {"q": "lefevre", "page": 2})

    assert len(resultats(page1)) == 20 and len(resultats(page2)) == 5
    statut = trouver(document(page1), "p", role="status", id="resultats-compte")
    assert texte(statut) == "25 personnes trouvées pour « lefevre »."
    pagination = trouver(document(page1), "nav", aria_label="Pagination")
    assert texte(trouver(pagination, "a")) == "Page suivante"
    assert attributs(trouver(pagination, "a"))["href"] == "?q=lefevre&page=2"


def test_tableau_accessible(monde: Monde, personne_arras: Personne) -> None:
    racine = document(client_de(monde.ts_arras).get(URL, {"q": "lefevre"}))

    tableau = trouver(racine, "table")
    assert texte(trouver(tableau, "caption")) == "Résultats pour « lefevre »"
    assert [texte(th) for th in trouver_tous(tableau, "th", scope="col")] == [
        "Nom et prénoms",
        "Nom de naissance",
        "Date de naissance",
        "Commune",
    ]
    lien = trouver(tableau, "a")
    assert attributs(lien)["href"] == reverse("frontend:personne_detail", args=[personne_arras.public_id])


def test_sans_requete_ni_tableau_ni_journal(monde: Monde, personne_arras: Personne) -> None:
    response = client_de(monde.ts_arras).get(URL)

    assert resultats(response) == []
    assert lignes_journal() == []


def test_requete_trop_courte(monde: Monde, personne_arras: Personne) -> None:
    response = client_de(monde.ts_arras).get(URL, {"q": "l"})

    racine = document(response)
    assert "Saisissez au moins 2 caractères." in texte(trouver(racine, "div", role="alert"))
    assert attributs(trouver(racine, "input", name="q"))["aria-invalid"] == "true"
    assert resultats(response) == [] and lignes_journal() == []


def test_ponctuation_seule_refusee(monde: Monde, personne_arras: Personne) -> None:
    response = client_de(monde.ts_arras).get(URL, {"q": "--"})

    assert "Saisissez un nom, un prénom ou une date de naissance." in texte(
        trouver(document(response), "div", role="alert")
    )
    assert resultats(response) == [] and lignes_journal() == []


def test_formulaire_utilisable_sans_javascript_et_ameliore_par_htmx(monde: Monde) -> None:
    racine = document(client_de(monde.ts_arras).get(URL))

    formulaire = trouver(racine, "form", role="search")
    assert attributs(formulaire)["method"] == "get" and attributs(formulaire)["action"] == URL
    assert texte(trouver(formulaire, "button", type="submit")) == "Rechercher"
    champ = attributs(trouver(formulaire, "input", name="q"))
    assert texte(trouver(racine, "label", for_=champ["id"])) == "Nom, prénom ou date de naissance"
    assert champ["hx-get"] == URL
    assert champ["hx-trigger"] == "keyup changed delay:300ms, search"
    assert champ["hx-target"] == "#resultats"
    assert champ["hx-push-url"] == "true"
    trouver(racine, "div", id="resultats")


def test_requete_htmx_renvoie_le_fragment_des_resultats(monde: Monde, personne_arras: Personne) -> None:
    response = client_de(monde.ts_arras).get(URL, {"q": "lefebvre"}, headers={"HX-Request": "true"})

    contenu = response.content.decode()
    assert "<html" not in contenu and "LEFÈVRE Jeanne" in contenu
    compte = trouver(document(response), "p", id="resultats-compte")
    assert attributs(compte)["hx-swap-oob"] == "innerHTML"
    assert texte(compte) == "1 personne trouvée pour « lefebvre »."
    assert "HX-Request" in response.headers["Vary"]
    assert len(lignes_journal()) == 1


def test_restauration_d_historique_htmx_renvoie_la_page_complete(
    monde: Monde, personne_arras: Personne
) -> None:
    response = client_de(monde.ts_arras).get(
        URL, {"q": "lefebvre"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def _requetes(client: Client, q: str) -> int:
    with CaptureQueriesContext(connection) as contexte:
        response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return len(contexte)


def test_nombre_de_requetes_constant_1_ou_50_personnes(monde: Monde) -> None:
    client = client_de(monde.ts_arras)
    f.PersonneFactory(nom="Lefèvre", commune=monde.arras)
    une = _requetes(client, "lefevre")
    for _ in range(49):
        f.PersonneFactory(nom="Lefèvre", commune=monde.arras)
    cinquante = _requetes(client, "lefevre")

    assert cinquante == une
    assert une <= 15  # + the navigation's council-membership query (« Mes séances »)
