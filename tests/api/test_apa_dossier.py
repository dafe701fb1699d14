"""The APA file of a pathway in the API: reading per persona (health fields never sent to partners, the
AGGIR grid to medico-social profiles only), every step's endpoint for every persona (the allowed roles move
the file, every other persona is refused in the common error shape and nothing is written), journaling,
query counts independent of the number of rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours import actions
from parcours.enums import EtatApa, LieuApa
from parcours.models import DecisionApa, Parcours
from social.enums import OperationJournal
from social.models import Utilisateur
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.conftest import Monde, client_de
from tests.parcours import fabriques_sections as fabriques
from tests.parcours.test_apa_dossier import (
    GRILLE_GIR_2,
    etat_fige,
    il_y_a,
    jusqu_a_l_evaluation,
    jusqu_a_la_decision,
    jusqu_au_plan,
    parcours_apa,
)

PERSONAS = [
    "referent",  # evaluateur.arras, référent and évaluatrice médico-sociale
    "evaluateur",  # another évaluatrice of the Maison de l'Autonomie
    "meme_site",  # a social worker of the Maison de l'Autonomie
    "encadrant",
    "autre_territoire",
    "partenaire_designe",
    "partenaire_non_designe",
    "elu",
    "anonyme",
]
HORS_PERIMETRE = {"autre_territoire": 404, "partenaire_non_designe": 404, "elu": 404, "anonyme": 401}
# Who receives the AGGIR grid and its trace (health data, DP-2).
MEDICO_SOCIAUX = {"referent", "evaluateur"}
# Keys that are health data or need-to-know information a partner must never receive (DP-2).
CLES_INTERDITES_AUX_PARTENAIRES = {
    "gir",
    "grille",
    "trace",
    "plans",
    "participation",
    "montant_apa",
    "montant_plan_retenu",
    "motivation",
    "ressources_mensuelles",
    "pieces_manquantes",
    "montant_urgence",
    "montant_forfaitaire",
    "revisions",
    "evaluateur",
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


def toutes_les_cles(valeur: Any) -> set[str]:
    if isinstance(valeur, dict):
        return set(valeur) | {c for v in valeur.values() for c in toutes_les_cles(v)}
    if isinstance(valeur, list):
        return {c for v in valeur for c in toutes_les_cles(v)}
    return set()


# --- Reading ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_lecture_par_persona(monde: Monde, apa: Parcours, persona: str) -> None:
    jusqu_a_la_decision(monde, apa)
    reponse = client_de(acteur(monde, persona)).get(url("parcours_apa", apa))
    if persona in HORS_PERIMETRE:
        attendu = HORS_PERIMETRE[persona]
        verifier_erreur(reponse, attendu, {401: "non_authentifie", 404: "introuvable"}[attendu])
        return
    assert reponse.status_code == 200
    corps = reponse.json()
    cles = toutes_les_cles(corps)
    assert corps["etat"] == EtatApa.DECIDE
    assert corps["decisions"][0]["sens"] == "accord"
    if persona in MEDICO_SOCIAUX:
        evaluation = corps["evaluations"][0]
        assert evaluation["gir"] == 2
        assert evaluation["grille"]["toilette"] == {"haut": "B", "bas": "C"}
        assert evaluation["trace"]["codes"]["toilette"] == "B"
        assert evaluation["trace"]["version"]
        assert corps["plans"][0]["participation"] == "298.39"
    elif persona in {"encadrant", "meme_site"}:
        assert corps["evaluations"][0]["gir"] == 2
        assert "grille" not in cles and "trace" not in cles
        assert corps["decisions"][0]["montant_apa"] == "1201.61"
    else:
        assert not cles & CLES_INTERDITES_AUX_PARTENAIRES


def test_api_n_envoie_jamais_de_donnee_de_sante_au_partenaire(monde: Monde, apa: Parcours) -> None:
    """DP-2, explicitly: after every step, a designated partner's answer holds no health field."""
    partenaire = client_de(monde.partenaire_ccas_arras)
    jusqu_a_la_decision(monde, apa)
    actions.apa_notifier(parcours=apa, notifiee_le=il_y_a(28), acting_user=monde.evaluateur_arras)
    actions.apa_revision_ouvrir(
        parcours=apa,
        origine="beneficiaire",
        ouverte_le=il_y_a(20),
        motif="Chute.",
        acting_user=monde.evaluateur_arras,
    )
    corps = partenaire.get(url("parcours_apa", apa)).json()
    texte = json.dumps(corps)
    assert not toutes_les_cles(corps) & CLES_INTERDITES_AUX_PARTENAIRES
    for indice in ("Chute", "298.39", "1201.61", '"B"', '"C"'):
        assert indice not in texte
    assert corps["decisions"][0]["droits_ouverts_le"] == il_y_a(28).isoformat()


