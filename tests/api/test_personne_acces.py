"""GET personnes/<public_id>/acces/: the access journal of a file, for managers of its perimeter and
functional administrators; reading it is journaled."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from social.actions import ContexteAcces, journal_enregistrer
from social.enums import OperationJournal
from social.models import Personne
from tests import factories as f
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.conftest import Monde, client_de

pytestmark = pytest.mark.django_db

# savepoint, session, user, perimeter (2), scoped fetch, journal (5), object permission (the site
# serves the commune), count, page, the page's users (one query), release: whatever the rows.
REQUETES = 12


def _url(personne: Personne | None = None) -> str:
    public_id = personne.public_id if personne else uuid.uuid4()
    return reverse("api:personne_acces", kwargs={"public_id": public_id})


@pytest.mark.parametrize("persona", ["encadrant_arras", "admin"])
def test_encadrant_et_administrateur_lisent_le_journal(
    monde: Monde, personne_arras: Personne, persona: str
) -> None:
    monde.ts_arras.first_name, monde.ts_arras.last_name = "Claire", "Moreau"
    monde.ts_arras.save(update_fields=["first_name", "last_name"])
    client_de(monde.ts_arras).get(
        reverse("api:personne_detail", kwargs={"public_id": personne_arras.public_id})
    )
    user = getattr(monde, persona)
    depuis = dernier_id_journal()

    reponse = client_de(user).get(_url(personne_arras))
    assert reponse.status_code == 200, reponse.content
    corps = reponse.json()
    # Newest first: this very reading, then ts.arras's consultation.
    assert corps["count"] == 2
    lecture, consultation = corps["results"]
    assert lecture["contexte"] == "api:personne_acces"
    assert lecture["utilisateur"]["username"] == user.username
    assert consultation["operation"] == "consultation"
    assert consultation["contexte"] == "api:personne_detail"
    assert consultation["ip"] == "127.0.0.1"
    assert consultation["utilisateur"] == {"username": "ts.arras", "nom_complet": "Claire Moreau"}
    assert consultation["created_at"]
    assert set(consultation) == {"created_at", "operation", "contexte", "ip", "utilisateur"}

    (ligne,) = lignes_journal_depuis(depuis)
    assert ligne.operation == OperationJournal.CONSULTATION
    assert ligne.objet_ids == [personne_arras.public_id]
    assert ligne.utilisateur_id == user.pk
    assert ligne.contexte == "api:personne_acces"


def test_ts_du_perimetre_403_sans_journal(monde: Monde, personne_arras: Personne) -> None:
    depuis = dernier_id_journal()
    erreur = verifier_erreur(client_de(monde.ts_arras).get(_url(personne_arras)), 403, "interdit")
    assert "encadrants" in erreur["message"]
    assert lignes_journal_depuis(depuis) == []


@pytest.mark.parametrize(
    "persona", ["ts_calais", "partenaire_ml_calais", "elu_calaisis", "partenaire_ccas_arras"]
)
def test_hors_perimetre_404(monde: Monde, personne_arras: Personne, persona: str) -> None:
    depuis = dernier_id_journal()
    verifier_erreur(client_de(getattr(monde, persona)).get(_url(personne_arras)), 404, "introuvable")
    assert lignes_journal_depuis(depuis) == []


def test_encadrant_d_un_autre_territoire_404(monde: Monde, personne_arras: Personne) -> None:
    encadrant_calais = f.AffectationFactory(site=monde.mds_calais, role="encadrant").utilisateur
    verifier_erreur(client_de(encadrant_calais).get(_url(personne_arras)), 404, "introuvable")


def test_anonyme_401(monde: Monde, personne_arras: Personne) -> None:
    verifier_erreur(Client().get(_url(personne_arras)), 401, "non_authentifie")


def test_l_administrateur_audite_une_fiche_hors_de_tout_perimetre(monde: Monde) -> None:
    isolee = f.PersonneFactory()  # a commune served by no site, attached to nobody
    assert client_de(monde.admin).get(_url(isolee)).status_code == 200
    verifier_erreur(client_de(monde.admin).get(_url()), 404, "introuvable")
    verifier_erreur(client_de(monde.encadrant_arras).get(_url(isolee)), 404, "introuvable")


def test_les_lignes_ne_montrent_pas_les_autres_personnes(monde: Monde, personne_arras: Personne) -> None:
    autre = f.PersonneFactory(commune=monde.arras)
    client_de(monde.ts_arras).get(reverse("api:personne_liste"))  # one row naming both people
    corps = client_de(monde.encadrant_arras).get(_url(personne_arras)).json()
    assert corps["results"][1]["operation"] == "liste"
    assert str(autre.public_id) not in str(corps)


def test_compte_supprime(monde: Monde, personne_arras: Personne) -> None:
    journal_enregistrer(
        acces=ContexteAcces(utilisateur_id=987654, ip=None, contexte="api:personne_detail"),
        operation=OperationJournal.CONSULTATION,
        objet_type="personne",
        objet_ids=[personne_arras.public_id],
    )
    corps = client_de(monde.encadrant_arras).get(_url(personne_arras)).json()
    assert corps["results"][1]["utilisateur"] is None
    assert corps["results"][1]["ip"] is None


def test_nombre_de_requetes_constant(
    monde: Monde, personne_arras: Personne, django_assert_num_queries: Callable[..., Any]
) -> None:
    client = client_de(monde.encadrant_arras)
    with django_assert_num_queries(REQUETES):
        assert client.get(_url(personne_arras)).json()["count"] == 1
    for _ in range(20):
        user = f.UtilisateurFactory()
        journal_enregistrer(
            acces=ContexteAcces(utilisateur_id=user.pk, ip="10.0.0.1", contexte="test"),
            operation=OperationJournal.CONSULTATION,
            objet_type="personne",
            objet_ids=[personne_arras.public_id],
        )
    with django_assert_num_queries(REQUETES):
        assert client.get(_url(personne_arras)).json()["count"] == 22
