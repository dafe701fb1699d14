"""Documents filed on a pathway (supporting documents, medical certificates, letters…).

The file itself lives in a private storage (``parcours.documents``: outside any served path, random
names), never behind a URL of its own: it leaves only through the scoped download views, which journal
the access. A deletion is logical (who, when, why) and erases the file from the storage.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from parcours.enums import TYPES_DOCUMENT_SANTE, FormatDocument, TypeDocument
from parcours.models.parcours import Parcours
from social.models import Utilisateur


class DocumentQuerySet(models.QuerySet["Document"]):
    def actifs(self) -> DocumentQuerySet:
        return self.filter(supprime_le__isnull=True)

    def lisibles(self, *, sante: bool, confidentiels: bool) -> DocumentQuerySet:
        """Keep what a viewer may read: health documents only if ``sante`` (medico-social profiles,
        DP-2); confidential ones, and those filed for a referral only (``pour_orientation``: its
        addressee reads them through the referral, need-to-know DP-2), only if ``confidentiels`` (the
        département's staff on the pathway)."""
        queryset = self
        if not sante:
            queryset = queryset.exclude(type_document__in=TYPES_DOCUMENT_SANTE)
        if not confidentiels:
            queryset = queryset.filter(confidentiel=False, pour_orientation=False)
        return queryset


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # CASCADE: a pathway is never deleted in use; if an administrator purges one, its documents go with it.
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="documents")
    type_document = models.CharField("type de document", max_length=30, choices=TypeDocument.choices)
    titre = models.CharField("titre", max_length=200)
    confidentiel = models.BooleanField(
        "confidentiel",
        default=False,
        help_text="Réservé aux agents du Département sur ce parcours, jamais montré aux partenaires.",
    )
    # Filed for one referral to a partner (``PieceJointeOrientation.deposee_pour_orientation``): read by
    # its addressee through the referral only, never by the pathway's designated partners (DP-2);
    # deleted when the referral closes.
    pour_orientation = models.BooleanField(
        "déposé pour une orientation",
        default=False,
        db_default=False,
        editable=False,
        help_text="Transmis au seul partenaire destinataire de l'orientation, supprimé à sa clôture.",
    )
    # Name in the private storage (random); emptied when the document is deleted and its file erased.
    chemin = models.CharField("fichier", max_length=100, blank=True, editable=False)
    format = models.CharField("format détecté", max_length=30, choices=FormatDocument.choices)
    taille = models.PositiveIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    depose_par = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déposé par",
    )
    depose_le = models.DateTimeField("déposé le", auto_now_add=True)
    supprime_par = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="supprimé par",
    )
    supprime_le = models.DateTimeField("supprimé le", null=True, blank=True)
    motif_suppression = models.CharField("motif de la suppression", max_length=300, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document"
        ordering = ["parcours", "-depose_le", "-id"]
        indexes = [models.Index(fields=["parcours", "depose_le"], name="document_parcours_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(supprime_le__isnull=True) | ~Q(motif_suppression=""),
                name="document_suppression_motivee",
                violation_error_message="Une suppression dit pourquoi.",
            ),
            models.CheckConstraint(
                condition=Q(supprime_le__isnull=False) | ~Q(chemin=""),
                name="document_actif_a_un_fichier",
                violation_error_message="Un document actif a son fichier.",
            ),
        ]

    def __str__(self) -> str:
        return self.titre

    @property
    def est_sante(self) -> bool:
        return self.type_document in TYPES_DOCUMENT_SANTE

    @property
    def est_supprime(self) -> bool:
        return self.supprime_le is not None

    @property
    def extension(self) -> str:
        return {FormatDocument.PDF: "pdf", FormatDocument.JPEG: "jpg", FormatDocument.PNG: "png"}[
            FormatDocument(self.format)
        ]
