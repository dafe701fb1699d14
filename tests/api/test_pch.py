"""/api/v1/parcours/<id>/pch/: the PCH read and written for every persona; designated partners never get a
decision, an amount or an element (health data, DP-2); refusals in the error shape that change nothing;
journal rows; query counts."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours import actions
from parcours.enums import ElementDecisionPch
from parcours.models import DecisionPch, Parcours, VersementPch
from social.enums import OperationJournal
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.conftest import Monde, client_de
from tests.parcours import fabriques_sections as fabriques
from tests.parcours.test_pch import decider, etat_fige, parcours_pch, verser

pytestmark = pytest.mark.django_db

D = datetime.date
PERSONAS = [
    "referent",
    "encadrant",
    "meme_site",
    "accueil",
    "autre_territoire",
    "partenaire_designe",
    "partenaire_non_designe",
    "elu",
    "anonyme",
]
HORS_PERIMETRE = {"autre_territoire": 404, "partenaire_non_designe": 404, "elu": 404, "anonyme": 401}
LECTURE = {"referent": 200, "encadrant": 200, "meme_site": 200, "accueil": 403, "partenaire_designe": 200}
ECRITURE = {"referent": 201, "encadrant": 201, "meme_site": 403, "accueil": 403, "partenaire_designe": 403}
CHAMPS_SANTE = {"decisions", "plafonds", "recours"}


def acteur(monde: Monde, persona: str) -> Utilisateur | None:
    return fabriques.acteur(monde, persona)


@pytest.fixture
def pch(monde: Monde, personne_arras: Personne) -> Parcours:
    return fabriques.scene_pch(monde, personne_arras)


def url(nom: str, parcours: Parcours) -> str:
    return reverse(f"api:{nom}", args=[parcours.public_id])


def poster(client: Client, adresse: str, donnees: dict[str, Any]) -> Any:
    return client.post(adresse, json.dumps(donnees), content_type="application/json")


def donnees_decision(**autres: Any) -> dict[str, Any]:
    return {
        "numero": "CDAPH-2024-009",
        "decidee_le": "2024-02-01",
        "notifiee_le": "2024-02-05",
        "element": "aide_animaliere",
        "montant": "3000",
        "debut": "2024-02-01",
        "fin": "2026-01-31",
    } | autres


def donnees_versement(parcours: Parcours, **autres: Any) -> dict[str, Any]:
    decision = DecisionPch.objects.filter(parcours=parcours).first()
    assert decision is not None
    return {
        "decision": str(decision.public_id),
        "verse_le": "2024-03-01",
        "montant": "2500",
        "periode_debut": "2024-03-01",
        "periode_fin": "2024-03-01",
    } | autres


ECRITURES = {
    "parcours_pch_demandes": lambda p: {"deposee_le": "2024-09-02"},
    "parcours_pch_decisions": lambda p: donnees_decision(),
    "parcours_pch_versements": donnees_versement,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_lecture_par_persona(monde: Monde, pch: Parcours, persona: str) -> None:
    reponse = client_de(acteur(monde, persona)).get(url("parcours_pch", pch))
    attendu = {**HORS_PERIMETRE, **LECTURE}[persona]
    if attendu != 200:
        verifier_erreur(
            reponse, attendu, {401: "non_authentifie", 403: "interdit", 404: "introuvable"}[attendu]
        )
        return
    assert reponse.status_code == 200
    corps = reponse.json()
    if persona == "partenaire_designe":
        assert set(corps) == {"demande"}
        assert "CDAPH" not in reponse.content.decode() and "aides_techniques" not in reponse.content.decode()
    else:
        assert set(corps) >= CHAMPS_SANTE
        (decision,) = corps["decisions"]
        assert (decision["numero"], decision["element"], decision["montant"]) == (
            "CDAPH-2024-001",
            "aides_techniques",
            "10000.00",
        )
        assert corps["recours"] == {"rapo": "2024-04-05"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", ECRITURES)
def test_ecriture_par_persona(monde: Monde, pch: Parcours, persona: str, operation: str) -> None:
    avant = etat_fige(pch)
    reponse = poster(client_de(acteur(monde, persona)), url(operation, pch), ECRITURES[operation](pch))
    attendu = {**HORS_PERIMETRE, **ECRITURE}[persona]
    if attendu == 201:
        assert reponse.status_code == 201, reponse.content
        assert "decisions" in reponse.json()
        assert etat_fige(pch) != avant
        return
    verifier_erreur(reponse, attendu, {401: "non_authentifie", 403: "interdit", 404: "introuvable"}[attendu])
    assert etat_fige(pch) == avant


def test_pch_1_plafond_depasse_erreur_400_avec_le_reste(monde: Monde, pch: Parcours) -> None:
    verser(DecisionPch.objects.get(parcours=pch), monde.ts_arras, "9000")
    seconde = decider(
        pch,
        monde.ts_arras,
        numero="CDAPH-2025-002",
        decidee_le=D(2025, 1, 6),
        debut=D(2025, 1, 6),
        fin=D(2026, 12, 31),
        montant=Decimal("8000"),
    )
    avant = etat_fige(pch)
    reponse = poster(
        client_de(monde.ts_arras),
        url("parcours_pch_versements", pch),
        donnees_versement(
            pch,
            decision=str(seconde.public_id),
            verse_le="2025-02-03",
            periode_debut="2025-02-03",
            periode_fin="2025-02-03",
            montant="4500",
        ),
    )
    erreur = verifier_erreur(reponse, 400, "pch_plafond_depasse")
    assert "il reste 4\u00a0200,00\u00a0€ disponibles" in erreur["message"]
    assert erreur["champs"] == {"montant": [erreur["message"]]}
    assert etat_fige(pch) == avant


def test_saisie_invalide_erreur_400_par_champ(monde: Monde, pch: Parcours) -> None:
    avant = etat_fige(pch)
    reponse = poster(
        client_de(monde.ts_arras),
        url("parcours_pch_decisions", pch),
        donnees_decision(decidee_le="hier", element="fauteuil"),
    )
    erreur = verifier_erreur(reponse, 400, "donnees_invalides")
    assert {"decidee_le", "element"} <= set(erreur["champs"])
    reponse = poster(
        client_de(monde.ts_arras), url("parcours_pch_decisions", pch), donnees_decision(fin=None)
    )
    erreur = verifier_erreur(reponse, 400, "pch_date_fin_requise")
    assert set(erreur["champs"]) == {"fin"}
    assert etat_fige(pch) == avant


def test_pch_4_parentalite_selon_l_age_de_l_enfant_erreur_400_sur_le_champ(
    monde: Monde, pch: Parcours
) -> None:
    """An aide humaine décision for the parent first (PCH-4 needs it), then the parentalité element: a
    monthly amount that does not match the youngest child's age is refused on its field."""
    client = client_de(monde.ts_arras)
    aide_humaine = donnees_decision(
        numero="CDAPH-2024-AH",
        element="aides_humaines",
        montant=None,
        heures_mensuelles="60",
        tarif_horaire="19.34",
    )
    assert poster(client, url("parcours_pch_decisions", pch), aide_humaine).status_code == 201
    avant = etat_fige(pch)
    parentalite = donnees_decision(
        numero="CDAPH-2024-PAR",
        element="parentalite_aide_humaine",
        montant=None,
        montant_mensuel="900",
        naissance_enfant="2020-09-15",
        parent_isole=True,
        fin="2027-09-30",
    )
    erreur = verifier_erreur(
        poster(client, url("parcours_pch_decisions", pch), parentalite),
        400,
        "pch_parentalite_montant_incorrect",
    )
    assert set(erreur["champs"]) == {"montant_mensuel"} and "675,00" in erreur["message"]
    assert etat_fige(pch) == avant
    reponse = poster(client, url("parcours_pch_decisions", pch), parentalite | {"montant_mensuel": "675"})
    assert reponse.status_code == 201
    [decision] = [d for d in reponse.json()["decisions"] if d["numero"] == "CDAPH-2024-PAR"]
    assert (decision["naissance_enfant"], decision["parent_isole"]) == ("2020-09-15", True)


