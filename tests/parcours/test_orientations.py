"""Referrals to a partner service: creation with consent, answers, refusals, expiry at the dated parameter,
signed links, anonymisation after retention, scoping, timeline and tasks."""

from __future__ import annotations

import asyncio
import datetime
from decimal import Decimal
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core import mail, signing
from django.utils import timezone
from procrastinate.contrib.django import app

from parcours import tasks
from parcours.actions.orientations import (
    jeton_reponse,
    orientation_partenaire_repondre,
    orientation_partenaire_repondre_par_lien,
    orientations_anonymiser,
    orientations_expirer,
    verifier_jeton,
)
from parcours.models import OrientationPartenaire, TransitionOrientationPartenaire
from parcours.models.orientations import CanalReponse, StatutOrientationPartenaire
from parcours.selectors import fiche_parcours
from social.exceptions import DomainError
from social.models import Parametre
from social.temps_reel import groupe_utilisateur
from tests.conftest import Monde
from tests.parcours.fabriques_orientations import COURRIEL_CCAS, Scene, construire_scene, jours
from tests.parcours.factories import DesignationPartenaireFactory, ParcoursFactory

S = StatutOrientationPartenaire
DEMAIN = object()  # a parameter's stand-in for tomorrow, computed when the test runs


@pytest.fixture
def scene(monde: Monde) -> Scene:
    return construire_scene(monde)


def _etat(orientation: OrientationPartenaire) -> tuple[Any, ...]:
    orientation.refresh_from_db()
    return (
        orientation.statut,
        orientation.reponse_motif,
        orientation.repondue_le,
        orientation.transitions.count(),
    )


# Creation.


