"""RSA sanctions « suspension-remobilisation » and reorientation requests (DOMAIN.md §1.8, §1.10, rules
RSA-8 to RSA-14).

A ``ProcedureSanctionRsa`` is an explicit state machine (``EtatSanctionRsa``, table
``parcours.workflows.TRANSITIONS_SANCTION_RSA``): each step is written by one action of
``parcours.actions.rsa_sanctions``, which checks the pure rules of ``parcours.regles.rsa`` and logs a
``PassageSanctionRsa`` (who, when, from, to, why). A ``DemandeReorientationRsa`` is decided by an
encadrant; an acceptance records the new orientation through ``parcours.actions.rsa.rsa_orienter``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parcours.enums import DemandeurReorientation, EtatSanctionRsa, StatutReorientation
from parcours.models.parcours import Parcours
from parcours.models.rsa import DossierRsa, OrientationRsa
from parcours.regles.enums import (
    DeposantRecours,
    IssueRecours,
    MotifManquement,
    NatureDecisionSanction,
    RangManquement,
    SuiteSuppression,
)
from social.models import Utilisateur


class ProcedureSanctionRsa(models.Model):
    """One sanction procedure, from the failure recorded to the lifting or the radiation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # CASCADE: the procedure belongs to the pathway's RSA file.
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="procedures_sanction_rsa")
    dossier = models.ForeignKey(DossierRsa, on_delete=models.CASCADE, related_name="procedures_sanction")
    etat = models.CharField("état", max_length=30, choices=EtatSanctionRsa.choices)
    # 1. The failure (L262-37 I).
    motif = models.CharField("motif du manquement", max_length=30, choices=MotifManquement.choices)
    rang = models.CharField("rang du manquement", max_length=30, choices=RangManquement.choices)
    constate_le = models.DateField("constaté le")
    faits = models.TextField("faits")
    # 2. Observations (L262-37: no sanction before the person could be heard).
    observations_demandees_le = models.DateField("observations demandées le", null=True, blank=True)
    observations_limite = models.DateField("observations attendues jusqu'au", null=True, blank=True)
    observations_recues_le = models.DateField("observations reçues le", null=True, blank=True)
    observations = models.TextField("observations de la personne", blank=True)
    # 3. Équipe pluridisciplinaire (L262-39).
    avis_ep_le = models.DateField("avis de l'équipe pluridisciplinaire le", null=True, blank=True)
    avis_ep = models.TextField("avis de l'équipe pluridisciplinaire", blank=True)
    # 4. Decision (R262-68, R262-68-1, R262-68-6).
    nature = models.CharField(
        "nature de la décision", max_length=20, choices=NatureDecisionSanction.choices, blank=True
    )
    decidee_le = models.DateField("décidée le", null=True, blank=True)
    taux = models.DecimalField("taux", max_digits=4, decimal_places=3, null=True, blank=True)
    duree_mois = models.PositiveSmallIntegerField("durée (mois)", null=True, blank=True)
    debut = models.DateField("sanction du", null=True, blank=True)
    fin = models.DateField("sanction au", null=True, blank=True)
    personnes_foyer = models.PositiveSmallIntegerField("personnes du foyer", null=True, blank=True)
    majoration_isolement = models.BooleanField("majoration pour isolement (L262-9)", default=False)
    motivation = models.TextField("motivation de la décision", blank=True)
    # 5. Notification with the voies et délais de recours (R262-91, G-3, RSA-14).
    notifiee_le = models.DateField("notifiée le", null=True, blank=True)
    recours_limite = models.DateField("recours possible jusqu'au", null=True, blank=True)
    mentions_recours = models.TextField("voies et délais de recours", blank=True)
    # Recours administratif préalable (L262-47, R262-88 to R262-90; RSA-14).
    recours_forme_le = models.DateField("recours formé le", null=True, blank=True)
    recours_depose_par = models.CharField(
        "recours déposé par", max_length=20, choices=DeposantRecours.choices, blank=True
    )
    recours_motifs = models.TextField("motifs du recours", blank=True)
    recours_cra_saisie_le = models.DateField("commission de recours amiable saisie le", null=True, blank=True)
    recours_decision_limite = models.DateField(
        "décision sur le recours attendue jusqu'au", null=True, blank=True
    )
    # The PCD's motivated decision on the recours (R262-89; RSA-14); admitted, the sanction is annulled and
    # every sum withheld since its first day is regularised (RSA-13), whatever a lifting restored before.
    recours_statue_le = models.DateField("décision sur le recours le", null=True, blank=True)
    recours_issue = models.CharField(
        "issue du recours", max_length=20, choices=IssueRecours.choices, blank=True
    )
    recours_decision_motivation = models.TextField("motivation de la décision sur le recours", blank=True)
    recours_decision_mentions = models.TextField(
        "voies et délais de recours contre la décision sur le recours", blank=True
    )
    regularisation = models.DecimalField(
        "sommes à régulariser (sanction annulée)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    # 6. Lifting on compliance (RSA-11).
    mise_en_conformite_le = models.DateField("mise en conformité le", null=True, blank=True)
    levee_le = models.DateField("levée le", null=True, blank=True)
    restitution = models.DecimalField(
        "sommes à restituer", max_digits=10, decimal_places=2, null=True, blank=True
    )
    # 7. After a total suppression of 4 months (RSA-12).
    suite = models.CharField("suite", max_length=40, choices=SuiteSuppression.choices, blank=True)
    radiee_le = models.DateField("radiation le", null=True, blank=True)
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "procédure de sanction RSA"
        verbose_name_plural = "procédures de sanction RSA"
        ordering = ["parcours", "-constate_le", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(taux__isnull=True) | (Q(taux__gt=0) & Q(taux__lte=1)),
                name="sanction_rsa_taux_borne",
                violation_error_message="Le taux est compris entre 0 et 100 %.",
            ),
            models.CheckConstraint(
                condition=Q(decidee_le__isnull=True) | ~Q(motivation=""),
                name="sanction_rsa_decision_motivee",
                violation_error_message="Une décision de sanction est motivée (CRPA L211-2).",
            ),
            models.CheckConstraint(
                condition=Q(recours_statue_le__isnull=True)
                | (~Q(recours_issue="") & ~Q(recours_decision_motivation="")),
                name="sanction_rsa_recours_decision_motivee",
                violation_error_message="Une décision sur un recours a une issue et est motivée (RSA-14).",
            ),
        ]
        indexes = [models.Index(fields=["parcours", "etat"], name="sanction_rsa_parcours_idx")]

    def __str__(self) -> str:
        return f"Procédure de sanction du {self.constate_le:%d/%m/%Y}"

    @property
    def est_terminee(self) -> bool:
        return self.etat in {
            EtatSanctionRsa.LEVEE,
            EtatSanctionRsa.RADIEE,
            EtatSanctionRsa.CLASSEE,
            EtatSanctionRsa.ANNULEE,
        } or (self.etat == EtatSanctionRsa.NOTIFIEE and self.nature == NatureDecisionSanction.REORIENTATION)