def test_lecture_d_un_parcours_non_apa_404(monde: Monde, personne_arras: Any) -> None:
    rsa = actions.parcours_ouvrir(
        personne=personne_arras, dispositif="rsa", acting_user=monde.ts_arras, site=monde.mds_arras
    )
    verifier_erreur(client_de(monde.ts_arras).get(url("parcours_apa", rsa)), 404, "introuvable")


def test_lecture_journalisee(monde: Monde, apa: Parcours) -> None:
    depuis = dernier_id_journal()
    client_de(monde.evaluateur_arras).get(url("parcours_apa", apa))
    (ligne_journal,) = lignes_journal_depuis(depuis)
    assert ligne_journal.operation == OperationJournal.CONSULTATION
    assert ligne_journal.objet_ids == [apa.personne.public_id]


@pytest.mark.parametrize("persona", ["evaluateur", "encadrant", "partenaire_designe"])
def test_nombre_de_requetes_independant_du_nombre_de_decisions(monde: Monde, persona: str) -> None:
    from tests.frontend.test_apa_dossier import _reviser

    petit, grand = parcours_apa(monde), parcours_apa(monde)
    for parcours in (petit, grand):
        actions.partenaire_designer(
            parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.evaluateur_arras
        )
        jusqu_a_la_decision(monde, parcours)
    _reviser(monde, petit, 1)
    _reviser(monde, grand, 4)
    client = client_de(acteur(monde, persona))

    def requetes(parcours: Parcours) -> int:
        with CaptureQueriesContext(connection) as contexte:
            assert client.get(url("parcours_apa", parcours)).status_code == 200
        return len(contexte.captured_queries)

    assert requetes(grand) == requetes(petit)


# --- Writing: the whole procedure through the API -----------------------------------------------------


def test_procedure_complete_par_l_api(monde: Monde, apa: Parcours) -> None:
    evaluateur, encadrant = client_de(monde.evaluateur_arras), client_de(monde.encadrant_arras)
    reponse = poster(
        evaluateur, "parcours_apa_demande", apa, {"demande_le": il_y_a(62).isoformat(), "lieu": "domicile"}
    )
    assert reponse.status_code == 201, reponse.content
    reponse = poster(
        evaluateur,
        "parcours_apa_accuse",
        apa,
        {"accuse_le": il_y_a(55).isoformat(), "pieces_manquantes": ["Avis d'imposition"]},
    )
    assert reponse.json()["dossier"]["pieces_manquantes"] == ["Avis d'imposition"]
    poster(evaluateur, "parcours_apa_complet", apa, {"complet_le": il_y_a(50).isoformat()})
    reponse = poster(
        evaluateur,
        "parcours_apa_evaluations",
        apa,
        {"evaluee_le": il_y_a(40).isoformat(), "grille": GRILLE_GIR_2},
    )
    assert reponse.status_code == 201 and reponse.json()["evaluations"][0]["gir"] == 2
    plan = {
        "propose_le": il_y_a(35).isoformat(),
        "lignes": [
            {
                "type_aide": "aide_humaine_prestataire",
                "quantite": "60",
                "unite": "heures",
                "prix_unitaire": "25.00",
            }
        ],
        "ressources_mensuelles": "3060.00",
        "couple": True,
    }
    reponse = poster(evaluateur, "parcours_apa_plans", apa, plan)
    assert reponse.status_code == 201
    assert reponse.json()["plans"][0]["participation"] == "298.39"  # couple: 3 060 ÷ 1,7 = 1 800
    reponse = poster(
        encadrant, "parcours_apa_decisions", apa, {"sens": "accord", "decidee_le": il_y_a(30).isoformat()}
    )
    assert reponse.status_code == 201
    reponse = poster(evaluateur, "parcours_apa_notification", apa, {"notifiee_le": il_y_a(28).isoformat()})
    assert reponse.json()["decisions"][0]["droits_ouverts_le"] == il_y_a(28).isoformat()
    reponse = poster(
        evaluateur,
        "parcours_apa_revisions",
        apa,
        {"origine": "departement", "ouverte_le": il_y_a(20).isoformat(), "motif": "Révision périodique."},
    )
    assert reponse.status_code == 201 and reponse.json()["etat"] == EtatApa.REVISION