def test_orienter_enregistre_le_consentement_le_partage_et_le_journal(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        orientation = scene.orienter()

    assert orientation.statut == S.OUVERTE
    assert orientation.organisation == scene.monde.ccas_arras
    assert orientation.date_limite == timezone.localdate() + jours(30)
    assert (orientation.nom_partage, orientation.telephone_partage, orientation.courriel_partage) == (
        "Jeanne Lefèvre",
        "06 12 34 56 78",
        "",
    )
    assert orientation.consentement_le == timezone.localdate()
    transition = orientation.transitions.get()
    assert (transition.depuis, transition.vers, transition.acting_user) == (
        "",
        S.OUVERTE,
        scene.monde.ts_arras,
    )
    # The service's contact receives the signed link, and no personal data in the e-mail.
    assert len(mail.outbox) == 1
    courriel = mail.outbox[0]
    assert courriel.to == [COURRIEL_CCAS]
    assert "https://proche.example.fr/orientations/reponse/" in courriel.body
    assert "Lefèvre" not in courriel.body and "Lefèvre" not in courriel.subject
    jeton = courriel.body.split("/orientations/reponse/")[1].split("/")[0]
    assert verifier_jeton(jeton) == orientation.public_id


def test_le_courriel_part_apres_validation_seulement(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        scene.orienter()
    assert mail.outbox == []
    assert rappels


def test_g_1_le_delai_de_reponse_est_celui_en_vigueur_le_jour_de_l_orientation(scene: Scene) -> None:
    aujourd_hui = timezone.localdate()
    Parametre.objects.filter(code="orientation_partenaire.delai_reponse").update(
        date_fin=aujourd_hui - jours(1)
    )
    Parametre.objects.create(
        code="orientation_partenaire.delai_reponse",
        libelle="Délai de réponse",
        valeur=Decimal(10),
        unite="jours",
        date_debut=aujourd_hui,
        source="test",
    )
    assert scene.orienter().date_limite == aujourd_hui + jours(10)


@pytest.mark.parametrize(
    ("autres", "code", "champ"),
    [
        ({"consentement_le": None}, "consentement_requis", "consentement_le"),
        ({"consentement_le": DEMAIN}, "date_future", "consentement_le"),
        ({"consentement_mode": "devine"}, "consentement_requis", "consentement_mode"),
        ({"message": "   "}, "message_requis", "message"),
        ({"message": "x" * 2001}, "message_trop_long", "message"),
    ],
)
def test_orienter_refuse_une_saisie_incomplete_sans_rien_ecrire(
    scene: Scene, autres: dict[str, Any], code: str, champ: str
) -> None:
    # Tomorrow as the test runs, not as it was collected (a run across midnight).
    autres = {
        nom: timezone.localdate() + jours(1) if valeur is DEMAIN else valeur for nom, valeur in autres.items()
    }
    with pytest.raises(DomainError) as erreur:
        scene.orienter(**autres)
    assert (erreur.value.code, erreur.value.extra.get("champ")) == (code, champ)
    assert not OrientationPartenaire.objects.exists()
    assert mail.outbox == []


def test_orienter_refuse_un_service_non_publie_ou_injoignable(scene: Scene) -> None:
    with pytest.raises(DomainError) as erreur:
        scene.orienter(service=scene.guide.brouillon)
    assert erreur.value.code == "service_non_publie"
    with pytest.raises(DomainError) as erreur:
        scene.orienter(service=scene.guide.importe)  # no organisation, no e-mail
    assert erreur.value.code == "service_injoignable"
    assert not OrientationPartenaire.objects.exists()


def test_orienter_un_service_sans_organisation_passe_par_le_lien_seulement(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        orientation = scene.orienter(service=scene.service_sans_organisation)
    assert orientation.organisation is None
    assert mail.outbox[0].to == ["accueil@chrs.example.fr"]


def test_une_seule_orientation_ouverte_par_service_et_parcours(scene: Scene) -> None:
    scene.orienter()
    with pytest.raises(DomainError) as erreur:
        scene.orienter()
    assert erreur.value.code == "deja_orientee"
    assert OrientationPartenaire.objects.count() == 1


@pytest.mark.parametrize(
    "persona", ["accueil_arras", "ts_calais", "partenaire_ccas_arras", "elu_arrageois", "evaluateur_arras"]
)
def test_seuls_le_referent_l_equipe_et_l_encadrant_orientent(scene: Scene, persona: str) -> None:
    with pytest.raises(DomainError) as erreur:
        scene.orienter(acting_user=getattr(scene.monde, persona))
    assert erreur.value.code == "interdit"
    assert not OrientationPartenaire.objects.exists()


def test_l_encadrant_du_site_oriente(scene: Scene) -> None:
    assert scene.orienter(acting_user=scene.monde.encadrant_arras).orientee_par == scene.monde.encadrant_arras


def test_un_parcours_clos_ne_s_oriente_plus(scene: Scene) -> None:
    clos = ParcoursFactory(
        personne=scene.personne,
        site=scene.monde.mds_arras,
        referent=scene.monde.ts_arras,
        clos=True,
        apa=True,
    )
    with pytest.raises(DomainError) as erreur:
        scene.orienter(parcours=clos)
    assert erreur.value.code == "parcours_clos"


# Answers.


async def _recevoir(canal: str) -> dict[str, Any]:
    return await asyncio.wait_for(get_channel_layer().receive(canal), timeout=2)


def _ecouter(utilisateur_id: int) -> str:
    couche = get_channel_layer()
    canal = async_to_sync(couche.new_channel)()
    async_to_sync(couche.group_add)(groupe_utilisateur(utilisateur_id), canal)
    return canal


def test_le_partenaire_accepte_et_le_referent_est_prevenu_en_temps_reel(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    orientation = scene.orienter()
    canal = _ecouter(scene.monde.ts_arras.pk)
    with django_capture_on_commit_callbacks(execute=True):
        orientation_partenaire_repondre(
            orientation=orientation, vers=S.VALIDEE, acting_user=scene.monde.partenaire_ccas_arras
        )
    orientation.refresh_from_db()
    assert (orientation.statut, orientation.repondue_par, orientation.canal_reponse) == (
        S.VALIDEE,
        scene.monde.partenaire_ccas_arras,
        CanalReponse.COMPTE,
    )
    derniere = orientation.transitions.order_by("-id").first()
    assert (derniere.depuis, derniere.vers, derniere.acting_user) == (
        S.OUVERTE,
        S.VALIDEE,
        scene.monde.partenaire_ccas_arras,
    )
    assert async_to_sync(_recevoir)(canal) == {
        "type": "proche.evenement",
        "evenement": "orientation.repondue",
        "ids": [str(scene.parcours.public_id), str(orientation.public_id)],
    }


def test_g_2_un_refus_sans_motif_est_refuse_et_ne_change_rien(scene: Scene) -> None:
    orientation = scene.orienter()
    avant = _etat(orientation)
    with pytest.raises(DomainError) as erreur:
        orientation_partenaire_repondre(
            orientation=orientation, vers=S.REFUSEE, motif="  ", acting_user=scene.monde.partenaire_ccas_arras
        )
    assert (erreur.value.code, erreur.value.extra["champ"]) == ("motif_requis", "motif")
    assert _etat(orientation) == avant


def test_un_refus_motive_est_enregistre_avec_son_motif(scene: Scene) -> None:
    orientation = scene.orienter()
    orientation_partenaire_repondre(
        orientation=orientation,
        vers=S.REFUSEE,
        motif="Hors de notre zone d'intervention.",
        acting_user=scene.monde.partenaire_ccas_arras,
    )
    orientation.refresh_from_db()
    assert (orientation.statut, orientation.reponse_motif) == (
        S.REFUSEE,
        "Hors de notre zone d'intervention.",
    )
    assert orientation.transitions.order_by("-id").first().motif == "Hors de notre zone d'intervention."


@pytest.mark.parametrize("premiere", [S.VALIDEE, S.EXPIREE])
def test_une_orientation_close_ne_recoit_plus_de_reponse(scene: Scene, premiere: str) -> None:
    orientation = scene.orienter()
    if premiere == S.EXPIREE:
        orientations_expirer(jour=orientation.date_limite + jours(1))
    else:
        orientation_partenaire_repondre(
            orientation=orientation, vers=S.VALIDEE, acting_user=scene.monde.partenaire_ccas_arras
        )
    avant = _etat(orientation)
    with pytest.raises(DomainError) as erreur:
        orientation_partenaire_repondre(
            orientation=orientation,
            vers=S.REFUSEE,
            motif="Trop tard",
            acting_user=scene.monde.partenaire_ccas_arras,
        )
    assert erreur.value.code == "transition_impossible"
    assert _etat(orientation) == avant


def test_une_reponse_autre_qu_accepter_ou_refuser_est_refusee(scene: Scene) -> None:
    orientation = scene.orienter()
    with pytest.raises(DomainError) as erreur:
        orientation_partenaire_repondre(
            orientation=orientation, vers=S.EXPIREE, acting_user=scene.monde.partenaire_ccas_arras
        )
    assert erreur.value.code == "reponse_invalide"


@pytest.mark.parametrize("persona", ["partenaire_ml_calais", "ts_arras", "elu_arrageois"])
def test_seule_l_organisation_destinataire_repond(scene: Scene, persona: str) -> None:
    orientation = scene.orienter()
    avant = _etat(orientation)
    with pytest.raises(DomainError) as erreur:
        orientation_partenaire_repondre(
            orientation=orientation, vers=S.VALIDEE, acting_user=getattr(scene.monde, persona)
        )
    assert erreur.value.code == "interdit"
    assert _etat(orientation) == avant


# Expiry.


def test_l_orientation_expire_apres_30_jours_sans_reponse(scene: Scene) -> None:
    orientation = scene.orienter()
    assert orientations_expirer(jour=timezone.localdate() + jours(30)) == 0
    assert _etat(orientation)[0] == S.OUVERTE
    assert orientations_expirer(jour=timezone.localdate() + jours(31)) == 1
    orientation.refresh_from_db()
    assert (orientation.statut, orientation.canal_reponse) == (S.EXPIREE, CanalReponse.AUTOMATIQUE)
    derniere = orientation.transitions.order_by("-id").first()
    assert (derniere.depuis, derniere.vers, derniere.acting_user) == (S.OUVERTE, S.EXPIREE, None)
    assert orientations_expirer(jour=timezone.localdate() + jours(40)) == 0  # once


def test_les_taches_periodiques_sont_planifiees_et_appellent_les_actions(scene: Scene) -> None:
    planifiees = {cle[1] for cle in app.periodic_registry.periodic_tasks}
    assert {"parcours_orientations_expirer", "parcours_orientations_anonymiser"} <= planifiees
    orientation = scene.orienter()
    OrientationPartenaire.objects.filter(pk=orientation.pk).update(
        date_limite=timezone.localdate() - jours(1)
    )
    tasks.orientations_expirer(timestamp=int(timezone.now().timestamp()))
    orientation.refresh_from_db()
    assert orientation.statut == S.EXPIREE
    OrientationPartenaire.objects.filter(pk=orientation.pk).update(repondue_le=timezone.now() - jours(800))
    tasks.orientations_anonymiser(timestamp=int(timezone.now().timestamp()))
    orientation.refresh_from_db()
    assert orientation.est_anonymisee


# The signed link.


def test_le_lien_signe_permet_de_repondre_sans_compte(scene: Scene) -> None:
    orientation = scene.orienter()
    jeton = jeton_reponse(orientation)
    orientation_partenaire_repondre_par_lien(jeton=jeton, vers=S.VALIDEE)
    orientation.refresh_from_db()
    assert (orientation.statut, orientation.repondue_par, orientation.canal_reponse) == (
        S.VALIDEE,
        None,
        CanalReponse.LIEN,
    )


def test_le_lien_est_valable_8_jours(scene: Scene) -> None:
    orientation = scene.orienter()
    signe_le = timezone.now()
    jeton = jeton_reponse(orientation, maintenant=signe_le)
    assert (
        verifier_jeton(jeton, maintenant=signe_le + jours(8) - datetime.timedelta(minutes=1))
        == orientation.public_id
    )
    with pytest.raises(DomainError) as erreur:
        verifier_jeton(jeton, maintenant=signe_le + jours(8) + datetime.timedelta(minutes=1))
    assert erreur.value.code == "lien_expire"
    avant = _etat(orientation)
    with pytest.raises(DomainError) as erreur:
        orientation_partenaire_repondre_par_lien(jeton=jeton, vers=S.VALIDEE, maintenant=signe_le + jours(9))
    assert erreur.value.code == "lien_expire"
    assert _etat(orientation) == avant


def test_un_lien_modifie_ou_signe_pour_un_autre_usage_est_refuse(scene: Scene) -> None:
    orientation = scene.orienter()
    jeton = jeton_reponse(orientation)
    falsifie = jeton[:-1] + ("A" if jeton[-1] != "A" else "B")
    autre_usage = signing.TimestampSigner(salt="autre.usage").sign(str(orientation.public_id))
    autre = scene.orienter(service=scene.service_sans_organisation)
    echange = str(autre.public_id) + jeton[len(str(orientation.public_id)) :]
    for mauvais in (falsifie, autre_usage, echange, "n-importe-quoi", ""):
        with pytest.raises(DomainError) as erreur:
            verifier_jeton(mauvais)
        assert erreur.value.code == "lien_invalide"
    avant = _etat(orientation)
    with pytest.raises(DomainError):
        orientation_partenaire_repondre_par_lien(jeton=falsifie, vers=S.VALIDEE)
    assert _etat(orientation) == avant


def test_par_le_lien_un_refus_sans_motif_est_refuse(scene: Scene) -> None:
    orientation = scene.orienter()
    with pytest.raises(DomainError) as erreur:
        orientation_partenaire_repondre_par_lien(jeton=jeton_reponse(orientation), vers=S.REFUSEE)
    assert erreur.value.code == "motif_requis"
    assert _etat(orientation)[0] == S.OUVERTE


# Anonymisation (rule DP-5).


def test_dp_5_les_orientations_closes_sont_anonymisees_apres_la_conservation(scene: Scene) -> None:
    close = scene.orienter()
    orientation_partenaire_repondre(
        orientation=close,
        vers=S.REFUSEE,
        motif="Complet ce mois-ci.",
        acting_user=scene.monde.partenaire_ccas_arras,
    )
    ouverte = scene.orienter(service=scene.service_sans_organisation)
    maintenant = timezone.now()
    # 24 months (the parameter) are not over: nothing is erased.
    assert orientations_anonymiser(maintenant=maintenant + jours(700)) == 0
    assert orientations_anonymiser(maintenant=maintenant + jours(740)) == 1
    close.refresh_from_db()
    assert close.est_anonymisee
    assert (
        close.parcours,
        close.message,
        close.nom_partage,
        close.telephone_partage,
        close.reponse_motif,
    ) == (
        None,
        "",
        "",
        "",
        "",
    )
    assert close.statut == S.REFUSEE and close.service == scene.service  # what statistics need remains
    assert set(
        TransitionOrientationPartenaire.objects.filter(orientation=close).values_list("motif", flat=True)
    ) == {""}
    ouverte.refresh_from_db()
    assert not ouverte.est_anonymisee and ouverte.message
    # Anonymised referrals are nobody's, not even the addressee's.
    assert (
        not OrientationPartenaire.objects.visible_by(scene.monde.partenaire_ccas_arras)
        .filter(pk=close.pk)
        .exists()
    )


# Scoping.


def test_visible_by_suit_le_parcours_et_l_organisation_destinataire(scene: Scene) -> None:
    monde = scene.monde
    vers_ccas = scene.orienter()
    vers_calais = scene.orienter(service=scene.service_calais)
    # The mission locale is designated on the pathway: it still sees only the referrals addressed to it.
    DesignationPartenaireFactory(parcours=scene.parcours, organisation=monde.ml_calais)

    def visibles(user: Any) -> set[int]:
        return set(OrientationPartenaire.objects.visible_by(user).values_list("pk", flat=True))

    assert visibles(monde.ts_arras) == {vers_ccas.pk, vers_calais.pk}
    assert visibles(monde.encadrant_arras) == {vers_ccas.pk, vers_calais.pk}
    assert visibles(monde.partenaire_ccas_arras) == {vers_ccas.pk}
    assert visibles(monde.partenaire_ml_calais) == {vers_calais.pk}
    for personne in (monde.ts_calais, monde.elu_arrageois, monde.elu_calaisis, monde.admin):
        assert visibles(personne) == set()
    from django.contrib.auth.models import AnonymousUser

    assert visibles(AnonymousUser()) == set()


def test_la_chronologie_du_parcours_montre_l_orientation_et_la_reponse(scene: Scene) -> None:
    orientation = scene.orienter()
    orientation_partenaire_repondre(
        orientation=orientation,
        vers=S.REFUSEE,
        motif="Complet.",
        acting_user=scene.monde.partenaire_ccas_arras,
    )
    titres = [e.titre for e in fiche_parcours(parcours=scene.parcours, user=scene.monde.ts_arras).chronologie]
    assert (
        "Orientation refusée par « Aide alimentaire d'urgence » (CCAS d'Arras – pôle solidarités)" in titres
    )
    assert "Orientation vers « Aide alimentaire d'urgence » (CCAS d'Arras – pôle solidarités)" in titres
