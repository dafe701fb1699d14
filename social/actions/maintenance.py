"""Scheduled maintenance of the social core (called by thin procrastinate tasks)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from social.models import JournalAcces
from social.parametres import ajouter_mois


@transaction.atomic
def journal_purger(*, maintenant: datetime.datetime | None = None) -> int:
    """Delete journal rows older than the retention parameter (rule DP-1). Returns the number deleted.

    This is the only deletion the journal knows; the first remaining row becomes the chain's anchor.
    """
    local = timezone.localtime(maintenant or timezone.now())
    # Calendar months (36 months is 3 years to the day, the CNIL's bound), at the same time of day.
    jour = ajouter_mois(local.date(), -settings.PROCHE_JOURNAL_RETENTION_MOIS)
    limite = local.replace(year=jour.year, month=jour.month, day=jour.day)
    supprimees, _ = JournalAcces.objects.filter(created_at__lt=limite).delete()
    return supprimees
