"""The APA file of a pathway (DOMAIN.md §2, rules APA-1 to APA-11): the request and its completeness
(R232-23), the medico-social evaluation with its AGGIR grid, the plan d'aide with its amounts at home or,
in an establishment, the establishment's tariffs with the computed amounts (APA-9), the decisions and
their notification; a revision adds a new evaluation, plan and decision, the previous
ones are kept (history).

The rows are written by ``parcours.actions.apa`` only. Amounts are frozen when computed (from the dated
parameters in force on the relevant date, rule G-1), so a decision keeps the figures it was taken on.
The AGGIR grid and its trace are health data: ``parcours.selectors_apa`` shows them to medico-social
profiles only (rule DP-2).
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parcours.enums import (
    CasParticipationEtablissement,
    LieuApa,
    OrigineRevisionApa,
    SensDecisionApa,
    TypeAideApa,
    UniteAideApa,
)
from parcours.models.parcours import Parcours
from social.models import Utilisateur

MONTANT = {"max_digits": 10, "decimal_places": 2}


class DossierApa(models.Model):
    """The request: its dates, the acknowledgement with the missing documents (APA-2), the registration
    of the complete file that starts the 2-month decision clock (APA-3), the provisional amount of an
    urgency (APA-5) and the « accord réputé » of a silence (APA-4)."""

    # CASCADE: the file belongs to the pathway and goes with it (retention purges pathways).
    parcours = models.OneToOneField(Parcours, on_delete=models.CASCADE, related_name="dossier_apa")
    demande_le = models.DateField("demande déposée le", help_text="Date de la demande (âge, règle APA-1).")
    recue_le = models.DateField("reçue le", help_text="Réception par le Département (CASF R232-23).")
    lieu = models.CharField("lieu de vie", max_length=20, choices=LieuApa.choices)
    accuse_le = models.DateField("accusé de réception envoyé le", null=True, blank=True)
    pieces_manquantes = ArrayField(
        models.CharField(max_length=200),
        verbose_name="pièces manquantes",
        default=list,
        blank=True,
        help_text="Nombre et nature des pièces manquantes signalés sous 10 jours (CASF R232-23).",
    )
    complet_le = models.DateField(
        "dossier complet enregistré le",
        null=True,
        blank=True,
        help_text="Point de départ du délai de deux mois pour notifier la décision (CASF R232-23).",
    )
    urgence_le = models.DateField("APA d'urgence attribuée le", null=True, blank=True)
    montant_urgence = models.DecimalField(
        "montant provisoire d'urgence",
        null=True,
        blank=True,
        help_text="CASF R232-19 (règle APA-5).",
        **MONTANT,
    )
    accord_repute_le = models.DateField(
        "accord réputé acquis le",
        null=True,
        blank=True,
        help_text="Silence de deux mois après le dossier complet (CASF L232-14, règle APA-4).",
    )
    montant_forfaitaire = models.DecimalField(
        "montant forfaitaire versé jusqu'à la décision", null=True, blank=True, **MONTANT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "dossier APA"
        verbose_name_plural = "dossiers APA"
        constraints = [
            models.CheckConstraint(
                condition=Q(recue_le__gte=models.F("demande_le")),
                name="dossier_apa_recu_apres_demande",
                violation_error_message="La réception ne peut pas précéder la demande.",
            ),
            models.CheckConstraint(
                condition=Q(complet_le__isnull=True) | Q(complet_le__gte=models.F("recue_le")),
                name="dossier_apa_complet_apres_reception",
                violation_error_message="Le dossier ne peut pas être complet avant sa réception.",
            ),
            models.CheckConstraint(
                condition=Q(urgence_le__isnull=True, montant_urgence__isnull=True)
                | Q(urgence_le__isnull=False, montant_urgence__isnull=False),
                name="dossier_apa_urgence_montant",
                violation_error_message="Une APA d'urgence a une date et un montant.",
            ),
        ]

    def __str__(self) -> str:
        return f"Dossier APA du parcours {self.parcours_id}"


class EvaluationApa(models.Model):
    """A medico-social evaluation at home (CASF L232-6): the AGGIR grid as entered (codes, sub-variables
    or the four adverbs), the GIR computed by the official engine with its trace and the version of the
    rule table (AGGIR.md §5). The latest one is current; earlier ones are kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="evaluations_apa")
    evaluee_le = models.DateField("visite d'évaluation le")
    # SET_NULL: the evaluation outlives the account.
    evaluateur = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="évaluateur",
    )
    grille = models.JSONField("grille AGGIR saisie")
    gir = models.PositiveSmallIntegerField("GIR")
    trace = models.JSONField("trace du calcul", help_text="Rang, groupe décisif, scores, codes retenus.")
    version_regles = models.CharField("version de la table de règles AGGIR", max_length=80)
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "évaluation APA"
        verbose_name_plural = "évaluations APA"
        ordering = ["parcours", "evaluee_le", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gir__gte=1, gir__lte=6),
                name="evaluation_apa_gir_1_a_6",
                violation_error_message="Le GIR va de 1 à 6.",
            ),
        ]

    def __str__(self) -> str:
        return f"Évaluation du {self.evaluee_le:%d/%m/%Y} (GIR {self.gir})"


