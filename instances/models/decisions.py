"""The decision on an aid file, in session (one per agenda item) or by delegation (urgent aid), and the
votes that carried it."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from instances.enums import ISSUES_MOTIVEES, FormeAide, IssueDecision, SensVote
from social.models import Utilisateur


class Decision(models.Model):
    """COM-4: accord (amount, form, payee), accord partiel, refus, ajournement (reason, new date).

    ``version`` guards concurrent edits (optimistic concurrency): an update names the version it
    read, and one naming an older version is refused. The minutes and letters (later phase) read the
    outcome, the motivation (G-2), the votes, the signatory and the delegation (G-5) from here."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    demande = models.ForeignKey("instances.DemandeAide", on_delete=models.PROTECT, related_name="decisions")
    # In session: the agenda item. By delegation: none, and the delegation used.
    point = models.OneToOneField(
        "instances.PointOrdreJour", on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    delegation = models.ForeignKey(
        "instances.Delegation", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    # Copied from the delegation on the decision day (G-5: the act and its dates as they stood).
    delegation_acte = models.CharField("acte de délégation", max_length=300, blank=True)
    # An urgent decision is reported to the next session of the competent instance.
    rapportee_a = models.ForeignKey(
        "instances.Seance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_rapportees",
    )
    issue = models.CharField("décision", max_length=20, choices=IssueDecision.choices)
    montant = models.DecimalField("montant accordé", max_digits=10, decimal_places=2, null=True, blank=True)
    forme = models.CharField("forme", max_length=20, choices=FormeAide.choices, blank=True)
    tiers = models.CharField("tiers payé", max_length=200, blank=True)
    motivation = models.TextField("motivation", blank=True)
    motif_ajournement = models.TextField("motif de l'ajournement", blank=True)
    date_reexamen = models.DateField("nouvel examen le", null=True, blank=True)
    decidee_le = models.DateField("décidée le")
    decidee_par = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="signataire",
    )
    votes_pour = models.PositiveSmallIntegerField(default=0)
    votes_contre = models.PositiveSmallIntegerField(default=0)
    abstentions = models.PositiveSmallIntegerField(default=0)
    voix_preponderante = models.BooleanField("adoptée par la voix prépondérante", default=False)
    notifiee_le = models.DateField("notifiée le", null=True, blank=True)
    # The notification letter (G-3), filed in the person's pathway documents; required to notify.
    lettre = models.ForeignKey(
        "parcours.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lettre de notification",
    )
    version = models.PositiveIntegerField("version", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "décision"
        ordering = ["-decidee_le", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(point__isnull=False, delegation__isnull=True)
                | Q(point__isnull=True, delegation__isnull=False),
                name="decision_en_seance_ou_par_delegation",
            ),
            # G-2, also as an invariant of the table.
            models.CheckConstraint(
                condition=~Q(issue__in=ISSUES_MOTIVEES) | ~Q(motivation=""),
                name="decision_negative_motivee",
                violation_error_message="Un refus ou un accord partiel est motivé.",
            ),
            models.CheckConstraint(
                condition=~Q(issue__in=[IssueDecision.ACCORD, IssueDecision.ACCORD_PARTIEL])
                | Q(montant__gt=0),
                name="decision_accord_montant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_issue_display()} – {self.demande_id}"

    @property
    def par_delegation(self) -> bool:
        return self.delegation_id is not None


class Vote(models.Model):
    """A present member's vote on a decision; ``poids`` counts the mandates she holds (COM-2)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    mandat = models.ForeignKey("instances.Mandat", on_delete=models.PROTECT, related_name="votes")
    sens = models.CharField("vote", max_length=20, choices=SensVote.choices)
    poids = models.PositiveSmallIntegerField("voix", default=1)

    class Meta:
        verbose_name = "vote"
        constraints = [models.UniqueConstraint(fields=["decision", "mandat"], name="un_vote_par_membre")]

    def __str__(self) -> str:
        return f"{self.mandat_id}: {self.sens}"
