"""The shared building blocks of every pathway: action plan, appointments, notes."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from parcours.enums import (
    AxeAccompagnement,
    Confidentialite,
    ModaliteRendezVous,
    ResultatRendezVous,
    StatutAction,
    StatutObjectif,
)
from parcours.models.parcours import Parcours
from social.models import Utilisateur

if TYPE_CHECKING:
    from collections.abc import Collection


class Objectif(models.Model):
    """An objective of the action plan, under an axe (the contrat d'engagement's "plan d'action",
    CASF L262-34)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="objectifs")
    axe = models.CharField("axe", max_length=30, choices=AxeAccompagnement.choices)
    libelle = models.CharField("objectif", max_length=250)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutObjectif.choices, default=StatutObjectif.EN_COURS
    )
    date_echeance = models.DateField("échéance", null=True, blank=True)
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "objectif"
        ordering = ["parcours", "created_at", "id"]

    def __str__(self) -> str:
        return self.libelle


class ActionParcours(models.Model):
    """A concrete step towards an objective, possibly carried by a designated partner."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    objectif = models.ForeignKey(Objectif, on_delete=models.CASCADE, related_name="actions")
    libelle = models.CharField("action", max_length=250)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutAction.choices, default=StatutAction.A_FAIRE
    )
    date_echeance = models.DateField("échéance", null=True, blank=True)
    # PROTECT: an organisation carrying actions is ended, not deleted.
    organisation = models.ForeignKey(
        "social.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_parcours",
        verbose_name="portée par",
    )
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "action"
        ordering = ["objectif", "created_at", "id"]

    def __str__(self) -> str:
        return self.libelle


class RendezVous(models.Model):
    """An appointment of the person with an agent or a partner organisation, and its outcome."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="rendez_vous")
    date_heure = models.DateTimeField("date et heure")
    modalite = models.CharField("modalité", max_length=20, choices=ModaliteRendezVous.choices)
    lieu = models.CharField("lieu", max_length=200, blank=True)
    objet = models.CharField("objet", max_length=200, blank=True)
    # PROTECT: an appointment keeps who it was with (accounts are deactivated, not deleted).
    agent = models.ForeignKey(
        Utilisateur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rendez_vous_parcours",
        verbose_name="avec (agent)",
    )
    organisation = models.ForeignKey(
        "social.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rendez_vous_parcours",
        verbose_name="avec (organisation)",
    )
    resultat = models.CharField(
        "résultat", max_length=20, choices=ResultatRendezVous.choices, default=ResultatRendezVous.A_VENIR
    )
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["parcours", "date_heure", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(modalite=ModaliteRendezVous.PRESENTIEL) | ~Q(lieu=""),
                name="rendez_vous_presentiel_avec_lieu",
                violation_error_message="Indiquez le lieu d'un rendez-vous en présentiel.",
            ),
            models.CheckConstraint(
                condition=Q(agent__isnull=False) | Q(organisation__isnull=False),
                name="rendez_vous_avec_quelqu_un",
                violation_error_message="Indiquez avec qui a lieu le rendez-vous (agent ou organisation).",
            ),
        ]
        indexes = [
            models.Index(fields=["parcours", "resultat", "date_heure"], name="rendez_vous_parcours_idx")
        ]

    def __str__(self) -> str:
        return f"{self.date_heure:%d/%m/%Y %H:%M} ({self.get_modalite_display()})"


def niveaux_notes_lisibles(roles: Collection[str]) -> list[str]:
    """The confidentiality levels of the others' notes a viewer of the pathway may read, given her roles
    on it (``roles_sur_parcours``): the shared ones, and the team's for référent, team member or
    encadrant. Her own notes she always reads. The one rule of ``Note.objects.lisibles_par`` and of the
    timeline's SQL branch (``parcours.selectors_chronologie.branche_notes``)."""
    from parcours.permissions import ROLES_EQUIPE

    niveaux = [Confidentialite.PARTENAIRES.value]
    if set(roles) & ROLES_EQUIPE:
        niveaux.append(Confidentialite.EQUIPE.value)
    return niveaux


class NoteQuerySet(models.QuerySet["Note"]):
    def lisibles_par(self, user: Utilisateur, *, roles: Collection[str]) -> NoteQuerySet:
        """The notes a viewer of the pathway may read (``niveaux_notes_lisibles``): her own, and the
        others' of the levels her roles open."""
        return self.filter(Q(auteur_id=user.pk) | Q(confidentialite__in=niveaux_notes_lisibles(roles)))


class Note(models.Model):
    """A dated note with a confidentiality level. Notes are not edited: a correction is a new note."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="notes")
    # PROTECT: "author only" notes need their author; accounts are deactivated, not deleted.
    auteur = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="notes_parcours")
    texte = models.TextField("note")
    confidentialite = models.CharField(
        "confidentialité", max_length=20, choices=Confidentialite.choices, default=Confidentialite.EQUIPE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "note"
        ordering = ["parcours", "created_at", "id"]
        indexes = [models.Index(fields=["parcours", "created_at"], name="note_parcours_idx")]

    def __str__(self) -> str:
        return f"Note {self.public_id}"
