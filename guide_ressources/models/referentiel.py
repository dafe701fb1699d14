"""The data·inclusion taxonomies as reference rows, with the Département's local extension."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from guide_ressources.enums import Taxonomie


class TermeQuerySet(models.QuerySet["Terme"]):
    def de(self, taxonomie: Taxonomie | str) -> TermeQuerySet:
        return self.filter(taxonomie=taxonomie, actif=True).order_by("rang", "valeur")


class Terme(models.Model):
    """One value of a taxonomy (``schemas/v1/extra/<taxonomie>.json``, or ``extension-locale.json``).

    A value removed upstream is kept inactive (records may still carry it) rather than deleted.
    A local value carries the national value it is exported as (``correspondance``).
    """

    taxonomie = models.CharField("taxonomie", max_length=40, choices=Taxonomie.choices)
    valeur = models.CharField("valeur", max_length=150)
    libelle = models.CharField("libellé", max_length=300)
    description = models.TextField("description", blank=True)
    locale = models.BooleanField("extension locale", default=False)
    correspondance = models.CharField(
        "correspondance nationale",
        max_length=150,
        blank=True,
        help_text="Valeur nationale utilisée à l'export data·inclusion (termes locaux seulement).",
    )
    rang = models.PositiveIntegerField("rang", default=0)
    actif = models.BooleanField("actif", default=True)

    objects = TermeQuerySet.as_manager()

    class Meta:
        ordering = ["taxonomie", "rang", "valeur"]
        verbose_name = "terme de taxonomie"
        verbose_name_plural = "termes de taxonomies"
        constraints = [
            models.UniqueConstraint(fields=["taxonomie", "valeur"], name="terme_unique_par_taxonomie"),
            models.CheckConstraint(
                condition=Q(locale=True) | Q(correspondance=""),
                name="terme_correspondance_locale_seulement",
                violation_error_message="Seul un terme local a une correspondance nationale.",
            ),
        ]

    def __str__(self) -> str:
        return self.libelle

    @property
    def categorie(self) -> str:
        """``logement-hebergement`` for ``logement-hebergement--louer-un-logement`` (thématiques)."""
        return self.valeur.split("--", 1)[0]
