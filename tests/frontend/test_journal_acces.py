"""The access journal page of a file: encadrants of the perimeter and functional administrators."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from social.actions import ContexteAcces, journal_enregistrer
from social.enums import OperationJournal
from social.models import Personne
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, lignes_journal, texte, trouver, trouver_tous


def url(personne: Personne) -> str:
    return reverse("frontend:personne_acces", args=[personne.public_id])


def lignes_affichees(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    tableau = trouver(document(response), "table")
    return [[texte(cellule) for cellule in tr.children] for tr in trouver_tous(tableau, "tr")[1:]]


def test_l_encadrant_voit_qui_a_consulte_la_fiche(monde: Monde, personne_arras: Personne) -> None:
    client_de(monde.ts_arras).get(reverse("frontend:personne_detail", args=[personne_arras.public_id]))

    response = client_de(monde.encadrant_arras).get(url(personne_arras))

    assert response.status_code == 200
    racine = document(response)
    assert texte(trouver(racine, "h1")) == "Journal des accès"
    assert "Fiche de LEFÈVRE Jeanne" in texte(trouver(racine, "p", class_="sous-titre"))
    lignes = lignes_affichees(response)
    # Newest first: the encadrant's own reading of the journal, then the social worker's consultation.
    assert lignes[0][1:] == [str(monde.encadrant_arras), "Consultation", "Journal des accès"]
    assert lignes[1][1:] == [str(monde.ts_arras), "Consultation", "Fiche de la personne"]


def test_lire_le_journal_est_journalise(monde: Monde, personne_arras: Personne) -> None:
    client_de(monde.encadrant_arras).get(url(personne_arras))

    (ligne,) = lignes_journal()
    assert ligne.utilisateur_id == monde.encadrant_arras.pk
    assert ligne.objet_ids == [personne_arras.public_id]
    assert ligne.contexte == "frontend:personne_acces"


@pytest.mark.parametrize("persona", ["ts_arras", "accueil_arras", "evaluateur_arras"])
def test_dans_le_perimetre_sans_etre_encadrant_403(
    monde: Monde, personne_arras: Personne, persona: str
) -> None:
    assert client_de(getattr(monde, persona)).get(url(personne_arras)).status_code == 403


def test_partenaire_designe_403(monde: Monde, personne_arras: Personne) -> None:
    f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)
    assert client_de(monde.partenaire_ccas_arras).get(url(personne_arras)).status_code == 403


@pytest.mark.parametrize(
    "persona", ["ts_calais", "partenaire_ml_calais", "elu_calaisis", "partenaire_ccas_arras"]
)
def test_hors_perimetre_404(monde: Monde, personne_arras: Personne, persona: str) -> None:
    assert client_de(getattr(monde, persona)).get(url(personne_arras)).status_code == 404


def test_encadrant_d_un_autre_territoire_404(monde: Monde, personne_arras: Personne) -> None:
    from social.enums import RoleAgent

    encadrant_calais = f.AffectationFactory(
        utilisateur__username="encadrant.calais", site=monde.mds_calais, role=RoleAgent.ENCADRANT
    ).utilisateur
    assert client_de(encadrant_calais).get(url(personne_arras)).status_code == 404


def test_anonyme_redirige(personne_arras: Personne) -> None:
    response = Client().get(url(personne_arras))
    assert response.status_code == 302 and response.url.startswith(reverse("frontend:connexion"))


def test_l_administrateur_fonctionnel_ouvre_le_journal_de_toute_fiche_sans_l_identite(
    monde: Monde, personne_arras: Personne
) -> None:
    calaisien = f.PersonneFactory(nom="Calaisien", commune=monde.calais)
    client_de(monde.ts_calais).get(reverse("frontend:personne_detail", args=[calaisien.public_id]))

    response = client_de(monde.admin).get(url(calaisien))

    assert response.status_code == 200
    contenu = response.content.decode()
    assert "CALAISIEN" not in contenu and "Calaisien" not in contenu
    assert str(calaisien.public_id) in texte(trouver(document(response), "p", class_="sous-titre"))
    assert lignes_affichees(response)[1][1:] == [str(monde.ts_calais), "Consultation", "Fiche de la personne"]
    assert lignes_journal()[-1].utilisateur_id == monde.admin.pk
    assert client_de(monde.admin).get(url(personne_arras)).status_code == 200


def test_l_administrateur_fonctionnel_identifiant_inconnu_404(monde: Monde) -> None:
    response = client_de(monde.admin).get(
        reverse("frontend:personne_acces", args=["7d0b7a49-3d2e-4d33-9a3e-111111111111"])
    )
    assert response.status_code == 404


def _journaliser(personne: Personne, utilisateurs: list, n: int) -> None:  # type: ignore[type-arg]
    for i in range(n):
        journal_enregistrer(
            acces=ContexteAcces(
                utilisateur_id=utilisateurs[i % len(utilisateurs)].pk, ip=None, contexte="api:x"
            ),
            operation=OperationJournal.CONSULTATION,
            objet_type="personne",
            objet_ids=[personne.public_id],
        )


def test_pagination_50_par_page(monde: Monde, personne_arras: Personne) -> None:
    _journaliser(personne_arras, [monde.ts_arras], 60)
    client = client_de(monde.encadrant_arras)

    assert len(lignes_affichees(client.get(url(personne_arras)))) == 50
    assert len(lignes_affichees(client.get(url(personne_arras), {"page": 2}))) == 62 - 50


def test_compte_supprime(monde: Monde, personne_arras: Personne) -> None:
    ancien = f.UtilisateurFactory(username="ancien")
    _journaliser(personne_arras, [ancien], 1)
    ancien_id = ancien.pk
    ancien.delete()

    lignes = lignes_affichees(client_de(monde.encadrant_arras).get(url(personne_arras)))
    assert lignes[-1][1] == f"Compte n° {ancien_id} (supprimé)"


def test_nombre_de_requetes_independant_du_nombre_de_lignes(monde: Monde, personne_arras: Personne) -> None:
    client = client_de(monde.encadrant_arras)

    def requetes() -> int:
        with CaptureQueriesContext(connection) as contexte:
            assert client.get(url(personne_arras)).status_code == 200
        return len(contexte)

    _journaliser(personne_arras, [monde.ts_arras], 1)
    peu = requetes()
    _journaliser(personne_arras, [monde.ts_arras, monde.accueil_arras, monde.evaluateur_arras], 45)
    assert requetes() == peu
