"""Background tasks of the guide: thin wrappers calling actions (procrastinate, PostgreSQL queue)."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from guide_ressources.actions.fraicheur import rappels_fraicheur_envoyer
from guide_ressources.actions.importations import importation_executer as _importation_executer

logger = logging.getLogger(__name__)


@app.task(queue="guide", pass_context=False)
def importation_executer(importation_id: int) -> None:
    importation = _importation_executer(importation_id=importation_id)
    logger.info("Importation data·inclusion %s : %s", importation.pk, importation.statut)


# Monday 07:10: partners find the reminder at the start of the week.
@app.periodic(cron="10 7 * * 1", periodic_id="guide_rappels_fraicheur")
@app.task(queue="maintenance", queueing_lock="guide_rappels_fraicheur", pass_context=False)
def rappels_fraicheur(timestamp: int) -> None:
    rappels = rappels_fraicheur_envoyer()
    logger.info("Guide des ressources : %s rappel(s) de fraîcheur envoyé(s)", len(rappels))
