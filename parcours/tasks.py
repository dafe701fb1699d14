"""Background tasks of the pathways: thin wrappers calling actions (procrastinate, PostgreSQL queue)."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from parcours.actions import echeances_actualiser as _echeances_actualiser

logger = logging.getLogger(__name__)


@app.periodic(cron="7 5 * * *", periodic_id="parcours_echeances_actualiser")
@app.task(queue="parcours", queueing_lock="parcours_echeances_actualiser", pass_context=False)
def echeances_actualiser(timestamp: int) -> None:
    """Every morning: mark the expired deadlines and notify the référents (rule G-4)."""
    nombre = _echeances_actualiser()
    logger.info("Parcours : %s échéances passées au statut dépassé", nombre)
