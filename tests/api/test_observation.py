"""API of the observation: indicators (scoped, filtered), open data, the direction's extract."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from observation.actions import indicateurs_calculer
from observation.catalogue import CODES_PAR_ORGANISATION
from observation.selectors import SEUIL_SECRET, pseudonyme
from parcours.models import Parcours
from social.enums import OperationJournal
from social.models import Utilisateur
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.conftest import Monde, client_de
from tests.observation.conftest import creer_direction, creer_parcours
from tests.observation.fabriques import orientations_de_la_scene

pytestmark = pytest.mark.django_db

INDICATEURS = "api:observation_indicateurs"
OPEN_DATA = "api:observation_donnees_ouvertes"
EXTRAIT = "api:observation_extrait"
PERIODE = {"du": "2025-01", "au": "2025-03"}


@pytest.fixture
def direction(monde: Monde) -> Utilisateur:
    return creer_direction()


@pytest.fixture
def situation(monde: Monde) -> Monde:
    for _ in range(7):
        creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    for _ in range(2):
        creer_parcours(site=monde.mds_calais, ouvert_le=datetime.date(2025, 1, 12))
    indicateurs_calculer(depuis=None)
    return monde


def _get(user: Utilisateur | None, nom: str, **params: str):  # type: ignore[no-untyped-def]
    return client_de(user).get(reverse(nom), params)


def test_encadrant_arrageois_ne_recoit_aucun_chiffre_du_calaisis(situation: Monde) -> None:
    reponse = _get(situation.encadrant_arras, INDICATEURS, taille="200", **PERIODE)

    assert reponse.status_code == 200
    lignes = reponse.json()["results"]
    assert lignes
    assert {ligne["site"] for ligne in lignes} == {"MDS de l'Arrageois"}
    assert {ligne["territoire"] for ligne in lignes} == {"arrageois"}
    filtre = _get(situation.encadrant_arras, INDICATEURS, territoire="calaisis", **PERIODE)
    assert filtre.json()["count"] == 0


def test_filtres_et_valeurs(situation: Monde, direction: Utilisateur) -> None:
    reponse = _get(
        direction, INDICATEURS, code="parcours_ouverts", niveau="territoire", dispositif="tous", **PERIODE
    )

    lignes = reponse.json()["results"]
    assert [(ligne["mois"], ligne["territoire"], ligne["valeur"]) for ligne in lignes] == [
        ("2025-01", "arrageois", 7.0),
        ("2025-01", "calaisis", 2.0),
        ("2025-02", "arrageois", 7.0),
        ("2025-02", "calaisis", 2.0),
        ("2025-03", "arrageois", 7.0),
        ("2025-03", "calaisis", 2.0),
    ]
    departement = _get(
        direction, INDICATEURS, code="entrees", niveau="departement", dispositif="tous", **PERIODE
    )
    assert [(ligne["mois"], ligne["valeur"], ligne["unite"]) for ligne in departement.json()["results"]] == [
        ("2025-01", 9.0, "nombre")
    ]


def test_periode_invalide_400(situation: Monde) -> None:
    reponse = _get(situation.encadrant_arras, INDICATEURS, du="2025-05", au="2025-01")
    erreur = verifier_erreur(reponse, 400, "donnees_invalides")
    assert erreur["champs"]["au"] == ["Le mois de fin doit suivre le mois de début."]
    erreur = verifier_erreur(
        _get(situation.encadrant_arras, INDICATEURS, du="mars"), 400, "donnees_invalides"
    )
    assert "AAAA-MM" in erreur["champs"]["du"][0]


@pytest.mark.parametrize(
    "persona",
    ["ts_arras", "accueil_arras", "evaluateur_arras", "elu_arrageois", "admin"],
)
def test_les_autres_roles_403(situation: Monde, persona: str) -> None:
    for nom in (INDICATEURS, OPEN_DATA, EXTRAIT):
        assert _get(getattr(situation, persona), nom).status_code == 403, nom


def test_anonyme_401(situation: Monde) -> None:
    for nom in (INDICATEURS, OPEN_DATA, EXTRAIT):
        assert _get(None, nom).status_code == 401


def test_nombre_de_requetes_constant(
    situation: Monde, direction: Utilisateur, django_assert_num_queries: object
) -> None:
    client = client_de(direction)
    for taille in ("1", "50"):
        with django_assert_num_queries(8):  # type: ignore[operator]
            reponse = client.get(reverse(INDICATEURS), {"taille": taille, **PERIODE})
        assert len(reponse.json()["results"]) == int(taille)


def test_open_data_masque_les_petits_effectifs_et_ne_contient_aucun_identifiant(
    situation: Monde, direction: Utilisateur
) -> None:
    reponse = _get(direction, OPEN_DATA, taille="200", **PERIODE)

    lignes = reponse.json()["results"]
    assert lignes
    calais = [ligne for ligne in lignes if ligne["territoire"] == "calaisis" and ligne["unite"] == "nombre"]
    assert calais and all(
        ligne["valeur"] is None and ligne["secret_statistique"] == "oui" for ligne in calais
    )
    for ligne in lignes:
        if ligne["unite"] == "nombre" and ligne["valeur"] is not None:
            assert ligne["valeur"] >= SEUIL_SECRET
    contenu = reponse.content.decode()
    for parcours in Parcours.objects.select_related("personne"):
        assert str(parcours.personne.public_id) not in contenu
        assert str(parcours.public_id) not in contenu


def test_open_data_de_l_encadrant_sans_calaisis(situation: Monde) -> None:
    reponse = _get(situation.encadrant_arras, OPEN_DATA, taille="200", **PERIODE)

    assert {ligne["territoire"] for ligne in reponse.json()["results"]} == {"arrageois"}


def test_extrait_reserve_a_la_direction_journalise_par_page(
    situation: Monde, direction: Utilisateur, settings: object
) -> None:
    settings.PROCHE_OBSERVATION_SEL = "sel-de-test"  # type: ignore[attr-defined]
    assert _get(situation.encadrant_arras, EXTRAIT, **PERIODE).status_code == 403
    depuis = dernier_id_journal()

    reponse = _get(direction, EXTRAIT, taille="5", **PERIODE)

    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["count"] == 9
    assert len(corps["results"]) == 5
    journal = lignes_journal_depuis(depuis)
    assert [(j.operation, j.objet_type, len(j.objet_ids)) for j in journal] == [
        (OperationJournal.EXPORT, "personne", 5)
    ]
    premiere = Parcours.objects.order_by("id").select_related("personne").first()
    assert premiere is not None
    assert corps["results"][0]["pseudonyme"] == pseudonyme(premiere.personne.public_id, sel="sel-de-test")
    assert str(premiere.personne.public_id) not in reponse.content.decode()


def test_extrait_sans_sel_503(situation: Monde, direction: Utilisateur, settings: object) -> None:
    settings.PROCHE_OBSERVATION_SEL = ""  # type: ignore[attr-defined]

    verifier_erreur(_get(direction, EXTRAIT), 503, "extrait_non_configure")


def test_partenaire_recoit_les_seuls_chiffres_des_orientations_de_son_organisation(situation: Monde) -> None:
    orientations_de_la_scene(situation)
    indicateurs_calculer(depuis=None)

    reponse = _get(situation.partenaire_ccas_arras, INDICATEURS, taille="200", **PERIODE)

    assert reponse.status_code == 200
    lignes = reponse.json()["results"]
    assert {ligne["organisation"] for ligne in lignes} == {"CCAS d'Arras"}
    assert {ligne["code"] for ligne in lignes} <= set(CODES_PAR_ORGANISATION)
    assert {(ligne["territoire"], ligne["site"]) for ligne in lignes} == {(None, None)}
    janvier = [ligne for ligne in lignes if ligne["code"] == "orientations" and ligne["mois"] == "2025-01"]
    assert [ligne["valeur"] for ligne in janvier] == [6]
    autre = _get(situation.partenaire_ccas_arras, INDICATEURS, organisation=str(situation.ml_calais.pk))
    assert autre.json()["count"] == 0
    assert _get(situation.partenaire_ccas_arras, EXTRAIT).status_code == 403
    assert _get(situation.partenaire_ccas_arras, OPEN_DATA, **PERIODE).json()["count"] == 0


def test_encadrant_ne_recoit_aucun_chiffre_par_organisation(situation: Monde) -> None:
    orientations_de_la_scene(situation)
    indicateurs_calculer(depuis=None)

    reponse = _get(situation.encadrant_arras, INDICATEURS, niveau="organisation", **PERIODE)

    assert reponse.json()["count"] == 0
    lignes = _get(situation.encadrant_arras, INDICATEURS, code="orientations", taille="200", **PERIODE).json()
    assert {ligne["territoire"] for ligne in lignes["results"]} == {"arrageois"}