def test_decision_inconnue_404(monde: Monde, pch: Parcours, personne_arras: Personne) -> None:
    autre = parcours_pch(monde, f.PersonneFactory(commune=monde.arras))
    etrangere = decider(autre, monde.ts_arras, numero="AUTRE")
    reponse = poster(
        client_de(monde.ts_arras),
        url("parcours_pch_versements", pch),
        donnees_versement(pch, decision=str(etrangere.public_id)),
    )
    verifier_erreur(reponse, 404, "introuvable")


def test_lecture_journalisee(monde: Monde, pch: Parcours) -> None:
    dernier = dernier_id_journal()
    assert client_de(monde.ts_arras).get(url("parcours_pch", pch)).status_code == 200
    (ligne,) = lignes_journal_depuis(dernier)
    assert (ligne.operation, ligne.objet_ids, ligne.contexte) == (
        OperationJournal.CONSULTATION,
        [pch.personne.public_id],
        "api:parcours_pch",
    )


# + 1: the dated "no contact" threshold read by the scoped fetch (alerts).
REQUETES = {"referent": 19, "partenaire_designe": 12}


def _requetes(client: Client, parcours: Parcours) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(url("parcours_pch", parcours)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


@pytest.mark.parametrize("persona", ["referent", "partenaire_designe"])
def test_nombre_de_requetes_independant_du_nombre_de_decisions(monde: Monde, persona: str) -> None:
    f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras)
    parcours = []
    for n in (1, 12):
        personne = f.PersonneFactory(commune=monde.arras)
        f.RattachementFactory(personne=personne, site=monde.mds_arras)
        p = parcours_pch(monde, personne)
        actions.partenaire_designer(parcours=p, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
        for i in range(n):
            d = decider(p, monde.ts_arras, numero=f"CDAPH-{i}", element=ElementDecisionPch.AIDES_TECHNIQUES)
            VersementPch.objects.create(
                decision=d,
                verse_le=D(2024, 3, 1),
                montant=Decimal("10"),
                periode_debut=D(2024, 3, 1),
                periode_fin=D(2024, 3, 1),
            )
        parcours.append(p)
    client = client_de(acteur(monde, persona))
    assert _requetes(client, parcours[1]) == _requetes(client, parcours[0]) == REQUETES[persona]


def test_pch_3_premiere_demande_apres_60_ans_400_puis_201_avec_l_exception(monde: Monde) -> None:
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=datetime.date(1950, 5, 10))
    pch = parcours_pch(monde, personne)
    avant = etat_fige(pch)
    client = client_de(monde.ts_arras)

    erreur = verifier_erreur(
        poster(client, url("parcours_pch_demandes", pch), {"deposee_le": "2024-09-02"}),
        400,
        "pch_age_depasse",
    )
    assert list(erreur["champs"]) == ["deposee_le"]
    assert etat_fige(pch) == avant

    donnees = {"deposee_le": "2024-09-02", "criteres_remplis_avant_age_limite": True}
    reponse = poster(client, url("parcours_pch_demandes", pch), donnees)
    assert reponse.status_code == 201, reponse.content
    assert etat_fige(pch) != avant
