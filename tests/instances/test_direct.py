"""The live session over Channels (Redis layer when REDIS_URL is set, as on CI): only the users who see
a session join its socket; a decision, the current file, the attendance and the state reach that
session's sockets and no other; a (re)connection first receives the current state.

Transactional tests (the actions commit, their events leave on commit); the test settings give each
xdist worker its own channel prefix, so parallel workers never hear each other."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from frontend.consumers import FERMETURE_INTROUVABLE, FERMETURE_NON_AUTHENTIFIE
from frontend.routing import websocket_urlpatterns
from instances.actions import decision_enregistrer, seance_cloturer, seance_point_courant_definir
from instances.direct import SEANCE_DECISION, SEANCE_ETAT, SEANCE_POINT_COURANT
from instances.enums import EtatSeance, IssueDecision, RoleMembre
from instances.models import Decision, Seance
from tests import factories as f
from tests.instances.fabriques import Conseils, seance_ouverte

pytestmark = pytest.mark.django_db(transaction=True)

APPLICATION = URLRouter(websocket_urlpatterns)
MOTIVATION = "Les ressources du foyer dépassent le barème du règlement."


def _socket(user: Any, seance: Seance) -> WebsocketCommunicator:
    communicateur = WebsocketCommunicator(APPLICATION, f"/ws/seances/{seance.public_id}/")
    communicateur.scope["user"] = user
    return communicateur


def _notifications(user: Any) -> WebsocketCommunicator:
    communicateur = WebsocketCommunicator(APPLICATION, "/ws/notifications/")
    communicateur.scope["user"] = user
    return communicateur


async def _connecter(communicateur: WebsocketCommunicator) -> dict:
    connecte, _ = await communicateur.connect()
    assert connecte
    etat = await communicateur.receive_json_from(timeout=5)
    assert etat["type"] == "etat"
    return etat


def _autre_seance_convoquee(conseils: Conseils, organe: Any) -> Seance:
    return Seance.objects.create(
        organe=organe,
        date=timezone.now() + datetime.timedelta(days=12),
        lieu="Salle 2",
        etat=EtatSeance.CONVOQUEE,
        convoquee_le=timezone.now(),
    )


def _refuser(conseils: Conseils, point: Any, version: int | None = None) -> Decision:
    return decision_enregistrer(
        point=point,
        issue=IssueDecision.REFUS,
        motivation=MOTIVATION,
        version=version,
        acting_user=conseils.presidente,
    )


def test_une_decision_de_la_presidente_atteint_chaque_membre_de_la_seance_et_personne_d_autre(
    conseils: Conseils,
) -> None:
    une_seance, points = seance_ouverte(conseils)
    monde = conseils.monde
    # Another session of the same committee, where the elected member also sits.
    autre_arrageois = _autre_seance_convoquee(conseils, conseils.commission)
    # A session of the Calaisis committee and one of its members.
    membre_calaisis = f.MandatFactory(
        organe=conseils.commission_calais, utilisateur__username="membre.calaisis", role=RoleMembre.ELU
    ).utilisateur
    seance_calaisis = _autre_seance_convoquee(conseils, conseils.commission_calais)

    async def scenario() -> tuple[list[dict], list[bool], Decision]:
        membres = [
            _socket(u, une_seance)
            for u in (
                conseils.presidente,
                conseils.secretaire,
                monde.elu_arrageois,
                conseils.partenaire.utilisateur,
            )
        ]
        ailleurs = [
            _socket(monde.elu_arrageois, autre_arrageois),
            _socket(membre_calaisis, seance_calaisis),
            # Their own notification channels: another council's member, an agent who is not a member.
            _notifications(monde.elu_calaisis),
            _notifications(monde.encadrant_arras),
        ]
        for communicateur in membres + ailleurs[:2]:
            await _connecter(communicateur)
        for communicateur in ailleurs[2:]:
            assert (await communicateur.connect())[0]
        decision = await sync_to_async(_refuser)(conseils, points[0])
        recus = [await c.receive_json_from(timeout=5) for c in membres]
        rien = [await c.receive_nothing(timeout=0.3) for c in ailleurs]
        for communicateur in membres + ailleurs:
            await communicateur.disconnect()
        return recus, rien, decision

    recus, rien, decision = async_to_sync(scenario)()
    attendu = {
        "type": "evenement",
        "evenement": SEANCE_DECISION,
        "ids": [str(une_seance.public_id), str(points[0].public_id), str(decision.public_id)],
    }
    assert recus == [attendu] * 4
    assert rien == [True] * 4


@pytest.mark.parametrize("persona", ["elu_calaisis", "ts_arras", "partenaire_ccas_arras", "membre_calaisis"])
def test_qui_ne_voit_pas_la_seance_est_refuse(conseils: Conseils, persona: str) -> None:
    une_seance, _ = seance_ouverte(conseils, dossiers=1)
    if persona == "membre_calaisis":
        user = f.MandatFactory(
            organe=conseils.commission_calais, utilisateur__username="membre.calaisis", role=RoleMembre.ELU
        ).utilisateur
    else:
        user = getattr(conseils.monde, persona)

    async def scenario() -> tuple[bool, int | None]:
        connecte, code = await _socket(user, une_seance).connect()
        return connecte, code

    assert async_to_sync(scenario)() == (False, FERMETURE_INTROUVABLE)


def test_anonyme_refuse(conseils: Conseils) -> None:
    une_seance, _ = seance_ouverte(conseils, dossiers=1)

    async def scenario() -> tuple[bool, int | None]:
        connecte, code = await _socket(AnonymousUser(), une_seance).connect()
        return connecte, code

    assert async_to_sync(scenario)() == (False, FERMETURE_NON_AUTHENTIFIE)


def test_un_membre_convoque_d_une_seance_seulement_creee_est_refuse(conseils: Conseils) -> None:
    from tests.instances.fabriques import seance

    preparee = seance(conseils)

    async def scenario() -> tuple[tuple[bool, int | None], bool]:
        membre = await _socket(conseils.monde.elu_arrageois, preparee).connect()
        secretariat = _socket(conseils.secretaire, preparee)
        admis, _ = await secretariat.connect()
        await secretariat.disconnect()
        return membre, admis

    membre, secretariat_admis = async_to_sync(scenario)()
    assert membre == (False, FERMETURE_INTROUVABLE)
    assert secretariat_admis


def test_la_reconnexion_rattrape_l_etat_courant(conseils: Conseils) -> None:
    une_seance, points = seance_ouverte(conseils)

    async def scenario() -> tuple[dict, list[dict], dict]:
        membre = _socket(conseils.monde.elu_arrageois, une_seance)
        initial = await _connecter(membre)
        await membre.disconnect()
        # While the member is away: the chair moves to the second file, a decision is recorded then
        # corrected (version 2) on the first.
        await sync_to_async(seance_point_courant_definir)(
            seance=une_seance, point=points[1], acting_user=conseils.presidente
        )
        decision = await sync_to_async(_refuser)(conseils, points[0])
        await sync_to_async(_refuser)(conseils, points[0], version=decision.version)
        retour = _socket(conseils.monde.elu_arrageois, une_seance)
        rattrape = await _connecter(retour)
        # Then she follows again.
        await sync_to_async(seance_point_courant_definir)(
            seance=une_seance, point=points[0], acting_user=conseils.secretaire
        )
        suivants = [await retour.receive_json_from(timeout=5)]
        await retour.disconnect()
        return initial, suivants, {**rattrape, "decision_id": str(decision.public_id)}

    initial, suivants, rattrape = async_to_sync(scenario)()
    assert initial["etat"] == EtatSeance.OUVERTE
    assert initial["point_courant"] is None and initial["decisions"] == []
    assert rattrape["etat"] == EtatSeance.OUVERTE
    assert rattrape["point_courant"] == str(points[1].public_id)
    assert rattrape["decisions"] == [
        {"point": str(points[0].public_id), "decision": rattrape["decision_id"], "version": 2}
    ]
    assert suivants == [
        {
            "type": "evenement",
            "evenement": SEANCE_POINT_COURANT,
            "ids": [str(une_seance.public_id), str(points[0].public_id)],
        }
    ]


def test_la_cloture_est_diffusee_a_la_seance(conseils: Conseils) -> None:
    une_seance, points = seance_ouverte(conseils, dossiers=1)
    _refuser(conseils, points[0])

    async def scenario() -> dict:
        membre = _socket(conseils.monde.elu_arrageois, une_seance)
        await _connecter(membre)
        await sync_to_async(seance_cloturer)(seance=une_seance, acting_user=conseils.secretaire)
        recu = await membre.receive_json_from(timeout=5)
        await membre.disconnect()
        return recu

    assert async_to_sync(scenario)() == {
        "type": "evenement",
        "evenement": SEANCE_ETAT,
        "ids": [str(une_seance.public_id)],
    }
