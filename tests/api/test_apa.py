"""APA calculators of the API: GIR of a grid, simulation of a plan (département agents only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.conftest import Monde, client_de

pytestmark = pytest.mark.django_db

GRILLE_GIR_2 = {
    "coherence": "B",
    "orientation": "B",
    "toilette": {"haut": "B", "bas": "C"},
    "habillage": "C",
    "alimentation": "B",
    "elimination": "C",
    "transferts": "C",
    "deplacements_interieur": "B",
    "deplacements_exterieur": "C",
    "communication": {"S": True, "T": True, "H": True, "C": True},
}
SIMULATION = {
    "gir": 2,
    "ressources_mensuelles": "1800.00",
    "montant_plan": "1500.00",
    "couple": False,
    "date": "2026-01-15",
}


def gir(client: Client, corps: Any) -> Any:
    return client.post(reverse("api:apa_gir"), corps, content_type="application/json")


def simulation(client: Client, **changements: Any) -> Any:
    corps = {**SIMULATION, **changements}
    return client.post(reverse("api:apa_simulation"), corps, content_type="application/json")


# --- Who may ---


@pytest.mark.parametrize("persona", ["ts_arras", "evaluateur_arras", "ts_calais", "accueil_arras"])
def test_les_agents_du_departement_utilisent_les_calculateurs(monde: Monde, persona: str) -> None:
    """Any territory: no personal data is involved, so ts.calais is allowed too. Nothing is journaled."""
    client = client_de(getattr(monde, persona))
    depuis = dernier_id_journal()

    assert gir(client, GRILLE_GIR_2).status_code == 200
    assert simulation(client).status_code == 200
    assert lignes_journal_depuis(depuis) == []


@pytest.mark.parametrize("persona", ["partenaire_ccas_arras", "elu_calaisis", "admin"])
def test_partenaires_membres_d_instance_et_administrateurs_sans_affectation_403(
    monde: Monde, persona: str
) -> None:
    client = client_de(getattr(monde, persona))
    for reponse in (gir(client, GRILLE_GIR_2), simulation(client)):
        erreur = verifier_erreur(reponse, 403, "interdit")
        assert erreur["message"] == "Les calculateurs APA sont réservés aux agents du département."


def test_anonyme_401(monde: Monde) -> None:
    for reponse in (gir(Client(), GRILLE_GIR_2), simulation(Client())):
        verifier_erreur(reponse, 401, "non_authentifie")
        assert reponse.has_header("WWW-Authenticate")


def test_seul_post_est_accepte(monde: Monde) -> None:
    client = client_de(monde.ts_arras)
    verifier_erreur(client.get(reverse("api:apa_gir")), 405, "methode_non_autorisee")
    verifier_erreur(client.get(reverse("api:apa_simulation")), 405, "methode_non_autorisee")


# --- GIR ---


def test_gir_d_une_grille_avec_sa_trace(monde: Monde) -> None:
    reponse = gir(client_de(monde.evaluateur_arras), GRILLE_GIR_2)

    assert reponse.status_code == 200
    assert reponse.json() == {
        "gir": 2,
        "rang": 7,
        "groupe": "D",
        "scores": {"A": 1008, "B": 1356, "C": 1276, "D": 2600},
        "codes": {
            "coherence": "B",
            "orientation": "B",
            "toilette": "B",
            "habillage": "C",
            "alimentation": "B",
            "elimination": "C",
            "transferts": "C",
            "deplacements_interieur": "B",
            "deplacements_exterieur": "C",
            "communication": "A",
        },
        "sous_codes": {"toilette": {"haut": "B", "bas": "C"}},
        "version": "casf-annexe-2-2+guide-2008/v1",
    }


def test_gir_tout_a(monde: Monde) -> None:
    corps = gir(client_de(monde.ts_arras), dict.fromkeys(GRILLE_GIR_2, "A")).json()
    assert (corps["gir"], corps["rang"], corps["groupe"]) == (6, 13, "H")


def test_gir_grille_invalide_un_message_par_variable(monde: Monde) -> None:
    corps = {
        **GRILLE_GIR_2,
        "habillage": "D",
        "toilette": {"haut": "A", "milieu": "B"},
        "elimination": {"urinaire": "A"},
        "transferts": 3,
    }
    del corps["coherence"]
    erreur = verifier_erreur(gir(client_de(monde.ts_arras), corps), 400, "donnees_invalides")
    # First the serializer: a missing field or a value of the wrong type.
    assert erreur["champs"] == {
        "coherence": ["Ce champ est obligatoire."],
        "transferts": ["Indiquez A, B ou C, ou un objet détaillant les sous-variables ou les adverbes."],
    }

    del corps["transferts"], corps["habillage"]
    corps.update(coherence="A", transferts="A", habillage="D")
    erreur = verifier_erreur(gir(client_de(monde.ts_arras), corps), 400, "donnees_invalides")
    # Then the engine: codes, sub-variables, each under its own key.
    assert erreur["champs"] == {
        "habillage": ["Code inconnu « D » pour « Habillage » : les codes possibles sont A, B et C."],
        "toilette": [
            "Sous-variable inconnue pour « Toilette » : « milieu ». Les sous-variables sont : haut, bas."
        ],
        "elimination.fecale": ["Indiquez un code (A, B ou C) pour « Élimination (fécale) »."],
    }


# --- Simulation ---


def test_simulation_exemple_r232_11(monde: Monde) -> None:
    reponse = simulation(client_de(monde.ts_arras))

    assert reponse.status_code == 200
    corps = reponse.json()
    parametres = corps.pop("parametres")
    assert corps == {
        "gir": 2,
        "date": "2026-01-15",
        "plafond": "1682.30",
        "montant_plan": "1500.00",
        "montant_plan_retenu": "1500.00",
        "plan_plafonne": False,
        "participation": "298.39",
        "montant_apa": "1201.61",
        "taux_participation": "0.1989",
        "seuil_versement": "36.06",
        "verse": True,
    }
    assert parametres[0]["code"] == "apa.plafond.coefficient.gir2"
    assert parametres[0]["valeur"] == "1.3060"
    assert parametres[0]["source"].startswith("CASF R232-10")
    assert {"code": "mtp", "jour": "2026-01-01", "valeur": "1288.1300"}.items() <= parametres[1].items()


def test_simulation_couple_plan_plafonne_et_non_versement(monde: Monde) -> None:
    client = client_de(monde.ts_arras)
    couple = simulation(client, ressources_mensuelles="3060", couple=True).json()
    assert (couple["participation"], couple["montant_apa"]) == ("298.39", "1201.61")

    plafonne = simulation(client, gir=4, montant_plan="1000").json()
    assert (plafonne["plafond"], plafonne["montant_plan_retenu"], plafonne["plan_plafonne"]) == (
        "811.52",
        "811.52",
        True,
    )

    petit_plan = {"ressources_mensuelles": "900", "montant_plan": "36.50"}
    assert simulation(client, **petit_plan, date="2026-05-31").json()["verse"] is True
    juin = simulation(client, **petit_plan, date="2026-06-01").json()
    assert (juin["montant_apa"], juin["seuil_versement"], juin["verse"]) == ("36.50", "36.93", False)


@pytest.mark.parametrize("valeur", [5, 6, 0])
def test_simulation_gir_hors_apa_400(monde: Monde, valeur: int) -> None:
    erreur = verifier_erreur(simulation(client_de(monde.ts_arras), gir=valeur), 400, "donnees_invalides")
    assert erreur["champs"] == {"gir": ["L'APA concerne les GIR 1 à 4."]}


def test_simulation_montants_negatifs_ou_invalides_400(monde: Monde) -> None:
    client = client_de(monde.ts_arras)
    erreur = verifier_erreur(
        simulation(client, ressources_mensuelles="-1", montant_plan="-0.01"), 400, "donnees_invalides"
    )
    assert erreur["champs"] == {
        "ressources_mensuelles": ["Les ressources ne peuvent pas être négatives."],
        "montant_plan": ["Le montant du plan ne peut pas être négatif."],
    }
    erreur = verifier_erreur(
        simulation(client, montant_plan="beaucoup", date="15/01/2026"), 400, "donnees_invalides"
    )
    assert set(erreur["champs"]) == {"montant_plan", "date"}
    assert all(message.endswith(".") for messages in erreur["champs"].values() for message in messages)


def test_simulation_sans_parametre_en_vigueur_a_la_date_400(monde: Monde) -> None:
    erreur = verifier_erreur(
        simulation(client_de(monde.ts_arras), date="2020-01-15"), 400, "parametre_introuvable"
    )
    message = "Aucune valeur du paramètre « mtp » n'est en vigueur le 01/01/2020."
    assert erreur["message"] == message
    assert erreur["champs"] == {"date": [message]}


def test_simulation_date_par_defaut_aujourd_hui(monde: Monde) -> None:
    corps = {cle: valeur for cle, valeur in SIMULATION.items() if cle != "date"}
    reponse = client_de(monde.ts_arras).post(
        reverse("api:apa_simulation"), corps, content_type="application/json"
    )
    assert reponse.status_code == 200
    assert reponse.json()["date"] == timezone.localdate().isoformat()


# --- OpenAPI ---


def test_le_schema_decrit_les_calculateurs_sans_avertissement(tmp_path: Path) -> None:
    fichier = tmp_path / "schema.json"
    call_command(
        "spectacular", "--fail-on-warn", "--validate", "--format", "openapi-json", "--file", str(fichier)
    )
    schema = json.loads(fichier.read_text())
    assert schema["paths"]["/api/v1/apa/gir/"]["post"]["operationId"] == "apa_gir"
    assert schema["paths"]["/api/v1/apa/simulations/"]["post"]["operationId"] == "apa_simulation"
    grille = schema["components"]["schemas"]["GrilleAggirRequest"]
    assert len(grille["properties"]) == 10
    toilette = grille["properties"]["toilette"]["oneOf"][1]
    assert toilette["required"] == ["haut", "bas"]
