"""WebSocket consumers: each signed-in user's pages receive the events addressed to her; a live
session's pages receive that session's events."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from social.temps_reel import groupe_seance, groupe_utilisateur

FERMETURE_NON_AUTHENTIFIE = 4401
FERMETURE_INTROUVABLE = 4404


class NotificationsConsumer(AsyncJsonWebsocketConsumer):
    """``/ws/notifications/``: joins the user's own group; anonymous connections are refused."""

    groupe: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=FERMETURE_NON_AUTHENTIFIE)
            return
        self.groupe = groupe_utilisateur(user.pk)
        await self.channel_layer.group_add(self.groupe, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.groupe is not None:
            await self.channel_layer.group_discard(self.groupe, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # The channel is one-way (server to browser); a ping keeps proxies from closing it.
        if content == {"type": "ping"}:
            await self.send_json({"type": "pong"})

    async def proche_evenement(self, message: dict[str, Any]) -> None:
        await self.send_json({"type": "evenement", "evenement": message["evenement"], "ids": message["ids"]})


@database_sync_to_async
def _seance_visible(user: Any, public_id: str) -> Any:
    """The session if ``user`` may see it (the pages' rule, ``Seance.visible_by``), else None."""
    from instances.models import Seance

    return Seance.objects.visible_by(user).defer("proces_verbal").filter(public_id=public_id).first()


@database_sync_to_async
def _etat(seance: Any) -> dict[str, object]:
    from instances.selectors import etat_direct

    seance.refresh_from_db(fields=["etat", "point_courant"])
    return etat_direct(seance=seance)


class SeanceConsumer(NotificationsConsumer):
    """``/ws/seances/<public_id>/``: a live session's page. Admitted only if the user sees the session
    (its instance's secretariat and chair, its convoked members); anonymous users close with 4401,
    anyone else with 4404 (as a 404: she does not learn the session exists). On connection (and so on
    every reconnection) the page first receives the current state to catch up; the state is read
    after joining the group, so no event falls between the two."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=FERMETURE_NON_AUTHENTIFIE)
            return
        public_id = str(self.scope["url_route"]["kwargs"]["public_id"])
        seance = await _seance_visible(user, public_id)
        if seance is None:
            await self.close(code=FERMETURE_INTROUVABLE)
            return
        self.groupe = groupe_seance(public_id)
        await self.channel_layer.group_add(self.groupe, self.channel_name)
        await self.accept()
        await self.send_json({"type": "etat", **(await _etat(seance))})
