"""WebSocket consumer: each signed-in user's pages receive the events addressed to her."""

from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from social.temps_reel import groupe_utilisateur

FERMETURE_NON_AUTHENTIFIE = 4401


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