# --- Every step for every persona; refusals: nothing written ------------------------------------------


# From the state the step starts from, the allowed roles move the file; every other persona is refused
# (the error alone, no file) and nothing is written. After the step, the designated partner's file still
# holds no health field.


def _demande(monde: Monde, apa: Parcours) -> None:
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu=LieuApa.DOMICILE, acting_user=monde.evaluateur_arras
    )


def _accuse(monde: Monde, apa: Parcours, *pieces_manquantes: str) -> None:
    _demande(monde, apa)
    actions.apa_accuser_reception(
        parcours=apa,
        accuse_le=il_y_a(55),
        pieces_manquantes=pieces_manquantes,
        acting_user=monde.evaluateur_arras,
    )


def _notifiee(monde: Monde, apa: Parcours) -> None:
    jusqu_a_la_decision(monde, apa)
    actions.apa_notifier(parcours=apa, notifiee_le=il_y_a(28), acting_user=monde.evaluateur_arras)


def _plan() -> dict[str, Any]:
    return {
        "propose_le": il_y_a(35).isoformat(),
        "lignes": [
            {
                "type_aide": "aide_humaine_prestataire",
                "quantite": "60",
                "unite": "heures",
                "prix_unitaire": "25",
            }
        ],
        "ressources_mensuelles": "1800.00",
    }


@dataclass(frozen=True)
class Etape:
    nom: str
    depuis: Callable[[Monde, Parcours], object]
    donnees: Callable[[], dict[str, Any]]
    attendus: dict[str, int]
    etat: str  # the pathway's state after the step


