"""Background tasks of the pathways: thin wrappers calling actions (procrastinate, PostgreSQL queue)."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from parcours.actions import apa_silences_constater as _apa_silences_constater
from parcours.actions import echeances_actualiser as _echeances_actualiser
from parcours.actions.echeances import (
    echeances_transition_contrat_completer as _echeances_transition_contrat_completer,
)
from parcours.actions.orientations import orientations_anonymiser as _orientations_anonymiser
from parcours.actions.orientations import orientations_expirer as _orientations_expirer

logger = logging.getLogger(__name__)


@app.periodic(cron="7 5 * * *", periodic_id="parcours_echeances_actualiser")
@app.task(queue="parcours", queueing_lock="parcours_echeances_actualiser", pass_context=False)
def echeances_actualiser(timestamp: int) -> None:
    """Every morning: give the files stored before it their RSA-5 deadline, then mark the expired
    deadlines and notify the référents (rule G-4)."""
    completes = _echeances_transition_contrat_completer()
    if completes:
        logger.info("Parcours RSA : échéance de conversion en contrat d'engagement ajoutée à %s", completes)
    nombre = _echeances_actualiser()
    logger.info("Parcours : %s échéances passées au statut dépassé", nombre)


@app.periodic(cron="17 5 * * *", periodic_id="parcours_orientations_expirer")
@app.task(queue="parcours", queueing_lock="parcours_orientations_expirer", pass_context=False)
def orientations_expirer(timestamp: int) -> None:
    """Every morning: referrals without an answer past their due date expire; référents are notified."""
    nombre = _orientations_expirer()
    logger.info("Orientations vers les partenaires : %s expirée(s)", nombre)


@app.periodic(cron="27 3 * * *", periodic_id="parcours_orientations_anonymiser")
@app.task(queue="maintenance", queueing_lock="parcours_orientations_anonymiser", pass_context=False)
def orientations_anonymiser(timestamp: int) -> None:
    """Every night: closed referrals past the retention delay are anonymised (rule DP-5)."""
    nombre = _orientations_anonymiser()
    logger.info("Orientations vers les partenaires : %s anonymisée(s)", nombre)


@app.periodic(cron="57 4 * * *", periodic_id="parcours_apa_silences_constater")
@app.task(queue="parcours", queueing_lock="parcours_apa_silences_constater", pass_context=False)
def apa_silences_constater(timestamp: int) -> None:
    """Every night: the APA files at home without a notified decision two months after the complete file
    are deemed granted, with the flat rate (rule APA-4), recorded by the system."""
    nombre = _apa_silences_constater()
    logger.info("APA : %s accord(s) réputé(s) enregistré(s)", nombre)
