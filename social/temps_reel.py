"""Real-time events to users' browsers (Channels), sent only after the transaction commits.

Messages carry an event name and ids, never personal data: the browser refetches through the
scoped views (DESIGN.md). Domain actions call ``diffuser`` (a user's own pages) or
``diffuser_groupe`` (every page following one object, e.g. a live session); the WebSocket consumers
live in ``frontend.consumers`` and admit a page to an object's group only after the scoped check.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def groupe_utilisateur(utilisateur_id: int) -> str:
    return f"utilisateur.{utilisateur_id}"


def groupe_seance(public_id: uuid.UUID | str) -> str:
    """The pages following one live session (members, secretariat, chair)."""
    return f"seance.{public_id}"


def _message(evenement: str, objet_ids: Iterable[uuid.UUID]) -> dict[str, object]:
    return {"type": "proche.evenement", "evenement": evenement, "ids": [str(i) for i in objet_ids]}


def diffuser(*, utilisateur_ids: Iterable[int], evenement: str, objet_ids: Iterable[uuid.UUID] = ()) -> None:
    """Notify these users' open pages of ``evenement`` once the current transaction commits."""
    destinataires = sorted(set(utilisateur_ids))
    message = _message(evenement, objet_ids)

    def envoyer() -> None:
        couche = get_channel_layer()
        if couche is None:
            return
        for utilisateur_id in destinataires:
            async_to_sync(couche.group_send)(groupe_utilisateur(utilisateur_id), message)

    transaction.on_commit(envoyer)


def diffuser_groupe(*, groupe: str, evenement: str, objet_ids: Iterable[uuid.UUID] = ()) -> None:
    """Notify the pages joined to ``groupe`` of ``evenement`` once the current transaction commits."""
    message = _message(evenement, list(objet_ids))

    def envoyer() -> None:
        couche = get_channel_layer()
        if couche is not None:
            async_to_sync(couche.group_send)(groupe, message)

    transaction.on_commit(envoyer)
