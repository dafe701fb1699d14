"""Writing and verifying the access journal."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from social.enums import OperationJournal
from social.models.journal import HASH_INITIAL, JournalAcces

# Serialises journal writers so that each row chains the previous committed one. The lock is
# transaction-scoped: with ATOMIC_REQUESTS it is held until the request commits, which is why
# views record the journal row as their last database write.
_JOURNAL_LOCK_KEY = 6_200_001


@dataclass(frozen=True)
class ContexteAcces:
    """Who reads, from where, through which screen or endpoint (built by the interface layers)."""

    utilisateur_id: int
    ip: str | None
    contexte: str


# No savepoint: the journal row is a page's last write, and a failure to write it fails the whole
# request (its transaction is rolled back); two round trips fewer on every page that reads a file.
@transaction.atomic(savepoint=False)
def journal_enregistrer(
    *,
    acces: ContexteAcces,
    operation: OperationJournal,
    objet_type: str,
    objet_ids: Iterable[uuid.UUID],
) -> JournalAcces:
    """Append one row to the access journal, chained to the previous one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_JOURNAL_LOCK_KEY])
    precedent = JournalAcces.objects.order_by("-id").values_list("hash", flat=True).first()
    ligne = JournalAcces(
        utilisateur_id=acces.utilisateur_id,
        operation=operation,
        objet_type=objet_type,
        objet_ids=list(objet_ids),
        ip=acces.ip,
        contexte=acces.contexte[:120],
        hash_precedent=precedent or HASH_INITIAL,
    )
    ligne.hash = ligne.calculer_hash()
    ligne.save(force_insert=True)
    return ligne
