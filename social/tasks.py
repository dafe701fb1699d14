"""Background tasks: thin wrappers calling actions (procrastinate, PostgreSQL queue)."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from social.actions.maintenance import journal_purger as _journal_purger

logger = logging.getLogger(__name__)


@app.periodic(cron="17 3 * * *", periodic_id="journal_purger")
@app.task(queue="maintenance", queueing_lock="journal_purger", pass_context=False)
def journal_purger(timestamp: int) -> None:
    supprimees = _journal_purger()
    logger.info("Journal des accès : %s lignes purgées (rétention)", supprimees)
