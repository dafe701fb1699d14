"""The minutes and the notification letters, persona by persona, on the pages and the API: the
secretariat (and the chair) of the instance produce and download them. As every other session-management
route: a member of the instance, who sees the session but may not manage it, gets 403; a user who does
not see the session gets 404; an anonymous user the login page (pages) or 401 (API)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from instances.actions import proces_verbal_produire, seance_valider
from instances.enums import EtatSeance
from instances.models import Decision, Seance
from social.enums import OperationJournal
from social.models import JournalAcces
from tests.conftest import client_de
from tests.instances.fabriques import Conseils, conseils
from tests.instances.fabriques_pdf import SeanceClose, seance_close, texte_pdf

pytestmark = pytest.mark.django_db
__all__ = ["conseils"]

PERSONAS = [
    ("secretaire", 200),
    ("presidente", 200),
    ("elu_arrageois", 403),  # a member of the instance: sees the session, may not manage it
    ("elu_calaisis", 404),
    ("ts_arras", 404),  # the référent of the files
    ("ts_calais", 404),
    ("partenaire_ccas_arras", 404),
    (None, 401),
]


def _user(conseils: Conseils, persona: str | None):  # type: ignore[no-untyped-def]
    if persona is None:
        return None
    if persona in ("secretaire", "presidente"):
        return getattr(conseils, persona)
    return getattr(conseils.monde, persona)


def _statut(reponse) -> int:  # type: ignore[no-untyped-def]
    if reponse.status_code == 302 and reverse("frontend:connexion") in reponse["Location"]:
        return 401
    return reponse.status_code


@pytest.fixture
def close(conseils: Conseils) -> SeanceClose:
    return seance_close(conseils)


@pytest.fixture
def avec_pv(conseils: Conseils, close: SeanceClose) -> SeanceClose:
    proces_verbal_produire(seance=close.seance, acting_user=conseils.secretaire)
    return close


@pytest.mark.parametrize(("persona", "statut"), PERSONAS)
def test_telechargement_du_proces_verbal_par_persona(
    conseils: Conseils, avec_pv: SeanceClose, persona: str | None, statut: int
) -> None:
    cle = {"public_id": avec_pv.seance.public_id}
    client = client_de(_user(conseils, persona))
    page = client.get(reverse("frontend:seance_proces_verbal", kwargs=cle))
    assert _statut(page) == statut
    api = client.get(reverse("api:seance_proces_verbal", kwargs=cle))
    assert api.status_code == statut
    if statut == 200:
        for reponse in (page, api):
            assert reponse["Content-Type"] == "application/pdf"
            assert reponse["Cache-Control"] == "private, no-store"
            assert "attachment" in reponse["Content-Disposition"]
        assert "Procès-verbal de la séance" in texte_pdf(page.content)
        # Each download is a personal read: one journal row naming the people of the agenda.
        personnes = sorted(
            str(p)
            for p in avec_pv.seance.points.values_list("demande__parcours__personne__public_id", flat=True)
        )
        lignes = JournalAcces.objects.filter(
            utilisateur_id=_user(conseils, persona).pk,
            objet_type="personne",
            operation=OperationJournal.CONSULTATION,
        )
        assert [sorted(map(str, ligne.objet_ids)) for ligne in lignes.order_by("id")][-2:] == [
            personnes,
            personnes,
        ]


@pytest.mark.parametrize(("persona", "statut"), [p for p in PERSONAS if p[1] != 200])
def test_production_refusee_hors_secretariat(
    conseils: Conseils, close: SeanceClose, persona: str | None, statut: int
) -> None:
    client = client_de(_user(conseils, persona))
    cle = {"public_id": close.seance.public_id}
    point = {**cle, "point_id": close.refus.point.public_id}  # type: ignore[union-attr]
    for nom, kwargs in (
        ("seance_proces_verbal_produire", cle),
        ("seance_lettre_produire", point),
        ("seance_decisions_notifier", cle),
    ):
        assert _statut(client.post(reverse(f"frontend:{nom}", kwargs=kwargs))) == statut, nom
    api_point = {**cle, "point": close.refus.point.public_id}  # type: ignore[union-attr]
    for nom, kwargs in (
        ("seance_proces_verbal", cle),
        ("seance_lettre", api_point),
        ("seance_notification", cle),
    ):
        assert client.post(reverse(f"api:{nom}", kwargs=kwargs)).status_code == statut, nom
    close.refus.refresh_from_db()
    assert close.refus.lettre_id is None
    assert not Seance.objects.get(pk=close.seance.pk).proces_verbal


def test_secretaire_produit_pv_lettres_puis_notifie_par_les_pages(
    conseils: Conseils, close: SeanceClose
) -> None:
    client = client_de(conseils.secretaire)
    cle = {"public_id": close.seance.public_id}
    page = client.get(reverse("frontend:seance", kwargs=cle))
    assert "Produire le procès-verbal" in page.content.decode()
    assert "Produire la lettre" in page.content.decode()
    # A member of the instance does not see the buttons.
    membre = client_de(conseils.monde.elu_arrageois).get(reverse("frontend:seance", kwargs=cle))
    assert membre.status_code == 200 and "Produire le procès-verbal" not in membre.content.decode()

    client.post(reverse("frontend:seance_proces_verbal_produire", kwargs=cle))
    seance_valider(seance=close.seance, acting_user=conseils.secretaire)
    client.post(
        reverse(
            "frontend:seance_lettre_produire",
            kwargs={**cle, "point_id": close.partiel.point.public_id},  # type: ignore[union-attr]
        )
    )
    # The refusal is missing its letter: notification refused, with the reason.
    reponse = client.post(reverse("frontend:seance_decisions_notifier", kwargs=cle))
    assert reponse.status_code == 302
    textes = [str(m) for m in get_messages(reponse.wsgi_request)]
    assert any("sans sa lettre" in t for t in textes), textes
    assert Seance.objects.get(pk=close.seance.pk).etat == EtatSeance.VALIDEE

    client.post(
        reverse(
            "frontend:seance_lettre_produire",
            kwargs={**cle, "point_id": close.refus.point.public_id},  # type: ignore[union-attr]
        )
    )
    client.post(reverse("frontend:seance_decisions_notifier", kwargs=cle))
    assert Seance.objects.get(pk=close.seance.pk).etat == EtatSeance.NOTIFIEE
    page = client.get(reverse("frontend:seance", kwargs=cle)).content.decode()
    assert "Télécharger le procès-verbal" in page


def test_api_lettre_puis_notification_refusee_sans_toutes_les_lettres(
    conseils: Conseils, avec_pv: SeanceClose
) -> None:
    client = client_de(conseils.secretaire)
    cle = {"public_id": avec_pv.seance.public_id}
    seance_valider(seance=avec_pv.seance, acting_user=conseils.secretaire)
    reponse = client.post(
        reverse("api:seance_lettre", kwargs={**cle, "point": avec_pv.refus.point.public_id})  # type: ignore[union-attr]
    )
    assert reponse.status_code == 201, reponse.content
    decision = Decision.objects.select_related("lettre").get(pk=avec_pv.refus.pk)
    assert reponse.json() == {"decision": str(decision.public_id), "document": str(decision.lettre.public_id)}  # type: ignore[union-attr]

    reponse = client.post(reverse("api:seance_notification", kwargs=cle))
    assert reponse.status_code == 409
    assert reponse.json()["erreur"]["code"] == "lettre_manquante"

    client.post(
        reverse("api:seance_lettre", kwargs={**cle, "point": avec_pv.partiel.point.public_id})  # type: ignore[union-attr]
    )
    reponse = client.post(reverse("api:seance_notification", kwargs=cle))
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["etat"] == EtatSeance.NOTIFIEE
