"""Scheduled maintenance of the social core (called by thin procrastinate tasks)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from social.models import JournalAcces


@transaction.atomic
def journal_purger(*, maintenant: datetime.datetime | None = None) -> int:
    """Delete journal rows older than the retention parameter (rule DP-1). Returns the number deleted.

    This is the only deletion the journal knows; the first remaining row becomes the chain's anchor.
    """
    maintenant = maintenant or timezone.now()
    limite = maintenant - datetime.timedelta(days=31 * settings.PROCHE_JOURNAL_RETENTION_MOIS)
    supprimees, _ = JournalAcces.objects.filter(created_at__lt=limite).delete()
    return supprimees