class PlanAide(models.Model):
    """A plan d'aide proposed after an evaluation: its lines, its total, the ceiling of the GIR at the
    date (R232-10, APA-6) and the retained amount, the participation from the resources (R232-11, APA-7,
    couple ÷ 1.7), the APA amount and whether it is paid (threshold D232-31, APA-8)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="plans_aide_apa")
    # PROTECT: the plan is computed on this evaluation's GIR.
    evaluation = models.ForeignKey(
        EvaluationApa, on_delete=models.PROTECT, related_name="plans", verbose_name="évaluation"
    )
    propose_le = models.DateField("proposé le", help_text="Date des plafonds et barèmes appliqués.")
    gir = models.PositiveSmallIntegerField("GIR")
    ressources_mensuelles = models.DecimalField("ressources mensuelles déclarées", **MONTANT)
    couple = models.BooleanField("ressources d'un couple", default=False)
    montant_plan = models.DecimalField("montant du plan proposé", **MONTANT)
    plafond = models.DecimalField("plafond du GIR à la date", **MONTANT)
    montant_retenu = models.DecimalField("montant du plan retenu", **MONTANT)
    participation = models.DecimalField("participation de la personne", **MONTANT)
    montant_apa = models.DecimalField("montant mensuel de l'APA", **MONTANT)
    seuil_versement = models.DecimalField("seuil de versement", **MONTANT)
    verse = models.BooleanField("versée", help_text="Non versée sous le seuil (CASF D232-31, règle APA-8).")
    # SET_NULL: the plan outlives the account.
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistré le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "plan d'aide APA"
        verbose_name_plural = "plans d'aide APA"
        ordering = ["parcours", "propose_le", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_retenu__lte=models.F("plafond"))
                & Q(montant_retenu__lte=models.F("montant_plan")),
                name="plan_aide_retenu_plafonne",
                violation_error_message="Le plan retenu ne peut pas dépasser le plafond du GIR (APA-6).",
            ),
            models.CheckConstraint(
                condition=Q(gir__gte=1, gir__lte=4),
                name="plan_aide_gir_1_a_4",
                violation_error_message="Un plan d'aide APA concerne les GIR 1 à 4.",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan d'aide du {self.propose_le:%d/%m/%Y}"

    @property
    def plafonne(self) -> bool:
        return self.montant_plan > self.plafond


class LignePlanAide(models.Model):
    """One help of the plan: its type, a quantity per month and a unit price (the monthly amount is their
    product, rounded to the cent)."""

    plan = models.ForeignKey(PlanAide, on_delete=models.CASCADE, related_name="lignes")
    type_aide = models.CharField("type d'aide", max_length=40, choices=TypeAideApa.choices)
    precision = models.CharField("précision", max_length=200, blank=True)
    quantite = models.DecimalField("quantité par mois", max_digits=8, decimal_places=2)
    unite = models.CharField("unité", max_length=20, choices=UniteAideApa.choices)
    prix_unitaire = models.DecimalField("prix unitaire", **MONTANT)
    montant_mensuel = models.DecimalField("montant mensuel", **MONTANT)

    class Meta:
        verbose_name = "ligne du plan d'aide"
        verbose_name_plural = "lignes du plan d'aide"
        ordering = ["plan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantite__gt=0) & Q(prix_unitaire__gte=0),
                name="ligne_plan_aide_positive",
                violation_error_message="La quantité doit être positive et le prix ne peut pas être négatif.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_aide_display()} : {self.montant_mensuel} €"


class PropositionEtablissementApa(models.Model):
    """In an establishment, what the decision is taken on instead of a plan d'aide (CASF R232-19, rule
    APA-9): the establishment's monthly dependency tariffs (the one of the resident's GIR, 1-2 or 3-4,
    and the GIR 5-6 one), the monthly resources (a couple's divided by 2), the participation and the APA
    amount computed by ``parcours.apa.calculs.apa_etablissement`` with the parameters in force on
    ``calculee_au`` (the day the rights open, R232-23), and frozen: a later revaluation of the MTP does
    not change them. The latest one is current; earlier ones are kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(
        Parcours, on_delete=models.CASCADE, related_name="propositions_etablissement_apa"
    )
    # PROTECT: the amounts are computed on this evaluation's GIR.
    evaluation = models.ForeignKey(
        EvaluationApa,
        on_delete=models.PROTECT,
        related_name="propositions_etablissement",
        verbose_name="évaluation",
    )
    propose_le = models.DateField("calculée le")
    calculee_au = models.DateField(
        "barème appliqué au",
        help_text="Date des paramètres appliqués : ouverture des droits (dossier complet, CASF R232-23) "
        "pour une première demande, date du calcul pour une révision.",
    )
    etablissement = models.CharField("établissement", max_length=200, blank=True)
    gir = models.PositiveSmallIntegerField("GIR")
    tarif_gir = models.DecimalField(
        "tarif dépendance mensuel du GIR de la personne", help_text="GIR 1-2 ou GIR 3-4.", **MONTANT
    )
    tarif_gir_5_6 = models.DecimalField("tarif dépendance mensuel GIR 5-6", **MONTANT)
    ressources_mensuelles = models.DecimalField("ressources mensuelles déclarées", **MONTANT)
    couple = models.BooleanField("ressources d'un couple", default=False)
    ressources_retenues = models.DecimalField(
        "ressources retenues", help_text="Celles d'un couple divisées par 2.", **MONTANT
    )
    seuil_bas = models.DecimalField("seuil bas du barème à la date", help_text="En part de MTP.", **MONTANT)
    seuil_haut = models.DecimalField("seuil haut du barème à la date", help_text="En part de MTP.", **MONTANT)
    cas = models.CharField("tranche du barème", max_length=20, choices=CasParticipationEtablissement.choices)
    reste_a_vivre_applique = models.BooleanField(
        "participation limitée par le reste à vivre",
        help_text="La participation du barème aurait laissé moins que la part des ressources garantie.",
    )
    participation = models.DecimalField("participation de la personne", **MONTANT)
    montant_apa = models.DecimalField("montant mensuel de l'APA", **MONTANT)
    # SET_NULL: the proposal outlives the account.
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "APA en établissement calculée"
        verbose_name_plural = "APA en établissement calculées"
        ordering = ["parcours", "propose_le", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gir__gte=1, gir__lte=4),
                name="proposition_etablissement_apa_gir_1_a_4",
                violation_error_message="L'APA en établissement concerne les GIR 1 à 4.",
            ),
            models.CheckConstraint(
                condition=Q(tarif_gir_5_6__gte=0) & Q(tarif_gir__gte=models.F("tarif_gir_5_6")),
                name="proposition_etablissement_apa_tarifs_coherents",
                violation_error_message=(
                    "Le tarif du GIR de la personne ne peut pas être inférieur au tarif GIR 5-6."
                ),
            ),
            # R232-19: APA = tarif du GIR − participation, never negative.
            models.CheckConstraint(
                condition=Q(ressources_mensuelles__gte=0)
                & Q(participation__gte=0)
                & Q(montant_apa__gte=0)
                & Q(montant_apa__lte=models.F("tarif_gir")),
                name="proposition_etablissement_apa_montants_positifs",
                violation_error_message=(
                    "Les ressources, la participation et l'APA ne sont pas négatives, et l'APA ne dépasse "
                    "pas le tarif dépendance du GIR."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"APA en établissement calculée le {self.propose_le:%d/%m/%Y}"


class DecisionApa(models.Model):
    """A decision of the PCD (or its delegate) on the file: accord with the amounts of the plan (at home)
    or of the proposal in an establishment (APA-9), or rejet with its written reasons (CRPA L211-2, rule
    G-2), the recourse mentions (APA-11), the notification date and the day the rights open (APA-3). A
    revision's decision replaces the previous one (APA-10)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="decisions_apa")
    sens = models.CharField("sens", max_length=10, choices=SensDecisionApa.choices)
    # PROTECT: a decision keeps the evaluation and the plan (at home) or the proposal in an establishment
    # it was taken on. Neither: a refusal.
    evaluation = models.ForeignKey(
        EvaluationApa, on_delete=models.PROTECT, related_name="decisions", verbose_name="évaluation"
    )
    plan = models.ForeignKey(
        PlanAide,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="plan d'aide",
    )
    proposition_etablissement = models.ForeignKey(
        PropositionEtablissementApa,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="APA en établissement calculée",
    )
    remplace = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remplacee_par",
        verbose_name="décision remplacée",
    )
    gir = models.PositiveSmallIntegerField("GIR")
    montant_plan_retenu = models.DecimalField("plan retenu", null=True, blank=True, **MONTANT)
    participation = models.DecimalField("participation", null=True, blank=True, **MONTANT)
    montant_apa = models.DecimalField("montant mensuel de l'APA", null=True, blank=True, **MONTANT)
    verse = models.BooleanField("versée", default=False)
    motivation = models.TextField("motivation", blank=True)
    voies_recours = models.TextField("voies et délais de recours")
    decidee_le = models.DateField("décidée le")
    # SET_NULL: the decision outlives the account.
    decidee_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    notifiee_le = models.DateField("notifiée le", null=True, blank=True)
    droits_ouverts_le = models.DateField("droits ouverts le", null=True, blank=True)
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "décision APA"
        verbose_name_plural = "décisions APA"
        ordering = ["parcours", "decidee_le", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sens=SensDecisionApa.REJET) | ~Q(motivation=""),
                name="decision_apa_rejet_motive",
                violation_error_message="Un rejet doit être motivé par écrit (CRPA L211-2).",
            ),
            # An accord carries its amounts: those of a plan at home, or those computed in an
            # establishment (R232-19, APA-9), never both.
            models.CheckConstraint(
                condition=~Q(sens=SensDecisionApa.ACCORD)
                | Q(montant_apa__isnull=False, plan__isnull=False, proposition_etablissement__isnull=True)
                | Q(montant_apa__isnull=False, plan__isnull=True, proposition_etablissement__isnull=False),
                name="decision_apa_accord_avec_montants",
                violation_error_message=(
                    "Un accord porte sur un plan d'aide (à domicile) ou sur l'APA calculée en établissement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(plan__isnull=True) | Q(proposition_etablissement__isnull=True),
                name="decision_apa_plan_ou_etablissement",
                violation_error_message=(
                    "Une décision porte sur un plan d'aide ou sur l'APA en établissement, pas les deux."
                ),
            ),
            models.CheckConstraint(
                condition=Q(notifiee_le__isnull=True) | Q(notifiee_le__gte=models.F("decidee_le")),
                name="decision_apa_notifiee_apres_decision",
                violation_error_message="La notification ne peut pas précéder la décision.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_sens_display()} du {self.decidee_le:%d/%m/%Y}"


class RevisionApa(models.Model):
    """The opening of a revision (APA-10): who asked, when, why. The new evaluation, plan and decision
    follow; the previous ones are kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="revisions_apa")
    origine = models.CharField("origine", max_length=20, choices=OrigineRevisionApa.choices)
    ouverte_le = models.DateField("ouverte le")
    motif = models.TextField("motif")
    # SET_NULL: the revision outlives the account.
    ouverte_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "révision APA"
        verbose_name_plural = "révisions APA"
        ordering = ["parcours", "ouverte_le", "created_at", "id"]

    def __str__(self) -> str:
        return f"Révision du {self.ouverte_le:%d/%m/%Y}"
