"""Reference data: territories, intercommunalities, communes and the département's sites."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from social.enums import TypeSite


class Territoire(models.Model):
    """A territory of the département's social action (configurable data; 9 in Pas-de-Calais)."""

    code = models.SlugField("code", max_length=40, unique=True)
    nom = models.CharField("nom", max_length=120, unique=True)

    class Meta:
        ordering = ["nom"]
        verbose_name = "territoire"

    def __str__(self) -> str:
        return self.nom


class Epci(models.Model):
    """Établissement public de coopération intercommunale (COG, Etalab)."""

    siren = models.CharField("SIREN", max_length=9, unique=True)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=10)  # CA, CC, CU, ME
    population_totale = models.PositiveIntegerField("population totale", default=0)

    class Meta:
        ordering = ["nom"]
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"

    def __str__(self) -> str:
        return self.nom


class CommuneQuerySet(models.QuerySet["Commune"]):
    def par_code(self, code_insee: str) -> Commune | None:
        return self.filter(code_insee=code_insee.strip()).first()


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField("nom", max_length=120, db_index=True)
    codes_postaux = ArrayField(models.CharField(max_length=5), verbose_name="codes postaux", default=list)
    population = models.PositiveIntegerField("population municipale", default=0)
    arrondissement = models.CharField("arrondissement", max_length=3, blank=True)
    # PROTECT: a commune cannot lose its EPCI or territory silently; reference data is edited, not deleted.
    epci = models.ForeignKey(Epci, on_delete=models.PROTECT, related_name="communes", null=True, blank=True)
    territoire = models.ForeignKey(
        Territoire, on_delete=models.PROTECT, related_name="communes", null=True, blank=True
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]
        verbose_name = "commune"

    def __str__(self) -> str:
        return f"{self.nom} ({self.code_insee})"


class Site(models.Model):
    """A place of the département where agents work: MDS, Maison de l'Autonomie, MDA, antenne, siège."""

    nom = models.CharField("nom", max_length=200, unique=True)
    type = models.CharField("type", max_length=30, choices=TypeSite.choices)
    territoire = models.ForeignKey(
        Territoire, on_delete=models.PROTECT, related_name="sites", null=True, blank=True
    )
    adresse = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="sites_implantes", null=True, blank=True
    )
    communes_desservies = models.ManyToManyField(
        Commune, related_name="sites_desservants", blank=True, verbose_name="communes desservies"
    )
    telephone = models.CharField("téléphone", max_length=20, blank=True)

    class Meta:
        ordering = ["nom"]
        verbose_name = "site"

    def __str__(self) -> str:
        return self.nom
