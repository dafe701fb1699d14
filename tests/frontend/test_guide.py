"""The guide pages: search for every persona, entries, partners' own entries (others: 404),
moderation, the person's « find a service » link, and uploads with their progress."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from guide_ressources.actions import importation_executer
from guide_ressources.enums import StatutImportation, StatutPublication
from guide_ressources.models import Importation, Service, Structure, TransitionPublication
from social.enums import OperationJournal
from social.models import Personne
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, lignes_journal, texte, trouver, trouver_tous
from tests.guide_ressources.fabriques import (
    ALIMENTATION,
    Guide,
    construire_guide,
    semer_referentiels_du_guide,
    service,
)
from tests.guide_ressources.test_importation import SERVICE, STRUCTURE

pytestmark = pytest.mark.django_db

URL = reverse("frontend:guide_recherche")


@pytest.fixture(autouse=True)
def referentiels(db: None) -> None:
    semer_referentiels_du_guide()


@pytest.fixture
def guide(monde: Monde) -> Guide:
    return construire_guide(monde)


def resultats(response: Any) -> list[str]:
    assert response.status_code == 200
    tables = trouver_tous(document(response), "table")
    return [texte(th) for th in trouver_tous(tables[0], "th", scope="row")] if tables else []


# --- Search -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona",
    [
        "accueil_arras",
        "ts_calais",
        "encadrant_arras",
        "partenaire_ccas_arras",
        "partenaire_ml_calais",
        "admin",
    ],
)
def test_agents_partenaires_et_administrateurs_cherchent(monde: Monde, guide: Guide, persona: str) -> None:
    assert resultats(client_de(getattr(monde, persona)).get(URL, {"q": "heberg"})) == [
        "Hébergement d'urgence"
    ]


def test_membre_d_instance_403_et_anonyme_redirige(monde: Monde, guide: Guide) -> None:
    assert client_de(monde.elu_calaisis).get(URL).status_code == 403
    response = Client().get(URL, {"q": "heberg"})
    assert response.status_code == 302 and response.url.startswith(reverse("frontend:connexion"))


@override_settings(PROCHE_GUIDE_PUBLIC=True)
def test_guide_public_ouvert_aux_anonymes(monde: Monde, guide: Guide) -> None:
    assert resultats(Client().get(URL, {"q": "heberg"})) == ["Hébergement d'urgence"]
    detail = reverse("frontend:guide_service_detail", args=[guide.hebergement.public_id])
    assert Client().get(detail).status_code == 200
    assert (
        Client().get(reverse("frontend:guide_service_detail", args=[guide.brouillon.public_id])).status_code
        == 404
    )
    assert Client().get(reverse("frontend:guide_mes_fiches")).status_code == 302


def test_commune_facettes_et_signalement_des_fiches_anciennes(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.accueil_arras)
    response = client.get(URL, {"q": "solidaire", "commune": "arras"})
    assert resultats(response) == [
        "Épicerie solidaire",
        "Location solidaire de véhicules",
        "Vestiaire solidaire",
    ]
    racine = document(response)
    assert (
        texte(trouver(racine, "p", id="resultats-compte"))
        == "3 services trouvés. Ouverts aux habitants de Arras (sur 3 services toutes zones confondues)."
    )
    assert attributs(trouver(racine, "input", name="commune"))["value"] == "Arras (62041)"
    ligne = [texte(c) for c in trouver_tous(trouver(racine, "table"), "tr")[3].children]
    assert ligne[0] == "Vestiaire solidaire" and ligne[-1].startswith("À vérifier – confirmée le")
    assert resultats(
        client.get(URL, {"thematique": "equipement-et-alimentation", "frais": "gratuit", "commune": "62193"})
    ) == ["Distribution alimentaire du Calaisis"]


def test_commune_inconnue_signalee(monde: Monde, guide: Guide) -> None:
    response = client_de(monde.accueil_arras).get(URL, {"q": "aide", "commune": "Atlantide"})
    racine = document(response)
    assert "Commune inconnue : « Atlantide »." in texte(trouver(racine, "div", role="alert"))
    assert attributs(trouver(racine, "input", name="commune"))["aria-invalid"] == "true"
    assert resultats(response) == []


def test_formulaire_sans_javascript_et_htmx(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.ts_arras)
    racine = document(client.get(URL))
    formulaire = trouver(racine, "form", role="search")
    assert attributs(formulaire)["action"] == URL and attributs(formulaire)["hx-target"] == "#resultats"
    choix = [texte(o) for o in trouver_tous(trouver(racine, "select", name="thematique"), "option")]
    assert "Logement et hébergement : toutes" in choix and "Fonds de solidarité logement (FSL)" in choix
    fragment = client.get(URL, {"q": "heberg"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    compte = trouver(document(fragment), "p", id="resultats-compte")
    assert attributs(compte)["hx-swap-oob"] == "innerHTML" and texte(compte) == "1 service trouvé."


def test_les_listes_de_filtres_partagees_ne_gardent_pas_les_comptes_d_une_recherche(
    monde: Monde, guide: Guide
) -> None:
    # The lists are built once per version of the taxonomies and shared: a search's counts are put on
    # copies, never on them.
    client = client_de(monde.ts_arras)

    def options(response: Any, nom: str) -> list[str]:
        return [texte(o) for o in trouver_tous(trouver(document(response), "select", name=nom), "option")]

    avant = options(client.get(URL), "frais")
    apres_recherche = options(client.get(URL, {"q": "heberg"}), "frais")
    assert apres_recherche[1:] and all(o.endswith(")") for o in apres_recherche[1:])
    assert options(client.get(URL), "frais") == avant and not any(o.endswith(")") for o in avant)
    assert "Payant (1)" in options(client.get(URL, {"q": "solidaire"}), "frais")  # the grocery


def test_pagination_garde_les_facettes(monde: Monde, guide: Guide) -> None:
    for rang in range(25):
        service(
            structure=guide.chrs, nom=f"Colis n° {rang:02d}", thematiques=[ALIMENTATION], zone_codes=["62"]
        )
    response = client_de(monde.ts_arras).get(URL, {"q": "colis", "thematique": ALIMENTATION})
    assert len(resultats(response)) == 20
    lien = trouver(trouver(document(response), "nav", aria_label="Pagination"), "a")
    assert attributs(lien)["href"] == f"?q=colis&thematique={ALIMENTATION}&page=2"


def test_nombre_de_requetes_identique_pour_1_et_50_resultats(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.ts_arras)

    def requetes() -> int:
        with CaptureQueriesContext(connection) as contexte:
            assert client.get(URL, {"q": "refuge", "commune": "62041"}).status_code == 200
        return len(contexte)

    service(structure=guide.chrs, nom="Refuge de nuit", zone_codes=["62"])
    requetes()  # the taxonomies read once in this process (then only their version)
    une = requetes()
    for rang in range(49):
        service(structure=guide.chrs, nom=f"Refuge n° {rang}", zone_codes=["62"])
    assert requetes() == une
    # savepoint, session, user, perimeter (1), taxonomies' version, commune, the search (facets, total,
    # page and its structures, freshness parameter), navigation (2), release
    assert une == 10


def test_trouver_un_service_pour_une_personne(monde: Monde, guide: Guide, personne_arras: Personne) -> None:
    response = client_de(monde.accueil_arras).get(
        reverse("frontend:guide_pour_personne", args=[personne_arras.public_id])
    )
    assert response.status_code == 302
    assert response.url == f"{URL}?commune=Arras+%2862041%29"
    (ligne,) = lignes_journal()
    assert (ligne.operation, ligne.objet_ids) == (OperationJournal.CONSULTATION, [personne_arras.public_id])
    suivi = client_de(monde.accueil_arras).get(response.url)
    assert "Distribution alimentaire du Calaisis" not in resultats(suivi)
    assert "Aide alimentaire d'urgence" in resultats(suivi)
    hors_perimetre = client_de(monde.ts_calais).get(
        reverse("frontend:guide_pour_personne", args=[personne_arras.public_id])
    )
    assert hors_perimetre.status_code == 404


# --- Entries ----------------------------------------------------------------------------------------


def test_page_d_un_service(monde: Monde, guide: Guide) -> None:
    url = reverse("frontend:guide_service_detail", args=[guide.aide_alimentaire.public_id])
    racine = document(client_de(monde.ts_calais).get(url))
    assert texte(trouver(racine, "h1")) == "Aide alimentaire d'urgence"
    contenu = texte(racine)
    assert (
        "Pièce d'identité." in contenu and "Arras (62041)" in contenu and "Gestion de la fiche" not in contenu
    )
    ancienne = client_de(monde.ts_calais).get(
        reverse("frontend:guide_service_detail", args=[guide.ancienne.public_id])
    )
    assert "À vérifier : cette fiche n'a pas été confirmée depuis le" in texte(document(ancienne))
    partenaire = document(client_de(monde.partenaire_ccas_arras).get(url))
    assert "Gestion de la fiche" in texte(partenaire)
    trouver(
        partenaire,
        "form",
        action=reverse("frontend:guide_fiche_confirmer", args=["service", guide.aide_alimentaire.public_id]),
    )


def test_un_brouillon_est_introuvable_pour_les_autres(monde: Monde, guide: Guide) -> None:
    url = reverse("frontend:guide_service_detail", args=[guide.brouillon.public_id])
    assert client_de(monde.ts_arras).get(url).status_code == 404
    assert client_de(monde.partenaire_ml_calais).get(url).status_code == 404
    assert client_de(monde.partenaire_ccas_arras).get(url).status_code == 200


def test_page_d_une_structure(monde: Monde, guide: Guide) -> None:
    url = reverse("frontend:guide_structure_detail", args=[guide.ccas_arras.public_id])
    contenu = texte(document(client_de(monde.accueil_arras).get(url)))
    assert "Aide alimentaire d'urgence" in contenu and "Aide alimentaire du soir" not in contenu


# --- Partners' entries ------------------------------------------------------------------------------


def test_un_partenaire_modifie_son_service(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.partenaire_ccas_arras)
    url = reverse("frontend:guide_service_modifier", args=[guide.aide_alimentaire.public_id])
    formulaire = client.get(url)
    assert formulaire.status_code == 200
    racine = document(formulaire)
    assert texte(trouver(racine, "textarea", name="zone_communes")) == "62041"
    assert attributs(trouver(racine, "input", name="commune"))["value"] == "Arras (62041)"
    donnees = {
        "nom": "Aide alimentaire d'urgence",
        "description": "Colis le jour même.",
        "thematiques": [ALIMENTATION],
        "publics": ["familles"],
        "zone_communes": "62041, Calais",
        "justificatifs": "Pièce d'identité.",
    }
    response = client.post(url, donnees)
    assert response.status_code == 302, response.content.decode()[:3000]
    guide.aide_alimentaire.refresh_from_db()
    assert guide.aide_alimentaire.zone_codes == ["62041", "62193"]
    assert guide.aide_alimentaire.description == "Colis le jour même."


@pytest.mark.parametrize("persona", ["partenaire_ml_calais", "ts_arras", "admin"])
def test_les_autres_recoivent_un_404_en_modification(monde: Monde, guide: Guide, persona: str) -> None:
    client = client_de(getattr(monde, persona))
    fiche = guide.importe if persona == "admin" else guide.aide_alimentaire
    for nom in ["frontend:guide_service_modifier"]:
        assert client.get(reverse(nom, args=[fiche.public_id])).status_code == 404
        assert client.post(reverse(nom, args=[fiche.public_id]), {"nom": "Piraté"}).status_code == 404
    structure = guide.importee if persona == "admin" else guide.ccas_arras
    assert (
        client.get(reverse("frontend:guide_structure_modifier", args=[structure.public_id])).status_code
        == 404
    )
    assert (
        client.post(reverse("frontend:guide_fiche_confirmer", args=["service", fiche.public_id])).status_code
        == 404
    )
    assert client.get(reverse("frontend:guide_service_creer", args=[structure.public_id])).status_code == 404
    for genre, public_id in [("service", fiche.public_id), ("structure", structure.public_id)]:
        retirer = reverse("frontend:guide_fiche_retirer", args=[genre, public_id])
        assert client.post(retirer, {"motif": "Piraté"}).status_code == 404
    fiche.refresh_from_db()
    structure.refresh_from_db()
    assert {fiche.statut, structure.statut} == {StatutPublication.PUBLIEE}
    assert not TransitionPublication.objects.exists()


def test_creer_une_structure_puis_un_service(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.partenaire_ml_calais)
    assert client.get(reverse("frontend:guide_structure_creer")).status_code == 200
    response = client.post(
        reverse("frontend:guide_structure_creer"),
        {"nom": "Antenne de Marck", "commune": "Calais", "reseaux_porteurs": ["mission-locale"]},
    )
    structure = Structure.objects.get(nom="Antenne de Marck")
    assert response.url == reverse("frontend:guide_structure_detail", args=[structure.public_id])
    assert (structure.organisation, structure.statut) == (monde.ml_calais, StatutPublication.A_MODERER)
    response = client.post(
        reverse("frontend:guide_service_creer", args=[structure.public_id]),
        {
            "nom": "Permanence emploi",
            "description": "Permanence hebdomadaire.",
            "publics": ["jeunes"],
            "zone_territoires": ["calaisis"],
            "modes_accueil": ["en-presentiel"],
        },
    )
    cree = Service.objects.get(nom="Permanence emploi")
    assert response.url == reverse("frontend:guide_service_detail", args=[cree.public_id])
    assert (cree.code_insee, cree.zone_territoires) == ("62193", ["calaisis"])  # the structure's address


def test_formulaire_de_service_en_erreur(monde: Monde, guide: Guide) -> None:
    response = client_de(monde.partenaire_ccas_arras).post(
        reverse("frontend:guide_service_creer", args=[guide.ccas_arras.public_id]),
        {"nom": "Co", "description": "Colis.", "publics": ["tous-publics", "jeunes"]},
    )
    alerte = texte(trouver(document(response), "div", role="alert"))
    assert "Le formulaire contient 3 erreurs." in alerte
    assert "« Tous publics » ne se combine avec aucun autre public." in alerte
    assert "Indiquez la zone d'éligibilité" in alerte


def test_mes_fiches_et_confirmation(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.partenaire_ccas_arras)
    racine = document(client.get(reverse("frontend:guide_mes_fiches")))
    assert [texte(h) for h in trouver_tous(racine, "h2")] == ["CCAS d'Arras – pôle solidarités"]
    assert "À vérifier" in texte(racine)
    response = client.post(
        reverse("frontend:guide_fiche_confirmer", args=["service", guide.ancienne.public_id])
    )
    assert response.url == reverse("frontend:guide_service_detail", args=[guide.ancienne.public_id])
    guide.ancienne.refresh_from_db()
    assert guide.ancienne.confirme_le == guide.aide_alimentaire.confirme_le
    assert client_de(monde.ts_arras).get(reverse("frontend:guide_mes_fiches")).status_code == 403


def messages_affiches(response: Any) -> list[str]:
    return [texte(p) for p in trouver_tous(trouver(document(response), "div", id="messages"), "p")]


def test_un_partenaire_retire_son_service_du_guide(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.partenaire_ccas_arras)
    page = reverse("frontend:guide_service_detail", args=[guide.aide_alimentaire.public_id])
    retirer = reverse("frontend:guide_fiche_retirer", args=["service", guide.aide_alimentaire.public_id])
    racine = document(client.get(page))
    formulaire = trouver(racine, "form", action=retirer)
    assert attributs(formulaire)["method"] == "post"
    assert texte(trouver(formulaire, "label", for_="retrait-motif")) == "Motif du retrait"
    assert (
        attributs(trouver(formulaire, "textarea", name="motif"))["aria-describedby"] == "retrait-motif-aide"
    )
    assert texte(trouver(formulaire, "button", type="submit")) == "Retirer cette fiche du guide"
    assert client.get(retirer).status_code == 405

    response = client.post(retirer, {"motif": "Service fermé."})
    assert response.url == page
    guide.aide_alimentaire.refresh_from_db()
    assert guide.aide_alimentaire.statut == StatutPublication.RETIREE
    transition = TransitionPublication.objects.get(service=guide.aide_alimentaire)
    assert (transition.motif, transition.acting_user) == ("Service fermé.", monde.partenaire_ccas_arras)
    suite = client.get(page)
    assert messages_affiches(suite) == ["« Aide alimentaire d'urgence » est retirée du guide."]
    racine = document(suite)
    assert not trouver_tous(racine, "form", action=retirer)
    trouver(
        racine,
        "form",
        action=reverse("frontend:guide_fiche_soumettre", args=["service", guide.aide_alimentaire.public_id]),
    )
    assert resultats(client_de(monde.ts_calais).get(URL, {"q": "alimentaire urgence"})) == []

    client.post(retirer)
    assert messages_affiches(client.get(page)) == ["Cette fiche est déjà retirée du guide."]
    assert TransitionPublication.objects.filter(service=guide.aide_alimentaire).count() == 1


def test_retirer_une_structure_retire_ses_services(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.partenaire_ccas_arras)
    page = reverse("frontend:guide_structure_detail", args=[guide.ccas_arras.public_id])
    retirer = reverse("frontend:guide_fiche_retirer", args=["structure", guide.ccas_arras.public_id])
    assert "La structure et ses services ne seront plus dans le guide." in texte(
        trouver(document(client.get(page)), "form", action=retirer)
    )
    assert client.post(retirer, {"motif": ""}).url == page
    assert messages_affiches(client.get(page)) == [
        "« CCAS d'Arras – pôle solidarités » est retirée du guide, avec ses 4 services."
    ]
    assert set(guide.ccas_arras.services.values_list("statut", flat=True)) == {StatutPublication.RETIREE}
    assert resultats(client_de(monde.accueil_arras).get(URL, {"q": "solidaire"})) == [
        "Location solidaire de véhicules"
    ]


def test_retrait_anonyme_redirige_et_motif_trop_long_refuse(monde: Monde, guide: Guide) -> None:
    retirer = reverse("frontend:guide_fiche_retirer", args=["service", guide.aide_alimentaire.public_id])
    response = Client().post(retirer)
    assert response.status_code == 302 and response.url.startswith(reverse("frontend:connexion"))
    client = client_de(monde.partenaire_ccas_arras)
    client.post(retirer, {"motif": "x" * 1001})
    page = reverse("frontend:guide_service_detail", args=[guide.aide_alimentaire.public_id])
    assert messages_affiches(client.get(page)) == [
        "Assurez-vous que cette valeur comporte au plus 1000 caractères (actuellement 1001)."
    ]
    guide.aide_alimentaire.refresh_from_db()
    assert guide.aide_alimentaire.statut == StatutPublication.PUBLIEE


@pytest.mark.parametrize("persona", ["elu_calaisis", "elu_arrageois", "accueil_arras"])
def test_membres_d_instance_et_accueil_recoivent_un_404_en_retrait(
    monde: Monde, guide: Guide, persona: str
) -> None:
    retirer = reverse("frontend:guide_fiche_retirer", args=["service", guide.aide_alimentaire.public_id])
    assert client_de(getattr(monde, persona)).post(retirer, {"motif": "Piraté"}).status_code == 404
    guide.aide_alimentaire.refresh_from_db()
    assert guide.aide_alimentaire.statut == StatutPublication.PUBLIEE


def test_l_administrateur_retire_par_la_moderation(monde: Monde, guide: Guide) -> None:
    page = reverse("frontend:guide_service_detail", args=[guide.aide_alimentaire.public_id])
    racine = document(client_de(monde.admin).get(page))
    retirer = reverse("frontend:guide_fiche_retirer", args=["service", guide.aide_alimentaire.public_id])
    assert not trouver_tous(racine, "form", action=retirer)  # one withdrawal button: the moderator's
    assert "Retirer du guide" in texte(racine)


# --- Moderation -------------------------------------------------------------------------------------


def test_moderation_reservee_aux_administrateurs(monde: Monde, guide: Guide) -> None:
    assert client_de(monde.partenaire_ccas_arras).get(reverse("frontend:guide_moderation")).status_code == 403
    url = reverse("frontend:guide_moderer", args=["service", guide.brouillon.public_id, "publier"])
    assert client_de(monde.partenaire_ccas_arras).post(url).status_code == 403
    racine = document(client_de(monde.admin).get(reverse("frontend:guide_moderation")))
    assert "1 fiche attend votre validation." in texte(racine)


def test_publier_et_refuser(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.admin)
    refus = client.post(
        reverse("frontend:guide_moderer", args=["service", guide.brouillon.public_id, "refuser"]),
        {"motif": ""},
    )
    assert refus.status_code == 302
    guide.brouillon.refresh_from_db()
    assert guide.brouillon.statut == StatutPublication.A_MODERER  # a reason is required
    client.post(
        reverse("frontend:guide_moderer", args=["service", guide.brouillon.public_id, "refuser"]),
        {"motif": "Horaires manquants."},
    )
    guide.brouillon.refresh_from_db()
    assert guide.brouillon.statut == StatutPublication.REFUSEE
    page = client_de(monde.partenaire_ccas_arras).get(
        reverse("frontend:guide_service_detail", args=[guide.brouillon.public_id])
    )
    assert "Motif du refus : Horaires manquants." in texte(document(page))
    client_de(monde.partenaire_ccas_arras).post(
        reverse("frontend:guide_fiche_soumettre", args=["service", guide.brouillon.public_id])
    )
    client.post(
        reverse("frontend:guide_moderer", args=["service", guide.brouillon.public_id, "publier"]),
        {"suivant": "fiche"},
    )
    guide.brouillon.refresh_from_db()
    assert guide.brouillon.statut == StatutPublication.PUBLIEE
    assert (
        client.post(
            reverse("frontend:guide_moderer", args=["service", guide.brouillon.public_id, "effacer"])
        ).status_code
        == 404
    )


# --- Imports ----------------------------------------------------------------------------------------


def televerser(client: Client, *fichiers: tuple[str, object]) -> Any:
    return client.post(
        reverse("frontend:guide_importation_creer"),
        {
            "fichiers": [
                SimpleUploadedFile(nom, json.dumps(d).encode(), "application/json") for nom, d in fichiers
            ]
        },
    )


def test_televerser_suivre_la_progression_et_lire_le_rapport(
    monde: Monde, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_de(monde.admin)
    assert client.get(reverse("frontend:guide_importation_creer")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = televerser(client, ("structures.json", [STRUCTURE]), ("services.json", [SERVICE]))
    importation = Importation.objects.get()
    assert response.url == reverse("frontend:guide_importation_detail", args=[importation.public_id])
    assert ProcrastinateJob.objects.get().args == {"importation_id": importation.pk}

    fragment = client.get(response.url, headers={"HX-Request": "true"})
    etat = trouver(document(fragment), "div", id="importation-etat")
    assert attributs(etat)["hx-trigger"] == "every 1s" and attributs(etat)["hx-get"] == response.url
    assert "<html" not in fragment.content.decode()

    importation_executer(importation_id=importation.pk)
    racine = document(client.get(response.url))
    etat = trouver(racine, "div", id="importation-etat")
    assert "hx-trigger" not in attributs(etat)  # finished: the polling stops
    assert attributs(trouver(racine, "progress"))["value"] == "100"
    assert "Services : 1 créé(s)" in texte(racine)


def test_un_fichier_invalide_affiche_chaque_erreur(
    monde: Monde, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_de(monde.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = televerser(
            client, ("services.json", [SERVICE, {**SERVICE, "id": "b", "date_maj": "hier"}])
        )
    importation_executer(importation_id=Importation.objects.get().pk)
    racine = document(client.get(response.url))
    alerte = trouver(racine, "div", role="alert")
    assert "Rien n'a été enregistré" in texte(alerte)
    assert [texte(li) for li in trouver_tous(alerte, "li")][1].startswith(
        "services.json, élément n° 2 (index 1)"
    )
    assert Importation.objects.get().statut == StatutImportation.REFUSEE
    assert not Service.objects.filter(source="dora").exists()


def test_importation_reservee_aux_administrateurs(monde: Monde) -> None:
    client = client_de(monde.partenaire_ccas_arras)
    assert client.get(reverse("frontend:guide_importation_creer")).status_code == 403
    assert televerser(client, ("s.json", [STRUCTURE])).status_code == 403
    assert not Importation.objects.exists()


# --- Facet counts -----------------------------------------------------------------------------------


def options(racine: Any, nom: str) -> list[str]:
    return [texte(o) for o in trouver_tous(trouver(racine, "select", name=nom), "option")]


def test_chaque_filtre_montre_le_nombre_de_services(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.accueil_arras)
    racine = document(client.get(URL, {"frais": "gratuit", "commune": "62041"}))
    # Each choice says how many services choosing it lists, the other filters kept.
    assert options(racine, "frais") == ["Gratuit ou payant", "Gratuit (3)", "Payant (1)"]
    assert "En présentiel (2)" in options(racine, "mode_accueil")
    assert "Familles (2)" in options(racine, "public")
    thematiques = options(racine, "thematique")
    assert "Alimentation (1)" in thematiques
    assert "Équipement et alimentation : toutes (2)" in thematiques  # every group stays listed
    assert not any(choix.endswith("(0)") and " : toutes" not in choix for choix in thematiques)
    assert texte(trouver(racine, "p", id="resultats-compte")) == (
        "3 services trouvés. Ouverts aux habitants de Arras (sur 5 services toutes zones confondues)."
    )
    # Before a search, the plain lists (no counts).
    assert options(document(client.get(URL)), "frais") == ["Gratuit ou payant", "Gratuit", "Payant"]


def test_htmx_met_a_jour_les_comptes_sans_remplacer_les_listes(monde: Monde, guide: Guide) -> None:
    fragment = client_de(monde.ts_arras).get(
        URL, {"q": "epicerie", "frais": "payant"}, headers={"HX-Request": "true"}
    )
    racine = document(fragment)
    assert trouver_tous(racine, "select") == []  # the lists stay in the page, with their focus
    porteur = trouver(racine, "div", id="guide-facettes")
    assert attributs(porteur)["hx-swap-oob"] == "true"
    libelles = json.loads(attributs(porteur)["data-libelles"] or "")
    assert libelles["frais"] == {"": "Gratuit ou payant", "gratuit": "Gratuit (0)", "payant": "Payant (1)"}
    assert libelles["thematique"][ALIMENTATION] == "Alimentation (1)"
    assert libelles["thematique"]["logement-hebergement--louer-un-logement"].endswith("(0)")
