"""Real-time notifications over WebSockets (Channels; Redis layer when REDIS_URL is set, as on CI)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from frontend.consumers import FERMETURE_NON_AUTHENTIFIE
from frontend.routing import websocket_urlpatterns
from social.temps_reel import diffuser
from tests.conftest import Monde

pytestmark = pytest.mark.django_db(transaction=True)

APPLICATION = URLRouter(websocket_urlpatterns)


def _communicateur(user: object) -> WebsocketCommunicator:
    communicateur = WebsocketCommunicator(APPLICATION, "/ws/notifications/")
    communicateur.scope["user"] = user
    return communicateur


def test_la_couche_de_canaux_est_redis_quand_redis_url_est_defini(settings: object) -> None:
    import os

    attendu = "RedisChannelLayer" if os.environ.get("REDIS_URL") else "InMemoryChannelLayer"
    assert type(get_channel_layer()).__name__ == attendu


def test_un_evenement_atteint_son_destinataire_et_personne_d_autre(monde: Monde) -> None:
    objet = uuid.uuid4()

    async def scenario() -> tuple[dict, bool]:
        destinataire = _communicateur(monde.ts_arras)
        autre = _communicateur(monde.ts_calais)
        assert (await destinataire.connect())[0]
        assert (await autre.connect())[0]
        await get_channel_layer().group_send(  # what diffuser() sends after commit
            f"utilisateur.{monde.ts_arras.pk}",
            {"type": "proche.evenement", "evenement": "orientation.repondue", "ids": [str(objet)]},
        )
        recu = await destinataire.receive_json_from(timeout=5)
        rien_pour_l_autre = await autre.receive_nothing(timeout=0.3)
        await destinataire.disconnect()
        await autre.disconnect()
        return recu, rien_pour_l_autre

    recu, rien_pour_l_autre = async_to_sync(scenario)()
    assert recu == {"type": "evenement", "evenement": "orientation.repondue", "ids": [str(objet)]}
    assert rien_pour_l_autre


def test_diffuser_n_envoie_qu_apres_la_validation_de_la_transaction(monde: Monde) -> None:
    objet = uuid.uuid4()

    def diffuser_dans_une_transaction(*, annulee: bool) -> None:
        with transaction.atomic():
            diffuser(utilisateur_ids=[monde.ts_arras.pk], evenement="parcours.alerte", objet_ids=[objet])
            if annulee:
                transaction.set_rollback(True)

    async def scenario() -> tuple[bool, dict]:
        communicateur = _communicateur(monde.ts_arras)
        assert (await communicateur.connect())[0]
        await sync_to_async(diffuser_dans_une_transaction)(annulee=True)
        rien_si_annulee = await communicateur.receive_nothing(timeout=0.3)
        await sync_to_async(diffuser_dans_une_transaction)(annulee=False)
        recu = await communicateur.receive_json_from(timeout=5)
        await communicateur.disconnect()
        return rien_si_annulee, recu

    rien_si_annulee, recu = async_to_sync(scenario)()
    assert rien_si_annulee
    assert recu == {"type": "evenement", "evenement": "parcours.alerte", "ids": [str(objet)]}


def test_anonyme_refuse() -> None:
    async def scenario() -> tuple[bool, int | None]:
        communicateur = _communicateur(AnonymousUser())
        connecte, code = await communicateur.connect()
        return connecte, code

    connecte, code = async_to_sync(scenario)()
    assert not connecte
    assert code == FERMETURE_NON_AUTHENTIFIE


def test_ping_pong(monde: Monde) -> None:
    async def scenario() -> dict:
        communicateur = _communicateur(monde.ts_arras)
        await communicateur.connect()
        await communicateur.send_json_to({"type": "ping"})
        reponse = await communicateur.receive_json_from(timeout=5)
        await communicateur.disconnect()
        await asyncio.sleep(0)
        return reponse

    assert async_to_sync(scenario)() == {"type": "pong"}
