"""Partner organisations and their members."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q, Subquery
from django.utils import timezone
from simple_history.models import HistoricalRecords

from social.enums import RoleAdhesion, TypeOrganisation
from social.models.agents import ActivesQuerySetMixin, Utilisateur
from social.validators import valider_siret


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def du_territoire(self, code: str) -> OrganisationQuerySet:
        """Organisations of a territory: their own, or else their commune's."""
        return self.filter(
            Q(territoire__code=code) | Q(territoire__isnull=True, commune__territoire__code=code)
        )

    def desservant(self, commune_id: int) -> OrganisationQuerySet:
        """Organisations that serve a commune: located there, of its territory (their own, or else their
        commune's), or attached to no place at all (a national body). Each once: the commune's territory
        is read in a subquery, and only forward keys are joined."""
        from social.models.referentiel import Commune

        territoire = Subquery(Commune.objects.filter(pk=commune_id).values("territoire_id")[:1])
        return self.filter(
            Q(commune_id=commune_id)
            | Q(territoire_id=territoire)
            | Q(territoire__isnull=True, commune__territoire_id=territoire)
            | Q(territoire__isnull=True, commune__isnull=True)
        )


class Organisation(models.Model):
    """A partner: CCAS, CAF, France Travail, mission locale, association, ESMS…"""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=30, choices=TypeOrganisation.choices)
    siret = models.CharField(
        "SIRET", max_length=14, blank=True, validators=[valider_siret], help_text="14 chiffres, sans espace."
    )
    commune = models.ForeignKey(
        "social.Commune", on_delete=models.PROTECT, related_name="organisations", null=True, blank=True
    )
    territoire = models.ForeignKey(
        "social.Territoire", on_delete=models.PROTECT, related_name="organisations", null=True, blank=True
    )
    adresse = models.CharField("adresse", max_length=250, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    courriel = models.EmailField("courriel", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["nom"]
        verbose_name = "organisation"
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="organisation_siret_unique",
                violation_error_message="Une organisation avec ce SIRET existe déjà.",
            ),
        ]

    def __str__(self) -> str:
        return self.nom


class AdhesionQuerySet(ActivesQuerySetMixin, models.QuerySet["Adhesion"]):
    pass


class Adhesion(models.Model):
    """A partner user's membership of an organisation, with a role and dates."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="adhesions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="adhesions")
    role = models.CharField("rôle", max_length=20, choices=RoleAdhesion.choices, default=RoleAdhesion.MEMBRE)
    date_debut = models.DateField("début", default=timezone.localdate)
    date_fin = models.DateField("fin", null=True, blank=True)

    objects = AdhesionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "adhésion"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="adhesion_dates_ordonnees",
                violation_error_message="La date de fin doit suivre la date de début.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.utilisateur} – {self.organisation}"
