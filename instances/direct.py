"""The live session's events (Channels): every page following a session (its members, secretariat and
chair) hears, after commit, that something changed; the message names the event and ids only, the
page refetches the scoped fragment. The WebSocket consumer is ``frontend.consumers.SeanceConsumer``."""

from __future__ import annotations

import uuid

from instances.models import Seance
from social.temps_reel import diffuser_groupe, groupe_seance

SEANCE_ETAT = "seance.etat"
SEANCE_POINT_COURANT = "seance.point_courant"
SEANCE_PRESENCES = "seance.presences"
SEANCE_DECISION = "seance.decision"


def seance_diffuser(seance: Seance, evenement: str, *objet_ids: uuid.UUID) -> None:
    """Tell the session's live pages (only them) of ``evenement`` once the transaction commits."""
    diffuser_groupe(
        groupe=groupe_seance(seance.public_id), evenement=evenement, objet_ids=[seance.public_id, *objet_ids]
    )
