"""GET personnes/<public_id>/: scoped (out of perimeter is a 404), journaled, NIR masked."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from social.actions import foyer_ajouter_membre, foyer_creer
from social.enums import LienFoyer, OperationJournal
from social.models import Personne
from tests import factories as f
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, nir_valide, verifier_erreur
from tests.conftest import Monde, client_de

pytestmark = pytest.mark.django_db


def _url(personne: Personne) -> str:
    return reverse("api:personne_detail", kwargs={"public_id": personne.public_id})


@pytest.mark.parametrize("persona", ["ts_arras", "accueil_arras", "encadrant_arras", "evaluateur_arras"])
def test_les_agents_du_perimetre_consultent(monde: Monde, personne_arras: Personne, persona: str) -> None:
    user = getattr(monde, persona)
    depuis = dernier_id_journal()
    reponse = client_de(user).get(_url(personne_arras))
    assert reponse.status_code == 200
    assert reponse.json()["public_id"] == str(personne_arras.public_id)
    (ligne,) = lignes_journal_depuis(depuis)
    assert ligne.operation == OperationJournal.CONSULTATION
    assert ligne.objet_type == "personne"
    assert ligne.objet_ids == [personne_arras.public_id]
    assert ligne.utilisateur_id == user.pk
    assert ligne.contexte == "api:personne_detail"
    assert ligne.ip == "127.0.0.1"


@pytest.mark.parametrize(
    "persona",
    ["ts_calais", "partenaire_ml_calais", "elu_calaisis", "partenaire_ccas_arras", "elu_arrageois", "admin"],
)
def test_hors_perimetre_404_sans_journal(monde: Monde, personne_arras: Personne, persona: str) -> None:
    depuis = dernier_id_journal()
    reponse = client_de(getattr(monde, persona)).get(_url(personne_arras))
    inconnue = client_de(getattr(monde, persona)).get(
        reverse("api:personne_detail", kwargs={"public_id": uuid.uuid4()})
    )
    verifier_erreur(reponse, 404, "introuvable")
    # Indistinguishable from a file that does not exist.
    assert reponse.content == inconnue.content
    assert lignes_journal_depuis(depuis) == []


def test_anonyme_401(monde: Monde, personne_arras: Personne) -> None:
    verifier_erreur(Client().get(_url(personne_arras)), 401, "non_authentifie")


def test_le_partenaire_designe_consulte(monde: Monde, personne_arras: Personne) -> None:
    f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)
    assert client_de(monde.partenaire_ccas_arras).get(_url(personne_arras)).status_code == 200


def test_contenu_de_la_fiche(monde: Monde, personne_arras: Personne) -> None:
    nir = nir_valide()
    Personne.objects.filter(pk=personne_arras.pk).update(
        nir=nir,
        telephone="0321000000",
        courriel="jeanne@example.org",
        adresse="3 place des Héros",
        organisme_payeur="caf",
        numero_allocataire="1234567",
        consentement_partage=True,
        consentement_date="2026-01-15",
    )
    enfant = f.PersonneFactory(nom="Lefèvre", prenoms="Léo", commune=monde.arras, date_naissance="2015-03-01")
    foyer = foyer_creer(reference=personne_arras, acting_user=monde.ts_arras)
    foyer_ajouter_membre(foyer=foyer, personne=enfant, lien=LienFoyer.ENFANT, acting_user=monde.ts_arras)

    reponse = client_de(monde.ts_arras).get(_url(personne_arras))
    corps = reponse.json()
    assert corps == {
        "public_id": str(personne_arras.public_id),
        "nom": "Lefèvre",
        "nom_naissance": "",
        "prenoms": "Jeanne",
        "date_naissance": "1980-05-17",
        "sexe": "X",
        "telephone": "0321000000",
        "courriel": "jeanne@example.org",
        "adresse": "3 place des Héros",
        "commune": {"code_insee": "62041", "nom": "Arras"},
        "organisme_payeur": "caf",
        "numero_allocataire": "1234567",
        "nir_masque": f"2 •• •• •• ••• ••• {nir[-2:]}",
        "consentement_partage": True,
        "consentement_sms": False,
        "consentement_date": "2026-01-15",
        "foyer": {
            "public_id": str(foyer.public_id),
            # In the order of social.selectors.fiche_personne: the reference person first.
            "membres": [
                {
                    "public_id": str(personne_arras.public_id),
                    "nom": "Lefèvre",
                    "prenoms": "Jeanne",
                    "lien": "reference",
                },
                {"public_id": str(enfant.public_id), "nom": "Lefèvre", "prenoms": "Léo", "lien": "enfant"},
            ],
        },
        "url": f"http://testserver{_url(personne_arras)}",
    }
    # Never the NIR, in any form.
    assert nir not in reponse.content.decode()
    assert "nir" not in corps


def test_sans_foyer(monde: Monde, personne_arras: Personne) -> None:
    assert client_de(monde.ts_arras).get(_url(personne_arras)).json()["foyer"] is None


def test_nombre_de_requetes(
    monde: Monde, personne_arras: Personne, django_assert_num_queries: Callable[..., Any]
) -> None:
    for i in range(4):
        membre = f.PersonneFactory(commune=monde.arras)
        if i == 0:
            foyer = foyer_creer(reference=personne_arras, acting_user=monde.ts_arras)
        foyer_ajouter_membre(foyer=foyer, personne=membre, lien=LienFoyer.ENFANT, acting_user=monde.ts_arras)
    # savepoint, session, user, perimeter (1), scoped fetch, journal (3), household (2: membership,
    # members with their people), attachments, history, release: not one query per member.
    client = client_de(monde.ts_arras)
    with django_assert_num_queries(13):
        corps = client.get(_url(personne_arras)).json()
    assert len(corps["foyer"]["membres"]) == 5
