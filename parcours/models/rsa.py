"""The RSA file of a pathway: the right as the CAF/MSA reports it, the orientation decisions and the
contrats d'engagement (DOMAIN.md §1.3 to §1.6, rules RSA-1 to RSA-7 and RSA-16).

The rows are written by ``parcours.actions.rsa``, which checks the pure rules of ``parcours.regles.rsa``
first; the constraints below are the invariants that hold whatever the date (the dated parameters,
such as the 15 weekly hours, are checked by the actions on the relevant day, rule G-1).
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parcours.enums import StatutDroitRsa
from parcours.models.parcours import Parcours
from parcours.regles.enums import (
    FreinOrientation,
    MotifHeuresReduites,
    NiveauQualification,
    ParcoursRsa,
    SituationEmploi,
    Vulnerabilite,
)
from social.enums import OrganismePayeur
from social.models import Utilisateur

# Difficulties of the orientation criteria that are also vulnerabilities extending the joint diagnostic
# of the social parcours to 12 months (CASF D262-65-2-1, rule RSA-6).
FREINS_VULNERABILITES: dict[str, Vulnerabilite] = {
    FreinOrientation.SANTE: Vulnerabilite.SANTE,
    FreinOrientation.LOGEMENT: Vulnerabilite.LOGEMENT,
    FreinOrientation.GARDE_ENFANT: Vulnerabilite.SITUATION_FAMILIALE_GARDE,
    FreinOrientation.AIDANT: Vulnerabilite.AIDANT,
}


class DossierRsa(models.Model):
    """What the département knows of the person's right (from the CAF/MSA flows, RSA-16): its status,
    the « soumis aux droits et devoirs » flag (RSA-7) and the day the information on the opening or
    transfer of the right was received, which starts the 6-week orientation clock (RSA-1)."""

    # CASCADE: the file belongs to the pathway and goes with it (retention purges pathways).
    parcours = models.OneToOneField(Parcours, on_delete=models.CASCADE, related_name="dossier_rsa")
    statut_droit = models.CharField(
        "statut du droit", max_length=1, choices=StatutDroitRsa.choices, help_text="Code CNAF ETATDOSRSA."
    )
    soumis_droits_devoirs = models.BooleanField(
        "soumis aux droits et devoirs",
        default=False,
        help_text="CASF L262-28 ; TOPPERSDRODEVORSA = 1 dans les flux CNAF.",
    )
    information_recue_le = models.DateField(
        "information d'ouverture ou de transfert reçue le",
        help_text="Point de départ du délai d'orientation (CASF D262-65-2).",
    )
    organisme_payeur = models.CharField("organisme payeur", max_length=3, choices=OrganismePayeur.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "dossier RSA"
        verbose_name_plural = "dossiers RSA"

    def __str__(self) -> str:
        return f"Dossier RSA du parcours {self.parcours_id}"


class OrientationRsa(models.Model):
    """One orientation decision (RSA-2): one parcours, its criteria as structured data (arrêté du
    21 novembre 2024), its organisme référent, the decision and notification days. The latest decision
    is the current orientation; its notification starts the 1-month contract clock (RSA-3)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="orientations_rsa")
    parcours_type = models.CharField("parcours", max_length=30, choices=ParcoursRsa.choices)
    # The criteria (arrêté du 21 novembre 2024). Health and housing difficulties are sensitive: never
    # shown to partners (rule DP-2, ``parcours.selectors.fiche_rsa``).
    situation_emploi = models.CharField(
        "situation vis-à-vis de l'emploi", max_length=30, choices=SituationEmploi.choices
    )
    duree_sans_activite_mois = models.PositiveSmallIntegerField(
        "sans activité depuis (mois)", null=True, blank=True
    )
    niveau_qualification = models.CharField(
        "niveau de qualification", max_length=30, choices=NiveauQualification.choices
    )
    beneficiaire_obligation_emploi = models.BooleanField(
        "bénéficiaire de l'obligation d'emploi", default=False
    )
    metier_recherche = models.CharField("métier recherché", max_length=200, blank=True)
    aspirations = models.TextField("aspirations", blank=True)
    freins = ArrayField(
        models.CharField(max_length=20, choices=FreinOrientation.choices),
        verbose_name="difficultés",
        default=list,
        blank=True,
    )
    frein_autre_precision = models.CharField("autre difficulté", max_length=200, blank=True)
    vulnerabilites = ArrayField(
        models.CharField(max_length=30, choices=Vulnerabilite.choices),
        verbose_name="vulnérabilités",
        default=list,
        blank=True,
        help_text="Portent le diagnostic conjoint du parcours social à 12 mois (CASF D262-65-2-1).",
    )
    # PROTECT: an organisation that is the organisme référent of an orientation is kept. Null: the
    # département's own service (the pathway's responsible MDS) is the organisme référent.
    organisme_referent = models.ForeignKey(
        "social.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orientations_rsa",
        verbose_name="organisme référent",
    )
    decidee_le = models.DateField("décidée le")
    notifiee_le = models.DateField("notifiée le")
    motif = models.TextField("motif de la réorientation", blank=True)
    # SET_NULL: the decision outlives the account.
    decidee_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "orientation RSA"
        verbose_name_plural = "orientations RSA"
        ordering = ["parcours", "decidee_le", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(notifiee_le__gte=models.F("decidee_le")),
                name="orientation_rsa_notifiee_apres_decision",
                violation_error_message="La notification ne peut pas précéder la décision d'orientation.",
            ),
            models.CheckConstraint(
                condition=~Q(freins__contains=[FreinOrientation.AUTRE]) | ~Q(frein_autre_precision=""),
                name="orientation_rsa_frein_autre_precise",
                violation_error_message="Précisez la difficulté « autre ».",
            ),
        ]
        indexes = [models.Index(fields=["parcours", "decidee_le"], name="orientation_parcours_idx")]

    def __str__(self) -> str:
        return f"{self.get_parcours_type_display()} le {self.decidee_le:%d/%m/%Y}"

    @property
    def vulnerabilites_retenues(self) -> frozenset[Vulnerabilite]:
        """The vulnerabilities recorded, and those the difficulties imply (RSA-6)."""
        retenues = {Vulnerabilite(v) for v in self.vulnerabilites}
        retenues |= {FREINS_VULNERABILITES[f] for f in self.freins if f in FREINS_VULNERABILITES}
        return frozenset(retenues)


