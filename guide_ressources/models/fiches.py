"""Structures and services of the guide (data·inclusion schema v1), and their publication log.

A structure belongs to a partner ``Organisation`` (null only for a structure imported from another
producer whose SIRET matches no organisation). Its services carry the offer itself: themes, publics,
fees, conditions, documents to bring, contacts, opening hours, accessibility and the eligibility zone.

Field names follow the schema where they exist; the schema's ``id`` is ``identifiant`` (unique with
``source``), and our own ``public_id`` is the opaque identifier of URLs and of the regular API.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from guide_ressources.enums import PUBLIC_TOUS, StatutPublication
from guide_ressources.reglages import code_departement, guide_public, source_locale
from social.models import Utilisateur

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from social.perimetre import Perimetre

# The schema's date range (upstream pydantic model, not expressed in the JSON file).
DATE_MAJ_MINIMALE = datetime.date(2000, 1, 1)
CHAMPS_GENERES = ["recherche", "nom_normalise"]
# Derived from the structure (``texte_structure``), kept by the actions and the import, never edited.
CHAMPS_DERIVES = [*CHAMPS_GENERES, "texte_structure"]


def _generee(fonction: str, *champs: str) -> models.GeneratedField:
    return models.GeneratedField(
        expression=models.Func(
            *(models.F(champ) for champ in champs), function=fonction, output_field=SearchVectorField()
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )


def _nom_normalise() -> models.GeneratedField:
    # Lower case without accents (immutable SQL function of migration 0001): trigram fallback on names.
    return models.GeneratedField(
        expression=models.Func(models.F("nom"), function="guide_texte", output_field=models.TextField()),
        output_field=models.TextField(),
        db_persist=True,
    )


def _coediteur(user_id: int, structure_ref: str) -> Exists:
    """An unexpired explicit co-editor grant (guardian, direct foreign key) on the structure."""
    return Exists(
        StructureUserObjectPermission.objects.filter(
            content_object_id=OuterRef(structure_ref),
            user_id=user_id,
            permission__codename="change_structure",
        ).filter(Q(expire_le__isnull=True) | Q(expire_le__gt=timezone.now()))
    )


def lecteur_du_guide(perimetre: Perimetre) -> bool:
    """Reads every published entry: agents, partners (and anyone when the public guide is on)."""
    return guide_public() or perimetre.est_agent or perimetre.est_partenaire


class FicheQuerySetMixin:
    """Freshness shared by structures and services."""

    def avec_fraicheur(self, seuil: datetime.date):  # type: ignore[no-untyped-def]
        """Annotate ``perimee``: not confirmed since ``seuil`` (today minus the ``guide.fraicheur`` delay)."""
        return self.annotate(  # type: ignore[attr-defined]
            perimee=models.ExpressionWrapper(Q(confirme_le__lt=seuil), output_field=models.BooleanField())
        )

    def perimees(self, seuil: datetime.date):  # type: ignore[no-untyped-def]
        return self.filter(confirme_le__lt=seuil)  # type: ignore[attr-defined]


class Fiche(models.Model):
    """What structures and services share: identifiers, contact, address, freshness, publication."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(
        "source", max_length=100, help_text="Identifiant du producteur de la donnée (data·inclusion)."
    )
    identifiant = models.CharField(
        "identifiant", max_length=250, help_text="Identifiant data·inclusion (« id »), unique par source."
    )
    nom = models.CharField("nom", max_length=150, validators=[MinLengthValidator(3)])
    telephone = models.CharField("téléphone", max_length=50, blank=True)
    courriel = models.EmailField("courriel", max_length=254, blank=True)
    adresse = models.CharField("adresse", max_length=250, blank=True)
    complement_adresse = models.CharField("complément d'adresse", max_length=250, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    code_insee = models.CharField("code INSEE", max_length=5, blank=True)
    commune_nom = models.CharField("commune", max_length=150, blank=True)
    # PROTECT: communes are reference data. Null when the code is outside the département's referential.
    commune = models.ForeignKey(
        "social.Commune", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    horaires_accueil = models.CharField(
        "horaires d'accueil",
        max_length=500,
        blank=True,
        help_text="Format OpenStreetMap opening_hours, par exemple « Mo-Fr 08:30-12:30; PH off ».",
    )
    lien_source = models.URLField("lien vers la source", max_length=2083, blank=True)
    date_maj = models.DateField("date de mise à jour", help_text="Dernière modification chez le producteur.")
    confirme_le = models.DateField(
        "confirmée le", help_text="Dernière confirmation que la fiche est à jour (fraîcheur)."
    )
    statut = models.CharField(
        "publication", max_length=20, choices=StatutPublication.choices, default=StatutPublication.A_MODERER
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # SET_NULL: an entry outlives the account of the partner who created it.
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.nom

    @property
    def est_locale(self) -> bool:
        """Maintained in Proche (editable by its partners), rather than imported from another producer."""
        return self.source == source_locale()

    @property
    def est_publiee(self) -> bool:
        return self.statut == StatutPublication.PUBLIEE

    def clean(self) -> None:
        super().clean()
        erreurs: dict[str, list[ValidationError]] = {}
        if self.date_maj and not DATE_MAJ_MINIMALE <= self.date_maj <= timezone.localdate():
            erreurs.setdefault("date_maj", []).append(
                ValidationError(
                    "La date de mise à jour doit être comprise entre le 01/01/2000 et aujourd'hui.",
                    code="date_maj_hors_bornes",
                )
            )
        for champ, longueur in (("code_postal", 5), ("code_insee", 5)):
            valeur = getattr(self, champ)
            if valeur and (len(valeur) != longueur or not valeur.isalnum()):
                erreurs.setdefault(champ, []).append(
                    ValidationError("Ce code doit comporter 5 caractères.", code="code_invalide")
                )
        if erreurs:
            raise ValidationError(erreurs)


class StructureQuerySet(FicheQuerySetMixin, models.QuerySet["Structure"]):
    def publiees(self) -> StructureQuerySet:
        return self.filter(statut=StatutPublication.PUBLIEE)

    def locales(self) -> StructureQuerySet:
        return self.filter(source=source_locale())

    def visible_by(self, user: Utilisateur | AnonymousUser) -> StructureQuerySet:
        """Structures ``user`` may read (``permissions.can_view_structure`` for one object):
        published ones for guide readers (agents, partners, administrators; anyone when the public
        guide is on), and, whatever their state, those she may edit. Administrators see all."""
        from social.perimetre import perimetre_de

        perimetre = perimetre_de(user)
        if perimetre.est_administrateur:
            return self.all()
        condition = Q(statut=StatutPublication.PUBLIEE) if lecteur_du_guide(perimetre) else Q(pk__in=[])
        if user.is_authenticated and user.is_active:
            condition |= Q(source=source_locale()) & (
                Q(organisation_id__in=perimetre.organisation_ids) | Q(_coediteur(user.pk, "pk"))
            )
        return self.filter(condition)

    def modifiables_par(self, user: Utilisateur | AnonymousUser) -> StructureQuerySet:
        """Structures ``user`` may edit (``permissions.can_edit_structure`` for one object): entries of
        Proche's own source, of her organisations or under an unexpired co-editor grant; every local
        entry for functional administrators. Entries imported from other producers are edited there."""
        from social.perimetre import perimetre_de

        if not user.is_authenticated or not user.is_active:
            return self.none()
        perimetre = perimetre_de(user)
        locales = self.filter(source=source_locale())
        if perimetre.est_administrateur:
            return locales
        return locales.filter(
            Q(organisation_id__in=perimetre.organisation_ids) | Q(_coediteur(user.pk, "pk"))
        )


class Structure(Fiche):
    """A place or body offering services (data·inclusion « structure »)."""

    # PROTECT: an organisation with guide entries is not deleted silently (its entries are withdrawn).
    organisation = models.ForeignKey(
        "social.Organisation",
        on_delete=models.PROTECT,
        related_name="structures_guide",
        null=True,
        blank=True,
        verbose_name="organisation",
    )
    description = models.TextField(
        "description",
        blank=True,
        validators=[MinLengthValidator(5), MaxLengthValidator(10000)],
    )
    siret = models.CharField("SIRET", max_length=14, blank=True)
    site_web = models.URLField("site web", max_length=2083, blank=True)
    accessibilite_lieu = models.URLField(
        "accessibilité du lieu",
        max_length=2083,
        blank=True,
        help_text="Lien vers la fiche Acceslibre du lieu (https://acceslibre.beta.gouv.fr/).",
    )
    reseaux_porteurs = ArrayField(
        models.CharField(max_length=150), verbose_name="réseaux porteurs", default=list, blank=True
    )
    recherche = _generee("guide_vecteur_structure", "nom", "description")

    objects = StructureQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["recherche"])

    class Meta:
        ordering = ["nom"]
        verbose_name = "structure"
        constraints = [
            models.UniqueConstraint(fields=["source", "identifiant"], name="structure_source_identifiant"),
        ]
        indexes = [
            GinIndex(fields=["recherche"], name="structure_recherche_gin"),
            models.Index(fields=["organisation", "statut"], name="structure_organisation_idx"),
            models.Index(fields=["statut", "confirme_le"], name="structure_fraicheur_idx"),
            # The search's semi-join « published structure » (``publies_visibles_par``): an index-only
            # probe per matching service rather than a scan of every structure.
            models.Index(
                fields=["id"], condition=Q(statut=StatutPublication.PUBLIEE), name="structure_publiee_idx"
            ),
        ]


class ServiceQuerySet(FicheQuerySetMixin, models.QuerySet["Service"]):
    def publies(self) -> ServiceQuerySet:
        """Published services of published structures: what the guide shows and exports."""
        return self.filter(statut=StatutPublication.PUBLIEE, structure__statut=StatutPublication.PUBLIEE)

    def visible_by(self, user: Utilisateur | AnonymousUser) -> ServiceQuerySet:
        """Same rule as ``StructureQuerySet.visible_by``: published ones for guide readers, and those
        she may edit whatever their state; every service for functional administrators."""
        from social.perimetre import perimetre_de

        perimetre = perimetre_de(user)
        if perimetre.est_administrateur:
            return self.all()
        condition = (
            Q(statut=StatutPublication.PUBLIEE, structure__statut=StatutPublication.PUBLIEE)
            if lecteur_du_guide(perimetre)
            else Q(pk__in=[])
        )
        if user.is_authenticated and user.is_active:
            condition |= Q(structure__source=source_locale()) & (
                Q(structure__organisation_id__in=perimetre.organisation_ids)
                | Q(_coediteur(user.pk, "structure_id"))
            )
        return self.filter(condition)

    def publies_visibles_par(self, user: Utilisateur | AnonymousUser) -> ServiceQuerySet:
        """``visible_by(user).publies()``, what the search lists: a guide reader sees every published
        service, so the condition is the publication alone, the structure's as a semi-join on its id
        (no join of the structures' rows, no OR); others see their own published entries."""
        from social.perimetre import perimetre_de

        perimetre = perimetre_de(user)
        if perimetre.est_administrateur or lecteur_du_guide(perimetre):
            return self.filter(
                statut=StatutPublication.PUBLIEE,
                structure_id__in=Structure.objects.filter(statut=StatutPublication.PUBLIEE).values("id"),
            )
        return self.visible_by(user).publies()

    def modifiables_par(self, user: Utilisateur | AnonymousUser) -> ServiceQuerySet:
        """Services of the structures ``user`` may edit (``StructureQuerySet.modifiables_par``)."""
        return self.filter(structure__in=Structure.objects.modifiables_par(user))

    def couvrant(
        self, *, code_insee: str, siren_epci: str | None, territoire: str | None, departement: str
    ) -> ServiceQuerySet:
        """Services whose eligibility zone covers the commune: it lists the commune, its EPCI, its
        territory, its département or the whole country. An empty zone (unknown) covers nothing."""
        return self.filter(
            condition_couvrant(
                code_insee=code_insee, siren_epci=siren_epci, territoire=territoire, departement=departement
            )
        )


def condition_couvrant(
    *, code_insee: str, siren_epci: str | None, territoire: str | None, departement: str
) -> Q:
    """The zone condition of ``ServiceQuerySet.couvrant`` (also counted as a facet of the search)."""
    codes = codes_couvrant(code_insee=code_insee, siren_epci=siren_epci, departement=departement)
    condition = Q(zone_codes__overlap=codes)
    if territoire:
        condition |= Q(zone_territoires__contains=[territoire])
    return condition


def codes_couvrant(*, code_insee: str, siren_epci: str | None, departement: str) -> list[str]:
    """The zone codes covering a commune (``condition_couvrant``; the search's SQL uses them too)."""
    codes = [code_insee, departement, "france", "99100"]
    if siren_epci:
        codes.append(siren_epci)
    return codes


def texte_structure(structure: Structure) -> str:
    """What a service's search text holds of its structure (``Service.texte_structure``); the SQL of
    ``textes_structures_rafraichir`` computes the same."""
    return " ".join(texte for texte in (structure.nom, structure.description) if texte)


class Service(Fiche):
    """An offer of a structure (data·inclusion « service »)."""

    # PROTECT: services are withdrawn, not deleted; pathways will point at them.
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="services", verbose_name="structure"
    )
    description = models.TextField(
        "description", validators=[MinLengthValidator(5), MaxLengthValidator(10000)]
    )
    type = models.CharField("type de service", max_length=40, blank=True)
    thematiques = ArrayField(
        models.CharField(max_length=150), verbose_name="thématiques", default=list, blank=True
    )
    publics = ArrayField(models.CharField(max_length=150), verbose_name="publics", default=list, blank=True)
    publics_precisions = models.TextField("précisions sur les publics", blank=True)
    frais = models.CharField("frais", max_length=20, blank=True)
    frais_precisions = models.TextField("précisions sur les frais", blank=True)
    conditions_acces = models.TextField("conditions d'accès", blank=True)
    justificatifs = models.TextField(
        "documents à apporter",
        blank=True,
        help_text="Exportés avec les conditions d'accès (data·inclusion v1 les réunit).",
    )
    contact_nom_prenom = models.CharField("contact (nom et prénom)", max_length=150, blank=True)
    modes_accueil = ArrayField(
        models.CharField(max_length=40), verbose_name="modes d'accueil", default=list, blank=True
    )
    modes_mobilisation = ArrayField(
        models.CharField(max_length=40), verbose_name="modes de mobilisation", default=list, blank=True
    )
    mobilisable_par = ArrayField(
        models.CharField(max_length=40), verbose_name="mobilisable par", default=list, blank=True
    )
    mobilisation_precisions = models.TextField("précisions sur la mobilisation", blank=True)
    lien_mobilisation = models.URLField("lien de mobilisation", max_length=2083, blank=True)
    accessibilite = models.TextField(
        "accessibilité",
        blank=True,
        help_text="Accès en fauteuil, boucle magnétique, langue des signes… (non exporté : propre à Proche).",
    )
    nombre_semaines = models.PositiveIntegerField(
        "nombre de semaines", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    volume_horaire_hebdomadaire = models.FloatField(
        "volume horaire hebdomadaire", null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # Eligibility zone: COG codes (communes, EPCI SIREN, départements, "france", country codes), as in
    # the schema, plus the département's territories of social action (local: exported as their
    # communes). Arrays on the row keep the zone filter one indexed condition (GIN, &&).
    zone_codes = ArrayField(
        models.CharField(max_length=9), verbose_name="zone d'éligibilité (codes)", default=list, blank=True
    )
    zone_territoires = ArrayField(
        models.SlugField(max_length=40),
        verbose_name="zone d'éligibilité (territoires)",
        default=list,
        blank=True,
    )
    # The structure's name and description, copied on the service row so that the search vector holds
    # them (weight D): a word of the structure is one GIN condition on the service, no join
    # (docs/decisions/0003). Kept by ``actions.fiches`` (``textes_structures_rafraichir``) and the import.
    texte_structure = models.TextField("texte de la structure", blank=True, default="", editable=False)
    recherche = _generee("guide_vecteur_service", "nom", "thematiques", "description", "texte_structure")
    nom_normalise = _nom_normalise()

    objects = ServiceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=CHAMPS_DERIVES)

    class Meta:
        ordering = ["nom"]
        verbose_name = "service"
        constraints = [
            models.UniqueConstraint(fields=["source", "identifiant"], name="service_source_identifiant"),
            models.CheckConstraint(
                condition=~Q(publics__contains=[PUBLIC_TOUS]) | Q(publics__len=1),
                name="service_tous_publics_seul",
                violation_error_message="« Tous publics » ne se combine avec aucun autre public.",
            ),
        ]
        indexes = [
            GinIndex(fields=["recherche"], name="service_recherche_gin"),
            GinIndex(fields=["nom_normalise"], opclasses=["gin_trgm_ops"], name="service_nom_trgm"),
            GinIndex(fields=["zone_codes"], name="service_zone_codes_gin"),
            GinIndex(fields=["zone_territoires"], name="service_zone_territoires_gin"),
            GinIndex(fields=["thematiques"], name="service_thematiques_gin"),
            GinIndex(fields=["publics"], name="service_publics_gin"),
            models.Index(fields=["statut", "confirme_le"], name="service_fraicheur_idx"),
        ]

    def clean(self) -> None:
        super().clean()
        if PUBLIC_TOUS in self.publics and len(self.publics) > 1:
            raise ValidationError(
                {
                    "publics": ValidationError(
                        "« Tous publics » ne se combine avec aucun autre public.", code="tous_publics_seul"
                    )
                }
            )

    @property
    def zone_departement(self) -> bool:
        return code_departement() in self.zone_codes


class TransitionPublication(models.Model):
    """The publication log (STYLE 5): who moved which entry from which state to which, and why."""

    # CASCADE: the log goes with its entry (entries are withdrawn, not deleted, in practice).
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, null=True, blank=True, related_name="transitions"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="transitions"
    )
    de = models.CharField("de", max_length=20, choices=StatutPublication.choices, blank=True)
    vers = models.CharField("vers", max_length=20, choices=StatutPublication.choices)
    motif = models.TextField("motif", blank=True)
    # SET_NULL: the log outlives the account.
    acting_user = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "transition de publication"
        verbose_name_plural = "transitions de publication"
        constraints = [
            models.CheckConstraint(
                condition=(Q(structure__isnull=False) & Q(service__isnull=True))
                | (Q(structure__isnull=True) & Q(service__isnull=False)),
                name="transition_structure_xor_service",
            )
        ]

    def __str__(self) -> str:
        return f"{self.de or '–'} → {self.vers}"


class StructureUserObjectPermission(UserObjectPermissionBase):
    """Explicit co-editor grant on a structure and its services (django-guardian, direct foreign key,
    with an expiry). Permission ``change_structure``."""

    content_object = models.ForeignKey(Structure, on_delete=models.CASCADE)
    expire_le = models.DateTimeField("expire le", null=True, blank=True)
    motif = models.CharField("motif", max_length=200, blank=True)
    # SET_NULL: the grant outlives the account of who gave it.
    accorde_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accorde_le = models.DateTimeField("accordée le", default=timezone.now)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "co-éditeur d'une structure"
        verbose_name_plural = "co-éditeurs de structures"


class StructureGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Structure, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = "autorisation de groupe sur une structure"
