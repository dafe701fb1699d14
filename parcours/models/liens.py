"""Dated links of a pathway: the partner organisations designated on it, and its team members.

A designation is the partner-visibility relation of DESIGN.md: while it is active, the organisation's
members see the pathway (partner-facing fields only) and, through the ``social.Rattachement`` that the
actions keep in step, the person's file.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parcours.models.parcours import Parcours
from social.models import Utilisateur
from social.models.agents import ActivesQuerySetMixin


class DesignationPartenaireQuerySet(ActivesQuerySetMixin, models.QuerySet["DesignationPartenaire"]):
    pass


class DesignationPartenaire(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="designations")
    # PROTECT: an organisation designated on pathways is ended, not deleted.
    organisation = models.ForeignKey(
        "social.Organisation", on_delete=models.PROTECT, related_name="designations_parcours"
    )
    motif = models.CharField("motif", max_length=200, blank=True)
    date_debut = models.DateField("début", default=timezone.localdate)
    date_fin = models.DateField("fin (incluse)", null=True, blank=True)
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DesignationPartenaireQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "désignation d'un partenaire"
        verbose_name_plural = "désignations de partenaires"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="designation_dates_ordonnees",
                violation_error_message="La date de fin doit suivre la date de début.",
            ),
            models.UniqueConstraint(
                fields=["parcours", "organisation"],
                condition=Q(date_fin__isnull=True),
                name="une_designation_en_cours_par_organisation",
                violation_error_message="Cette organisation est déjà désignée sur ce parcours.",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "parcours"], name="designation_organisation_idx")]

    def __str__(self) -> str:
        return f"{self.organisation_id} sur {self.parcours_id}"


class MembreEquipeQuerySet(ActivesQuerySetMixin, models.QuerySet["MembreEquipe"]):
    pass


class MembreEquipe(models.Model):
    """An agent working on the pathway besides the référent (conseiller, évaluateur, psychologue…)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="equipe")
    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="equipes_parcours")
    role = models.CharField("rôle", max_length=100, help_text="Par exemple : conseillère en insertion.")
    date_debut = models.DateField("début", default=timezone.localdate)
    date_fin = models.DateField("fin (incluse)", null=True, blank=True)

    objects = MembreEquipeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "membre de l'équipe"
        verbose_name_plural = "membres de l'équipe"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="membre_equipe_dates_ordonnees",
                violation_error_message="La date de fin doit suivre la date de début.",
            ),
            models.UniqueConstraint(
                fields=["parcours", "utilisateur"],
                condition=Q(date_fin__isnull=True),
                name="un_membre_en_cours_par_parcours",
                violation_error_message="Cette personne fait déjà partie de l'équipe.",
            ),
        ]
        indexes = [models.Index(fields=["utilisateur", "parcours"], name="membre_equipe_utilisateur_idx")]

    def __str__(self) -> str:
        return f"{self.utilisateur_id} ({self.role}) sur {self.parcours_id}"
