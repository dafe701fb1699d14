"""The home page of each persona."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from social.enums import OperationJournal, RoleAgent
from social.models import Personne
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, lignes_journal, texte, trouver, trouver_tous

TITRES = {
    "accueil_arras": "Accueil du public",
    "ts_arras": "Mon suivi",
    "evaluateur_arras": "Mon suivi",
    "encadrant_arras": "Pilotage du site",
    "partenaire_ccas_arras": "Espace partenaire",
    "partenaire_ml_calais": "Espace partenaire",
    "elu_arrageois": "Espace membre d'instance",
    "elu_calaisis": "Espace membre d'instance",
    "admin": "Administration fonctionnelle",
}


@pytest.mark.parametrize(("persona", "titre"), TITRES.items())
def test_chaque_persona_a_son_accueil(monde: Monde, persona: str, titre: str) -> None:
    response = client_de(getattr(monde, persona)).get(reverse("frontend:accueil"))

    assert response.status_code == 200
    racine = document(response)
    assert texte(trouver(racine, "h1")) == titre
    assert texte(trouver(racine, "title")) == f"{titre} – Proche"


def _sections(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [texte(h2) for h2 in trouver_tous(document(response), "h2")]


def test_agent_d_accueil_recherche_et_creation(monde: Monde) -> None:
    response = client_de(monde.accueil_arras).get(reverse("frontend:accueil"))

    racine = document(response)
    formulaire = trouver(racine, "form", role="search")
    assert dict(formulaire.attributes)["action"] == reverse("frontend:personne_recherche")
    trouver(racine, "label", for_="accueil-q")
    main = trouver(racine, "main")
    assert texte(trouver(main, "a", href=reverse("frontend:personne_creer"))) == "Créer une fiche"
    assert "Mes personnes" not in _sections(response)


def test_travailleur_social_voit_les_personnes_de_son_site_et_c_est_journalise(
    monde: Monde, personne_arras: Personne
) -> None:
    autre_site = f.PersonneFactory(nom="Dupont", commune=monde.calais)
    f.RattachementFactory(personne=autre_site, site=monde.mds_calais)

    response = client_de(monde.ts_arras).get(reverse("frontend:accueil"))

    assert "Mes personnes" in _sections(response)
    contenu = response.content.decode()
    assert reverse("frontend:personne_detail", args=[personne_arras.public_id]) in contenu
    assert "DUPONT" not in contenu
    (ligne,) = lignes_journal()
    assert ligne.operation == OperationJournal.LISTE
    assert ligne.objet_ids == [personne_arras.public_id]
    assert ligne.contexte == "frontend:accueil"
    assert ligne.utilisateur_id == monde.ts_arras.pk


def test_mes_personnes_les_20_derniers_rattachements(monde: Monde) -> None:
    for _ in range(25):
        f.RattachementFactory(personne=f.PersonneFactory(commune=monde.arras), site=monde.mds_arras)

    response = client_de(monde.ts_arras).get(reverse("frontend:accueil"))

    tableau = trouver(document(response), "table")
    assert len(trouver_tous(tableau, "tr")) == 1 + 20
    assert len(lignes_journal()[0].objet_ids) == 20


def test_accueil_sans_personne_n_ecrit_rien_au_journal(monde: Monde) -> None:
    response = client_de(monde.ts_arras).get(reverse("frontend:accueil"))

    assert "Aucune personne n'est rattachée à votre site" in response.content.decode()
    assert lignes_journal() == []


def test_requetes_de_l_accueil_independantes_du_nombre_de_personnes(monde: Monde) -> None:
    def requetes() -> int:
        with CaptureQueriesContext(connection) as contexte:
            assert client_de(monde.encadrant_arras).get(reverse("frontend:accueil")).status_code == 200
        return len(contexte)

    f.RattachementFactory(personne=f.PersonneFactory(commune=monde.arras), site=monde.mds_arras)
    une = requetes()
    for _ in range(30):
        f.RattachementFactory(personne=f.PersonneFactory(commune=monde.arras), site=monde.mds_arras)
    assert requetes() == une


def test_encadrant_vue_d_ensemble_et_journaux(monde: Monde, personne_arras: Personne) -> None:
    f.PersonneFactory(commune=monde.arras)  # lives in a served commune, not attached

    response = client_de(monde.encadrant_arras).get(reverse("frontend:accueil"))

    racine = document(response)
    assert "Vue d'ensemble de mes sites" in _sections(response)
    tableau = trouver_tous(racine, "table")[1]
    ligne = [texte(cellule) for cellule in trouver_tous(tableau, "tr")[1].children]
    assert ligne == ["MDS de l'Arrageois", "Arrageois", "1", "2"]
    trouver(racine, "a", href=reverse("frontend:personne_acces", args=[personne_arras.public_id]))


def test_partenaire_son_organisation_les_personnes_designees_et_le_guide(
    monde: Monde, personne_arras: Personne
) -> None:
    f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)

    response = client_de(monde.partenaire_ccas_arras).get(reverse("frontend:accueil"))

    sections = _sections(response)
    assert sections[:1] == ["Rechercher une personne"]
    assert {"Mon organisation", "Personnes désignées à mon organisation", "Guide des ressources"} <= set(
        sections
    )
    contenu = response.content.decode()
    assert "CCAS d&#x27;Arras" in contenu
    assert reverse("frontend:personne_detail", args=[personne_arras.public_id]) in contenu
    assert reverse("frontend:personne_creer") not in contenu
    assert lignes_journal()[0].objet_ids == [personne_arras.public_id]


def test_partenaire_d_une_autre_organisation_ne_voit_pas_les_personnes_designees(
    monde: Monde, personne_arras: Personne
) -> None:
    f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)

    response = client_de(monde.partenaire_ml_calais).get(reverse("frontend:accueil"))

    assert "LEFÈVRE" not in response.content.decode()
    assert lignes_journal() == []


def test_membre_d_instance_ses_instances_et_mandats(monde: Monde) -> None:
    response = client_de(monde.elu_calaisis).get(reverse("frontend:accueil"))

    contenu = response.content.decode()
    assert "Conseil territorial du Calaisis" in contenu
    assert "Conseil territorial de l&#x27;Arrageois" not in contenu
    assert {"Mes instances et mandats", "Séances"} <= set(_sections(response))
    assert "Rechercher une personne" not in _sections(response)


def test_administrateur_fonctionnel_liens_et_compteurs(monde: Monde) -> None:
    response = client_de(monde.admin).get(reverse("frontend:accueil"))

    racine = document(response)
    trouver(racine, "a", href=reverse("frontend:organisation_creer"), class_="bouton")
    trouver(racine, "a", href=reverse("admin:index"), class_="bouton bouton--secondaire")
    tableau = trouver(racine, "table")
    compteurs = {texte(tr.children[0]): texte(tr.children[1]) for tr in trouver_tous(tableau, "tr")[1:]}
    assert compteurs["Territoires"] == "2"
    assert compteurs["Communes"] == "2"
    assert compteurs["Sites"] == "3"
    assert compteurs["Organisations partenaires"] == "2"


def test_plusieurs_roles_plusieurs_sections(monde: Monde) -> None:
    f.AffectationFactory(
        utilisateur=monde.partenaire_ccas_arras, site=monde.mds_arras, role=RoleAgent.ACCUEIL
    )

    response = client_de(monde.partenaire_ccas_arras).get(reverse("frontend:accueil"))

    assert texte(trouver(document(response), "h1")) == "Mon espace"
    sections = _sections(response)
    assert "Rechercher une personne" in sections and "Guide des ressources" in sections
    assert reverse("frontend:personne_creer") in response.content.decode()


def test_compte_sans_role(db: None) -> None:
    response = client_de(f.UtilisateurFactory(username="sans.role")).get(reverse("frontend:accueil"))

    assert response.status_code == 200
    assert texte(trouver(document(response), "h1")) == "Mon espace"
    assert "aucune affectation, adhésion ou mandat actif" in response.content.decode()
