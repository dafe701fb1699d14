"""The access journal (CNIL délibération 2021-122, rule DP-1): append-only, hash-chained."""

from __future__ import annotations

import hashlib

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

from social.enums import OperationJournal

HASH_INITIAL = "0" * 64


class JournalAccesQuerySet(models.QuerySet["JournalAcces"]):
    def pour_objet(self, public_id: object) -> JournalAccesQuerySet:
        return self.filter(objet_ids__contains=[public_id])


class JournalAcces(models.Model):
    """One row per read or write of personal data; one row per list page with the ids shown.

    No names or NIR: the user's id and the objects' ``public_id`` only. Rows are never updated;
    each carries the hash of the previous row, so ``manage.py verifier_journal`` detects a
    modified, inserted or deleted row. Purged after ``PROCHE_JOURNAL_RETENTION_MOIS``.
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # A plain id, not a foreign key: the journal outlives accounts and is never cascaded.
    utilisateur_id = models.BigIntegerField("utilisateur")
    operation = models.CharField("opération", max_length=20, choices=OperationJournal.choices)
    objet_type = models.CharField("type d'objet", max_length=40)
    objet_ids = ArrayField(models.UUIDField(), verbose_name="identifiants des objets", default=list)
    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    contexte = models.CharField("contexte", max_length=120, blank=True)
    hash_precedent = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = JournalAccesQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = "entrée du journal des accès"
        verbose_name_plural = "journal des accès"
        indexes = [GinIndex(fields=["objet_ids"], name="journal_objets_gin")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.utilisateur_id} {self.operation} {self.objet_type}"

    def calculer_hash(self) -> str:
        contenu = "|".join(
            [
                self.hash_precedent,
                self.created_at.isoformat(),
                str(self.utilisateur_id),
                self.operation,
                self.objet_type,
                ",".join(str(i) for i in self.objet_ids),
                self.ip or "",
                self.contexte,
            ]
        )
        return hashlib.sha256(contenu.encode()).hexdigest()
