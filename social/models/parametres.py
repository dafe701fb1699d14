"""Dated parameters (rule G-1): every amount, rate, coefficient and deadline of the law or of the
département's règlement is a row with a validity range, looked up at the legally relevant date."""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import Func, Q
from simple_history.models import HistoricalRecords

from social.enums import UniteParametre


class DateRange(Func):
    function = "daterange"
    output_field = DateRangeField()


class Parametre(models.Model):
    """One value of one parameter over one period. Periods of a code never overlap."""

    code = models.CharField("code", max_length=80, db_index=True)
    libelle = models.CharField("libellé", max_length=200)
    valeur = models.DecimalField("valeur", max_digits=14, decimal_places=4)
    unite = models.CharField("unité", max_length=20, choices=UniteParametre.choices)
    date_debut = models.DateField("en vigueur du")
    date_fin = models.DateField("jusqu'au (inclus)", null=True, blank=True)
    source = models.TextField("source", help_text="Texte légal ou règlement, et sa référence.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "date_debut"]
        verbose_name = "paramètre daté"
        verbose_name_plural = "paramètres datés"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="parametre_dates_ordonnees",
                violation_error_message="La date de fin doit suivre la date de début.",
            ),
            ExclusionConstraint(
                name="parametre_periodes_disjointes",
                expressions=[
                    ("code", RangeOperators.EQUAL),
                    (
                        DateRange(
                            "date_debut",
                            "date_fin",
                            RangeBoundary(inclusive_lower=True, inclusive_upper=True),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=(
                    "Une autre valeur de ce paramètre couvre déjà une partie de cette période."
                ),
            ),
        ]

    def __str__(self) -> str:
        fin = f" au {self.date_fin:%d/%m/%Y}" if self.date_fin else ""
        return f"{self.code} = {self.valeur} (du {self.date_debut:%d/%m/%Y}{fin})"
