"""``social.perimetre.perimetre_de``: what a user's active assignments and memberships cover, read in one
query (docs/decisions/0002)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from social.enums import PerimetreAffectation, RoleAgent
from social.perimetre import Perimetre, oublier_perimetre, perimetre_de
from tests import factories as f
from tests.conftest import Monde

pytestmark = pytest.mark.django_db


def _jour(decalage: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=decalage)


def test_perimetre_des_affectations_et_rattachements_actifs_seulement(monde: Monde) -> None:
    antenne = f.SiteFactory(nom="Antenne de Bapaume", territoire=monde.mds_arras.territoire)
    user = f.UtilisateurFactory()
    # Active: a site assignment at Calais, a territory-wide one at Arras, a membership of the CCAS.
    f.AffectationFactory(utilisateur=user, site=monde.mds_calais, role=RoleAgent.TRAVAILLEUR_SOCIAL)
    f.AffectationFactory(
        utilisateur=user,
        site=monde.mds_arras,
        role=RoleAgent.ENCADRANT,
        perimetre=PerimetreAffectation.TERRITOIRE,
    )
    f.AdhesionFactory(utilisateur=user, organisation=monde.ccas_arras)
    # Not active: ended yesterday, starting tomorrow.
    f.AffectationFactory(
        utilisateur=user,
        site=monde.autonomie_arras,
        role=RoleAgent.EVALUATEUR_MEDICO_SOCIAL,
        date_debut=_jour(-30),
        date_fin=_jour(-1),
    )
    f.AdhesionFactory(utilisateur=user, organisation=monde.ml_calais, date_debut=_jour(1))
    # Another user's rows never count.
    f.AffectationFactory(site=antenne, role=RoleAgent.ACCUEIL)

    with CaptureQueriesContext(connection) as capture:
        perimetre = perimetre_de(user)
    assert len(capture.captured_queries) == 1
    territoire_arras = {s.pk for s in monde.mds_arras.territoire.sites.all()}
    assert antenne.pk in territoire_arras and monde.autonomie_arras.pk in territoire_arras
    assert perimetre == Perimetre(
        site_ids=frozenset({monde.mds_calais.pk, *territoire_arras}),
        territoire_ids=frozenset({monde.mds_calais.territoire_id, monde.mds_arras.territoire_id}),
        organisation_ids=frozenset({monde.ccas_arras.pk}),
        roles=frozenset({RoleAgent.TRAVAILLEUR_SOCIAL, RoleAgent.ENCADRANT}),
        est_administrateur=False,
    )
    # The ended assignment's role is gone; a fresh computation the same day gives the same perimeter.
    assert not perimetre.est_medico_social
    oublier_perimetre(user)
    assert perimetre_de(user) == perimetre


def test_perimetre_vide_sans_affectation_ni_rattachement() -> None:
    user = f.UtilisateurFactory()
    assert perimetre_de(user) == Perimetre()
