"""APA in an establishment in the API (rule APA-9, CASF R232-19): ``POST .../apa/etablissement/`` per
persona and its refusals in the common error shape (nothing written), the establishment's tariffs and
amounts in the file for the département's staff only (never for a designated partner, as the plan at
home), the decision carrying them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parcours.enums import EtatApa, LieuApa
from parcours.models import Parcours, PropositionEtablissementApa
from social.models import Utilisateur
from tests.api.outils import verifier_erreur
from tests.api.test_apa_dossier import CLES_INTERDITES_AUX_PARTENAIRES, toutes_les_cles
from tests.conftest import Monde, client_de
from tests.parcours import fabriques_sections as fabriques
from tests.parcours.test_apa_dossier import (
    etat_fige,
    il_y_a,
    jusqu_a_l_evaluation,
    jusqu_a_la_decision_en_etablissement,
)

PERSONAS = [
    "referent",
    "evaluateur",
    "encadrant",
    "meme_site",
    "autre_territoire",
    "partenaire_designe",
    "partenaire_non_designe",
    "elu",
    "anonyme",
]
HORS_PERIMETRE = {"autre_territoire": 404, "partenaire_non_designe": 404, "elu": 404, "anonyme": 401}
CLES_ETABLISSEMENT = {
    "propositions_etablissement",
    "tarif_gir",
    "tarif_gir_5_6",
    "ressources_retenues",
    "etablissement",
}
SAISIE = {
    "propose_le": il_y_a(35).isoformat(),
    "etablissement": "EHPAD Les Tilleuls, Arras",
    "tarif_gir": "600.00",
    "tarif_gir_5_6": "180.00",
    "ressources_mensuelles": "3500.00",
}


def acteur(monde: Monde, persona: str) -> Utilisateur | None:
    return fabriques.acteur_apa(monde, persona)


@pytest.fixture
def apa(monde: Monde) -> Parcours:
    return fabriques.scene_apa(monde)


def url(nom: str, parcours: Parcours) -> str:
    return reverse(f"api:{nom}", args=[parcours.public_id])


def poster(client: Client, nom: str, parcours: Parcours, donnees: dict[str, Any]) -> Any:
    return client.post(url(nom, parcours), json.dumps(donnees), content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_lecture_en_etablissement_par_persona(monde: Monde, apa: Parcours, persona: str) -> None:
    jusqu_a_la_decision_en_etablissement(monde, apa)
    reponse = client_de(acteur(monde, persona)).get(url("parcours_apa", apa))
    if persona in HORS_PERIMETRE:
        attendu = HORS_PERIMETRE[persona]
        verifier_erreur(reponse, attendu, {401: "non_authentifie", 404: "introuvable"}[attendu])
        return
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["etat"] == EtatApa.DECIDE and corps["dossier"]["lieu"] == LieuApa.ETABLISSEMENT
    assert corps["decisions"][0]["sens"] == "accord"
    if persona == "partenaire_designe":
        cles = toutes_les_cles(corps)
        assert not cles & (CLES_INTERDITES_AUX_PARTENAIRES | CLES_ETABLISSEMENT)
        for indice in ("323.19", "276.81", "600.00", "EHPAD"):
            assert indice not in json.dumps(corps)
        return
    assert corps["plans"] == []
    (proposition,) = corps["propositions_etablissement"]
    assert (proposition["tranche_gir"], proposition["tarif_gir"], proposition["tarif_gir_5_6"]) == (
        "1-2",
        "600.00",
        "180.00",
    )
    assert (proposition["participation"], proposition["montant_apa"], proposition["cas"]) == (
        "323.19",
        "276.81",
        "progressive",
    )
    assert proposition["calculee_au"] == il_y_a(55).isoformat()
    decision = corps["decisions"][0]
    assert (decision["tarif_gir"], decision["montant_apa"], decision["montant_plan_retenu"]) == (
        "600.00",
        "276.81",
        None,
    )


def test_calcul_et_decision_par_l_api(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    reponse = poster(client_de(monde.evaluateur_arras), "parcours_apa_etablissement", apa, SAISIE)
    assert reponse.status_code == 201, reponse.content
    corps = reponse.json()
    assert corps["etat"] == EtatApa.PROPOSITION_ETABLISSEMENT
    assert corps["libelle_etat"] == "APA en établissement calculée"
    assert corps["propositions_etablissement"][0]["montant_apa"] == "276.81"
    reponse = poster(
        client_de(monde.encadrant_arras),
        "parcours_apa_decisions",
        apa,
        {"sens": "accord", "decidee_le": il_y_a(30).isoformat()},
    )
    assert reponse.status_code == 201
    assert reponse.json()["decisions"][0]["participation"] == "323.19"
    reponse = poster(
        client_de(monde.evaluateur_arras),
        "parcours_apa_notification",
        apa,
        {"notifiee_le": il_y_a(28).isoformat()},
    )
    assert reponse.json()["decisions"][0]["droits_ouverts_le"] == il_y_a(55).isoformat()  # APA-3


CALCUL = {"referent": 201, "evaluateur": 201, "encadrant": 201, "meme_site": 403, "partenaire_designe": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_calcul_par_persona(monde: Monde, apa: Parcours, persona: str) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    avant = etat_fige(apa)
    reponse = poster(client_de(acteur(monde, persona)), "parcours_apa_etablissement", apa, SAISIE)
    attendu = {**HORS_PERIMETRE, **CALCUL}[persona]
    if attendu == 201:
        assert reponse.status_code == 201, reponse.content
        assert reponse.json()["propositions_etablissement"][0]["montant_apa"] == "276.81"
        assert etat_fige(apa) != avant and apa.etat == EtatApa.PROPOSITION_ETABLISSEMENT
    else:
        verifier_erreur(
            reponse, attendu, {401: "non_authentifie", 403: "interdit", 404: "introuvable"}[attendu]
        )
        assert etat_fige(apa) == avant
    partenaire = client_de(monde.partenaire_ccas_arras).get(url("parcours_apa", apa)).json()
    assert not toutes_les_cles(partenaire) & (CLES_INTERDITES_AUX_PARTENAIRES | CLES_ETABLISSEMENT)


def test_refus_sans_tarif_tarifs_incoherents_mauvais_etat_a_domicile(monde: Monde, apa: Parcours) -> None:
    client = client_de(monde.evaluateur_arras)
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    avant = etat_fige(apa)
    sans_tarif = {cle: valeur for cle, valeur in SAISIE.items() if not cle.startswith("tarif")}
    erreur = verifier_erreur(
        poster(client, "parcours_apa_etablissement", apa, sans_tarif), 400, "donnees_invalides"
    )
    assert {"tarif_gir", "tarif_gir_5_6"} <= set(erreur["champs"])
    erreur = verifier_erreur(
        poster(client, "parcours_apa_etablissement", apa, {**SAISIE, "tarif_gir": "150.00"}),
        400,
        "apa_etablissement_invalide",
    )
    assert list(erreur["champs"]) == ["tarif_gir"]
    assert "inférieur au tarif GIR 5-6" in erreur["champs"]["tarif_gir"][0]
    erreur = verifier_erreur(
        poster(client, "parcours_apa_etablissement", apa, {**SAISIE, "propose_le": il_y_a(50).isoformat()}),
        400,
        "date_anterieure",
    )
    assert "propose_le" in erreur["champs"]
    assert etat_fige(apa) == avant
    assert not PropositionEtablissementApa.objects.exists()
    # From the wrong state (decided): 409; at home: no establishment's tariffs.
    autre = fabriques.scene_apa(monde)
    jusqu_a_la_decision_en_etablissement(monde, autre)
    verifier_erreur(poster(client, "parcours_apa_etablissement", autre, SAISIE), 409, "transition_impossible")
    a_domicile = fabriques.scene_apa(monde)
    jusqu_a_l_evaluation(monde, a_domicile, lieu=LieuApa.DOMICILE)
    verifier_erreur(
        poster(client, "parcours_apa_etablissement", a_domicile, SAISIE), 400, "apa_etablissement_a_domicile"
    )
