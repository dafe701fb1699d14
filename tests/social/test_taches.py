"""Scheduled tasks: registered with procrastinate, thin wrappers around actions."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone
from procrastinate.contrib.django import app

from social import tasks
from social.actions import ContexteAcces, journal_enregistrer
from social.enums import OperationJournal
from social.models import JournalAcces


def test_la_purge_du_journal_est_planifiee_chaque_nuit() -> None:
    planifiees = {(cle[1], tache.cron) for cle, tache in app.periodic_registry.periodic_tasks.items()}
    assert ("journal_purger", "17 3 * * *") in planifiees
    assert tasks.journal_purger.queue == "maintenance"


@pytest.mark.django_db
def test_la_tache_de_purge_appelle_l_action() -> None:
    acces = ContexteAcces(utilisateur_id=1, ip=None, contexte="test")
    vieille = journal_enregistrer(
        acces=acces, operation=OperationJournal.CONSULTATION, objet_type="personne", objet_ids=[uuid.uuid4()]
    )
    recente = journal_enregistrer(
        acces=acces, operation=OperationJournal.CONSULTATION, objet_type="personne", objet_ids=[uuid.uuid4()]
    )
    JournalAcces.objects.filter(pk=vieille.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800)
    )
    tasks.journal_purger(timestamp=int(timezone.now().timestamp()))
    assert list(JournalAcces.objects.filter(pk__in=[vieille.pk, recente.pk])) == [recente]
