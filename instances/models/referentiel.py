"""Councils and committees, their members' mandates, the catalogue of aid types and the delegations
of signature (rule G-5)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from instances.enums import FondsAide, NiveauInstance, RoleMembre
from parcours.regles.enums import TypeAideFaj
from social.models.agents import ActivesQuerySetMixin


class TypeAide(models.Model):
    """One type of individual aid of the catalogue (configurable). Its règlement's amounts and limits
    are dated parameters (``instances.regles.aides``): ``faj.*`` for a FAJ type, ``aide.<code>.*``
    otherwise."""

    code = models.SlugField(
        "code", max_length=60, unique=True, help_text="Préfixe des paramètres « aide.<code>.* »."
    )
    libelle = models.CharField("libellé", max_length=200)
    fonds = models.CharField("fonds", max_length=20, choices=FondsAide.choices)
    # FAJ-5: which of the FAJ's two kinds of aid (its caps and circuit are the FAJ règlement's).
    type_faj = models.CharField("type d'aide FAJ", max_length=40, choices=TypeAideFaj.choices, blank=True)
    description = models.TextField("description", blank=True)
    source = models.TextField("source", blank=True, help_text="Texte légal ou règlement intérieur.")
    actif = models.BooleanField("proposé aux nouvelles demandes", default=True)
    ordre = models.PositiveSmallIntegerField("ordre d'affichage", default=0)

    class Meta:
        ordering = ["ordre", "libelle"]
        verbose_name = "type d'aide"
        verbose_name_plural = "types d'aide"
        constraints = [
            models.CheckConstraint(
                condition=Q(fonds=FondsAide.FAJ, type_faj__gt="")
                | (~Q(fonds=FondsAide.FAJ) & Q(type_faj="")),
                name="type_aide_faj_coherent",
                violation_error_message="Un type d'aide du FAJ précise son type FAJ, et lui seul.",
            )
        ]

    def __str__(self) -> str:
        return self.libelle

    def regles(self):  # type: ignore[no-untyped-def]
        from instances.regles.aides import TypeAideRegles

        return TypeAideRegles(
            code=self.code,
            libelle=self.libelle,
            fonds=FondsAide(self.fonds),
            type_faj=TypeAideFaj(self.type_faj) if self.type_faj else None,
        )


class Instance(models.Model):
    """A council (départemental, territorial) or a committee attached to one. Names are configurable.
    It decides the aid types listed, for the pathways of its territory (every territory when none)."""

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
    types_aide = models.ManyToManyField(
        TypeAide, related_name="instances", blank=True, verbose_name="types d'aide décidés"
    )
    # COM-2: the share of the voting members present or represented for the quorum (règlement intérieur).
    quorum = models.DecimalField(
        "quorum (part des membres votants)",
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        help_text="0,50 : la moitié au moins des membres ayant voix délibérative.",
    )
    # DP-7: files shown to members with initials and year of birth only.
    presentation_pseudonymisee = models.BooleanField("présentation pseudonymisée des dossiers", default=True)
    jours_visibilite = models.PositiveSmallIntegerField(
        "jours de consultation après validation",
        default=30,
        help_text="Les membres consultent les dossiers de l'ordre du jour de la convocation jusqu'à ce "
        "nombre de jours après la validation de la séance.",
    )
    courriel = models.EmailField("courriel du secrétariat", blank=True)

    class Meta:
        ordering = ["nom"]
        verbose_name = "instance"
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum__gt=0, quorum__lte=1),
                name="instance_quorum_entre_0_et_1",
                violation_error_message="Le quorum est une part comprise entre 0 (exclu) et 1.",
            )
        ]

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


class DelegationQuerySet(ActivesQuerySetMixin, models.QuerySet["Delegation"]):
    pass


class Delegation(models.Model):
    """A délégation de signature (G-5): who may decide which aid types outside a session, up to which
    amount, under which act (arrêté de délégation) and between which dates."""

    utilisateur = models.ForeignKey(
        "social.Utilisateur", on_delete=models.PROTECT, related_name="delegations", verbose_name="délégataire"
    )
    types_aide = models.ManyToManyField(TypeAide, related_name="delegations", verbose_name="types d'aide")
    montant_maximum = models.DecimalField("montant maximal par aide", max_digits=10, decimal_places=2)
    acte_reference = models.CharField("acte de délégation", max_length=200, help_text="Arrêté n°, date.")
    date_debut = models.DateField("en vigueur du")
    date_fin = models.DateField("jusqu'au (inclus)", null=True, blank=True)

    objects = DelegationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "délégation de signature"
        verbose_name_plural = "délégations de signature"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="delegation_dates_ordonnees",
                violation_error_message="La date de fin doit suivre la date de début.",
            ),
            models.CheckConstraint(
                condition=Q(montant_maximum__gt=0),
                name="delegation_montant_positif",
                violation_error_message="Le montant maximal doit être positif.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acte_reference} – {self.utilisateur}"
