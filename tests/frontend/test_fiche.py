"""The person file page: who sees it, what it shows, the journal row, and its fixed query bound."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours.actions import parcours_ouvrir, personne_ase_renseigner
from social import actions
from social.actions import ContexteAcces
from social.enums import LienFoyer, OperationJournal, OrganismePayeur, RoleAgent
from social.models import Personne
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, lignes_journal, texte, trouver, trouver_tous

NIR = "180056204112367"  # valid key: 97 - (1800562041123 mod 97) = 67
# SQL statements for the file page, savepoints aside (ATOMIC_REQUESTS and the journal action add 4;
# the navigation asks once whether the user sits on a council, for « Mes séances »).
REQUETES_MAX = 17


def url(personne: Personne) -> str:
    return reverse("frontend:personne_detail", args=[personne.public_id])


@pytest.mark.parametrize("persona", ["ts_arras", "accueil_arras", "encadrant_arras", "evaluateur_arras"])
def test_les_agents_du_perimetre_voient_la_fiche(
    monde: Monde, personne_arras: Personne, persona: str
) -> None:
    response = client_de(getattr(monde, persona)).get(url(personne_arras))

    assert response.status_code == 200
    assert texte(trouver(document(response), "h1")) == "LEFÈVRE Jeanne"


@pytest.mark.parametrize(
    "persona",
    ["ts_calais", "partenaire_ml_calais", "partenaire_ccas_arras", "elu_calaisis", "elu_arrageois", "admin"],
)
def test_hors_perimetre_404(monde: Monde, personne_arras: Personne, persona: str) -> None:
    assert client_de(getattr(monde, persona)).get(url(personne_arras)).status_code == 404
    assert lignes_journal() == []


def test_anonyme_redirige_vers_la_connexion(personne_arras: Personne) -> None:
    response = Client().get(url(personne_arras))
    assert response.status_code == 302
    assert response.url.startswith(reverse("frontend:connexion"))


def test_identifiant_inconnu_404(monde: Monde) -> None:
    response = client_de(monde.ts_arras).get(
        reverse("frontend:personne_detail", args=["7d0b7a49-3d2e-4d33-9a3e-111111111111"])
    )
    assert response.status_code == 404


def test_partenaire_designe_voit_la_fiche_sans_pouvoir_la_modifier(
    monde: Monde, personne_arras: Personne
) -> None:
    f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)

    response = client_de(monde.partenaire_ccas_arras).get(url(personne_arras))

    assert response.status_code == 200
    contenu = response.content.decode()
    assert reverse("frontend:personne_modifier", args=[personne_arras.public_id]) not in contenu
    assert reverse("frontend:personne_acces", args=[personne_arras.public_id]) not in contenu


def test_chaque_consultation_ecrit_exactement_une_ligne(monde: Monde, personne_arras: Personne) -> None:
    client = client_de(monde.ts_arras)
    client.get(url(personne_arras))
    client.get(url(personne_arras))

    lignes = lignes_journal()
    assert len(lignes) == 2
    for ligne in lignes:
        assert ligne.operation == OperationJournal.CONSULTATION
        assert ligne.objet_ids == [personne_arras.public_id]
        assert ligne.utilisateur_id == monde.ts_arras.pk
        assert ligne.contexte == "frontend:personne_detail"
        assert ligne.ip == "127.0.0.1"


def test_identite_contact_droits_et_consentements(monde: Monde) -> None:
    personne = f.PersonneFactory(
        nom="Lefèvre",
        nom_naissance="Martin",
        prenoms="Jeanne Marie",
        commune=monde.arras,
        sexe="F",
        date_naissance=datetime.date(1980, 5, 17),
        telephone="0321000000",
        courriel="jeanne@example.org",
        adresse="3 rue des Capucins",
        organisme_payeur=OrganismePayeur.CAF,
        numero_allocataire="1234567",
        nir=NIR,
        consentement_partage=True,
    )

    response = client_de(monde.ts_arras).get(url(personne))

    contenu = response.content.decode()
    proprietes = {
        texte(dt): texte(dd)
        for liste in trouver_tous(document(response), "dl")
        for dt, dd in zip(liste.children[::2], liste.children[1::2], strict=True)
    }
    assert proprietes["Nom d'usage"] == "Lefèvre"
    assert proprietes["Nom de naissance"] == "Martin"
    assert proprietes["Prénoms"] == "Jeanne Marie"
    assert proprietes["Date de naissance"] == f"17/05/1980 ({personne.age()} ans)"
    assert proprietes["Sexe"] == "Femme"
    assert proprietes["Commune"] == "Arras (62041)"
    assert proprietes["Téléphone"] == "0321000000"
    assert proprietes["Adresse"] == "3 rue des Capucins"
    assert proprietes["Organisme payeur"] == "CAF"
    assert proprietes["Numéro d'allocataire CAF ou MSA"] == "1234567"
    assert proprietes["Partage avec les partenaires désignés"] == "Oui"
    # The NIR is shown masked only (rule DP-3).
    assert proprietes["NIR"] == f"{personne.nir_masque} (masqué)"
    assert NIR not in contenu and NIR[:13] not in contenu
    assert "Aucun parcours pour le moment." in contenu


def test_foyer_membres_avec_lien_et_liens_vers_les_fiches_visibles(
    monde: Monde, personne_arras: Personne
) -> None:
    conjoint = f.PersonneFactory(nom="Lefèvre", prenoms="Marc", commune=monde.arras)
    enfant_ailleurs = f.PersonneFactory(nom="Lefèvre", prenoms="Léa", commune=monde.calais)
    foyer = actions.foyer_creer(reference=personne_arras, acting_user=monde.ts_arras)
    actions.foyer_ajouter_membre(
        foyer=foyer, personne=conjoint, lien=LienFoyer.CONJOINT, acting_user=monde.ts_arras
    )
    actions.foyer_ajouter_membre(
        foyer=foyer, personne=enfant_ailleurs, lien=LienFoyer.ENFANT, acting_user=monde.ts_arras
    )

    response = client_de(monde.ts_arras).get(url(personne_arras))

    foyer_section = trouver(document(response), "section", aria_labelledby="titre-foyer")
    lignes = {texte(tr.children[0]): texte(tr.children[1]) for tr in trouver_tous(foyer_section, "tr")[1:]}
    assert lignes == {
        "LEFÈVRE Jeanne (cette fiche)": "Personne de référence",
        "LEFÈVRE Marc": "Conjoint ou conjointe",
        "LEFÈVRE Léa (fiche hors de votre périmètre)": "Enfant",
    }
    liens = [attributs(a)["href"] for a in trouver_tous(foyer_section, "a")]
    assert liens == [url(conjoint)]


def test_rattachements(monde: Monde, personne_arras: Personne) -> None:
    f.RattachementFactory(
        personne=personne_arras, organisation=monde.ccas_arras, motif="Accompagnement budget"
    )

    section = trouver(
        document(client_de(monde.ts_arras).get(url(personne_arras))),
        "section",
        aria_labelledby="titre-rattachements",
    )
    assert "MDS de l'Arrageois" in texte(section)
    assert "CCAS d'Arras (partenaire désigné)" in texte(section)
    assert "Accompagnement budget" in texte(section)


def test_historique_date_auteur_et_champs_modifies(monde: Monde, personne_arras: Personne) -> None:
    acces = ContexteAcces(utilisateur_id=monde.ts_arras.pk, ip=None, contexte="test")
    actions.personne_modifier(
        personne=personne_arras,
        acting_user=monde.ts_arras,
        acces=acces,
        champs={"telephone": "0600000000", "nir": NIR},
    )
    # simple-history takes the author from the request (middleware); outside a request, set it explicitly.
    enregistrement = personne_arras.history.order_by("-history_date").first()
    enregistrement.history_user = monde.ts_arras
    enregistrement.save()

    response = client_de(monde.encadrant_arras).get(url(personne_arras))

    section = trouver(document(response), "section", aria_labelledby="titre-historique")
    lignes = [[texte(cellule) for cellule in tr.children] for tr in trouver_tous(section, "tr")[1:]]
    assert lignes[0][1] == str(monde.ts_arras)
    assert lignes[0][2] in {"Modification : téléphone, NIR", "Modification : NIR, téléphone"}
    assert lignes[-1][2] == "Création de la fiche"
    assert NIR not in response.content.decode()


def test_dp_4_l_historique_de_la_fiche_tait_l_aide_sociale_a_l_enfance(monde: Monde) -> None:
    """A change of the ASE facts (recorded by a pathway's team) is not listed in the person's history,
    which every agent of the site reads (DP-4); the other changes still are."""
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(16))
    parcours = parcours_ouvrir(
        personne=personne,
        dispositif="pch",
        acting_user=monde.ts_arras,
        site=monde.mds_arras,
        referent=monde.ts_arras,
    )
    personne_ase_renseigner(parcours=parcours, acting_user=monde.ts_arras, confie_ase_avant_majorite=True)
    acces = ContexteAcces(utilisateur_id=monde.ts_arras.pk, ip=None, contexte="test")
    actions.personne_modifier(
        personne=personne, acting_user=monde.ts_arras, acces=acces, champs={"telephone": "0600000000"}
    )

    reponse = client_de(monde.encadrant_arras).get(url(personne))
    section = trouver(document(reponse), "section", aria_labelledby="titre-historique")
    lignes = [texte(tr.children[2]) for tr in trouver_tous(section, "tr")[1:]]
    assert lignes == ["Modification : téléphone", "Création de la fiche"]
    assert "ASE" not in texte(section) and "autonomie" not in texte(section)
    assert personne.history.count() == 3  # the change is kept for the audit


def test_liens_modifier_et_journal_selon_le_role(monde: Monde, personne_arras: Personne) -> None:
    lien_modifier = reverse("frontend:personne_modifier", args=[personne_arras.public_id])
    lien_journal = reverse("frontend:personne_acces", args=[personne_arras.public_id])

    ts = client_de(monde.ts_arras).get(url(personne_arras)).content.decode()
    encadrant = client_de(monde.encadrant_arras).get(url(personne_arras)).content.decode()

    assert lien_modifier in ts and lien_journal not in ts
    assert lien_modifier in encadrant and lien_journal in encadrant


def _requetes(client: Client, personne: Personne) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(url(personne)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def test_nombre_de_requetes_borne_quel_que_soit_le_foyer_et_l_historique(monde: Monde) -> None:
    acces = ContexteAcces(utilisateur_id=monde.ts_arras.pk, ip=None, contexte="test")
    petite = f.PersonneFactory(nom="Petit", commune=monde.arras)
    actions.foyer_ajouter_membre(
        foyer=actions.foyer_creer(reference=petite, acting_user=monde.ts_arras),
        personne=f.PersonneFactory(nom="Petit", prenoms="Tom", commune=monde.arras),
        lien=LienFoyer.ENFANT,
        acting_user=monde.ts_arras,
    )
    actions.personne_modifier(
        personne=petite, acting_user=monde.ts_arras, acces=acces, champs={"telephone": "1"}
    )
    grande = f.PersonneFactory(nom="Grand", commune=monde.arras)
    foyer = actions.foyer_creer(reference=grande, acting_user=monde.ts_arras)
    for i in range(12):
        membre = f.PersonneFactory(
            nom="Grand", prenoms=f"Enfant{i}", commune=monde.arras if i % 2 else monde.calais
        )
        actions.foyer_ajouter_membre(
            foyer=foyer, personne=membre, lien=LienFoyer.ENFANT, acting_user=monde.ts_arras
        )
    for _ in range(5):
        f.RattachementFactory(personne=grande, organisation=f.OrganisationFactory())
    for i in range(40):
        actions.personne_modifier(
            personne=grande, acting_user=monde.ts_arras, acces=acces, champs={"telephone": f"06000000{i:02d}"}
        )
    # An encadrant: the page also checks the access-journal permission.
    client = client_de(monde.encadrant_arras)

    assert _requetes(client, grande) == _requetes(client, petite)
    assert _requetes(client, grande) <= REQUETES_MAX


def test_affectation_territoriale(monde: Monde, personne_arras: Personne) -> None:
    """A territory-wide assignment at another site of the territory also opens the file."""
    from social.enums import PerimetreAffectation

    site = f.SiteFactory(nom="Antenne de Bapaume", territoire=monde.mds_arras.territoire)
    agent = f.AffectationFactory(
        utilisateur__username="ts.territoire",
        site=site,
        role=RoleAgent.TRAVAILLEUR_SOCIAL,
        perimetre=PerimetreAffectation.TERRITOIRE,
    ).utilisateur
    assert client_de(agent).get(url(personne_arras)).status_code == 200
