"""Real-time events to users' browsers (Channels), sent only after the transaction commits.

Messages carry an event name and ids, never personal data: the browser refetches through the
scoped views (DESIGN.md). Domain actions call ``diffuser``; the WebSocket consumer lives in
``frontend.consumers``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def groupe_utilisateur(utilisateur_id: int) -> str:
    return f"utilisateur.{utilisateur_id}"


def diffuser(*, utilisateur_ids: Iterable[int], evenement: str, objet_ids: Iterable[uuid.UUID] = ()) -> None:
    """Notify these users' open pages of ``evenement`` once the current transaction commits."""
    destinataires = sorted(set(utilisateur_ids))
    message = {"type": "proche.evenement", "evenement": evenement, "ids": [str(i) for i in objet_ids]}

    def envoyer() -> None:
        couche = get_channel_layer()
        if couche is None:
            return
        for utilisateur_id in destinataires:
            async_to_sync(couche.group_send)(groupe_utilisateur(utilisateur_id), message)

    transaction.on_commit(envoyer)
