"""Creating and editing a person's file: permissions, French errors with nothing saved, duplicates, NIR."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from social.enums import OperationJournal
from social.models import Personne
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, lignes_journal, texte, trouver, trouver_tous

CREER = reverse("frontend:personne_creer")
NIR = "180056204112367"


def donnees(**changements: str) -> dict[str, str]:
    return {
        "nom": "Durand",
        "prenoms": "Alice",
        "date_naissance": "1990-03-12",
        "sexe": "F",
        "commune": "62041",
        "organisme_payeur": "",
        **changements,
    }


def modifier(personne: Personne) -> str:
    return reverse("frontend:personne_modifier", args=[personne.public_id])


def erreurs_du_champ(response, nom: str) -> list[str]:  # type: ignore[no-untyped-def]
    racine = document(response)
    liste = trouver_tous(racine, "ul", id=f"id_{nom}-erreurs")
    return [texte(li) for li in trouver_tous(liste[0], "li")] if liste else []


# Creation -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["accueil_arras", "ts_arras", "encadrant_arras", "evaluateur_arras", "ts_calais"]
)
def test_les_agents_peuvent_creer(monde: Monde, persona: str) -> None:
    response = client_de(getattr(monde, persona)).get(CREER)
    assert response.status_code == 200
    assert texte(trouver(document(response), "h1")) == "Créer une fiche"


@pytest.mark.parametrize(
    "persona", ["partenaire_ccas_arras", "partenaire_ml_calais", "elu_calaisis", "admin"]
)
def test_les_autres_roles_recoivent_un_403(monde: Monde, persona: str) -> None:
    client = client_de(getattr(monde, persona))
    assert client.get(CREER).status_code == 403
    assert client.post(CREER, donnees()).status_code == 403
    assert not Personne.objects.exists()


def test_anonyme_redirige(db: None) -> None:
    response = Client().post(CREER, donnees())
    assert response.status_code == 302 and response.url.startswith(reverse("frontend:connexion"))


def test_creation_reussie(monde: Monde) -> None:
    client = client_de(monde.accueil_arras)

    response = client.post(
        CREER,
        donnees(
            telephone="0321000000",
            nir="1 80 05 62 041 123 67",
            consentement_partage="on",
            consentement_date="2026-01-15",
            organisme_payeur="caf",
            numero_allocataire="998877",
        ),
        follow=True,
    )

    personne = Personne.objects.get()
    assert response.redirect_chain == [(reverse("frontend:personne_detail", args=[personne.public_id]), 302)]
    assert "La fiche de DURAND Alice a été créée." in texte(trouver(document(response), "div", role="status"))
    assert personne.commune == monde.arras
    assert personne.nir == NIR
    assert personne.consentement_partage is True
    assert personne.date_naissance == datetime.date(1990, 3, 12)
    assert personne.created_by == monde.accueil_arras
    assert [ligne.operation for ligne in lignes_journal()] == [
        OperationJournal.CREATION,
        OperationJournal.CONSULTATION,
    ]
    # The NIR is never shown in full once saved.
    assert NIR not in response.content.decode()


def test_date_de_naissance_dans_le_futur(monde: Monde) -> None:
    demain = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = client_de(monde.ts_arras).post(CREER, donnees(date_naissance=demain))

    assert response.status_code == 200
    assert erreurs_du_champ(response, "date_naissance") == [
        "La date de naissance ne peut pas être dans le futur."
    ]
    assert not Personne.objects.exists()
    assert lignes_journal() == []
    racine = document(response)
    # The user's input is redisplayed.
    assert attributs(trouver(racine, "input", name="nom"))["value"] == "Durand"
    assert attributs(trouver(racine, "input", name="date_naissance"))["value"] == demain
    assert texte(trouver(racine, "title")) == "Erreur : Créer une fiche – Proche"


def test_code_commune_inconnu(monde: Monde) -> None:
    response = client_de(monde.ts_arras).post(CREER, donnees(commune="99999"))

    assert erreurs_du_champ(response, "commune") == [
        "Commune inconnue : 99999. Indiquez le code INSEE à 5 chiffres."
    ]
    assert not Personne.objects.exists()
    assert attributs(trouver(document(response), "input", name="commune"))["value"] == "99999"


def test_nir_invalide(monde: Monde) -> None:
    response = client_de(monde.ts_arras).post(CREER, donnees(nir="180056204112399"))

    assert erreurs_du_champ(response, "nir") == [
        "Ce numéro de sécurité sociale n'est pas valide (15 caractères, clé de contrôle)."
    ]
    assert not Personne.objects.exists()


def test_champs_obligatoires_et_resume_des_erreurs(monde: Monde) -> None:
    response = client_de(monde.ts_arras).post(CREER, {"sexe": "X"})

    racine = document(response)
    resume = trouver(racine, "div", role="alert", class_="resume-erreurs")
    assert texte(trouver(resume, "h2")) == "Le formulaire contient 4 erreurs."
    liens = {attributs(a)["href"]: texte(a) for a in trouver_tous(resume, "a")}
    assert liens == {
        "#id_nom": "Nom d'usage : Ce champ est obligatoire.",
        "#id_prenoms": "Prénoms : Ce champ est obligatoire.",
        "#id_date_naissance": "Date de naissance : Ce champ est obligatoire.",
        "#id_commune": "Code INSEE de la commune : Ce champ est obligatoire.",
    }
    champ = attributs(trouver(racine, "input", name="prenoms"))
    assert champ["aria-invalid"] == "true"
    assert champ["aria-describedby"] == "id_prenoms-aide id_prenoms-erreurs"
    trouver(racine, "ul", id="id_prenoms-erreurs")
    trouver(racine, "p", id="id_prenoms-aide")
    # Required fields are marked in text, in the label.
    assert texte(trouver(racine, "label", for_="id_nom")) == "Nom d'usage (obligatoire)"
    assert "aria-invalid" not in attributs(trouver(racine, "input", name="telephone"))


def test_sexe_en_boutons_radio_dans_un_fieldset(monde: Monde) -> None:
    racine = document(client_de(monde.ts_arras).get(CREER))

    groupe = next(fs for fs in trouver_tous(racine, "fieldset") if "Sexe" in texte(trouver(fs, "legend")))
    radios = trouver_tous(groupe, "input", type="radio")
    assert [attributs(r)["value"] for r in radios] == ["F", "M", "X"]
    for radio in radios:
        trouver(groupe, "label", for_=attributs(radio)["id"])
    assert attributs(trouver(racine, "input", name="date_naissance"))["type"] == "date"


# Duplicates -------------------------------------------------------------------------------------------


def test_doublon_avertissement_rien_n_est_enregistre_avant_confirmation(
    monde: Monde, personne_arras: Personne
) -> None:
    client = client_de(monde.accueil_arras)
    saisie = donnees(nom="Lefebvre", prenoms="Jeanne", date_naissance="1980-05-17")

    response = client.post(CREER, saisie)

    assert Personne.objects.count() == 1
    alerte = trouver(document(response), "div", role="alert", class_="alerte alerte--avertissement")
    assert "Cette personne a peut-être déjà une fiche" in texte(alerte)
    lien = trouver(alerte, "a")
    assert attributs(lien)["href"] == reverse("frontend:personne_detail", args=[personne_arras.public_id])
    assert texte(lien) == "LEFÈVRE Jeanne"
    trouver(alerte, "input", name="confirmer_autre_personne", type="checkbox")
    # The candidates shown are journaled as a list.
    (ligne,) = lignes_journal()
    assert ligne.operation == OperationJournal.LISTE and ligne.objet_ids == [personne_arras.public_id]

    response = client.post(CREER, {**saisie, "confirmer_autre_personne": "on"})

    assert response.status_code == 302
    assert Personne.objects.count() == 2


def test_doublon_hors_perimetre_seulement_compte(monde: Monde) -> None:
    f.PersonneFactory(nom="Lefèvre", prenoms="Jeanne", commune=monde.calais)

    response = client_de(monde.accueil_arras).post(
        CREER, donnees(nom="Lefebvre", prenoms="Jeanne", date_naissance="1980-05-17")
    )

    alerte = trouver(document(response), "div", role="alert", class_="alerte alerte--avertissement")
    assert "1 fiche correspondante existe hors de votre périmètre" in texte(alerte)
    assert trouver_tous(alerte, "a") == []
    assert "Calais" not in texte(alerte)
    assert Personne.objects.count() == 1
    assert lignes_journal() == []


# Edition ----------------------------------------------------------------------------------------------


def test_modification_formulaire_prerempli_sans_le_nir(monde: Monde, personne_arras: Personne) -> None:
    personne_arras.nir = NIR
    personne_arras.save()

    response = client_de(monde.ts_arras).get(modifier(personne_arras))

    assert response.status_code == 200
    racine = document(response)
    assert texte(trouver(racine, "h1")) == "Modifier la fiche de LEFÈVRE Jeanne"
    assert attributs(trouver(racine, "input", name="nom"))["value"] == "Lefèvre"
    assert attributs(trouver(racine, "input", name="commune"))["value"] == "62041"
    assert attributs(trouver(racine, "input", name="date_naissance"))["value"] == "1980-05-17"
    assert "value" not in attributs(trouver(racine, "input", name="nir"))
    assert personne_arras.nir_masque in texte(trouver(racine, "p", id="id_nir-aide"))
    assert NIR not in response.content.decode()


def test_modification_reussie(monde: Monde, personne_arras: Personne) -> None:
    response = client_de(monde.ts_arras).post(
        modifier(personne_arras),
        donnees(nom="Lefèvre", prenoms="Jeanne", date_naissance="1980-05-17", telephone="0600000000"),
    )

    assert response.status_code == 302
    personne_arras.refresh_from_db()
    assert personne_arras.telephone == "0600000000" and personne_arras.nom == "Lefèvre"
    assert [ligne.operation for ligne in lignes_journal()] == [
        OperationJournal.CONSULTATION,
        OperationJournal.MODIFICATION,
    ]
    derniere = personne_arras.history.order_by("-history_date").first()
    assert derniere.history_user == monde.ts_arras


def test_modification_date_future_rien_n_est_enregistre(monde: Monde, personne_arras: Personne) -> None:
    demain = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = client_de(monde.ts_arras).post(
        modifier(personne_arras), donnees(nom="Autre", prenoms="Jeanne", date_naissance=demain)
    )

    assert response.status_code == 200
    assert erreurs_du_champ(response, "date_naissance") == [
        "La date de naissance ne peut pas être dans le futur."
    ]
    personne_arras.refresh_from_db()
    assert personne_arras.nom == "Lefèvre"
    assert personne_arras.history.count() == 1
    assert attributs(trouver(document(response), "input", name="nom"))["value"] == "Autre"


def test_nir_vide_conserve_le_nir_et_la_case_l_efface(monde: Monde, personne_arras: Personne) -> None:
    personne_arras.nir = NIR
    personne_arras.save()
    client = client_de(monde.ts_arras)
    identite = donnees(nom="Lefèvre", prenoms="Jeanne", date_naissance="1980-05-17")

    client.post(modifier(personne_arras), {**identite, "nir": ""})
    personne_arras.refresh_from_db()
    assert personne_arras.nir == NIR

    client.post(modifier(personne_arras), {**identite, "nir_effacer": "on"})
    personne_arras.refresh_from_db()
    assert personne_arras.nir == ""


@pytest.mark.parametrize(
    "persona", ["ts_calais", "partenaire_ml_calais", "elu_calaisis", "elu_arrageois", "admin"]
)
def test_modification_hors_perimetre_404(monde: Monde, personne_arras: Personne, persona: str) -> None:
    client = client_de(getattr(monde, persona))
    assert client.get(modifier(personne_arras)).status_code == 404
    assert client.post(modifier(personne_arras), donnees()).status_code == 404
    personne_arras.refresh_from_db()
    assert personne_arras.nom == "Lefèvre"


def test_partenaire_designe_403_en_modification(monde: Monde, personne_arras: Personne) -> None:
    f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)
    client = client_de(monde.partenaire_ccas_arras)

    assert client.get(modifier(personne_arras)).status_code == 403
    assert client.post(modifier(personne_arras), donnees()).status_code == 403
    personne_arras.refresh_from_db()
    assert personne_arras.nom == "Lefèvre"