class PassageSanctionRsa(models.Model):
    """The transition log of a sanction procedure: who, when, from, to, why (STYLE 5)."""

    procedure = models.ForeignKey(ProcedureSanctionRsa, on_delete=models.CASCADE, related_name="passages")
    depuis = models.CharField("depuis", max_length=30, choices=EtatSanctionRsa.choices, blank=True)
    vers = models.CharField("vers", max_length=30, choices=EtatSanctionRsa.choices)
    le = models.DateField("date d'effet")
    motif = models.TextField("motif", blank=True)
    acting_user = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "étape de procédure de sanction RSA"
        ordering = ["procedure", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.depuis or '∅'} → {self.vers}"


class DemandeReorientationRsa(models.Model):
    """A reorientation request by the référent or the person (CASF L262-31, L262-39), decided by an
    encadrant: accepted, it becomes a new ``OrientationRsa``; refused, with a motivation (G-2)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(
        Parcours, on_delete=models.CASCADE, related_name="demandes_reorientation_rsa"
    )
    demandeur = models.CharField("demandée par", max_length=20, choices=DemandeurReorientation.choices)
    demandee_le = models.DateField("demandée le")
    motifs = models.TextField("motifs de la demande")
    statut = models.CharField(
        "statut", max_length=20, choices=StatutReorientation.choices, default=StatutReorientation.DEMANDEE
    )
    decidee_le = models.DateField("décidée le", null=True, blank=True)
    motivation = models.TextField("motivation de la décision", blank=True)
    # PROTECT: the orientation that answered the request is part of its history.
    orientation = models.ForeignKey(
        OrientationRsa, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decidee_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "demande de réorientation RSA"
        verbose_name_plural = "demandes de réorientation RSA"
        ordering = ["parcours", "-demandee_le", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(statut=StatutReorientation.DEMANDEE) | Q(decidee_le__isnull=False),
                name="reorientation_rsa_decision_datee",
                violation_error_message="Une décision sur la demande est datée.",
            ),
            models.CheckConstraint(
                condition=~Q(statut=StatutReorientation.REFUSEE) | ~Q(motivation=""),
                name="reorientation_rsa_refus_motive",
                violation_error_message="Un refus est motivé (CRPA L211-2).",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande de réorientation du {self.demandee_le:%d/%m/%Y}"