# Request, acknowledgement, complete file, plan, revision: the référent, the team, the évaluateurs and the
# encadrants of the site; not a social worker of the site, who reads the file.
INSTRUCTION = {
    "referent": 201,
    "evaluateur": 201,
    "meme_site": 403,
    "encadrant": 201,
    "partenaire_designe": 403,
}
ETAPES = [
    Etape(
        "demande",
        lambda monde, apa: None,
        lambda: {"demande_le": il_y_a(62).isoformat(), "lieu": LieuApa.DOMICILE},
        INSTRUCTION,
        EtatApa.DEMANDE_RECUE,
    ),
    Etape(
        "accuse",
        _demande,
        lambda: {"accuse_le": il_y_a(55).isoformat(), "pieces_manquantes": ["Avis d'imposition"]},
        INSTRUCTION,
        EtatApa.DOSSIER_INCOMPLET,
    ),
    Etape(
        "complet",
        lambda monde, apa: _accuse(monde, apa, "Avis d'imposition"),
        lambda: {"complet_le": il_y_a(50).isoformat()},
        INSTRUCTION,
        EtatApa.DOSSIER_COMPLET,
    ),
    # The provisional amount of an urgency is a decision of the Département: the encadrants only (APA-5).
    Etape(
        "urgence",
        _demande,
        lambda: {"le": il_y_a(58).isoformat()},
        {**INSTRUCTION, "referent": 403, "evaluateur": 403},
        EtatApa.DEMANDE_RECUE,
    ),
    # The AGGIR grid is health data: entered by a medico-social profile only.
    Etape(
        "evaluations",
        _accuse,
        lambda: {"evaluee_le": il_y_a(40).isoformat(), "grille": GRILLE_GIR_2},
        {**INSTRUCTION, "encadrant": 403},
        EtatApa.EVALUATION,
    ),
    Etape("plans", jusqu_a_l_evaluation, _plan, INSTRUCTION, EtatApa.PLAN_PROPOSE),
    Etape(
        "decisions",
        jusqu_au_plan,
        lambda: {"sens": "accord", "decidee_le": il_y_a(30).isoformat()},
        {**INSTRUCTION, "referent": 403, "evaluateur": 403},
        EtatApa.DECIDE,
    ),
    # The notification: the référent, the team and the encadrants (not another évaluatrice of the site).
    Etape(
        "notification",
        jusqu_a_la_decision,
        lambda: {"notifiee_le": il_y_a(28).isoformat()},
        {**INSTRUCTION, "evaluateur": 403},
        EtatApa.NOTIFIE,
    ),
    Etape(
        "revisions",
        _notifiee,
        lambda: {"origine": "departement", "ouverte_le": il_y_a(20).isoformat(), "motif": "Chute."},
        INSTRUCTION,
        EtatApa.REVISION,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("etape", ETAPES, ids=lambda e: e.nom)
def test_chaque_etape_pour_chaque_persona(monde: Monde, apa: Parcours, etape: Etape, persona: str) -> None:
    etape.depuis(monde, apa)
    client = client_de(acteur(monde, persona))
    avant = etat_fige(apa)
    reponse = poster(client, f"parcours_apa_{etape.nom}", apa, etape.donnees())
    attendu = {**HORS_PERIMETRE, **etape.attendus}[persona]
    if attendu == 201:
        assert reponse.status_code == 201, reponse.content
        corps = reponse.json()
        assert corps["etat"] == etape.etat
        assert etat_fige(apa) != avant and apa.etat == etape.etat
        cles = toutes_les_cles(corps)
        assert ("grille" in cles) == (persona in MEDICO_SOCIAUX and bool(corps["evaluations"]))
        assert "montant_apa" in cles or not corps["decisions"]
    else:
        verifier_erreur(
            reponse, attendu, {401: "non_authentifie", 403: "interdit", 404: "introuvable"}[attendu]
        )
        assert etat_fige(apa) == avant
    partenaire = client_de(monde.partenaire_ccas_arras).get(url("parcours_apa", apa)).json()
    assert not toutes_les_cles(partenaire) & CLES_INTERDITES_AUX_PARTENAIRES
    assert partenaire["etat"] == apa.etat


def test_rejet_sans_motivation_400_sur_le_champ(monde: Monde, apa: Parcours) -> None:
    jusqu_au_plan(monde, apa)
    avant = etat_fige(apa)
    reponse = poster(
        client_de(monde.encadrant_arras),
        "parcours_apa_decisions",
        apa,
        {"sens": "rejet", "decidee_le": il_y_a(30).isoformat(), "motivation": " "},
    )
    erreur = verifier_erreur(reponse, 400, "motif_requis")
    assert "motivation" in erreur["champs"]
    assert etat_fige(apa) == avant


def test_etat_incompatible_409(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa)
    avant = etat_fige(apa)
    reponse = poster(
        client_de(monde.evaluateur_arras),
        "parcours_apa_notification",
        apa,
        {"notifiee_le": il_y_a(28).isoformat()},
    )
    verifier_erreur(reponse, 409, "transition_impossible")
    assert etat_fige(apa) == avant


def test_grille_invalide_400_par_variable(monde: Monde, apa: Parcours) -> None:
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu="domicile", acting_user=monde.evaluateur_arras
    )
    actions.apa_accuser_reception(
        parcours=apa, accuse_le=il_y_a(55), pieces_manquantes=[], acting_user=monde.evaluateur_arras
    )
    avant = etat_fige(apa)
    reponse = poster(
        client_de(monde.evaluateur_arras),
        "parcours_apa_evaluations",
        apa,
        {"evaluee_le": il_y_a(40).isoformat(), "grille": {**GRILLE_GIR_2, "transferts": "Z"}},
    )
    erreur = verifier_erreur(reponse, 400, "aggir_invalide")
    assert "grille.transferts" in erreur["champs"]
    assert etat_fige(apa) == avant


def test_saisie_invalide_400_en_francais(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa)
    reponse = poster(
        client_de(monde.evaluateur_arras),
        "parcours_apa_plans",
        apa,
        {"propose_le": "hier", "lignes": [], "ressources_mensuelles": "-3"},
    )
    erreur = verifier_erreur(reponse, 400, "donnees_invalides")
    assert {"propose_le", "ressources_mensuelles"} <= set(erreur["champs"])


def test_plan_plafonne_par_l_api(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa)
    reponse = poster(
        client_de(monde.evaluateur_arras),
        "parcours_apa_plans",
        apa,
        {
            "propose_le": il_y_a(35).isoformat(),
            "lignes": [
                {"type_aide": "emploi_direct", "quantite": "120", "unite": "heures", "prix_unitaire": "20"}
            ],
            "ressources_mensuelles": "900",
        },
    )
    plan = reponse.json()["plans"][0]
    assert plan["plafonne"] is True
    assert Decimal(plan["montant_retenu"]) == Decimal(plan["plafond"]) < Decimal(plan["montant_plan"])
    assert plan["participation"] == "0.00"  # R ≤ S1
    assert DecisionApa.objects.count() == 0
