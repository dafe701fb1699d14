"""APA in an establishment on the pathway page (section « Allocation personnalisée d'autonomie ») and its
form page « Calculer l'APA en établissement » (rule APA-9, CASF R232-19): per persona (the establishment,
its tariffs, the resources and the amounts for the département's staff only, as the plan at home; the
stage and the outcome for a designated partner), the computation entered and shown, errors linked to their
fields, nothing written on a refusal, a query count independent of the number of revisions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours import actions
from parcours.enums import EtatApa, LieuApa
from parcours.models import DecisionApa, Parcours, PropositionEtablissementApa
from social.models import Utilisateur
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, texte, trouver, trouver_tous
from tests.parcours import fabriques_sections as fabriques
from tests.parcours.test_apa_dossier import (
    GRILLE_GIR_2,
    etat_fige,
    il_y_a,
    jusqu_a_l_evaluation,
    jusqu_a_la_decision_en_etablissement,
    parcours_apa,
)

PERSONAS = [
    "evaluateur",  # référent and évaluateur médico-social of the Maison de l'Autonomie
    "encadrant",
    "meme_site",  # a social worker of the Maison de l'Autonomie: reads, does not compute
    "autre_territoire",
    "partenaire_designe",
    "partenaire_non_designe",
    "elu",  # a member of another council
    "anonyme",
]
HORS_PERIMETRE = {"autre_territoire", "partenaire_non_designe", "elu"}
PERSONNEL = {"evaluateur", "encadrant", "meme_site"}
# What a designated partner never reads in an establishment (as the plan at home, DP-2).
MONTANTS = ("323,19", "276,81", "600,00", "180,00", "3 500", "EHPAD Les Tilleuls", "Tarif dépendance")


def acteur(monde: Monde, persona: str) -> Utilisateur | None:
    if persona == "meme_site":  # a social worker of the Maison de l'Autonomie (agent of the site)
        return fabriques.acteur_apa(monde, persona)
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


SAISIE = {
    "propose_le": il_y_a(35).isoformat(),
    "etablissement": "EHPAD Les Tilleuls, Arras",
    "tarif_gir": "600",
    "tarif_gir_5_6": "180,00",
    "ressources_mensuelles": "3 500",
}


# --- The section ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_section_en_etablissement_par_persona(monde: Monde, apa: Parcours, persona: str) -> None:
    jusqu_a_la_decision_en_etablissement(monde, apa)
    client = client_de(acteur(monde, persona))
    reponse = client.get(page(apa))
    if persona == "anonyme":
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))
        return
    if persona in HORS_PERIMETRE:
        assert reponse.status_code == 404
        return
    contenu = section(client, apa)
    assert "En établissement" in contenu and "Accord" in contenu
    assert "Plan d'aide" not in contenu  # no plan at home in an establishment
    if persona in PERSONNEL:
        assert "APA en établissement" in contenu
        assert "Tarif dépendance mensuel GIR 1-2" in contenu and "600,00" in contenu
        assert "EHPAD Les Tilleuls, Arras" in contenu
        assert "Participation de la personne (CASF R232-19)" in contenu and "323,19" in contenu
        assert "276,81 € par mois en établissement" in contenu
        assert "Ressources entre les deux seuils : participation progressive" in contenu
    else:  # designated partner: the stage and the outcome only, as at home
        assert "GIR" not in contenu and "Motivation" not in contenu
        for montant in MONTANTS:
            assert montant not in contenu


def test_section_liens_selon_l_etat_et_le_role(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    evaluateur, encadrant = client_de(monde.evaluateur_arras), client_de(monde.encadrant_arras)
    contenu = section(evaluateur, apa)
    assert "Saisir les tarifs de l'établissement" in contenu
    assert "Proposer le plan d'aide" not in contenu
    assert "Les tarifs dépendance de l'établissement ne sont pas encore saisis" in contenu
    assert evaluateur.get(url("plan", apa)).status_code == 403  # no plan at home here
    actions.apa_etablissement_proposer(
        parcours=apa,
        propose_le=il_y_a(35),
        tarif_gir=Decimal("600"),
        tarif_gir_5_6=Decimal("180"),
        ressources_mensuelles=Decimal("3500"),
        couple=False,
        acting_user=monde.evaluateur_arras,
    )
    contenu = section(evaluateur, apa)
    assert "Corriger les tarifs de l'établissement" in contenu
    assert "Enregistrer la décision" not in contenu  # encadrants only
    assert "Enregistrer la décision" in section(encadrant, apa)
    meme_site = client_de(acteur(monde, "meme_site"))
    contenu = section(meme_site, apa)
    assert "323,19" in contenu and "Corriger les tarifs" not in contenu


# --- The form page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_etablissement_par_persona(monde: Monde, apa: Parcours, persona: str) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    client = client_de(acteur(monde, persona))
    lecture = client.get(url("etablissement", apa))
    ecriture = client.post(url("etablissement", apa), SAISIE)
    if persona == "anonyme":
        assert lecture.status_code == ecriture.status_code == 302
    elif persona in HORS_PERIMETRE:
        assert lecture.status_code == ecriture.status_code == 404
    elif persona in {"meme_site", "partenaire_designe"}:
        assert lecture.status_code == ecriture.status_code == 403
    else:
        assert lecture.status_code == 200
        assert ecriture.status_code == 302
        assert PropositionEtablissementApa.objects.get(parcours=apa).created_by == acteur(monde, persona)
        return
    assert not PropositionEtablissementApa.objects.filter(parcours=apa).exists()


def test_calcul_par_la_page_puis_decision(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    evaluateur, encadrant = client_de(monde.evaluateur_arras), client_de(monde.encadrant_arras)
    formulaire = document(evaluateur.get(url("etablissement", apa)))
    libelle = texte(trouver(formulaire, "label", **{"for": "id_tarif_gir"}))
    assert "Tarif dépendance mensuel GIR 1-2" in libelle  # the band of the evaluation's GIR
    assert (
        attributs(trouver(formulaire, "input", id="id_tarif_gir"))["aria-describedby"] == "id_tarif_gir-aide"
    )
    assert "tarif journalier" in texte(trouver(formulaire, id="id_tarif_gir-aide"))
    reponse = evaluateur.post(url("etablissement", apa), SAISIE)
    assert reponse.status_code == 302
    proposition = PropositionEtablissementApa.objects.get(parcours=apa)
    assert (proposition.participation, proposition.montant_apa) == (Decimal("323.19"), Decimal("276.81"))
    apa.refresh_from_db()
    assert apa.etat == EtatApa.PROPOSITION_ETABLISSEMENT
    # The correction page shows the current computation and starts from its figures.
    formulaire = document(evaluateur.get(url("etablissement", apa)))
    assert "Calcul actuel" in texte(formulaire) and "276,81" in texte(formulaire).replace("\u202f", " ")
    assert attributs(trouver(formulaire, "input", id="id_tarif_gir"))["value"] == "600,00"
    reponse = encadrant.post(url("decision", apa), {"sens": "accord", "decidee_le": il_y_a(30).isoformat()})
    assert reponse.status_code == 302
    decision = DecisionApa.objects.get(parcours=apa)
    assert decision.proposition_etablissement == proposition and decision.montant_apa == Decimal("276.81")


def test_erreurs_reliees_aux_champs_rien_n_est_enregistre(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    client = client_de(monde.evaluateur_arras)
    avant = etat_fige(apa)
    # Without the tariffs: each error on its field, linked from the summary.
    reponse = client.post(url("etablissement", apa), {**SAISIE, "tarif_gir": "", "tarif_gir_5_6": ""})
    assert reponse.status_code == 400
    racine = document(reponse)
    resume = trouver(racine, role="alert")
    cibles = {attributs(lien)["href"] for lien in trouver_tous(resume, "a")}
    assert cibles == {"#id_tarif_gir", "#id_tarif_gir_5_6"}
    assert "Indiquez le tarif dépendance GIR 1-2 de l'établissement." in texte(resume)
    champ = attributs(trouver(racine, "input", id="id_tarif_gir"))
    assert champ["aria-invalid"] == "true"
    assert champ["aria-describedby"] == "id_tarif_gir-aide id_tarif_gir-erreurs"
    # A tariff below the GIR 5-6 one.
    reponse = client.post(url("etablissement", apa), {**SAISIE, "tarif_gir": "150"})
    assert reponse.status_code == 400
    assert "inférieur au tarif GIR 5-6" in texte(trouver(document(reponse), id="id_tarif_gir-erreurs"))
    # The action's refusals come back on their field too: a zero tariff, a date before the evaluation.
    reponse = client.post(url("etablissement", apa), {**SAISIE, "tarif_gir": "0", "tarif_gir_5_6": "0"})
    assert reponse.status_code == 400
    assert "doit être positif" in texte(trouver(document(reponse), id="id_tarif_gir-erreurs"))
    reponse = client.post(url("etablissement", apa), {**SAISIE, "propose_le": il_y_a(50).isoformat()})
    assert reponse.status_code == 400
    assert "ne peut pas précéder l'évaluation" in texte(
        trouver(document(reponse), id="id_propose_le-erreurs")
    )
    assert etat_fige(apa) == avant


def test_la_visite_d_evaluation_se_fait_dans_l_etablissement(monde: Monde, apa: Parcours) -> None:
    client = client_de(monde.evaluateur_arras)
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu=LieuApa.ETABLISSEMENT, acting_user=monde.evaluateur_arras
    )
    actions.apa_accuser_reception(
        parcours=apa, accuse_le=il_y_a(55), pieces_manquantes=[], acting_user=monde.evaluateur_arras
    )
    formulaire = document(client.get(url("evaluation", apa)))
    assert texte(trouver(formulaire, "label", **{"for": "id_evaluee_le"})).startswith(
        "Visite d'évaluation en établissement le"
    )


def test_page_refusee_a_domicile_et_hors_etape(monde: Monde, apa: Parcours) -> None:
    client = client_de(monde.evaluateur_arras)
    assert client.get(url("etablissement", apa)).status_code == 403  # no file yet
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.DOMICILE)
    assert client.get(url("etablissement", apa)).status_code == 403
    assert client.post(url("etablissement", apa), SAISIE).status_code == 403
    assert client.get(url("plan", apa)).status_code == 200  # at home nothing changes


# --- Query count ------------------------------------------------------------------------------------------

# The whole pathway page (other sections included), as tests/frontend/test_apa_dossier.py::REQUETES: the
# amounts in an establishment are read by the query that reads the plans at home (one query instead of
# the plans and their lines), so the page never costs more than at home.
REQUETES = {"evaluateur": 27, "encadrant": 28, "partenaire_designe": 23}


def _requetes(client: Client, parcours: Parcours) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(page(parcours)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def _reviser(monde: Monde, parcours: Parcours, fois: int) -> None:
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
        actions.apa_etablissement_proposer(
            parcours=parcours,
            propose_le=il_y_a(jour),
            tarif_gir=Decimal("610"),
            tarif_gir_5_6=Decimal("180"),
            ressources_mensuelles=Decimal("3500"),
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
        jusqu_a_la_decision_en_etablissement(monde, parcours)
    _reviser(monde, petit, 1)
    _reviser(monde, grand, 5)
    client = client_de(acteur(monde, persona))
    assert _requetes(client, grand) == _requetes(client, petit) == REQUETES[persona]
