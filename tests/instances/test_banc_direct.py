"""The live-session bench (``manage.py mesurer_seance_direct``, ADR 0004): its setting up gives each
generated member a real session cookie that the WebSocket stack authenticates and admits to the bench
session, where the chair's decision through the real action reaches them; it refuses to measure
without the shared Redis layer. (The measurement itself, two Daphne processes, runs in ``make bench``.)"""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.core.management import call_command
from django.core.management.base import CommandError

from demo.management.commands.mesurer_seance_direct import MOTIVATION, Command, centile
from frontend.routing import websocket_urlpatterns
from instances.actions import decision_enregistrer
from instances.direct import SEANCE_DECISION
from tests.conftest import Monde
from tests.instances.fabriques import parcours_de, semer_instances

pytestmark = pytest.mark.django_db(transaction=True)


def test_les_membres_du_banc_sont_authentifies_par_leur_cookie_et_recoivent_la_decision(monde: Monde) -> None:
    semer_instances()
    parcours_de(monde)
    seance, point, presidente, cookies = Command().preparer(3)
    application = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))

    async def scenario() -> list[dict]:
        prises = []
        for cookie in cookies:
            prise = WebsocketCommunicator(
                application, f"/ws/seances/{seance.public_id}/", headers=[(b"cookie", cookie.encode())]
            )
            connecte, code = await prise.connect()
            assert connecte, code
            assert (await prise.receive_json_from(timeout=5))["type"] == "etat"
            prises.append(prise)
        await sync_to_async(decision_enregistrer)(
            point=point, issue="refus", motivation=MOTIVATION, version=None, acting_user=presidente
        )
        recus = [await prise.receive_json_from(timeout=5) for prise in prises]
        for prise in prises:
            await prise.disconnect()
        return recus

    recus = async_to_sync(scenario)()
    assert [r["evenement"] for r in recus] == [SEANCE_DECISION] * 3


def test_le_banc_exige_la_couche_redis(settings: object) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("mesurer_seance_direct", membres=2, decisions=1)


def test_centile_au_rang_le_plus_proche() -> None:
    valeurs = [float(v) for v in range(1, 101)]
    assert (centile(valeurs, 50), centile(valeurs, 95), centile([3.0], 95)) == (50.0, 95.0, 3.0)
