"""Every session-management endpoint refuses the personas that may not use it, and changes nothing:
a member without the secretariat role (403), a member of another council, a social worker or a
partner (404: the session is out of their scope), an anonymous client (401)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from instances.actions import seance_convoquer
from instances.models import ConflitInteret, Decision, PointOrdreJour, Presence, Seance, TransitionSeance
from tests.conftest import client_de
from tests.instances.fabriques import (
    Conseils,
    conseils,
    demande,
    inscrire,
    parcours_de,
    seance,
    seance_ouverte,
)

pytestmark = pytest.mark.django_db
__all__ = ["conseils"]

PERSONAS = [
    ("elu_arrageois", 403),
    ("elu_calaisis", 404),
    ("ts_arras", 404),
    ("encadrant_arras", 404),
    ("partenaire_ccas_arras", 404),
    (None, 401),
]


# Replaced by a real point of the session: a refused write must be the only thing that stops it.
POINT = "<point de la séance>"


def _etat(une_seance: Seance) -> tuple[object, ...]:
    une_seance.refresh_from_db()
    return (
        une_seance.etat,
        une_seance.point_courant_id,
        TransitionSeance.objects.count(),
        PointOrdreJour.objects.count(),
        Presence.objects.count(),
        Decision.objects.count(),
    )


@pytest.mark.parametrize(("persona", "statut"), PERSONAS)
@pytest.mark.parametrize(
    ("nom", "methode", "corps", "avec_point"),
    [
        ("api:seance_convocation", "post", {}, False),
        ("api:seance_ouverture", "post", None, False),
        ("api:seance_cloture", "post", None, False),
        ("api:seance_validation", "post", None, False),
        ("api:seance_presences", "put", {"presences": []}, False),
        ("api:seance_ordre_du_jour", "post", {"demande": "00000000-0000-0000-0000-000000000000"}, False),
        ("api:seance_point", "delete", None, True),
        ("api:seance_point_courant", "post", {"point": POINT}, False),
        ("api:seance_decision", "put", {"issue": "refus", "motivation": "x", "version": None}, True),
    ],
)
def test_gestion_de_seance_refusee_aux_autres_personas(
    conseils: Conseils,
    persona: str | None,
    statut: int,
    nom: str,
    methode: str,
    corps: dict | None,
    avec_point: bool,
) -> None:
    if nom == "api:seance_point_courant":
        une_seance, points = seance_ouverte(conseils)  # open: only the persona's right stops the move
        point = points[1]
    else:
        une_seance = seance(conseils)
        point = inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
        if nom != "api:seance_convocation":
            seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    avant = _etat(une_seance)
    arguments = {"public_id": une_seance.public_id}
    if avec_point:
        arguments["point"] = point.public_id
    if corps is not None:
        corps = {cle: str(point.public_id) if valeur == POINT else valeur for cle, valeur in corps.items()}
    user = getattr(conseils.monde, persona) if persona else None
    reponse = getattr(client_de(user), methode)(
        reverse(nom, kwargs=arguments), corps, content_type="application/json"
    )
    if nom == "api:seance_convocation" and persona == "elu_arrageois":
        statut = 404  # before the convocation, members do not see the session at all
    assert reponse.status_code == statut, reponse.content
    assert _etat(une_seance) == avant


def test_le_meme_passage_de_point_par_la_presidente_se_voit_dans_l_etat(conseils: Conseils) -> None:
    """The control of the test above: the same request, by who may, changes the snapshot."""
    une_seance, points = seance_ouverte(conseils)
    avant = _etat(une_seance)
    reponse = client_de(conseils.presidente).post(
        reverse("api:seance_point_courant", kwargs={"public_id": une_seance.public_id}),
        {"point": str(points[1].public_id)},
        content_type="application/json",
    )
    assert reponse.status_code == 200, reponse.content
    assert _etat(une_seance) != avant
    assert une_seance.point_courant_id == points[1].pk


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("elu_arrageois", 201),
        ("elu_calaisis", 404),
        ("ts_arras", 404),
        ("partenaire_ccas_arras", 404),
        (None, 401),
    ],
)
def test_declaration_de_conflit_par_persona(conseils: Conseils, persona: str | None, statut: int) -> None:
    une_seance = seance(conseils)
    point = inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
    seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    user = getattr(conseils.monde, persona) if persona else None
    reponse = client_de(user).post(
        reverse("api:seance_conflit", kwargs={"public_id": une_seance.public_id, "point": point.public_id}),
        {"motif": "Lien familial"},
        content_type="application/json",
    )
    assert reponse.status_code == statut, reponse.content
    assert ConflitInteret.objects.count() == (1 if statut == 201 else 0)
    if statut == 201:
        # The declaring member no longer sees the file on the agenda.
        assert reponse.json()["ordre_du_jour"][0]["demande"] is None


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("ts_arras", 403),
        ("encadrant_arras", 403),
        ("ts_calais", 404),
        ("partenaire_ccas_arras", 404),
        (None, 401),
    ],
)
def test_decision_d_urgence_par_persona(conseils: Conseils, persona: str | None, statut: int) -> None:
    urgente = demande(
        parcours_de(conseils.monde), code="secours_urgence_departement", montant="100", urgence=True
    )
    user = getattr(conseils.monde, persona) if persona else None
    reponse = client_de(user).post(
        reverse("api:demande_aide_decision_urgence", kwargs={"public_id": urgente.public_id}),
        {"issue": "accord", "montant": str(Decimal(100)), "forme": "subvention"},
        content_type="application/json",
    )
    assert reponse.status_code == statut, reponse.content
    assert not Decision.objects.exists()


@pytest.mark.parametrize(("persona", "statut"), [("elu_arrageois", 403), ("ts_arras", 403), (None, 401)])
def test_creer_une_seance_par_persona(conseils: Conseils, persona: str | None, statut: int) -> None:
    user = getattr(conseils.monde, persona) if persona else None
    reponse = client_de(user).post(
        reverse("api:seances"),
        {"instance": conseils.commission.pk, "date": "2030-01-10T14:00:00+01:00", "lieu": "Arras"},
        content_type="application/json",
    )
    assert reponse.status_code == statut
    assert not Seance.objects.exists()
