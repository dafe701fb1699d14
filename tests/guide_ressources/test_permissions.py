"""Who reads and who edits guide entries: every persona, the co-editor grants, the public guide.
The one-object rules (``can_*``) agree with the scoping QuerySets (``visible_by``, ``modifiables_par``)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test.utils import override_settings
from django.utils import timezone

from guide_ressources.actions import coediteur_autoriser, coediteur_retirer
from guide_ressources.models import Service, Structure
from guide_ressources.permissions import (
    can_create_structure,
    can_edit_service,
    can_edit_structure,
    can_grant_coediteur,
    can_import_guide,
    can_manage_guide_entries,
    can_moderate_guide,
    can_view_guide,
    can_view_service,
    can_view_structure,
)
from social.perimetre import oublier_perimetre
from tests.conftest import Monde
from tests.guide_ressources.fabriques import Guide

pytestmark = pytest.mark.django_db

PERSONAS = [
    "accueil_arras",
    "ts_arras",
    "ts_calais",
    "encadrant_arras",
    "evaluateur_arras",
    "partenaire_ccas_arras",
    "partenaire_ml_calais",
    "elu_arrageois",
    "elu_calaisis",
    "admin",
]


def utilisateurs(monde: Monde) -> list[object]:
    return [AnonymousUser(), *(getattr(monde, p) for p in PERSONAS)]


def test_les_regles_et_les_querysets_sont_d_accord(monde: Monde, guide: Guide) -> None:
    for user in utilisateurs(monde):
        visibles = set(Structure.objects.visible_by(user))  # type: ignore[arg-type]
        modifiables = set(Structure.objects.modifiables_par(user))  # type: ignore[arg-type]
        for structure in Structure.objects.all():
            assert (structure in visibles) == can_view_structure(user, structure), (user, structure)  # type: ignore[arg-type]
            assert (structure in modifiables) == can_edit_structure(user, structure), (user, structure)  # type: ignore[arg-type]
        services_visibles = set(Service.objects.visible_by(user))  # type: ignore[arg-type]
        services_modifiables = set(Service.objects.modifiables_par(user))  # type: ignore[arg-type]
        for service in Service.objects.select_related("structure"):
            assert (service in services_visibles) == can_view_service(user, service), (user, service)  # type: ignore[arg-type]
            assert (service in services_modifiables) == can_edit_service(user, service), (user, service)  # type: ignore[arg-type]


def test_un_partenaire_modifie_seulement_les_fiches_de_son_organisation(monde: Monde, guide: Guide) -> None:
    assert set(Structure.objects.modifiables_par(monde.partenaire_ccas_arras)) == {guide.ccas_arras}
    assert set(Structure.objects.modifiables_par(monde.partenaire_ml_calais)) == {guide.ml_calais}
    assert not can_edit_service(monde.partenaire_ml_calais, guide.aide_alimentaire)
    assert can_edit_service(monde.partenaire_ccas_arras, guide.brouillon)


def test_les_agents_et_elus_ne_modifient_rien(monde: Monde, guide: Guide) -> None:
    for persona in ["accueil_arras", "ts_arras", "encadrant_arras", "elu_calaisis"]:
        assert not Structure.objects.modifiables_par(getattr(monde, persona)).exists(), persona


def test_l_administrateur_modifie_les_fiches_locales_pas_les_importees(monde: Monde, guide: Guide) -> None:
    modifiables = set(Structure.objects.modifiables_par(monde.admin))
    assert modifiables == {guide.ccas_arras, guide.ml_calais, guide.chrs}
    assert not can_edit_structure(monde.admin, guide.importee)
    assert can_moderate_guide(monde.admin) and can_import_guide(monde.admin)
    assert not can_moderate_guide(monde.partenaire_ccas_arras)
    assert not can_import_guide(monde.ts_arras)


def test_un_brouillon_n_est_visible_que_de_ses_editeurs(monde: Monde, guide: Guide) -> None:
    voient = {p for p in PERSONAS if can_view_service(getattr(monde, p), guide.brouillon)}
    assert voient == {"partenaire_ccas_arras", "admin"}


def test_le_guide_publie_est_lu_par_les_agents_partenaires_et_administrateurs(
    monde: Monde, guide: Guide
) -> None:
    lecteurs = {p for p in PERSONAS if can_view_guide(getattr(monde, p))}
    assert lecteurs == set(PERSONAS) - {"elu_arrageois", "elu_calaisis"}
    assert not can_view_guide(AnonymousUser())
    assert not Service.objects.visible_by(AnonymousUser()).exists()


@override_settings(PROCHE_GUIDE_PUBLIC=True)
def test_le_guide_public_est_lu_par_tous_sans_les_brouillons(monde: Monde, guide: Guide) -> None:
    anonyme = AnonymousUser()
    assert can_view_guide(anonyme) and can_view_guide(monde.elu_calaisis)
    visibles = set(Service.objects.visible_by(anonyme))
    assert guide.aide_alimentaire in visibles and guide.brouillon not in visibles
    assert not Structure.objects.modifiables_par(anonyme).exists()


def test_un_coediteur_explicite_et_son_expiration(monde: Monde, guide: Guide) -> None:
    ts = monde.ts_calais
    assert not can_edit_structure(ts, guide.ccas_arras)
    assert not can_manage_guide_entries(ts)
    autorisation = coediteur_autoriser(structure=guide.ccas_arras, utilisateur=ts, acting_user=monde.admin)
    assert can_edit_structure(ts, guide.ccas_arras) and can_edit_service(ts, guide.aide_alimentaire)
    assert set(Service.objects.modifiables_par(ts)) == set(guide.ccas_arras.services.all())
    assert can_manage_guide_entries(ts)
    assert can_view_service(monde.elu_calaisis, guide.brouillon) is False
    autorisation.expire_le = timezone.now() - datetime.timedelta(minutes=1)
    autorisation.save(update_fields=["expire_le"])
    assert not can_edit_structure(ts, guide.ccas_arras)
    assert not Structure.objects.modifiables_par(ts).exists()
    coediteur_autoriser(structure=guide.ccas_arras, utilisateur=ts, acting_user=monde.admin)
    assert coediteur_retirer(structure=guide.ccas_arras, utilisateur=ts, acting_user=monde.admin) == 1
    assert not can_edit_structure(ts, guide.ccas_arras)


def test_creation_et_co_edition(monde: Monde, guide: Guide) -> None:
    assert can_create_structure(monde.partenaire_ccas_arras, monde.ccas_arras)
    assert not can_create_structure(monde.partenaire_ccas_arras, monde.ml_calais)
    assert can_create_structure(monde.admin, monde.ml_calais)
    assert not can_create_structure(monde.ts_arras)
    assert can_grant_coediteur(monde.partenaire_ccas_arras, guide.ccas_arras)
    assert not can_grant_coediteur(monde.partenaire_ml_calais, guide.ccas_arras)
    assert not can_grant_coediteur(monde.admin, guide.importee)


def test_une_adhesion_terminee_retire_le_droit(monde: Monde, guide: Guide) -> None:
    adhesion = monde.partenaire_ccas_arras.adhesions.get()
    adhesion.date_fin = timezone.localdate() - datetime.timedelta(days=1)
    adhesion.date_debut = adhesion.date_fin - datetime.timedelta(days=10)
    adhesion.save(update_fields=["date_fin", "date_debut"])
    oublier_perimetre(monde.partenaire_ccas_arras)
    assert not can_edit_structure(monde.partenaire_ccas_arras, guide.ccas_arras)
