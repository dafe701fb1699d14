"""/api/v1/parcours/<id>/rsa/sanctions/ and /rsa/reorientations/: read and written for every persona (each
step of the procedure, the request and the decision of a reorientation); partners never read a procedure
(403); each refusal in the error shape, nothing changed; query counts."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours.actions import rsa_sanctions as s
from parcours.enums import DemandeurReorientation, EtatRsa, EtatSanctionRsa, StatutReorientation
from parcours.models import DemandeReorientationRsa, Echeance, Parcours, ProcedureSanctionRsa
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.api.outils import verifier_erreur
from tests.conftest import Monde, client_de
from tests.parcours import fabriques_sections as fabriques
from tests.parcours.test_rsa_sanctions import (
    accompagne,
    constater,
    decider,
    etat_fige,
    jusqu_a_l_avis,
    jusqu_a_la_notification,
    jusqu_au_recours,
    suppression_totale_notifiee,
)

pytestmark = pytest.mark.django_db

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
LECTURE = {"referent": 200, "encadrant": 200, "meme_site": 200, "accueil": 403, "partenaire_designe": 403}
SUIVI = {"referent": 201, "encadrant": 201, "meme_site": 403, "accueil": 403, "partenaire_designe": 403}
DECISION = {**SUIVI, "referent": 403}
D = datetime.date
CODES = {401: "non_authentifie", 403: "interdit", 404: "introuvable"}


def acteur(monde: Monde, persona: str) -> Utilisateur | None:
    return fabriques.acteur(monde, persona)


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    return fabriques.scene_sanctions_rsa(monde, personne_arras)


def liste(parcours: Parcours) -> str:
    return reverse("api:parcours_rsa_sanctions", args=[parcours.public_id])


def etape(parcours: Parcours, procedure: ProcedureSanctionRsa, nom: str) -> str:
    return reverse(f"api:rsa_sanction_{nom}", args=[parcours.public_id, procedure.public_id])


def poster(client: Client, adresse: str, donnees: dict[str, Any]) -> Any:
    return client.post(adresse, json.dumps(donnees), content_type="application/json")


MANQUEMENT = {
    "motif": "manquement_obligations",
    "rang": "premier",
    "constate_le": "2026-01-05",
    "faits": "Absences répétées.",
}


def decision(**autres: Any) -> dict[str, Any]:
    return {
        "nature": "suspension",
        "decidee_le": "2026-01-26",
        "motivation": "CASF L262-37.",
        "taux": "0.5",
        "duree_mois": 2,
        "debut": "2026-02-01",
        "personnes_foyer": 1,
    } | autres


def _verifier(reponse: Any, attendu: int) -> None:
    if attendu in (200, 201):
        assert reponse.status_code == attendu, reponse.content
    else:
        verifier_erreur(reponse, attendu, CODES[attendu])


@pytest.mark.parametrize("persona", PERSONAS)
def test_lecture_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    constater(rsa, monde)
    reponse = client_de(acteur(monde, persona)).get(liste(rsa))
    attendu = {**HORS_PERIMETRE, **LECTURE}[persona]
    _verifier(reponse, attendu)
    if attendu == 200:
        (procedure,) = reponse.json()["procedures"]
        assert (procedure["etat"], procedure["faits"]) == (
            "manquement_constate",
            "Trois rendez-vous manqués sans excuse.",
        )
    else:
        assert "rendez-vous" not in reponse.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_constater_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    avant = etat_fige(rsa)
    reponse = poster(client_de(acteur(monde, persona)), liste(rsa), MANQUEMENT)
    attendu = {**HORS_PERIMETRE, **SUIVI}[persona]
    _verifier(reponse, attendu)
    assert (etat_fige(rsa) == avant) == (attendu != 201)


@pytest.mark.parametrize("persona", PERSONAS)
def test_decider_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    procedure = jusqu_a_l_avis(rsa, monde)
    avant = etat_fige(rsa)
    reponse = poster(client_de(acteur(monde, persona)), etape(rsa, procedure, "decision"), decision())
    attendu = {**HORS_PERIMETRE, **DECISION}[persona]
    _verifier(reponse, attendu)
    if attendu == 201:
        (ligne,) = reponse.json()["procedures"]
        assert (ligne["etat"], ligne["fin"]) == (EtatSanctionRsa.DECIDEE, "2026-03-31")
        rsa.refresh_from_db()
        assert rsa.etat == EtatRsa.SUSPENDU
    else:
        assert etat_fige(rsa) == avant


# Each step of the procedure, for every persona: from the state the step starts from, the allowed roles move
# the procedure (and the pathway when the step does), every other persona is refused and nothing changes.


def _observations_demandees(parcours: Parcours, monde: Monde) -> ProcedureSanctionRsa:
    return s.sanction_observations_demander(
        procedure=constater(parcours, monde), demandees_le=D(2026, 1, 6), acting_user=monde.ts_arras
    )


def _observations_recues(parcours: Parcours, monde: Monde) -> ProcedureSanctionRsa:
    return s.sanction_observations_enregistrer(
        procedure=_observations_demandees(parcours, monde),
        recues_le=D(2026, 1, 12),
        observations="Difficultés de garde.",
        acting_user=monde.ts_arras,
    )


def _decidee(parcours: Parcours, monde: Monde) -> ProcedureSanctionRsa:
    return decider(jusqu_a_l_avis(parcours, monde), monde)


@dataclass(frozen=True)
class Etape:
    nom: str
    depuis: Callable[[Parcours, Monde], ProcedureSanctionRsa]
    donnees: dict[str, Any]
    attendus: dict[str, int]
    # What the allowed persona's answer shows of the procedure, and where the pathway then stands.
    procedure: dict[str, Any]
    etat_parcours: str = EtatRsa.EN_ACCOMPAGNEMENT
    enregistre: dict[str, Any] = field(default_factory=dict)


ETAPES = [
    Etape(
        "observations_demandees",
        constater,
        {"demandees_le": "2026-01-06"},
        SUIVI,
        {"etat": EtatSanctionRsa.OBSERVATIONS_DEMANDEES, "observations_limite": "2026-01-16"},
    ),
    Etape(
        "observations",
        _observations_demandees,
        {"recues_le": "2026-01-12", "observations": "Absent pour raison de garde."},
        SUIVI,
        {"etat": EtatSanctionRsa.OBSERVATIONS_RECUES, "observations": "Absent pour raison de garde."},
    ),
    Etape(
        "delai_expire",
        _observations_demandees,
        {"le": "2026-01-17"},
        SUIVI,
        {"etat": EtatSanctionRsa.DELAI_OBSERVATIONS_EXPIRE},
    ),
    Etape(
        "avis_ep",
        _observations_recues,
        {"le": "2026-01-20", "avis": "Avis favorable à une suspension."},
        SUIVI,
        {"etat": EtatSanctionRsa.AVIS_EP, "avis_ep": "Avis favorable à une suspension."},
    ),
    Etape(
        "notification",
        _decidee,
        {"notifiee_le": "2026-01-30"},
        SUIVI,
        {"etat": EtatSanctionRsa.NOTIFIEE, "notifiee_le": "2026-01-30", "recours_limite": "2026-03-30"},
        etat_parcours=EtatRsa.SUSPENDU,
    ),
    Etape(
        "recours",
        jusqu_a_la_notification,
        {
            "forme_le": "2026-03-02",
            "destinataire": "president_conseil_departemental",
            "depose_par": "beneficiaire",
            "motifs": "Les absences étaient justifiées.",
        },
        SUIVI,
        {"etat": EtatSanctionRsa.NOTIFIEE, "recours_forme_le": "2026-03-02"},
        etat_parcours=EtatRsa.SUSPENDU,
        enregistre={"recours_forme_le": D(2026, 3, 2)},
    ),
    Etape(
        "recours_decision",
        jusqu_au_recours,
        {
            "statue_le": "2026-03-02",
            "issue": "admis",
            "motivation": "Les absences étaient justifiées : le manquement n'est pas établi.",
        },
        DECISION,
        {
            "etat": EtatSanctionRsa.ANNULEE,
            "recours_statue_le": "2026-03-02",
            "recours_issue": "admis",
            "regularisation": "646.52",
        },
        enregistre={"recours_statue_le": D(2026, 3, 2)},
    ),
    Etape(
        "conformite",
        jusqu_a_la_notification,
        {"le": "2026-03-16"},
        SUIVI,  # référent and encadrants of the site (no team member among the personas)
        {"etat": EtatSanctionRsa.LEVEE, "levee_le": "2026-03-16", "restitution": "166.84"},
    ),
    Etape(
        "radiation",
        suppression_totale_notifiee,
        {"le": "2026-06-02", "motivation": "Aucune mise en conformité."},
        DECISION,
        {"etat": EtatSanctionRsa.RADIEE, "radiee_le": "2026-06-02"},
        etat_parcours=EtatRsa.SORTIE,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("etape_", ETAPES, ids=lambda e: e.nom)
def test_chaque_etape_pour_chaque_persona(monde: Monde, rsa: Parcours, etape_: Etape, persona: str) -> None:
    procedure = etape_.depuis(rsa, monde)
    avant = etat_fige(rsa)
    reponse = poster(client_de(acteur(monde, persona)), etape(rsa, procedure, etape_.nom), etape_.donnees)
    attendu = {**HORS_PERIMETRE, **etape_.attendus}[persona]
    _verifier(reponse, attendu)
    if attendu == 201:
        (ligne,) = reponse.json()["procedures"]
        assert {cle: ligne[cle] for cle in etape_.procedure} == etape_.procedure
        procedure.refresh_from_db()
        assert procedure.etat == etape_.procedure["etat"]
        assert {cle: getattr(procedure, cle) for cle in etape_.enregistre} == etape_.enregistre
        assert etat_fige(rsa) != avant
        assert rsa.etat == etape_.etat_parcours
    else:
        assert etat_fige(rsa) == avant
        assert "Trois rendez-vous" not in reponse.content.decode()


# Reorientation requests: recorded by the référent, the team or an encadrant; decided by an encadrant.

DEMANDE_REORIENTATION = {"demandeur": "referent", "demandee_le": "2026-11-02", "motifs": "Freins de santé."}
REFUS_REORIENTATION = {"acceptee": False, "decidee_le": "2026-11-04", "motivation": "Parcours adapté."}


def reorientations(parcours: Parcours) -> str:
    return reverse("api:parcours_rsa_reorientations", args=[parcours.public_id])


@pytest.mark.parametrize("persona", PERSONAS)
def test_demander_une_reorientation_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    avant = etat_fige(rsa)
    reponse = poster(client_de(acteur(monde, persona)), reorientations(rsa), DEMANDE_REORIENTATION)
    attendu = {**HORS_PERIMETRE, **SUIVI}[persona]
    _verifier(reponse, attendu)
    if attendu == 201:
        (demande,) = reponse.json()["demandes"]
        assert (demande["statut"], demande["motifs"]) == (StatutReorientation.DEMANDEE, "Freins de santé.")
        ligne = DemandeReorientationRsa.objects.get(parcours=rsa)
        assert (ligne.statut, ligne.created_by) == (StatutReorientation.DEMANDEE, acteur(monde, persona))
    else:
        assert etat_fige(rsa) == avant


@pytest.mark.parametrize("persona", PERSONAS)
def test_decider_une_reorientation_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    demande = s.reorientation_demander(
        parcours=rsa,
        demandeur=DemandeurReorientation.PERSONNE,
        demandee_le=D(2026, 11, 2),
        motifs="Souhaite un accompagnement vers l'emploi.",
        acting_user=monde.ts_arras,
    )
    avant = etat_fige(rsa)
    adresse = reverse("api:parcours_rsa_reorientation_decision", args=[rsa.public_id, demande.public_id])
    reponse = poster(client_de(acteur(monde, persona)), adresse, REFUS_REORIENTATION)
    attendu = {**HORS_PERIMETRE, **DECISION}[persona]
    _verifier(reponse, attendu)
    if attendu == 201:
        (ligne,) = reponse.json()["demandes"]
        assert (ligne["statut"], ligne["motivation"]) == (StatutReorientation.REFUSEE, "Parcours adapté.")
        demande.refresh_from_db()
        assert (demande.statut, demande.decidee_par) == (StatutReorientation.REFUSEE, monde.encadrant_arras)
    else:
        assert etat_fige(rsa) == avant
        assert "accompagnement vers l'emploi" not in reponse.content.decode()


def test_rsa_10_taux_hors_bornes_erreur_400_sur_le_champ(monde: Monde, rsa: Parcours) -> None:
    procedure = jusqu_a_l_avis(rsa, monde)
    avant = etat_fige(rsa)
    reponse = poster(
        client_de(monde.encadrant_arras),
        etape(rsa, procedure, "decision"),
        decision(taux="0.6", personnes_foyer=3),
    )
    erreur = verifier_erreur(reponse, 400, "rsa_sanction_taux_hors_bornes")
    assert "50\u00a0%" in erreur["message"] and set(erreur["champs"]) == {"taux"}
    assert etat_fige(rsa) == avant


def test_mauvais_etat_409_et_saisie_invalide_400(monde: Monde, rsa: Parcours) -> None:
    procedure = constater(rsa, monde)
    avant = etat_fige(rsa)
    client = client_de(monde.encadrant_arras)
    verifier_erreur(
        poster(client, etape(rsa, procedure, "notification"), {"notifiee_le": "2026-01-30"}),
        409,
        "transition_impossible",
    )
    erreur = verifier_erreur(
        poster(client, etape(rsa, procedure, "observations_demandees"), {"demandees_le": "demain"}),
        400,
        "donnees_invalides",
    )
    assert set(erreur["champs"]) == {"demandees_le"}
    assert etat_fige(rsa) == avant


def test_rsa_14_recours_tardif_refuse_et_pas_de_decision_sans_recours(monde: Monde, rsa: Parcours) -> None:
    procedure = jusqu_a_l_avis(rsa, monde)
    client = client_de(monde.encadrant_arras)
    assert poster(client, etape(rsa, procedure, "decision"), decision()).status_code == 201
    reponse = poster(client, etape(rsa, procedure, "notification"), {"notifiee_le": "2026-01-30"})
    (ligne,) = reponse.json()["procedures"]
    assert (
        ligne["recours_limite"] == "2026-03-30"
        and "président du conseil départemental" in ligne["mentions_recours"]
    )
    avant = etat_fige(rsa)
    recours = {
        "forme_le": "2026-03-31",
        "destinataire": "president_conseil_departemental",
        "depose_par": "beneficiaire",
        "motifs": "Contestation.",
    }
    verifier_erreur(poster(client, etape(rsa, procedure, "recours"), recours), 400, "rsa_recours_tardif")
    sur_le_recours = {"statue_le": "2026-03-02", "issue": "rejete", "motivation": "Manquement établi."}
    verifier_erreur(
        poster(client, etape(rsa, procedure, "recours_decision"), sur_le_recours), 409, "rsa_recours_absent"
    )
    assert etat_fige(rsa) == avant


def test_reorientation_demandee_puis_refusee_par_l_encadrant(monde: Monde, rsa: Parcours) -> None:
    reponse = poster(
        client_de(monde.ts_arras),
        reverse("api:parcours_rsa_reorientations", args=[rsa.public_id]),
        {"demandeur": "referent", "demandee_le": "2026-11-02", "motifs": "Freins de santé."},
    )
    assert reponse.status_code == 201
    (demande,) = reponse.json()["demandes"]
    adresse = reverse("api:parcours_rsa_reorientation_decision", args=[rsa.public_id, demande["public_id"]])
    refus = {"acceptee": False, "decidee_le": "2026-11-04", "motivation": "Parcours adapté."}
    verifier_erreur(poster(client_de(monde.ts_arras), adresse, refus), 403, "interdit")
    erreur = verifier_erreur(
        poster(client_de(monde.encadrant_arras), adresse, refus | {"motivation": ""}), 400, "motif_requis"
    )
    assert set(erreur["champs"]) == {"motivation"}
    reponse = poster(client_de(monde.encadrant_arras), adresse, refus)
    assert reponse.status_code == 201 and reponse.json()["demandes"][0]["statut"] == "refusee"


# + 1: the dated "no contact" threshold read by the scoped fetch (alerts).
REQUETES = 16


def _requetes(client: Client, parcours: Parcours) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(liste(parcours)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def test_nombre_de_requetes_independant_du_nombre_de_procedures(monde: Monde) -> None:
    parcours = []
    for n in (1, 6):
        p = accompagne(monde, f.PersonneFactory(commune=monde.arras))
        for _i in range(n):
            procedure = constater(p, monde)
            ProcedureSanctionRsa.objects.filter(pk=procedure.pk).update(etat=EtatSanctionRsa.CLASSEE)
        parcours.append(p)
    client = client_de(monde.ts_arras)
    assert _requetes(client, parcours[1]) == _requetes(client, parcours[0]) == REQUETES


def test_dp_2_les_echeances_d_une_sanction_jamais_au_partenaire(monde: Monde, rsa: Parcours) -> None:
    """The deadlines of the observations and of the PCD's decision on a recours would tell the designated
    partner that a sanction procedure is under way: the département's staff see them, the partner does
    not (neither in the API nor on the pathway page)."""
    jusqu_au_recours(rsa, monde)
    sanction = {"rsa_sanction_observations", "rsa_recours_decision"}

    def types(persona: str) -> set[str]:
        reponse = client_de(acteur(monde, persona)).get(reverse("api:parcours_detail", args=[rsa.public_id]))
        assert reponse.status_code == 200
        return {echeance["type"] for echeance in reponse.json()["echeances"]}

    assert sanction <= types("referent") and sanction <= types("encadrant")
    assert types("partenaire_designe") & sanction == set()
    assert "rsa_contrat" in types("partenaire_designe")  # the other deadlines stay shared
    # Nor in the alerts, which a partner could filter on: the recours decision was due on 10/04/2026.
    Echeance.objects.filter(parcours=rsa, type="rsa_sanction_observations").delete()

    # An agent of another territory who is also a member of the designated CCAS reads the pathway as a
    # partner only: per pathway, not per user.
    double = f.AffectationFactory(site=monde.mds_calais).utilisateur
    f.AdhesionFactory(utilisateur=double, organisation=monde.ccas_arras)

    def en_retard(user: Utilisateur) -> list[str]:
        reponse = client_de(user).get(reverse("api:parcours_liste"), {"alerte": "echeance_depassee"})
        assert reponse.status_code == 200
        return [ligne["public_id"] for ligne in reponse.json()["results"]]

    assert en_retard(monde.encadrant_arras) == en_retard(monde.ts_arras) == [str(rsa.public_id)]
    for user in (monde.partenaire_ccas_arras, monde.accueil_arras, double):
        assert en_retard(user) == [], user
    assert client_de(double).get(reverse("api:parcours_liste")).json()["count"] == 1  # seen, as a partner
    page = client_de(monde.partenaire_ccas_arras).get(
        reverse("frontend:parcours_detail", args=[rsa.public_id])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Observations avant sanction" not in html and "Décision sur le recours" not in html
    page = client_de(monde.ts_arras).get(reverse("frontend:parcours_detail", args=[rsa.public_id]))
    assert "Décision sur le recours (2 mois" in page.content.decode()
