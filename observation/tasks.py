"""Background tasks of the observation: thin wrappers calling actions (procrastinate, PostgreSQL queue)."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from observation.actions import indicateurs_actualiser as _indicateurs_actualiser

logger = logging.getLogger(__name__)


@app.periodic(cron="37 5 * * *", periodic_id="observation_indicateurs_actualiser")
@app.task(queue="observation", queueing_lock="observation_indicateurs_actualiser", pass_context=False)
def indicateurs_actualiser(timestamp: int) -> None:
    """Every morning, after the deadlines are marked: recompute the months touched since the last run."""
    resultat = _indicateurs_actualiser()
    logger.info("Observation : %s lignes recalculées depuis %s", resultat.lignes, resultat.premier_mois)
