"""Users and the assignments of département staff to sites."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from social.enums import PerimetreAffectation, RoleAgent


class Utilisateur(AbstractUser):
    """Every account: département staff, partners' members, council members, functional admins.

    What a user may see follows from her active assignments (``Affectation``), memberships
    (``Adhesion``) and council mandates, never from flags on the account, except the
    functional administrator role, which gives access to reference data and settings, not to files.
    """

    est_administrateur_fonctionnel = models.BooleanField("administrateur fonctionnel", default=False)

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ActivesQuerySetMixin:
    """Rows whose date range contains a day (today by default). Shared by every dated link."""

    def actives(self, jour: datetime.date | None = None):  # type: ignore[no-untyped-def]
        jour = jour or timezone.localdate()
        return self.filter(Q(date_debut__lte=jour), Q(date_fin__isnull=True) | Q(date_fin__gte=jour))  # type: ignore[attr-defined]


class AffectationQuerySet(ActivesQuerySetMixin, models.QuerySet["Affectation"]):
    pass


class Affectation(models.Model):
    """An agent's assignment to a site, with a role and dates."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="affectations")
    # PROTECT: a site with assignments is closed by ending them, not deleted.
    site = models.ForeignKey("social.Site", on_delete=models.PROTECT, related_name="affectations")
    role = models.CharField("rôle", max_length=40, choices=RoleAgent.choices)
    perimetre = models.CharField(
        "périmètre", max_length=20, choices=PerimetreAffectation.choices, default=PerimetreAffectation.SITE
    )
    date_debut = models.DateField("début", default=timezone.localdate)
    date_fin = models.DateField("fin", null=True, blank=True)

    objects = AffectationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "affectation"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="affectation_dates_ordonnees",
                violation_error_message="La date de fin doit suivre la date de début.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.utilisateur} – {self.get_role_display()} – {self.site}"
