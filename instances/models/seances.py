"""Sessions of an instance: the state machine and its log, the agenda, the attendance (with mandates)
and the declared conflicts of interest."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone

from instances.enums import EtatSeance, StatutPresence
from parcours.models.parcours import JournalAjoutSeulMixin
from social.models import Utilisateur

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class SeanceQuerySet(models.QuerySet["Seance"]):
    def visible_by(self, user: Utilisateur | AnonymousUser) -> SeanceQuerySet:
        """Sessions of the instances where ``user`` holds an active mandate: every session for the
        secretariat and the chair (who prepare them), the convoked ones for the other members. Nobody
        else (a session lists files: its agenda is read through ``DemandeAide.visible_by``)."""
        from instances.models.demandes import ROLES_GESTION
        from instances.models.referentiel import Mandat

        if not user.is_authenticated or not user.is_active:
            return self.none()
        mandats = list(
            Mandat.objects.actives().filter(utilisateur_id=user.pk).values_list("organe_id", "role")
        )
        gestion = {organe for organe, role in mandats if role in ROLES_GESTION}
        membre = {organe for organe, _ in mandats}
        if not membre:
            return self.none()
        return self.filter(
            Q(organe_id__in=sorted(gestion)) | Q(organe_id__in=sorted(membre), convoquee_le__isnull=False)
        )


class Seance(models.Model):
    """A session of an instance (COM-6): créée → convoquée → ouverte → clôturée → validée → décisions
    notifiées, with the reportée and annulée branches. ``instances.workflows`` holds the table."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organe = models.ForeignKey(
        "instances.Instance", on_delete=models.PROTECT, related_name="seances", verbose_name="instance"
    )
    date = models.DateTimeField("date et heure")
    duree_minutes = models.PositiveSmallIntegerField("durée prévue (minutes)", default=120)
    lieu = models.CharField("lieu", max_length=200)
    etat = models.CharField("état", max_length=20, choices=EtatSeance.choices, default=EtatSeance.CREEE)
    # COM-1: convoked later than the minimum delay only for an urgent case, with its reason.
    urgence_motif = models.TextField("motif d'urgence de la convocation", blank=True)
    # COM-2: reconvened after a session without quorum, it sits without quorum.
    sans_quorum = models.BooleanField("siège sans condition de quorum", default=False)
    convoquee_le = models.DateTimeField("convoquée le", null=True, blank=True)
    sequence_convocation = models.PositiveSmallIntegerField("nombre de convocations envoyées", default=0)
    ouverte_le = models.DateTimeField("ouverte le", null=True, blank=True)
    cloturee_le = models.DateTimeField("clôturée le", null=True, blank=True)
    validee_le = models.DateField("validée le", null=True, blank=True)
    validee_par = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="validée par",
    )
    # Members read the agenda's files until this day (validation + Instance.jours_visibilite).
    visible_jusqu_au = models.DateField("dossiers consultables jusqu'au", null=True, blank=True)
    # The live session (later phase) follows the item under examination.
    point_courant = models.ForeignKey(
        "instances.PointOrdreJour", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The minutes as a PDF, kept in the database (never in public media); served by a scoped view.
    proces_verbal = models.BinaryField("procès-verbal (PDF)", null=True, blank=True, editable=False)
    proces_verbal_le = models.DateTimeField("procès-verbal produit le", null=True, blank=True)
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SeanceQuerySet.as_manager()

    class Meta:
        verbose_name = "séance"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organe", "date"], name="seance_organe_date_idx")]

    def __str__(self) -> str:
        return f"{self.organe} – {timezone.localtime(self.date):%d/%m/%Y %H:%M}"

    @property
    def jour(self) -> datetime.date:
        return timezone.localtime(self.date).date()

    @property
    def fin(self) -> datetime.datetime:
        return self.date + datetime.timedelta(minutes=self.duree_minutes)


class TransitionSeance(JournalAjoutSeulMixin):
    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="transitions")
    depuis = models.CharField("depuis", max_length=20, blank=True)
    vers = models.CharField("vers", max_length=20)
    motif = models.TextField("motif", blank=True)
    acting_user = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        verbose_name = "transition de séance"
        verbose_name_plural = "transitions de séance"
        ordering = ["seance", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.seance_id}: {self.depuis or '∅'} → {self.vers}"


class PointOrdreJour(models.Model):
    """One file on a session's agenda, presented by its rapporteur (COM-3)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="points")
    # PROTECT: an aid file examined in a session stays with its minutes.
    demande = models.ForeignKey("instances.DemandeAide", on_delete=models.PROTECT, related_name="points")
    rapporteur = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rapporteur",
    )
    ordre = models.PositiveSmallIntegerField("ordre")

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["seance", "ordre", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seance", "demande"],
                name="un_point_par_demande_et_seance",
                violation_error_message="Ce dossier est déjà à l'ordre du jour de cette séance.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seance_id} #{self.ordre}"


class Presence(models.Model):
    """A member's attendance at a session; a member represented gives her mandate (procuration) to a
    present member, whose vote then counts for both (COM-2)."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="presences")
    mandat = models.ForeignKey("instances.Mandat", on_delete=models.PROTECT, related_name="presences")
    statut = models.CharField("présence", max_length=20, choices=StatutPresence.choices)
    procuration_a = models.ForeignKey(
        "instances.Mandat",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurations_recues",
        verbose_name="mandat donné à",
    )

    class Meta:
        verbose_name = "présence"
        ordering = ["seance", "mandat"]
        constraints = [
            models.UniqueConstraint(fields=["seance", "mandat"], name="une_presence_par_membre"),
            models.CheckConstraint(
                condition=Q(statut=StatutPresence.REPRESENTE, procuration_a__isnull=False)
                | (~Q(statut=StatutPresence.REPRESENTE) & Q(procuration_a__isnull=True)),
                name="procuration_si_represente",
                violation_error_message="Un membre représenté donne son mandat à un membre présent.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandat_id}: {self.statut}"


class ConflitInteret(models.Model):
    """A member's declared personal interest in a file (COM-3): she neither sees it nor votes on it."""

    point = models.ForeignKey(PointOrdreJour, on_delete=models.CASCADE, related_name="conflits")
    mandat = models.ForeignKey("instances.Mandat", on_delete=models.PROTECT, related_name="conflits")
    motif = models.TextField("motif", blank=True)
    declare_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "conflit d'intérêts"
        verbose_name_plural = "conflits d'intérêts"
        constraints = [
            models.UniqueConstraint(fields=["point", "mandat"], name="un_conflit_par_membre_et_point")
        ]

    def __str__(self) -> str:
        return f"{self.point_id}: {self.mandat_id}"
