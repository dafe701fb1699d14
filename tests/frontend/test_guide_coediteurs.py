"""Co-editors of a guide structure: members of its organisation (and the functional administrator)
name a user of another organisation by e-mail, who may then edit that structure and its services, and
only those; removing the grant revokes it. Every persona on the page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guide_ressources.actions import coediteur_autoriser
from guide_ressources.enums import StatutPublication
from guide_ressources.models import StructureUserObjectPermission, TransitionPublication
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, texte, trouver, trouver_tous
from tests.guide_ressources.fabriques import Guide, construire_guide, semer_referentiels_du_guide

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def referentiels(db: None) -> None:
    semer_referentiels_du_guide()


@pytest.fixture
def guide(monde: Monde) -> Guide:
    return construire_guide(monde)


def url_page(guide: Guide) -> str:
    return reverse("frontend:guide_coediteurs", args=[guide.ccas_arras.public_id])


def url_modifier_service(guide: Guide) -> str:
    return reverse("frontend:guide_service_modifier", args=[guide.aide_alimentaire.public_id])


def url_modifier_structure(structure_public_id: object) -> str:
    return reverse("frontend:guide_structure_modifier", args=[structure_public_id])


def coediteurs_affiches(response: object) -> list[str]:
    racine = document(response)
    tables = trouver_tous(racine, "table")
    return [texte(th) for th in trouver_tous(tables[0], "th", scope="row")] if tables else []


def test_l_organisation_nomme_un_coediteur_qui_modifie_cette_structure_seulement(
    monde: Monde, guide: Guide
) -> None:
    coediteur = monde.partenaire_ml_calais
    client = client_de(coediteur)
    assert client.get(url_modifier_service(guide)).status_code == 404
    assert client.get(url_modifier_structure(guide.ccas_arras.public_id)).status_code == 404

    proprietaire = client_de(monde.partenaire_ccas_arras)
    page = proprietaire.get(url_page(guide))
    assert page.status_code == 200 and "Aucun co-éditeur." in page.content.decode()
    fin = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    response = proprietaire.post(
        url_page(guide),
        {"courriel": coediteur.email.upper(), "expire_le": fin, "motif": "Permanence commune"},
    )
    assert response.status_code == 302
    assert coediteurs_affiches(proprietaire.get(url_page(guide))) == [str(coediteur)]
    autorisation = StructureUserObjectPermission.objects.get(user=coediteur)
    assert autorisation.accorde_par == monde.partenaire_ccas_arras
    assert autorisation.expire_le is not None and autorisation.motif == "Permanence commune"

    assert client.get(url_modifier_service(guide)).status_code == 200
    assert client.get(url_modifier_structure(guide.ccas_arras.public_id)).status_code == 200
    # That structure only: the CHRS (no organisation) stays out of reach.
    assert client.get(url_modifier_structure(guide.chrs.public_id)).status_code == 404
    # A co-editor edits but does not name other co-editors.
    assert client.get(url_page(guide)).status_code == 403


def test_retirer_revoque_aussitot(monde: Monde, guide: Guide) -> None:
    coediteur = monde.partenaire_ml_calais
    autorisation = coediteur_autoriser(
        structure=guide.ccas_arras, utilisateur=coediteur, acting_user=monde.partenaire_ccas_arras
    )
    assert client_de(coediteur).get(url_modifier_service(guide)).status_code == 200
    retirer = reverse("frontend:guide_coediteur_retirer", args=[guide.ccas_arras.public_id, autorisation.pk])
    assert client_de(monde.partenaire_ccas_arras).get(retirer).status_code == 405
    response = client_de(monde.partenaire_ccas_arras).post(retirer)
    assert response.status_code == 302
    assert not StructureUserObjectPermission.objects.exists()
    assert client_de(coediteur).get(url_modifier_service(guide)).status_code == 404
    assert client_de(monde.partenaire_ccas_arras).post(retirer).status_code == 404


def test_l_administrateur_fonctionnel_gere_les_coediteurs(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.admin)
    assert client.get(url_page(guide)).status_code == 200
    assert client.post(url_page(guide), {"courriel": monde.ts_calais.email}).status_code == 302
    assert client_de(monde.ts_calais).get(url_modifier_service(guide)).status_code == 200


@pytest.mark.parametrize("persona", ["partenaire_ml_calais", "ts_arras", "accueil_arras", "elu_arrageois"])
def test_les_autres_recoivent_un_404(monde: Monde, guide: Guide, persona: str) -> None:
    client = client_de(getattr(monde, persona))
    assert client.get(url_page(guide)).status_code == 404
    assert client.post(url_page(guide), {"courriel": getattr(monde, persona).email}).status_code == 404
    autorisation = coediteur_autoriser(
        structure=guide.ccas_arras, utilisateur=monde.ts_calais, acting_user=monde.admin
    )
    retirer = reverse("frontend:guide_coediteur_retirer", args=[guide.ccas_arras.public_id, autorisation.pk])
    assert client.post(retirer).status_code == 404
    assert StructureUserObjectPermission.objects.count() == 1


def test_anonyme_redirige_vers_la_connexion(monde: Monde, guide: Guide) -> None:
    response = Client().get(url_page(guide))
    assert response.status_code == 302 and response.url.startswith(reverse("frontend:connexion"))


def test_une_autorisation_d_une_autre_structure_est_introuvable(monde: Monde, guide: Guide) -> None:
    autre = coediteur_autoriser(
        structure=guide.ml_calais, utilisateur=monde.ts_calais, acting_user=monde.admin
    )
    retirer = reverse("frontend:guide_coediteur_retirer", args=[guide.ccas_arras.public_id, autre.pk])
    assert client_de(monde.partenaire_ccas_arras).post(retirer).status_code == 404
    assert StructureUserObjectPermission.objects.filter(pk=autre.pk).exists()


@pytest.mark.parametrize(
    ("saisie", "message"),
    [
        ({"courriel": ""}, "Saisissez l'adresse de courriel du compte."),
        ({"courriel": "pas-une-adresse"}, "Saisissez une adresse de courriel valide"),
        ({"courriel": "personne@nulle-part.invalid"}, "Aucun compte actif n'a cette adresse de courriel."),
        ({"courriel": "membre"}, "Cette personne est membre de l'organisation de la structure"),
        ({"courriel": "elu"}, "Seuls les agents du Département et les membres d'une organisation partenaire"),
        ({"courriel": "ml", "expire_le": "01/01/2000"}, "La date de fin doit être dans le futur."),
        ({"courriel": "ml", "expire_le": "31/02/2030"}, "Saisissez une date au format JJ/MM/AAAA."),
    ],
)
def test_saisies_refusees_avec_un_message_clair(
    monde: Monde, guide: Guide, saisie: dict[str, str], message: str
) -> None:
    collegue = f.AdhesionFactory(
        utilisateur__username="collegue.ccas", organisation=monde.ccas_arras
    ).utilisateur
    courriels = {
        "membre": collegue.email,
        "elu": monde.elu_arrageois.email,
        "ml": monde.partenaire_ml_calais.email,
    }
    saisie = {**saisie, "courriel": courriels.get(saisie["courriel"], saisie["courriel"])}
    response = client_de(monde.partenaire_ccas_arras).post(url_page(guide), saisie)
    assert response.status_code == 200
    racine = document(response)
    assert message in texte(trouver(racine, "div", role="alert"))
    assert not StructureUserObjectPermission.objects.exists()


def test_nombre_de_requetes_identique_pour_1_et_n_coediteurs(monde: Monde, guide: Guide) -> None:
    client = client_de(monde.partenaire_ccas_arras)

    def requetes() -> int:
        with CaptureQueriesContext(connection) as contexte:
            assert client.get(url_page(guide)).status_code == 200
        return len(contexte)

    coediteur_autoriser(structure=guide.ccas_arras, utilisateur=monde.ts_calais, acting_user=monde.admin)
    une = requetes()
    for rang in range(5):
        autre = f.AdhesionFactory(
            utilisateur__username=f"ml.{rang}", organisation=monde.ml_calais
        ).utilisateur
        coediteur_autoriser(structure=guide.ccas_arras, utilisateur=autre, acting_user=monde.admin)
    assert requetes() == une
    assert len(coediteurs_affiches(client.get(url_page(guide)))) == 6


def test_la_structure_montre_le_lien_aux_seuls_membres(monde: Monde, guide: Guide) -> None:
    detail = reverse("frontend:guide_structure_detail", args=[guide.ccas_arras.public_id])
    assert url_page(guide) in client_de(monde.partenaire_ccas_arras).get(detail).content.decode()
    coediteur_autoriser(structure=guide.ccas_arras, utilisateur=monde.ts_calais, acting_user=monde.admin)
    assert url_page(guide) not in client_de(monde.ts_calais).get(detail).content.decode()


def test_un_coediteur_retire_un_service_de_cette_structure_seulement(monde: Monde, guide: Guide) -> None:
    coediteur = client_de(monde.ts_calais)
    retirer = reverse("frontend:guide_fiche_retirer", args=["service", guide.aide_alimentaire.public_id])
    assert coediteur.post(retirer, {"motif": "Permanence fermée"}).status_code == 404
    coediteur_autoriser(structure=guide.ccas_arras, utilisateur=monde.ts_calais, acting_user=monde.admin)
    page = reverse("frontend:guide_service_detail", args=[guide.aide_alimentaire.public_id])
    trouver(document(coediteur.get(page)), "form", action=retirer)
    assert coediteur.post(retirer, {"motif": "Permanence fermée"}).url == page
    guide.aide_alimentaire.refresh_from_db()
    assert guide.aide_alimentaire.statut == StatutPublication.RETIREE
    transition = TransitionPublication.objects.get(service=guide.aide_alimentaire)
    assert (transition.motif, transition.acting_user) == ("Permanence fermée", monde.ts_calais)
    ailleurs = reverse("frontend:guide_fiche_retirer", args=["service", guide.hebergement.public_id])
    assert coediteur.post(ailleurs).status_code == 404
