"""People followed by the département, their households, and where their file is followed."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from social.enums import LienFoyer, OrganismePayeur, Sexe
from social.models.agents import ActivesQuerySetMixin, Utilisateur
from social.models.referentiel import Site
from social.validators import masquer_nir, valider_nir

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class RattachementQuerySet(ActivesQuerySetMixin, models.QuerySet["Rattachement"]):
    pass


class PersonneQuerySet(models.QuerySet["Personne"]):
    def visible_by(self, user: Utilisateur | AnonymousUser) -> PersonneQuerySet:
        """The people whose file ``user`` may open (DESIGN.md persona table, rule DP-2).

        - agents of a site: people living in a commune the site serves, or attached to the site
          (territory-wide assignments: every site of the territory);
        - partners: people attached to their organisation (designation on a pathway);
        - anyone: people on whom she holds an unexpired explicit grant (guardian).
        Functional administrators and council members see no file through this path.
        ``social.permissions.can_view_personne`` is the same rule for one object; a property test keeps
        the two in agreement.
        """
        from social.perimetre import perimetre_de

        if not user.is_authenticated or not user.is_active:
            return self.none()
        perimetre = perimetre_de(user)
        aujourd_hui = timezone.localdate()
        condition = Q(
            Exists(
                PersonneUserObjectPermission.objects.filter(
                    content_object=OuterRef("pk"),
                    user_id=user.pk,
                    permission__codename="view_personne",
                ).filter(Q(expire_le__isnull=True) | Q(expire_le__gt=timezone.now()))
            )
        )
        if perimetre.site_ids:
            condition |= Q(
                Exists(
                    Site.communes_desservies.through.objects.filter(
                        commune_id=OuterRef("commune_id"), site_id__in=perimetre.site_ids
                    )
                )
            )
            condition |= Q(
                Exists(
                    Rattachement.objects.actives(aujourd_hui).filter(
                        personne_id=OuterRef("pk"), site_id__in=perimetre.site_ids
                    )
                )
            )
        if perimetre.organisation_ids:
            condition |= Q(
                Exists(
                    Rattachement.objects.actives(aujourd_hui).filter(
                        personne_id=OuterRef("pk"), organisation_id__in=perimetre.organisation_ids
                    )
                )
            )
        return self.filter(condition)


# The child-protection fields (DP-4): never listed where the person's file is read (its history).
CHAMPS_AIDE_SOCIALE_ENFANCE = frozenset({"confie_ase_avant_majorite", "entretien_autonomie_le"})


class Personne(models.Model):
    """A person known to the département's social services."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nom = models.CharField("nom d'usage", max_length=100)
    nom_naissance = models.CharField("nom de naissance", max_length=100, blank=True)
    prenoms = models.CharField("prénoms", max_length=150)
    date_naissance = models.DateField("date de naissance")
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices, default=Sexe.NON_PRECISE)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    courriel = models.EmailField("courriel", blank=True)
    adresse = models.CharField("adresse", max_length=250, blank=True)
    # PROTECT: communes are reference data; a person's address commune is never deleted under her.
    commune = models.ForeignKey(
        "social.Commune", on_delete=models.PROTECT, related_name="habitants", verbose_name="commune"
    )
    organisme_payeur = models.CharField(
        "organisme payeur", max_length=3, choices=OrganismePayeur.choices, blank=True
    )
    numero_allocataire = models.CharField("numéro d'allocataire CAF/MSA", max_length=20, blank=True)
    # Rule DP-3: stored where a legal basis exists, never shown in full, never a search key.
    nir = models.CharField("NIR", max_length=15, blank=True, validators=[valider_nir])
    consentement_partage = models.BooleanField(
        "accepte le partage d'informations avec les partenaires désignés", default=False
    )
    consentement_sms = models.BooleanField("accepte les rappels par SMS", default=False)
    consentement_date = models.DateField("date du recueil du consentement", null=True, blank=True)
    # Child-protection data (rule DP-4): the two ASE facts the pathways need, nothing more. Read and written
    # by the team of one of the person's pathways only (``parcours.permissions.can_view_ase``), never shown
    # to partners. ASE-1: the right to an accompaniment jeune majeur, and the entretien d'accès à
    # l'autonomie due at 17 (CASF L222-5 5°, L222-5-1).
    # db_default: the bulk generator of the benchmark (demo.generation) inserts people in SQL. Their changes
    # stay in the history (audit) but are left out of the person's page (``CHAMPS_AIDE_SOCIALE_ENFANCE``).
    confie_ase_avant_majorite = models.BooleanField(
        "confié(e) à l'ASE avant sa majorité", default=False, db_default=False
    )
    entretien_autonomie_le = models.DateField(
        "entretien d'accès à l'autonomie tenu le", null=True, blank=True
    )
    # Accent- and case-insensitive text for the trigram search (immutable SQL function of migration 0001).
    recherche = models.GeneratedField(
        expression=models.Func(
            models.F("nom"),
            models.F("nom_naissance"),
            models.F("prenoms"),
            function="proche_texte_recherche",
            output_field=models.TextField(),
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # SET_NULL: the file outlives the account of the agent who created it.
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PersonneQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["recherche"])

    class Meta:
        ordering = ["nom", "prenoms"]
        verbose_name = "personne"
        indexes = [
            models.Index(fields=["date_naissance"], name="personne_naissance_idx"),
            models.Index(fields=["commune"], name="personne_commune_idx"),
            GinIndex(fields=["recherche"], opclasses=["gin_trgm_ops"], name="personne_recherche_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.nom.upper()} {self.prenoms}"

    def clean(self) -> None:
        super().clean()
        if self.date_naissance and self.date_naissance > timezone.localdate():
            raise ValidationError(
                {
                    "date_naissance": ValidationError(
                        "La date de naissance ne peut pas être dans le futur.", code="date_future"
                    )
                }
            )
        if self.date_naissance and self.date_naissance < datetime.date(1890, 1, 1):
            raise ValidationError(
                {
                    "date_naissance": ValidationError(
                        "La date de naissance est invraisemblable.", code="date_ancienne"
                    )
                }
            )

    @property
    def nir_masque(self) -> str:
        return masquer_nir(self.nir)

    def age(self, jour: datetime.date | None = None) -> int:
        jour = jour or timezone.localdate()
        naissance = self.date_naissance
        return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


class Foyer(models.Model):
    """A household: its members and their relationship to the reference person."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "foyer"

    def __str__(self) -> str:
        return f"Foyer {self.public_id}"


class MembreFoyerQuerySet(ActivesQuerySetMixin, models.QuerySet["MembreFoyer"]):
    pass


class MembreFoyer(models.Model):
    foyer = models.ForeignKey(Foyer, on_delete=models.CASCADE, related_name="membres")
    # CASCADE on the membership only: a person's deletion (retention purge) ends her memberships.
    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="appartenances")
    lien = models.CharField("lien avec la personne de référence", max_length=20, choices=LienFoyer.choices)
    date_debut = models.DateField("depuis le", default=timezone.localdate)
    date_fin = models.DateField("jusqu'au", null=True, blank=True)

    objects = MembreFoyerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "membre du foyer"
        verbose_name_plural = "membres du foyer"
        constraints = [
            models.UniqueConstraint(
                fields=["personne"],
                condition=Q(date_fin__isnull=True),
                name="un_seul_foyer_actuel",
                violation_error_message="Cette personne appartient déjà à un foyer.",
            ),
            models.UniqueConstraint(
                fields=["foyer"],
                condition=Q(date_fin__isnull=True, lien=LienFoyer.REFERENCE),
                name="une_seule_personne_de_reference",
                violation_error_message="Ce foyer a déjà une personne de référence.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.personne} ({self.get_lien_display()})"


class Rattachement(models.Model):
    """Where a person's file is followed: a site of the département or a designated partner.

    Pathways (``parcours``) create and end these links through their actions, so that ``social``
    never imports ``parcours`` (dependency rule) while the access model stays one query.
    """

    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="rattachements")
    site = models.ForeignKey(
        "social.Site", on_delete=models.PROTECT, related_name="rattachements", null=True, blank=True
    )
    organisation = models.ForeignKey(
        "social.Organisation", on_delete=models.PROTECT, related_name="rattachements", null=True, blank=True
    )
    motif = models.CharField("motif", max_length=200, blank=True)
    date_debut = models.DateField("début", default=timezone.localdate)
    date_fin = models.DateField("fin", null=True, blank=True)

    objects = RattachementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "rattachement"
        constraints = [
            models.CheckConstraint(
                condition=(Q(site__isnull=False) & Q(organisation__isnull=True))
                | (Q(site__isnull=True) & Q(organisation__isnull=False)),
                name="rattachement_site_xor_organisation",
                violation_error_message="Un rattachement vise un site ou une organisation, pas les deux.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="rattachement_dates_ordonnees",
                violation_error_message="La date de fin doit suivre la date de début.",
            ),
        ]
        indexes = [
            models.Index(fields=["personne", "site"]),
            models.Index(fields=["personne", "organisation"]),
        ]

    def __str__(self) -> str:
        return f"{self.personne_id} → {self.site or self.organisation}"


class PersonneUserObjectPermission(UserObjectPermissionBase):
    """Explicit, exceptional per-person grant to a user (direct FK, with an expiry)."""

    content_object = models.ForeignKey(Personne, on_delete=models.CASCADE)
    expire_le = models.DateTimeField("expire le", null=True, blank=True)
    motif = models.CharField("motif", max_length=200, blank=True)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "autorisation individuelle sur une personne"


class PersonneGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Personne, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = "autorisation de groupe sur une personne"
