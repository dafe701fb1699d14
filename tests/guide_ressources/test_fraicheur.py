"""Freshness: stale entries flagged, and their organisations reminded by a scheduled task."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from procrastinate.contrib.django import app

from guide_ressources import tasks
from guide_ressources.actions import rappels_fraicheur_envoyer
from guide_ressources.models import RappelFraicheur
from tests.conftest import Monde
from tests.guide_ressources.fabriques import Guide

pytestmark = pytest.mark.django_db


def test_le_rappel_est_planifie_chaque_semaine() -> None:
    planifiees = {(cle[1], tache.cron) for cle, tache in app.periodic_registry.periodic_tasks.items()}
    assert ("guide_rappels_fraicheur", "10 7 * * 1") in planifiees
    assert tasks.rappels_fraicheur.queue == "maintenance"


def test_l_organisation_est_rappelee_une_fois_par_intervalle(
    monde: Monde, guide: Guide, django_capture_on_commit_callbacks: object
) -> None:
    monde.ccas_arras.courriel = "ccas@arras.invalid"
    monde.ccas_arras.save(update_fields=["courriel"])
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        rappels = rappels_fraicheur_envoyer()
    assert [(r.organisation, r.nb_structures, r.nb_services, r.nb_destinataires) for r in rappels] == [
        (monde.ccas_arras, 0, 1, 2)
    ]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Guide des ressources : des fiches de CCAS d'Arras sont à confirmer"
    assert sorted(message.to) == ["ccas@arras.invalid", "partenaire.ccas-arras@example.org"]
    assert "services à vérifier : 1" in message.body and "plus de 6 mois" in message.body

    # Within the interval (30 days): no second reminder; after it, one more.
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert rappels_fraicheur_envoyer(jour=timezone.localdate() + datetime.timedelta(days=29)) == []
        assert len(rappels_fraicheur_envoyer(jour=timezone.localdate() + datetime.timedelta(days=30))) == 1
    assert len(mail.outbox) == 2


def test_seules_les_fiches_locales_publiees_comptent(monde: Monde, guide: Guide) -> None:
    il_y_a_un_an = timezone.localdate() - datetime.timedelta(days=365)
    guide.importe.confirme_le = il_y_a_un_an  # another producer's: reminded by it, not by us
    guide.importe.save(update_fields=["confirme_le"])
    guide.ancienne.statut = "retiree"
    guide.ancienne.save(update_fields=["statut"])
    assert rappels_fraicheur_envoyer() == []
    assert not RappelFraicheur.objects.exists()


def test_la_tache_appelle_l_action(monde: Monde, guide: Guide) -> None:
    tasks.rappels_fraicheur(timestamp=int(timezone.now().timestamp()))
    assert RappelFraicheur.objects.get().organisation == monde.ccas_arras
