"""Deadlines of a pathway (rule G-4), stored so that lists and dashboards query them cheaply.

Rows are computed by ``parcours.actions.echeances_recalculer`` from the dated parameters (rule G-1) and
the pathway's transitions; the nightly task marks the expired ones.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from parcours.enums import StatutEcheance, TypeEcheance
from parcours.models.parcours import Parcours


class Echeance(models.Model):
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="echeances")
    type = models.CharField("type", max_length=40, choices=TypeEcheance.choices)
    date_depart = models.DateField("point de départ")
    date_limite = models.DateField("date limite")
    statut = models.CharField(
        "statut", max_length=20, choices=StatutEcheance.choices, default=StatutEcheance.OUVERTE
    )
    tenue_le = models.DateField("tenue le", null=True, blank=True)
    parametre = models.CharField("paramètre du délai", max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "échéance"
        ordering = ["date_limite", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parcours", "type"],
                name="une_echeance_par_type",
                violation_error_message="Ce parcours a déjà une échéance de ce type.",
            ),
        ]
        indexes = [
            models.Index(fields=["parcours", "statut", "date_limite"], name="echeance_parcours_idx"),
            models.Index(fields=["statut", "date_limite"], name="echeance_statut_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} : {self.date_limite:%d/%m/%Y}"
