"""PATCH personnes/<public_id>/: département agents who see the file; out of scope 404; in scope but
not allowed 403; nothing saved on an error."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from social.enums import OperationJournal
from social.models import Personne
from tests import factories as f
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.conftest import Monde, client_de

pytestmark = pytest.mark.django_db


def _modifier(client: Client, personne: Personne, **champs: Any) -> Any:
    url = reverse("api:personne_detail", kwargs={"public_id": personne.public_id})
    return client.patch(url, champs, content_type="application/json")


@pytest.mark.parametrize("persona", ["ts_arras", "accueil_arras", "encadrant_arras"])
def test_les_agents_du_perimetre_modifient(monde: Monde, personne_arras: Personne, persona: str) -> None:
    depuis = dernier_id_journal()
    reponse = _modifier(client_de(getattr(monde, persona)), personne_arras, telephone="0321999999", sexe="F")
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["telephone"] == "0321999999"
    personne_arras.refresh_from_db()
    assert (personne_arras.telephone, personne_arras.sexe) == ("0321999999", "F")
    assert personne_arras.history.first().history_user == getattr(monde, persona)
    consultation, modification = lignes_journal_depuis(depuis)
    assert consultation.operation == OperationJournal.CONSULTATION
    assert modification.operation == OperationJournal.MODIFICATION
    assert modification.objet_ids == [personne_arras.public_id]
    assert modification.contexte == "api:personne_detail"


@pytest.mark.parametrize("persona", ["ts_calais", "partenaire_ml_calais", "elu_calaisis", "admin"])
def test_hors_perimetre_404(monde: Monde, personne_arras: Personne, persona: str) -> None:
    depuis = dernier_id_journal()
    verifier_erreur(
        _modifier(client_de(getattr(monde, persona)), personne_arras, telephone="1"), 404, "introuvable"
    )
    personne_arras.refresh_from_db()
    assert personne_arras.telephone == ""
    assert lignes_journal_depuis(depuis) == []


def test_anonyme_401(monde: Monde, personne_arras: Personne) -> None:
    verifier_erreur(_modifier(Client(), personne_arras, telephone="1"), 401, "non_authentifie")


def test_le_partenaire_designe_voit_mais_ne_modifie_pas_403(monde: Monde, personne_arras: Personne) -> None:
    f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)
    depuis = dernier_id_journal()
    reponse = _modifier(client_de(monde.partenaire_ccas_arras), personne_arras, nom="Autre")
    erreur = verifier_erreur(reponse, 403, "interdit")
    assert erreur["message"] == "Votre rôle ne permet pas de modifier cette fiche."
    personne_arras.refresh_from_db()
    assert personne_arras.nom == "Lefèvre"
    assert lignes_journal_depuis(depuis) == []  # the refused request leaves no trace of a consultation


def test_date_future_400_rien_n_est_modifie(monde: Monde, personne_arras: Personne) -> None:
    demain = timezone.localdate() + datetime.timedelta(days=1)
    depuis = dernier_id_journal()
    reponse = _modifier(
        client_de(monde.ts_arras), personne_arras, telephone="0321999999", date_naissance=demain
    )
    erreur = verifier_erreur(reponse, 400, "donnees_invalides")
    assert erreur["champs"] == {"date_naissance": ["La date de naissance ne peut pas être dans le futur."]}
    personne_arras.refresh_from_db()
    assert (personne_arras.telephone, personne_arras.date_naissance) == ("", datetime.date(1980, 5, 17))
    assert lignes_journal_depuis(depuis) == []


def test_commune_inconnue_400(monde: Monde, personne_arras: Personne) -> None:
    erreur = verifier_erreur(
        _modifier(client_de(monde.ts_arras), personne_arras, commune="99999"), 400, "donnees_invalides"
    )
    assert erreur["champs"] == {"commune": ["Commune inconnue : 99999."]}
    personne_arras.refresh_from_db()
    assert personne_arras.commune == monde.arras


def test_changer_de_commune(monde: Monde, personne_arras: Personne) -> None:
    reponse = _modifier(client_de(monde.ts_arras), personne_arras, commune="62193")
    assert reponse.json()["commune"] == {"code_insee": "62193", "nom": "Calais"}
    personne_arras.refresh_from_db()
    assert personne_arras.commune == monde.calais


def test_un_champ_vide_obligatoire_est_refuse(monde: Monde, personne_arras: Personne) -> None:
    erreur = verifier_erreur(
        _modifier(client_de(monde.ts_arras), personne_arras, nom=""), 400, "donnees_invalides"
    )
    assert list(erreur["champs"]) == ["nom"]
