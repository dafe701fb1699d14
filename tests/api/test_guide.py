"""The guide's API: data·inclusion v1 exports, search, and partners' scoped CRUD on their own entries."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from guide_ressources.actions import coediteur_autoriser
from guide_ressources.enums import StatutPublication
from guide_ressources.models import Service, Structure, TransitionPublication
from guide_ressources.validation import raisons_invalidite
from tests.api.outils import verifier_erreur
from tests.conftest import Monde, client_de
from tests.guide_ressources.fabriques import (
    ALIMENTATION,
    Guide,
    construire_guide,
    semer_referentiels_du_guide,
    service,
)

pytestmark = pytest.mark.django_db

LECTEURS = ["accueil_arras", "ts_calais", "partenaire_ccas_arras", "partenaire_ml_calais", "admin"]


@pytest.fixture(autouse=True)
def referentiels(db: None) -> None:
    semer_referentiels_du_guide()


@pytest.fixture
def guide(monde: Monde) -> Guide:
    return construire_guide(monde)


# --- data·inclusion v1 exports -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", LECTEURS)
def test_les_exports_sont_des_tableaux_valides(monde: Monde, guide: Guide, persona: str) -> None:
    client = client_de(getattr(monde, persona))
    structures = client.get(reverse("api:guide_data_inclusion_structures"))
    services = client.get(reverse("api:guide_data_inclusion_services"))
    assert structures.status_code == services.status_code == 200
    assert isinstance(structures.json(), list) and isinstance(services.json(), list)
    assert {s["nom"] for s in structures.json()} == {
        "CCAS d'Arras – pôle solidarités",
        "Mission locale du Calaisis",
        "CHRS La Passerelle",
        "Plateforme mobilité Hauts-de-France",
    }
    assert "Aide alimentaire du soir" not in {s["nom"] for s in services.json()}  # to moderate
    for donnee in structures.json():
        assert raisons_invalidite("structure", donnee) == []
    for donnee in services.json():
        assert raisons_invalidite("service", donnee) == []


def test_le_lien_source_d_une_fiche_locale_mene_a_sa_page(monde: Monde, guide: Guide) -> None:
    services = client_de(monde.ts_arras).get(reverse("api:guide_data_inclusion_services")).json()
    aide = next(s for s in services if s["nom"] == "Aide alimentaire d'urgence")
    assert aide["lien_source"] == "http://testserver" + reverse(
        "frontend:guide_service_detail", args=[guide.aide_alimentaire.public_id]
    )
    assert aide["zone_eligibilite"] == ["62041"]
    jeunes = next(s for s in services if s["nom"] == "Accompagnement des jeunes vers l'emploi")
    assert jeunes["zone_eligibilite"] == ["62193"]  # the Calaisis territory's communes
    importe = next(s for s in services if s["source"] == "dora")
    assert importe["lien_source"] is None


def test_export_anonyme_401_sauf_guide_public(monde: Monde, guide: Guide) -> None:
    for nom in ["api:guide_data_inclusion_structures", "api:guide_data_inclusion_services"]:
        verifier_erreur(Client().get(reverse(nom)), 401, "non_authentifie")
        with override_settings(PROCHE_GUIDE_PUBLIC=True):
            assert Client().get(reverse(nom)).status_code == 200


def test_export_refuse_aux_membres_d_instance(monde: Monde, guide: Guide) -> None:
    verifier_erreur(
        client_de(monde.elu_calaisis).get(reverse("api:guide_data_inclusion_services")), 403, "interdit"
    )


def test_export_nombre_de_requetes_constant(
    monde: Monde, guide: Guide, django_assert_num_queries: Callable[..., Any]
) -> None:
    client = client_de(monde.ts_arras)
    client.get(reverse("api:guide_data_inclusion_services"))  # the taxonomies' cache, warm
    # savepoint, session, user, perimeter (1), taxonomies' version, territories' communes, services, release
    with django_assert_num_queries(8):
        client.get(reverse("api:guide_data_inclusion_services"))
    for rang in range(40):
        service(structure=guide.chrs, nom=f"Service n° {rang}", zone_territoires=["calaisis"])
    with django_assert_num_queries(8):
        assert len(client.get(reverse("api:guide_data_inclusion_services")).json()) > 40


# --- Search -----------------------------------------------------------------------------------------


def noms(reponse: Any) -> list[str]:
    assert reponse.status_code == 200, reponse.content
    return [s["nom"] for s in reponse.json()["results"]]


def test_recherche_texte_facettes_et_commune(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.accueil_arras)
    url = reverse("api:guide_service_liste")
    assert noms(client.get(url, {"q": "heberg"})) == ["Hébergement d'urgence"]
    assert noms(client.get(url, {"q": "alimentaire", "commune": "62041"})) == ["Aide alimentaire d'urgence"]
    assert noms(client.get(url, {"q": "alimentaire", "commune": "62193"})) == [
        "Distribution alimentaire du Calaisis"
    ]
    assert noms(client.get(url, {"thematique": ALIMENTATION, "frais": "payant"})) == ["Épicerie solidaire"]
    resultat = client.get(url, {"q": "vestiaire"}).json()["results"][0]
    assert resultat["perimee"] is True
    assert resultat["structure"]["nom"] == "CCAS d'Arras – pôle solidarités"
    verifier_erreur(client.get(url, {"commune": "99999"}), 400, "donnees_invalides")


def test_recherche_donne_les_comptes_des_facettes(monde: Monde, guide: Guide) -> None:
    url = reverse("api:guide_service_liste")
    corps = client_de(monde.accueil_arras).get(url, {"frais": "gratuit", "commune": "62041"}).json()
    assert corps["count"] == 3
    facettes = corps["facettes"]
    assert facettes["frais"] == {"gratuit": 3, "payant": 1}  # the chosen facet keeps its other values
    assert facettes["thematique"][ALIMENTATION] == 1
    assert facettes["mode_accueil"] == {"en-presentiel": 2}
    assert (facettes["commune"], facettes["toutes_zones"]) == (3, 5)
    sans_commune = client_de(monde.accueil_arras).get(url, {"q": "heberg"}).json()["facettes"]
    assert sans_commune["commune"] is None and sans_commune["toutes_zones"] == 1


def test_recherche_anonyme_et_guide_public(monde: Monde, guide: Guide) -> None:
    url = reverse("api:guide_service_liste")
    verifier_erreur(Client().get(url, {"q": "heberg"}), 401, "non_authentifie")
    with override_settings(PROCHE_GUIDE_PUBLIC=True):
        assert noms(Client().get(url, {"q": "heberg"})) == ["Hébergement d'urgence"]


def test_recherche_nombre_de_requetes_identique_pour_1_et_50_resultats(
    monde: Monde, guide: Guide, django_assert_num_queries: Callable[..., Any]
) -> None:
    client = client_de(monde.ts_arras)
    url = reverse("api:guide_service_liste")
    service(structure=guide.chrs, nom="Refuge de nuit", zone_codes=["62"])
    client.get(url, {"q": "refuge"})  # the taxonomies' cache of this process, warm whatever ran before
    # savepoint, session, user, perimeter (1), taxonomies' version, words on the indexes, freshness
    # parameter, count, page, structures of the page, facet counts, release
    with django_assert_num_queries(12):
        assert client.get(url, {"q": "refuge"}).json()["count"] == 1
    for rang in range(49):
        service(structure=guide.chrs, nom=f"Refuge n° {rang}", zone_codes=["62"])
    with django_assert_num_queries(12):
        corps = client.get(url, {"q": "refuge"}).json()
    assert corps["count"] == 50 and len(corps["results"]) == 50


def test_detail_d_un_service(monde: Monde, guide: Guide) -> None:
    url = reverse("api:guide_service_detail", args=[guide.aide_alimentaire.public_id])
    corps = client_de(monde.ts_calais).get(url).json()
    assert corps["nom"] == "Aide alimentaire d'urgence"
    assert corps["justificatifs"] == "Pièce d'identité."
    assert corps["zone_codes"] == ["62041"]
    brouillon = reverse("api:guide_service_detail", args=[guide.brouillon.public_id])
    verifier_erreur(client_de(monde.ts_calais).get(brouillon), 404, "introuvable")
    assert client_de(monde.partenaire_ccas_arras).get(brouillon).status_code == 200


# --- Partners' entries ------------------------------------------------------------------------------


def test_un_partenaire_cree_un_service_dans_sa_structure(monde: Monde, guide: Guide) -> None:
    reponse = client_de(monde.partenaire_ccas_arras).post(
        reverse("api:guide_service_liste"),
        {
            "structure": str(guide.ccas_arras.public_id),
            "nom": "Colis du vendredi",
            "description": "Colis alimentaires le vendredi matin.",
            "thematiques": [ALIMENTATION],
            "publics": ["familles"],
            "zone_codes": ["62041"],
            "commune": "62041",
        },
        content_type="application/json",
    )
    assert reponse.status_code == 201, reponse.content
    corps = reponse.json()
    assert corps["statut"] == StatutPublication.A_MODERER
    assert reponse["Location"].endswith(reverse("api:guide_service_detail", args=[corps["public_id"]]))
    service_cree = Service.objects.get(public_id=corps["public_id"])
    assert service_cree.history.get().history_user == monde.partenaire_ccas_arras  # type: ignore[attr-defined]


def test_un_partenaire_ne_cree_pas_dans_la_structure_d_un_autre(monde: Monde, guide: Guide) -> None:
    erreur = verifier_erreur(
        client_de(monde.partenaire_ml_calais).post(
            reverse("api:guide_service_liste"),
            {"structure": str(guide.ccas_arras.public_id), "nom": "Intrus", "description": "Service intrus."},
            content_type="application/json",
        ),
        400,
        "donnees_invalides",
    )
    assert erreur["champs"] == {"structure": ["Structure inconnue."]}


def test_les_erreurs_du_domaine_sont_rendues_par_champ(monde: Monde, guide: Guide) -> None:
    erreur = verifier_erreur(
        client_de(monde.partenaire_ccas_arras).post(
            reverse("api:guide_service_liste"),
            {
                "structure": str(guide.ccas_arras.public_id),
                "nom": "Colis",
                "description": "Colis alimentaires.",
                "publics": ["tous-publics", "jeunes"],
                "zone_codes": ["62041"],
            },
            content_type="application/json",
        ),
        400,
        "donnees_invalides",
    )
    assert erreur["champs"] == {"publics": ["« Tous publics » ne se combine avec aucun autre public."]}


def test_modifier_son_service_et_404_pour_les_autres(monde: Monde, guide: Guide) -> None:
    url = reverse("api:guide_service_detail", args=[guide.aide_alimentaire.public_id])
    reponse = client_de(monde.partenaire_ccas_arras).patch(
        url, {"horaires_accueil": "Mo-Fr 09:00-12:00"}, content_type="application/json"
    )
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["horaires_accueil"] == "Mo-Fr 09:00-12:00"
    for persona in ["partenaire_ml_calais", "ts_arras", "elu_calaisis"]:
        verifier_erreur(
            client_de(getattr(monde, persona)).patch(url, {"nom": "Piraté"}, content_type="application/json"),
            404,
            "introuvable",
        )
    importe = reverse("api:guide_service_detail", args=[guide.importe.public_id])
    verifier_erreur(
        client_de(monde.admin).patch(importe, {"nom": "Modifié"}, content_type="application/json"),
        404,
        "introuvable",
    )
    verifier_erreur(
        Client().patch(url, {"nom": "x"}, content_type="application/json"), 401, "non_authentifie"
    )
    guide.aide_alimentaire.refresh_from_db()
    assert guide.aide_alimentaire.nom == "Aide alimentaire d'urgence"


def test_structures_creation_modification_et_miennes(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.partenaire_ml_calais)
    reponse = client.post(
        reverse("api:guide_structure_liste"),
        {"nom": "Antenne de Marck", "commune": "62193", "reseaux_porteurs": ["mission-locale"]},
        content_type="application/json",
    )
    assert reponse.status_code == 201, reponse.content
    creee = Structure.objects.get(public_id=reponse.json()["public_id"])
    assert creee.organisation == monde.ml_calais
    miennes = client.get(reverse("api:guide_structure_liste"), {"miennes": "true"}).json()
    assert {s["nom"] for s in miennes["results"]} == {"Mission locale du Calaisis", "Antenne de Marck"}
    url = reverse("api:guide_structure_detail", args=[guide.ccas_arras.public_id])
    verifier_erreur(client.patch(url, {"nom": "Piraté"}, content_type="application/json"), 404, "introuvable")
    assert client.get(url).status_code == 200  # published: readable
    verifier_erreur(
        client_de(monde.ts_arras).post(
            reverse("api:guide_structure_liste"), {"nom": "X"}, content_type="application/json"
        ),
        403,
        "interdit",
    )
    erreur = verifier_erreur(
        client.post(
            reverse("api:guide_structure_liste"),
            {"nom": "Ailleurs", "organisation": str(monde.ccas_arras.public_id)},
            content_type="application/json",
        ),
        400,
        "donnees_invalides",
    )
    assert erreur["champs"] == {"organisation": ["Indiquez une de vos organisations."]}


def test_confirmer_une_fiche(monde: Monde, guide: Guide) -> None:
    url = reverse("api:guide_service_confirmer", args=[guide.ancienne.public_id])
    assert client_de(monde.partenaire_ccas_arras).post(url).status_code == 204
    guide.ancienne.refresh_from_db()
    assert guide.ancienne.confirme_le == guide.aide_alimentaire.confirme_le
    verifier_erreur(client_de(monde.partenaire_ml_calais).post(url), 404, "introuvable")
    url = reverse("api:guide_structure_confirmer", args=[guide.ccas_arras.public_id])
    assert client_de(monde.partenaire_ccas_arras).post(url).status_code == 204


# --- Withdrawal (DELETE) ----------------------------------------------------------------------------


def test_retirer_son_service_et_404_pour_les_autres(monde: Monde, guide: Guide) -> None:
    url = reverse("api:guide_service_detail", args=[guide.aide_alimentaire.public_id])
    for persona in ["partenaire_ml_calais", "ts_arras", "elu_calaisis"]:
        verifier_erreur(client_de(getattr(monde, persona)).delete(url), 404, "introuvable")
    importe = reverse("api:guide_service_detail", args=[guide.importe.public_id])
    verifier_erreur(client_de(monde.admin).delete(importe), 404, "introuvable")
    verifier_erreur(Client().delete(url), 401, "non_authentifie")
    guide.aide_alimentaire.refresh_from_db()
    assert guide.aide_alimentaire.statut == StatutPublication.PUBLIEE
    assert not TransitionPublication.objects.exists()

    recherche = reverse("api:guide_service_liste")
    assert "Aide alimentaire d'urgence" in noms(
        client_de(monde.ts_calais).get(recherche, {"q": "alimentaire"})
    )
    client = client_de(monde.partenaire_ccas_arras)
    reponse = client.delete(url, {"motif": "Service fermé."}, content_type="application/json")
    assert reponse.status_code == 204, reponse.content
    guide.aide_alimentaire.refresh_from_db()
    assert guide.aide_alimentaire.statut == StatutPublication.RETIREE
    transition = TransitionPublication.objects.get(service=guide.aide_alimentaire)
    assert (transition.motif, transition.acting_user) == ("Service fermé.", monde.partenaire_ccas_arras)
    assert "Aide alimentaire d'urgence" not in noms(
        client_de(monde.ts_calais).get(recherche, {"q": "alimentaire"})
    )
    assert client.get(url).json()["statut"] == StatutPublication.RETIREE  # still hers to read

    erreur = verifier_erreur(client.delete(url), 409, "transition_invalide")
    assert erreur["message"] == "Cette fiche est déjà retirée du guide."
    assert TransitionPublication.objects.filter(service=guide.aide_alimentaire).count() == 1


def test_le_motif_du_retrait_peut_venir_de_la_requete(monde: Monde, guide: Guide) -> None:
    url = reverse("api:guide_service_detail", args=[guide.brouillon.public_id])
    trop_long = client_de(monde.partenaire_ccas_arras).delete(f"{url}?motif={'x' * 1001}")
    assert list(verifier_erreur(trop_long, 400, "donnees_invalides")["champs"]) == ["motif"]
    reponse = client_de(monde.partenaire_ccas_arras).delete(f"{url}?motif=Doublon")
    assert reponse.status_code == 204
    transition = TransitionPublication.objects.get(service=guide.brouillon)
    assert (transition.de, transition.vers, transition.motif) == ("a_moderer", "retiree", "Doublon")


def test_un_coediteur_retire_une_structure_et_ses_services(monde: Monde, guide: Guide) -> None:
    url = reverse("api:guide_structure_detail", args=[guide.ccas_arras.public_id])
    verifier_erreur(client_de(monde.partenaire_ml_calais).delete(url), 404, "introuvable")
    verifier_erreur(Client().delete(url), 401, "non_authentifie")
    coediteur_autoriser(
        structure=guide.ccas_arras, utilisateur=monde.partenaire_ml_calais, acting_user=monde.admin
    )
    reponse = client_de(monde.partenaire_ml_calais).delete(
        url, {"motif": "Structure fermée."}, content_type="application/json"
    )
    assert reponse.status_code == 204, reponse.content
    assert set(Service.objects.filter(structure=guide.ccas_arras).values_list("statut", flat=True)) == {
        StatutPublication.RETIREE
    }
    assert TransitionPublication.objects.filter(service__structure=guide.ccas_arras).count() == 4
    assert noms(client_de(monde.ts_calais).get(reverse("api:guide_service_liste"), {"q": "solidaire"})) == [
        "Location solidaire de véhicules"
    ]
    assert guide.ml_calais.services.filter(statut=StatutPublication.PUBLIEE).count() == 2  # untouched
    verifier_erreur(client_de(monde.partenaire_ccas_arras).delete(url), 409, "transition_invalide")


def test_les_operations_du_guide_sont_documentees() -> None:
    sortie = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=sortie)
    chemins = json.loads(sortie.getvalue())["paths"]
    assert (
        chemins["/api/v1/guide/data-inclusion/v1/services/"]["get"]["operationId"]
        == "guide_data_inclusion_services"
    )
    assert chemins["/api/v1/guide/services/"]["post"]["operationId"] == "guide_service_creer"
    assert chemins["/api/v1/guide/services/{public_id}/"]["patch"]["operationId"] == "guide_service_modifier"
    retrait = chemins["/api/v1/guide/structures/{public_id}/"]["delete"]
    assert retrait["operationId"] == "guide_structure_retirer"
    assert "Ses services à modérer ou publiés sont retirés avec elle" in retrait["description"]
    assert {"204", "404", "409"} <= set(retrait["responses"])
    assert [p["name"] for p in retrait["parameters"] if p["in"] == "query"] == ["motif"]
    assert chemins["/api/v1/guide/services/{public_id}/"]["delete"]["operationId"] == "guide_service_retirer"
    assert (
        chemins["/api/v1/guide/structures/{public_id}/confirmation/"]["post"]["operationId"]
        == "guide_structure_confirmer"
    )
