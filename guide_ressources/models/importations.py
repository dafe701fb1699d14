"""Imports of data·inclusion files (with their progress, polled by the upload page) and freshness
reminders sent to organisations."""

from __future__ import annotations

import uuid

from django.db import models

from guide_ressources.enums import StatutImportation
from social.models import Organisation, Utilisateur


class Importation(models.Model):
    """One upload of data·inclusion v1 files, run by a background task.

    ``donnees`` holds the parsed files until the task has run; ``rapport`` the outcome: counts, and
    every invalid row with its position and reason (then nothing was saved).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nom_fichier = models.CharField("fichier", max_length=250)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutImportation.choices, default=StatutImportation.EN_ATTENTE
    )
    donnees = models.JSONField("données", default=dict, blank=True)
    total = models.PositiveIntegerField("éléments", default=0)
    traites = models.PositiveIntegerField("éléments traités", default=0)
    rapport = models.JSONField("rapport", default=dict, blank=True)
    # SET_NULL: the record of an import outlives the administrator's account.
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    termine_le = models.DateTimeField("terminée le", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "importation data·inclusion"
        verbose_name_plural = "importations data·inclusion"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(traites__lte=models.F("total")),
                name="importation_traites_au_plus_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nom_fichier} ({self.get_statut_display()})"

    @property
    def en_cours(self) -> bool:
        return self.statut in {
            StatutImportation.EN_ATTENTE,
            StatutImportation.VALIDATION,
            StatutImportation.ENREGISTREMENT,
        }

    @property
    def erreurs(self) -> list[str]:
        """Every error of a refused import, in French: whole-file errors, then each invalid element."""
        rapport = self.rapport or {}
        return [*rapport.get("erreurs_fichier", []), *(e["message"] for e in rapport.get("erreurs", []))]

    @property
    def pourcentage(self) -> int:
        if not self.total:
            return 0 if self.en_cours else 100
        return min(100, round(100 * self.traites / self.total))


class RappelFraicheur(models.Model):
    """A reminder sent to an organisation about its entries not confirmed for too long."""

    # CASCADE: a reminder means nothing without its organisation.
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rappels_guide")
    envoye_le = models.DateField("envoyé le")
    nb_structures = models.PositiveIntegerField("structures à confirmer", default=0)
    nb_services = models.PositiveIntegerField("services à confirmer", default=0)
    nb_destinataires = models.PositiveIntegerField("destinataires", default=0)

    class Meta:
        ordering = ["-envoye_le", "-id"]
        verbose_name = "rappel de fraîcheur"
        verbose_name_plural = "rappels de fraîcheur"
        indexes = [models.Index(fields=["organisation", "envoye_le"], name="rappel_organisation_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.envoye_le:%d/%m/%Y}"
