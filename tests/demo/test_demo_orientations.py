"""The demonstration referrals: every state, in the inboxes of partenaire.ccas-arras and of others."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from demo.chargement import demo_charger
from demo.guide import guide_demo_charger
from demo.orientations import ORIENTATIONS_DEMO, RapportOrientationsDemo, orientations_demo_charger
from demo.parcours import parcours_demo_charger
from parcours.models import OrientationPartenaire
from parcours.models.orientations import CanalReponse, StatutOrientationPartenaire
from parcours.selectors_orientations import boite_orientations
from social.models import Utilisateur
from tests.parcours.fabriques_orientations import semer_parametres_orientations

pytestmark = pytest.mark.django_db
S = StatutOrientationPartenaire


@pytest.fixture(scope="module")
def rapport(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[RapportOrientationsDemo]:
    """One load for the module (people, guide, pathways, referrals) rolled back at its end."""
    with django_db_blocker.unblock():
        atomique = transaction.atomic()
        atomique.__enter__()
        semer_parametres_orientations()
        demo_charger(nb_personnes=120)
        guide_demo_charger(nb_structures=30, nb_services=60)
        parcours_demo_charger()
        rapport = orientations_demo_charger()
    yield rapport
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomique.__exit__(None, None, None)


def test_toutes_les_orientations_de_la_demo_sont_creees(rapport: RapportOrientationsDemo) -> None:
    assert (rapport.creees, rapport.absentes) == (len(ORIENTATIONS_DEMO), 0)
    assert Counter(OrientationPartenaire.objects.values_list("statut", flat=True)) == {
        S.OUVERTE: 4,
        S.VALIDEE: 2,
        S.REFUSEE: 2,
        S.EXPIREE: 1,
    }
    # Each one logged from its creation to its state; a refusal always says why.
    for orientation in OrientationPartenaire.objects.all():
        assert list(orientation.transitions.values_list("vers", flat=True))[-1] == orientation.statut
        assert orientation.consentement_le is not None
    assert not OrientationPartenaire.objects.filter(statut=S.REFUSEE, reponse_motif="").exists()


def test_la_boite_du_ccas_d_arras_a_chaque_etat(rapport: RapportOrientationsDemo) -> None:
    partenaire = Utilisateur.objects.get(username="partenaire.ccas-arras")
    boite = boite_orientations(user=partenaire)
    assert Counter(boite.values_list("statut", flat=True)) == {
        S.OUVERTE: 2,
        S.VALIDEE: 1,
        S.REFUSEE: 1,
        S.EXPIREE: 1,
    }
    assert {o.organisation.nom for o in boite} == {"CCAS d'Arras"}  # type: ignore[union-attr]
    acceptee = boite.get(statut=S.VALIDEE)
    assert (acceptee.repondue_par, acceptee.canal_reponse) == (partenaire, CanalReponse.COMPTE)


def test_d_autres_partenaires_en_recoivent(rapport: RapportOrientationsDemo) -> None:
    mission_locale = Utilisateur.objects.get(username="partenaire.ml-calais")
    assert Counter(boite_orientations(user=mission_locale).values_list("statut", flat=True)) == {
        S.OUVERTE: 1,
        S.VALIDEE: 1,
    }
    par_lien = OrientationPartenaire.objects.get(canal_reponse=CanalReponse.LIEN)
    assert (
        par_lien.statut == S.REFUSEE and par_lien.service.structure.nom == "Restos du cœur – centre de Calais"
    )
    # The CHRS has no partner account: its referral waits for an answer through the signed link.
    chrs = OrientationPartenaire.objects.get(service__structure__nom="CHRS La Passerelle")
    assert chrs.statut == S.OUVERTE and chrs.lien_envoye_a


def test_un_second_passage_ne_cree_rien(rapport: RapportOrientationsDemo) -> None:
    avant = list(OrientationPartenaire.objects.order_by("id").values_list("id", "statut"))
    assert orientations_demo_charger().creees == 0
    assert list(OrientationPartenaire.objects.order_by("id").values_list("id", "statut")) == avant
