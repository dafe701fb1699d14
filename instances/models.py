"""Councils and committees and their members (the councils issue builds sessions and decisions on these)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from instances.enums import NiveauInstance, RoleMembre
from social.models.agents import ActivesQuerySetMixin


class Instance(models.Model):
    """A council (départemental, territorial) or a committee attached to one. Names are configurable."""

    nom = models.CharField("nom", max_length=200, unique=True)
    niveau = models.CharField("niveau", max_length=20, choices=NiveauInstance.choices)
    territoire = models.ForeignKey(
        "social.Territoire", on_delete=models.PROTECT, related_name="instances", null=True, blank=True
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="commissions",
        null=True,
        blank=True,
        verbose_name="instance de rattachement",
    )

    class Meta:
        ordering = ["nom"]
        verbose_name = "instance"

    def __str__(self) -> str:
        return self.nom


class MandatQuerySet(ActivesQuerySetMixin, models.QuerySet["Mandat"]):
    pass


class Mandat(models.Model):
    """A member's seat on an instance: role, voting right and mandate dates."""

    # Named "organe", not "instance": django-simple-history reserves ``instance`` on historical rows.
    organe = models.ForeignKey(
        Instance, on_delete=models.CASCADE, related_name="mandats", verbose_name="instance"
    )
    utilisateur = models.ForeignKey("social.Utilisateur", on_delete=models.CASCADE, related_name="mandats")
    role = models.CharField("rôle", max_length=20, choices=RoleMembre.choices)
    voix_deliberative = models.BooleanField("voix délibérative", default=True)
    date_debut = models.DateField("début du mandat", default=timezone.localdate)
    date_fin = models.DateField("fin du mandat", null=True, blank=True)

    objects = MandatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "mandat"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="mandat_dates_ordonnees",
                violation_error_message="La date de fin doit suivre la date de début.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.utilisateur} – {self.get_role_display()} – {self.organe}"
