"""RSA sanctions and reorientation on the pathway page (section « Sanctions et réorientation ») and their
form pages: each page and POST per persona, nothing shown to partners, refusals with a clear message and an
error summary (nothing changed), query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours import actions
from parcours.enums import EtatSanctionRsa
from parcours.models import Parcours, ProcedureSanctionRsa
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, texte, trouver, trouver_tous
from tests.parcours import fabriques_sections as fabriques
from tests.parcours.test_rsa_sanctions import (
    accompagne,
    constater,
    etat_fige,
    former_recours,
    jusqu_a_l_avis,
    jusqu_a_la_notification,
    jusqu_au_recours,
)

PERSONAS = [
    "referent",
    "encadrant",
    "meme_site",
    "autre_territoire",
    "partenaire_designe",
    "partenaire_non_designe",
    "elu",
    "anonyme",
]
HORS_PERIMETRE = {"autre_territoire": 404, "partenaire_non_designe": 404, "elu": 404}
# Recording steps: the référent, the team, the encadrants; deciding: the encadrants only.
SUIVI = {"referent": "ok", "encadrant": "ok", "meme_site": 403, "partenaire_designe": 403}
DECISION = {"referent": 403, "encadrant": "ok", "meme_site": 403, "partenaire_designe": 403}


def acteur(monde: Monde, persona: str) -> Utilisateur | None:
    return fabriques.acteur(monde, persona)


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    return fabriques.scene_sanctions_rsa(monde, personne_arras)


def page(parcours: Parcours) -> str:
    return reverse("frontend:parcours_detail", args=[parcours.public_id])


def etape(parcours: Parcours, procedure: ProcedureSanctionRsa, nom: str) -> str:
    return reverse(
        "frontend:parcours_rsa_sanction_etape", args=[parcours.public_id, procedure.public_id, nom]
    )


def donnees_manquement(**autres: Any) -> dict[str, Any]:
    return {
        "motif": "refus_contrat",
        "rang": "premier",
        "constate_le": "2026-01-05",
        "faits": "Refus de signer le contrat d'engagement.",
    } | autres


def donnees_decision(**autres: Any) -> dict[str, Any]:
    return {
        "nature": "suspension",
        "decidee_le": "2026-01-26",
        "motivation": "CASF L262-37 : refus d'élaborer le contrat.",
        "taux": "50",
        "duree_mois": "2",
        "debut": "2026-02-01",
        "personnes_foyer": "1",
    } | autres


def _attendu(persona: str, table: dict[str, Any]) -> Any:
    return {**HORS_PERIMETRE, **table}.get(persona)


def _verifier(reponse: Any, persona: str, attendu: Any, parcours: Parcours, avant: Any | None = None) -> None:
    if persona == "anonyme":
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))
    elif attendu == "ok":
        if avant is None:
            assert reponse.status_code == 200
            assert len(trouver_tous(document(reponse), "h1")) == 1
        else:
            assert reponse.status_code == 302, reponse.content.decode()[:3000]
            assert reponse.url == page(parcours)
            assert etat_fige(parcours) != avant
            return
    else:
        assert reponse.status_code == attendu
    if avant is not None:
        assert etat_fige(parcours) == avant


@pytest.mark.parametrize("persona", PERSONAS)
def test_constater_page_et_post_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    adresse = reverse("frontend:parcours_rsa_sanction_constater", args=[rsa.public_id])
    client = client_de(acteur(monde, persona))
    _verifier(client.get(adresse), persona, _attendu(persona, SUIVI), rsa)
    avant = etat_fige(rsa)
    _verifier(client.post(adresse, donnees_manquement()), persona, _attendu(persona, SUIVI), rsa, avant)


@pytest.mark.parametrize("persona", PERSONAS)
def test_decision_page_et_post_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    procedure = jusqu_a_l_avis(rsa, monde)
    client = client_de(acteur(monde, persona))
    _verifier(client.get(etape(rsa, procedure, "decision")), persona, _attendu(persona, DECISION), rsa)
    avant = etat_fige(rsa)
    reponse = client.post(etape(rsa, procedure, "decision"), donnees_decision())
    _verifier(reponse, persona, _attendu(persona, DECISION), rsa, avant)


@pytest.mark.parametrize("persona", PERSONAS)
def test_demande_de_reorientation_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    adresse = reverse("frontend:parcours_rsa_reorientation_demander", args=[rsa.public_id])
    client = client_de(acteur(monde, persona))
    _verifier(client.get(adresse), persona, _attendu(persona, SUIVI), rsa)
    avant = etat_fige(rsa)
    donnees = {"demandeur": "personne", "demandee_le": "2026-11-02", "motifs": "Souhaite le parcours emploi."}
    _verifier(client.post(adresse, donnees), persona, _attendu(persona, SUIVI), rsa, avant)


RECOURS_ADMIS = {
    "statue_le": "2026-03-02",
    "issue": "admis",
    "motivation": "Les absences étaient justifiées : le manquement n'est pas établi.",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_statuer_sur_le_recours_page_et_post_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    procedure = jusqu_au_recours(rsa, monde)
    client = client_de(acteur(monde, persona))
    adresse = etape(rsa, procedure, "recours-decision")
    _verifier(client.get(adresse), persona, _attendu(persona, DECISION), rsa)
    avant = etat_fige(rsa)
    _verifier(client.post(adresse, RECOURS_ADMIS), persona, _attendu(persona, DECISION), rsa, avant)


def test_rsa_14_recours_a_statuer_lien_pour_l_encadrant_seul_puis_rsa_13_regularisation_affichee(
    monde: Monde, rsa: Parcours
) -> None:
    procedure = jusqu_a_la_notification(rsa, monde)
    section = {"aria_labelledby": "titre-sanctions-rsa"}
    # Notified: a recours may be recorded (the action checks it was formed within the 2 months).
    contenu = texte(trouver(document(client_de(monde.ts_arras).get(page(rsa))), "section", **section))
    assert "Enregistrer un recours" in contenu
    former_recours(procedure, monde)
    lien = "Statuer sur le recours"
    referent = texte(trouver(document(client_de(monde.ts_arras).get(page(rsa))), "section", **section))
    encadrant = texte(
        trouver(document(client_de(monde.encadrant_arras).get(page(rsa))), "section", **section)
    )
    assert lien not in referent and lien in encadrant
    assert "le silence vaut rejet implicite" in encadrant  # decision due on 10/04/2026

    client = client_de(monde.encadrant_arras)
    avant = etat_fige(rsa)
    reponse = client.post(etape(rsa, procedure, "recours-decision"), {**RECOURS_ADMIS, "motivation": ""})
    assert reponse.status_code == 400
    assert trouver_tous(document(reponse), "a", href="#id_motivation")
    assert etat_fige(rsa) == avant
    assert client.post(etape(rsa, procedure, "recours-decision"), RECOURS_ADMIS).status_code == 302
    contenu = texte(trouver(document(client.get(page(rsa))), "section", **section))
    assert "Sanction annulée sur recours" in contenu
    assert "Recours admis" in contenu and "646,52 € retenus depuis le début de la sanction" in contenu
    assert "Enregistrer un recours" not in contenu
    assert lien not in contenu


def test_section_pour_l_equipe_et_rien_pour_le_partenaire(monde: Monde, rsa: Parcours) -> None:
    constater(rsa, monde)
    reponse = client_de(monde.ts_arras).get(page(rsa))
    contenu = texte(trouver(document(reponse), "section", aria_labelledby="titre-sanctions-rsa"))
    assert "Trois rendez-vous manqués" in contenu
    assert "Inviter la personne à présenter ses observations" in contenu
    reponse = client_de(monde.partenaire_ccas_arras).get(page(rsa))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "titre-sanctions-rsa" not in html and "Trois rendez-vous manqués" not in html


def test_etape_dans_le_mauvais_etat_409_et_message(monde: Monde, rsa: Parcours) -> None:
    procedure = constater(rsa, monde)
    avant = etat_fige(rsa)
    reponse = client_de(monde.encadrant_arras).post(etape(rsa, procedure, "decision"), donnees_decision())
    assert reponse.status_code == 409
    assert "« Manquement constaté »" in reponse.content.decode()
    assert etat_fige(rsa) == avant


def test_decision_sans_motivation_et_taux_hors_bornes_erreurs_par_champ(monde: Monde, rsa: Parcours) -> None:
    procedure = jusqu_a_l_avis(rsa, monde)
    avant = etat_fige(rsa)
    client = client_de(monde.encadrant_arras)
    reponse = client.post(etape(rsa, procedure, "decision"), donnees_decision(motivation=""))
    assert reponse.status_code == 400
    assert trouver_tous(document(reponse), "a", href="#id_motivation")
    reponse = client.post(etape(rsa, procedure, "decision"), donnees_decision(taux="20"))
    assert reponse.status_code == 400
    assert "Le taux doit être compris entre 30\u00a0% et 100\u00a0%" in reponse.content.decode()
    assert trouver_tous(document(reponse), "a", href="#id_taux")
    assert etat_fige(rsa) == avant
    assert client.post(etape(rsa, procedure, "decision"), donnees_decision()).status_code == 302
    procedure.refresh_from_db()
    assert procedure.etat == EtatSanctionRsa.DECIDEE


def test_etape_inconnue_ou_procedure_d_un_autre_parcours_404(monde: Monde, rsa: Parcours) -> None:
    procedure = constater(rsa, monde)
    client = client_de(monde.ts_arras)
    assert client.get(etape(rsa, procedure, "inconnue")).status_code == 404
    autre = accompagne(monde, f.PersonneFactory(commune=monde.arras))
    assert client.get(etape(autre, procedure, "observations")).status_code == 404


# The whole pathway page (other sections included): update when another section adds a query.
REQUETES = {"referent": 29, "partenaire_designe": 22}


def _requetes(client: Client, parcours: Parcours) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(page(parcours)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


@pytest.mark.parametrize("persona", ["referent", "partenaire_designe"])
def test_nombre_de_requetes_independant_du_nombre_de_procedures(monde: Monde, persona: str) -> None:
    f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras)
    parcours = []
    for n in (1, 6):
        p = accompagne(monde, f.PersonneFactory(commune=monde.arras))
        actions.partenaire_designer(parcours=p, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
        for _i in range(n):
            procedure = constater(p, monde)
            ProcedureSanctionRsa.objects.filter(pk=procedure.pk).update(etat=EtatSanctionRsa.CLASSEE)
        parcours.append(p)
    client = client_de(acteur(monde, persona))
    assert _requetes(client, parcours[1]) == _requetes(client, parcours[0]) == REQUETES[persona]


def test_reorientation_acceptee_depuis_le_formulaire_d_orientation(monde: Monde, rsa: Parcours) -> None:
    from parcours.actions import rsa_sanctions as s
    from parcours.models import OrientationRsa
    from tests.frontend.test_parcours_rsa import donnees_orientation

    demande = s.reorientation_demander(
        parcours=rsa,
        demandeur="personne",
        demandee_le=rsa.date_reception,
        motifs="Emploi.",
        acting_user=monde.ts_arras,
    )
    adresse = reverse("frontend:parcours_rsa_reorientation_accepter", args=[rsa.public_id, demande.public_id])
    assert client_de(monde.ts_arras).get(adresse).status_code == 403
    client = client_de(monde.encadrant_arras)
    assert client.get(adresse).status_code == 200
    jour = rsa.transitions.order_by("-date_effet").first().date_effet.isoformat()  # type: ignore[union-attr]
    avant = etat_fige(rsa)
    reponse = client.post(
        adresse, donnees_orientation(parcours_type="emploi", decidee_le=jour, notifiee_le=jour)
    )
    assert reponse.status_code == 400
    assert trouver_tous(document(reponse), "a", href="#id_motif")
    assert etat_fige(rsa) == avant
    reponse = client.post(
        adresse,
        donnees_orientation(parcours_type="emploi", decidee_le=jour, notifiee_le=jour, motif="Avis de l'EP."),
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    demande.refresh_from_db()
    assert demande.statut == "acceptee"
    assert OrientationRsa.objects.filter(parcours=rsa).latest("created_at").parcours_type == "emploi"
