"""The page refusing an RSA reorientation request: per persona (only the site's encadrants decide), the
motivation required (G-2) with nothing changed, a request of another pathway is 404, a decided request
cannot be decided again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parcours.actions import rsa_sanctions as s
from parcours.enums import StatutReorientation
from parcours.models import DemandeReorientationRsa, Parcours
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, trouver_tous
from tests.frontend.test_rsa_sanctions import (
    DECISION,
    HORS_PERIMETRE,
    PERSONAS,
    _verifier,
    acteur,
    rsa,  # noqa: F401  (fixture)
)
from tests.parcours.test_rsa_sanctions import accompagne, etat_fige


def demander(parcours: Parcours, monde: Monde) -> DemandeReorientationRsa:
    return s.reorientation_demander(
        parcours=parcours,
        demandeur="personne",
        demandee_le=parcours.date_reception,
        motifs="Souhaite le parcours emploi.",
        acting_user=monde.ts_arras,
    )


def adresse(parcours: Parcours, demande: DemandeReorientationRsa) -> str:
    nom = "frontend:parcours_rsa_reorientation_refuser"
    return reverse(nom, args=[parcours.public_id, demande.public_id])


def donnees(parcours: Parcours, **autres: str) -> dict[str, str]:
    jour = parcours.date_reception.isoformat()
    return {"decidee_le": jour, "motivation": "L'orientation sociale reste adaptée (avis de l'EP)."} | autres


@pytest.mark.parametrize("persona", PERSONAS)
def test_refus_de_reorientation_page_et_post_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:  # noqa: F811
    demande = demander(rsa, monde)
    client = client_de(acteur(monde, persona))
    attendu = {**HORS_PERIMETRE, **DECISION}.get(persona)
    _verifier(client.get(adresse(rsa, demande)), persona, attendu, rsa)
    avant = etat_fige(rsa)
    _verifier(client.post(adresse(rsa, demande), donnees(rsa)), persona, attendu, rsa, avant)
    demande.refresh_from_db()
    refusee = attendu == "ok"
    assert (demande.statut == StatutReorientation.REFUSEE) is refusee
    assert (demande.motivation == "L'orientation sociale reste adaptée (avis de l'EP).") is refusee


def test_refus_sans_motivation_g_2_erreur_et_rien_ne_change(monde: Monde, rsa: Parcours) -> None:  # noqa: F811
    demande = demander(rsa, monde)
    avant = etat_fige(rsa)
    reponse = client_de(monde.encadrant_arras).post(adresse(rsa, demande), donnees(rsa, motivation=""))
    assert reponse.status_code == 400
    assert trouver_tous(document(reponse), "a", href="#id_motivation")
    assert etat_fige(rsa) == avant
    demande.refresh_from_db()
    assert demande.statut == StatutReorientation.DEMANDEE


def test_demande_d_un_autre_parcours_404_et_demande_deja_decidee_refusee(monde: Monde, rsa: Parcours) -> None:  # noqa: F811
    demande = demander(rsa, monde)
    autre = accompagne(monde, f.PersonneFactory(commune=monde.arras))
    client = client_de(monde.encadrant_arras)
    assert client.get(adresse(autre, demande)).status_code == 404
    assert client.post(adresse(rsa, demande), donnees(rsa)).status_code == 302
    avant = etat_fige(rsa)
    reponse = client.post(adresse(rsa, demande), donnees(rsa, motivation="Une seconde fois."))
    assert reponse.status_code == 409
    assert "Cette demande a déjà été décidée (refusée)." in reponse.content.decode()
    assert etat_fige(rsa) == avant