class ContratEngagement(models.Model):
    """A contrat d'engagement (CASF L262-34, C. trav. L5411-6): the weekly activity hours, and the
    recorded justification when they are below the default (RSA-4), its action plan."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="contrats_engagement")
    # PROTECT: the orientation a contract follows is part of its legal context (RSA-3). Null: a pathway
    # oriented before the RSA file was kept here.
    orientation = models.ForeignKey(
        OrientationRsa,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contrats",
        verbose_name="orientation",
    )
    signe_le = models.DateField("signé le")
    heures_hebdomadaires = models.DecimalField(
        "heures d'activité par semaine", max_digits=4, decimal_places=1
    )
    justification_motif = models.CharField(
        "motif de la réduction des heures", max_length=30, choices=MotifHeuresReduites.choices, blank=True
    )
    justification_precision = models.TextField("précision du motif", blank=True)
    objectifs = models.TextField("objectifs d'insertion sociale et professionnelle")
    date_fin = models.DateField("fin du contrat", null=True, blank=True)
    # SET_NULL: the contract outlives the account.
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistré le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "contrat d'engagement"
        verbose_name_plural = "contrats d'engagement"
        ordering = ["parcours", "signe_le", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(heures_hebdomadaires__gte=0),
                name="contrat_engagement_heures_positives",
                violation_error_message="Le nombre d'heures d'activité ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gt=models.F("signe_le")),
                name="contrat_engagement_dates_ordonnees",
                violation_error_message="La fin du contrat doit suivre sa signature.",
            ),
            models.CheckConstraint(
                condition=~Q(justification_motif=MotifHeuresReduites.AUTRE) | ~Q(justification_precision=""),
                name="contrat_engagement_motif_autre_precise",
                violation_error_message="Précisez le motif « autre » de la réduction des heures d'activité.",
            ),
        ]
        indexes = [models.Index(fields=["parcours", "signe_le"], name="contrat_parcours_idx")]

    def __str__(self) -> str:
        return f"Contrat d'engagement signé le {self.signe_le:%d/%m/%Y}"
