"""POST personnes/: département agents create files; the duplicate warning is a 409; nothing is saved
on an error."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from social.enums import OperationJournal
from social.models import Personne, Rattachement
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, nir_valide, verifier_erreur
from tests.conftest import Monde, client_de

pytestmark = pytest.mark.django_db


def _creer(client: Client, **donnees: Any) -> Any:
    corps = {
        "nom": "Durand",
        "prenoms": "Alice",
        "date_naissance": "1990-02-03",
        "commune": "62041",
        **donnees,
    }
    return client.post(reverse("api:personne_liste"), corps, content_type="application/json")


@pytest.mark.parametrize("persona", ["accueil_arras", "ts_arras", "evaluateur_arras", "ts_calais"])
def test_les_agents_creent(monde: Monde, persona: str) -> None:
    user = getattr(monde, persona)
    depuis = dernier_id_journal()
    reponse = _creer(client_de(user))
    assert reponse.status_code == 201, reponse.content
    personne = Personne.objects.get(nom="Durand")
    assert personne.created_by == user
    url = reverse("api:personne_detail", kwargs={"public_id": personne.public_id})
    assert reponse["Location"] == f"http://testserver{url}"
    assert reponse.json()["public_id"] == str(personne.public_id)
    (ligne,) = lignes_journal_depuis(depuis)
    assert ligne.operation == OperationJournal.CREATION
    assert ligne.objet_ids == [personne.public_id]
    assert ligne.contexte == "api:personne_liste"
    # The new file is in the creator's perimeter (ts.calais: attached to her site).
    assert client_de(user).get(url).status_code == 200


def test_rattachee_au_site_du_createur_hors_de_ses_communes(monde: Monde) -> None:
    _creer(client_de(monde.ts_calais))
    personne = Personne.objects.get(nom="Durand")
    assert Rattachement.objects.get(personne=personne).site == monde.mds_calais


@pytest.mark.parametrize(
    "persona", ["partenaire_ml_calais", "partenaire_ccas_arras", "elu_calaisis", "elu_arrageois", "admin"]
)
def test_les_autres_roles_403(monde: Monde, persona: str) -> None:
    erreur = verifier_erreur(_creer(client_de(getattr(monde, persona))), 403, "interdit")
    assert erreur["message"] == "Votre rôle ne permet pas de créer une fiche personne."
    assert not Personne.objects.exists()


def test_anonyme_401(monde: Monde) -> None:
    verifier_erreur(_creer(Client()), 401, "non_authentifie")
    assert not Personne.objects.exists()


def test_tous_les_champs(monde: Monde) -> None:
    nir = nir_valide("2900262041123")
    reponse = _creer(
        client_de(monde.ts_arras),
        nom_naissance="Petit",
        sexe="F",
        telephone="0321000000",
        courriel="alice@example.org",
        adresse="5 rue Gambetta",
        organisme_payeur="msa",
        numero_allocataire="7654321",
        nir=f"{nir[:1]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}",
        consentement_partage=True,
        consentement_sms=True,
        consentement_date="2026-02-01",
    )
    assert reponse.status_code == 201, reponse.content
    personne = Personne.objects.get(nom="Durand")
    assert personne.nir == nir
    assert personne.organisme_payeur == "msa"
    assert personne.consentement_sms is True
    corps = reponse.json()
    assert corps["nir_masque"] == f"2 •• •• •• ••• ••• {nir[-2:]}"
    assert corps["nom_naissance"] == "Petit"
    assert corps["foyer"] is None
    assert nir not in reponse.content.decode()


def test_doublon_visible_409(monde: Monde, personne_arras: Personne) -> None:
    depuis = dernier_id_journal()
    reponse = _creer(client_de(monde.ts_arras), nom="Lefevre", prenoms="Jeanne", date_naissance="1980-05-17")
    erreur = verifier_erreur(reponse, 409, "doublon_potentiel")
    assert "confirmer_doublon" in erreur["message"]
    assert erreur["champs"] == {}
    assert erreur["doublons"] == [
        {
            "public_id": str(personne_arras.public_id),
            "nom": "Lefèvre",
            "prenoms": "Jeanne",
            "date_naissance": "1980-05-17",
            "commune": {"code_insee": "62041", "nom": "Arras"},
        }
    ]
    assert erreur["doublons_hors_perimetre"] == 0
    assert Personne.objects.count() == 1
    # The close files shown are journaled like a list page.
    (ligne,) = lignes_journal_depuis(depuis)
    assert ligne.operation == OperationJournal.LISTE
    assert ligne.objet_ids == [personne_arras.public_id]


def test_doublon_hors_perimetre_compte_sans_identite(monde: Monde, personne_arras: Personne) -> None:
    depuis = dernier_id_journal()
    reponse = _creer(client_de(monde.ts_calais), nom="Lefèvre", prenoms="Jeanne", date_naissance="1980-05-17")
    erreur = verifier_erreur(reponse, 409, "doublon_potentiel")
    assert erreur["doublons"] == []
    assert erreur["doublons_hors_perimetre"] == 1
    assert str(personne_arras.public_id) not in reponse.content.decode()
    assert Personne.objects.count() == 1
    assert lignes_journal_depuis(depuis) == []


def test_doublon_confirme_cree(monde: Monde, personne_arras: Personne) -> None:
    reponse = _creer(
        client_de(monde.ts_arras),
        nom="Lefèvre",
        prenoms="Jeanne",
        date_naissance="1980-05-17",
        confirmer_doublon=True,
    )
    assert reponse.status_code == 201
    assert Personne.objects.filter(nom="Lefèvre").count() == 2


def test_date_de_naissance_future_400(monde: Monde) -> None:
    demain = timezone.localdate() + datetime.timedelta(days=1)
    depuis = dernier_id_journal()
    reponse = _creer(client_de(monde.ts_arras), date_naissance=demain.isoformat())
    erreur = verifier_erreur(reponse, 400, "donnees_invalides")
    assert erreur["champs"] == {"date_naissance": ["La date de naissance ne peut pas être dans le futur."]}
    assert not Personne.objects.exists()
    assert lignes_journal_depuis(depuis) == []


def test_commune_inconnue_400(monde: Monde) -> None:
    erreur = verifier_erreur(_creer(client_de(monde.ts_arras), commune="99999"), 400, "donnees_invalides")
    assert erreur["champs"] == {"commune": ["Commune inconnue : 99999."]}
    assert not Personne.objects.exists()


def test_nir_invalide_400_sans_le_recopier(monde: Monde) -> None:
    faux = nir_valide()[:13] + "00"
    reponse = _creer(client_de(monde.ts_arras), nir=faux)
    erreur = verifier_erreur(reponse, 400, "donnees_invalides")
    assert erreur["champs"] == {
        "nir": ["Ce numéro de sécurité sociale n'est pas valide (15 caractères, clé de contrôle)."]
    }
    assert faux not in reponse.content.decode()
    assert not Personne.objects.exists()


def test_choix_et_formats_invalides_400(monde: Monde) -> None:
    reponse = _creer(
        client_de(monde.ts_arras), sexe="Z", date_naissance="03/02/1990", courriel="pas-un-courriel"
    )
    erreur = verifier_erreur(reponse, 400, "donnees_invalides")
    assert set(erreur["champs"]) == {"sexe", "date_naissance", "courriel"}
    assert not Personne.objects.exists()
