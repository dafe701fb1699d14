"""The APA file on the pathway page (section « Allocation personnalisée d'autonomie ») and its form pages:
each page and POST per persona, health data (the AGGIR grid and its trace) for medico-social profiles
only, nothing of the GIR, plan or amounts for partners, refusals with a message (nothing changed), query
counts independent of the number of evaluations, plans and decisions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours import actions
from parcours.enums import EtatApa, LieuApa
from parcours.models import DecisionApa, EvaluationApa, Parcours, PlanAide
from social.enums import OperationJournal
from social.models import Utilisateur
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, lignes_journal, parcourir, texte, trouver
from tests.parcours import fabriques_sections as fabriques
from tests.parcours.test_apa_dossier import (
    etat_fige,
    il_y_a,
    jusqu_a_l_evaluation,
    jusqu_a_la_decision,
    jusqu_au_plan,
    parcours_apa,
)

PERSONAS = [
    "evaluateur",
    "encadrant",
    "autre_territoire",
    "partenaire_designe",
    "partenaire_non_designe",
    "elu",
    "anonyme",
]
HORS_PERIMETRE = {"autre_territoire", "partenaire_non_designe", "elu"}
ETAPES = [
    "demande",
    "accuse",
    "complet",
    "urgence",
    "evaluation",
    "plan",
    "decision",
    "notification",
    "revision",
]


def acteur(monde: Monde, persona: str) -> Utilisateur | None:
    return fabriques.acteur(monde, persona, elu=monde.elu_calaisis)


@pytest.fixture
def apa(monde: Monde) -> Parcours:
    return fabriques.scene_apa(monde)


def page(parcours: Parcours) -> str:
    return reverse("frontend:parcours_detail", args=[parcours.public_id])


def url(etape: str, parcours: Parcours) -> str:
    return reverse(f"frontend:parcours_apa_{etape}", args=[parcours.public_id])


def section(client: Client, parcours: Parcours) -> str:
    reponse = client.get(page(parcours))
    assert reponse.status_code == 200
    contenu = texte(trouver(document(reponse), "section", **{"aria-labelledby": "titre-apa"}))
    return contenu.replace("\u00a0", " ").replace("\u202f", " ")


# --- The section on the pathway page ------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_section_par_persona(monde: Monde, apa: Parcours, persona: str) -> None:
    jusqu_a_la_decision(monde, apa)
    client = client_de(acteur(monde, persona))
    reponse = client.get(page(apa))
    if persona == "anonyme":
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))
        return
    if persona in HORS_PERIMETRE:
        assert reponse.status_code == 404
        return
    contenu = section(client, apa)
    assert "Allocation personnalisée d'autonomie" in contenu
    assert "Accord" in contenu
    grille = "Codes retenus pour les 10 variables" in contenu
    if persona == "evaluateur":  # medico-social: GIR, amounts, grid and trace
        assert "GIR 2" in contenu and "298,39" in contenu and grille
    elif persona == "encadrant":  # staff: GIR and amounts, no health detail (DP-2)
        assert "GIR 2" in contenu and "1 201,61" in contenu and not grille
    else:  # designated partner: the stage and the outcome only
        assert "GIR" not in contenu and "298,39" not in contenu and "1 500" not in contenu
        assert not grille and "Motivation" not in contenu


def test_section_pas_sur_un_parcours_rsa(monde: Monde, personne_arras: Any) -> None:
    rsa = actions.parcours_ouvrir(
        personne=personne_arras, dispositif="rsa", acting_user=monde.ts_arras, site=monde.mds_arras
    )
    reponse = client_de(monde.ts_arras).get(page(rsa))
    assert "Allocation personnalisée d'autonomie" not in reponse.content.decode()
    assert client_de(monde.ts_arras).get(url("demande", rsa)).status_code == 404


def test_echeances_et_liens_selon_l_etat(monde: Monde, apa: Parcours) -> None:
    client = client_de(monde.evaluateur_arras)
    contenu = section(client, apa)
    assert "Accusé de réception ou pièces manquantes" in contenu
    assert "Enregistrer la demande" in contenu
    jusqu_au_plan(monde, apa)
    contenu = section(client, apa)
    assert "Notification de la décision (2 mois, R232-23)" in contenu
    assert "Enregistrer la décision" not in contenu  # encadrants only
    assert "Enregistrer la décision" in section(client_de(monde.encadrant_arras), apa)


# --- The form pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("etape", ETAPES)
@pytest.mark.parametrize(
    "persona", ["autre_territoire", "partenaire_designe", "partenaire_non_designe", "elu", "anonyme"]
)
def test_pages_refusees_hors_equipe(monde: Monde, apa: Parcours, etape: str, persona: str) -> None:
    client = client_de(acteur(monde, persona))
    for reponse in (client.get(url(etape, apa)), client.post(url(etape, apa), {})):
        if persona == "anonyme":
            assert reponse.status_code == 302
        elif persona in HORS_PERIMETRE:
            assert reponse.status_code == 404
        else:
            assert reponse.status_code == 403


def test_parcours_complet_par_les_pages(monde: Monde, apa: Parcours) -> None:
    evaluateur = client_de(monde.evaluateur_arras)
    encadrant = client_de(monde.encadrant_arras)
    reponse = evaluateur.post(
        url("demande", apa), {"demande_le": il_y_a(62).isoformat(), "lieu": LieuApa.DOMICILE}
    )
    assert reponse.status_code == 302
    assert evaluateur.get(url("accuse", apa)).status_code == 200
    reponse = evaluateur.post(
        url("accuse", apa), {"accuse_le": il_y_a(55).isoformat(), "pieces_manquantes": "Avis d'imposition\n"}
    )
    assert reponse.status_code == 302
    reponse = evaluateur.post(url("complet", apa), {"complet_le": il_y_a(50).isoformat()})
    assert reponse.status_code == 302
    assert evaluateur.get(url("evaluation", apa)).status_code == 200
    assert encadrant.get(url("evaluation", apa)).status_code == 403  # not a medico-social profile
    grille = {
        "evaluee_le": il_y_a(40).isoformat(),
        "coherence": "B",
        "orientation": "B",
        "toilette": "detail",
        "toilette__haut": "B",
        "toilette__bas": "C",
        "habillage": "C",
        "alimentation": "B",
        "elimination": "C",
        "transferts": "C",
        "deplacements_interieur": "B",
        "deplacements_exterieur": "C",
        "communication": "A",
    }
    assert evaluateur.post(url("evaluation", apa), grille).status_code == 302
    evaluation = EvaluationApa.objects.get(parcours=apa)
    assert evaluation.gir == 2
    assert evaluation.grille["toilette"] == {"haut": "B", "bas": "C"}
    assert evaluateur.get(url("plan", apa)).status_code == 200
    plan = {
        "propose_le": il_y_a(35).isoformat(),
        "ligne1_type_aide": "aide_humaine_prestataire",
        "ligne1_quantite": "60",
        "ligne1_unite": "heures",
        "ligne1_prix_unitaire": "25,00",
        "ressources_mensuelles": "1 800",
    }
    assert evaluateur.post(url("plan", apa), plan).status_code == 302
    assert PlanAide.objects.get(parcours=apa).participation == Decimal("298.39")
    contenu = section(evaluateur, apa)
    assert (
        "GIR 2" in contenu and "Plafond du GIR 2" in contenu and "298,39" in contenu and "1 201,61" in contenu
    )
    assert evaluateur.get(url("decision", apa)).status_code == 403
    reponse = encadrant.post(url("decision", apa), {"sens": "accord", "decidee_le": il_y_a(30).isoformat()})
    assert reponse.status_code == 302
    reponse = evaluateur.post(url("notification", apa), {"notifiee_le": il_y_a(28).isoformat()})
    assert reponse.status_code == 302
    apa.refresh_from_db()
    assert apa.etat == EtatApa.NOTIFIE
    assert DecisionApa.objects.get(parcours=apa).droits_ouverts_le == il_y_a(28)
    journal = lignes_journal()
    assert journal[-1].operation == OperationJournal.MODIFICATION


def test_refus_affiche_avec_resume_d_erreurs_rien_ne_change(monde: Monde, apa: Parcours) -> None:
    jusqu_au_plan(monde, apa)
    avant = etat_fige(apa)
    reponse = client_de(monde.encadrant_arras).post(
        url("decision", apa), {"sens": "rejet", "decidee_le": il_y_a(30).isoformat(), "motivation": ""}
    )
    assert reponse.status_code == 400
    resume = texte(trouver(document(reponse), role="alert"))
    assert "Un rejet doit être motivé par écrit" in resume
    assert etat_fige(apa) == avant


def test_plan_sans_aide_et_quantite_invalide(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa)
    client = client_de(monde.evaluateur_arras)
    reponse = client.post(
        url("plan", apa), {"propose_le": il_y_a(35).isoformat(), "ressources_mensuelles": "1800"}
    )
    assert reponse.status_code == 400
    assert "au moins une aide" in reponse.content.decode()
    reponse = client.post(
        url("plan", apa),
        {
            "propose_le": il_y_a(35).isoformat(),
            "ressources_mensuelles": "1800",
            "ligne1_type_aide": "portage_repas",
            "ligne1_quantite": "-3",
            "ligne1_unite": "unites",
        },
    )
    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert "indiquez une quantité positive" in contenu and "Indiquez le prix unitaire" in contenu
    assert not PlanAide.objects.filter(parcours=apa).exists()


# --- Query counts -------------------------------------------------------------------------------------


# The whole pathway page (other sections included): update when another section adds a query.
REQUETES = {"evaluateur": 28, "encadrant": 29, "partenaire_designe": 23}


def _requetes(client: Client, parcours: Parcours) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(page(parcours)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def _reviser(monde: Monde, parcours: Parcours, fois: int) -> None:
    """Notified decision, then ``fois`` revisions each with evaluation, plan, decision, notification."""
    from tests.parcours.test_apa_dossier import GRILLE_GIR_2, ligne

    actions.apa_notifier(parcours=parcours, notifiee_le=il_y_a(28), acting_user=monde.evaluateur_arras)
    for i in range(fois):
        jour = 27 - 4 * i
        actions.apa_revision_ouvrir(
            parcours=parcours,
            origine="departement",
            ouverte_le=il_y_a(jour),
            motif="Révision",
            acting_user=monde.evaluateur_arras,
        )
        actions.apa_evaluer(
            parcours=parcours,
            evaluee_le=il_y_a(jour),
            grille=GRILLE_GIR_2,
            acting_user=monde.evaluateur_arras,
        )
        actions.apa_plan_proposer(
            parcours=parcours,
            propose_le=il_y_a(jour),
            lignes=[ligne(), ligne("10", "5")],
            ressources_mensuelles=Decimal("1800"),
            couple=False,
            acting_user=monde.evaluateur_arras,
        )
        actions.apa_decider(
            parcours=parcours, sens="accord", decidee_le=il_y_a(jour), acting_user=monde.encadrant_arras
        )
        actions.apa_notifier(parcours=parcours, notifiee_le=il_y_a(jour), acting_user=monde.evaluateur_arras)


@pytest.mark.parametrize("persona", ["evaluateur", "encadrant", "partenaire_designe"])
def test_nombre_de_requetes_independant_du_nombre_de_revisions(monde: Monde, persona: str) -> None:
    petit, grand = parcours_apa(monde), parcours_apa(monde)
    for parcours in (petit, grand):
        actions.partenaire_designer(
            parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.evaluateur_arras
        )
        jusqu_a_la_decision(monde, parcours)
    _reviser(monde, petit, 1)
    _reviser(monde, grand, 5)
    client = client_de(acteur(monde, persona))
    assert _requetes(client, grand) == _requetes(client, petit) == REQUETES[persona]


def test_la_fiche_n_offre_plus_les_etapes_brutes_une_fois_le_dossier_ouvert(
    monde: Monde, apa: Parcours
) -> None:
    """Before the APA file, the pathway page offers the bare move « Enregistrer le dossier complet »; once
    the file exists, that step is recorded on its own form (acknowledgement, APA-2) and the bare move goes."""
    client = client_de(monde.evaluateur_arras)

    def boutons() -> list[str]:
        return [texte(e) for e in parcourir(document(client.get(page(apa)))) if e.name == "button"]

    assert "Enregistrer le dossier complet" in boutons()
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu=LieuApa.DOMICILE, acting_user=monde.evaluateur_arras
    )
    apres = boutons()
    assert "Enregistrer le dossier complet" not in apres
    assert "Déclarer le dossier incomplet (pièces manquantes)" not in apres
