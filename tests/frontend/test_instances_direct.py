"""The live session's pages, persona by persona: the secretariat and the chair conduct it (attendance,
opening with the quorum, current file, decisions with votes, closing); the session's members follow
it; everyone else does not learn it exists (404). Concurrent edits of a decision are refused with a
French message, the typed input kept."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from instances.actions import seance_point_courant_definir
from instances.enums import EtatSeance, IssueDecision, StatutPresence
from instances.models import Decision, Seance
from tests.conftest import client_de
from tests.frontend.outils import document, texte, trouver_tous
from tests.instances.fabriques import Conseils, conseils, seance_ouverte

pytestmark = pytest.mark.django_db
__all__ = ["conseils"]

MOTIVATION = "Les ressources du foyer dépassent le barème du règlement."


def _user(conseils: Conseils, persona: str | None) -> Any:
    if persona is None:
        return None
    if persona in ("secretaire", "presidente"):
        return getattr(conseils, persona)
    if persona == "membre_partenaire":
        return conseils.partenaire.utilisateur
    return getattr(conseils.monde, persona)


def _statut(reponse: Any) -> int:
    if reponse.status_code == 302 and reverse("frontend:connexion") in reponse["Location"]:
        return 401
    return reponse.status_code


PERSONAS_LECTURE = [
    ("secretaire", 200),
    ("presidente", 200),
    ("elu_arrageois", 200),
    ("membre_partenaire", 200),
    ("elu_calaisis", 404),
    ("ts_arras", 404),
    ("encadrant_arras", 404),
    ("partenaire_ccas_arras", 404),
    (None, 401),
]


@pytest.mark.parametrize("vue", ["frontend:seance_direct", "frontend:seance_direct_etat"])
@pytest.mark.parametrize(("persona", "statut"), PERSONAS_LECTURE)
def test_page_en_direct_par_persona(conseils: Conseils, persona: str | None, statut: int, vue: str) -> None:
    une_seance, points = seance_ouverte(conseils, dossiers=1)
    seance_point_courant_definir(seance=une_seance, point=points[0], acting_user=conseils.secretaire)
    reponse = client_de(_user(conseils, persona)).get(reverse(vue, args=[une_seance.public_id]))
    assert _statut(reponse) == statut
    if statut == 200:
        contenu = texte(document(reponse))
        assert points[0].demande.reference in contenu
        assert "Dossier examiné" in contenu
        # Members see the pseudonymised presentation (the committee is set so), never the name.
        if persona in ("elu_arrageois", "membre_partenaire", "presidente"):
            assert "Martin" not in contenu and "L.M. (né·e en 2004)" in contenu
        conduite = "Enregistrer la décision" in contenu
        assert conduite == (persona in ("secretaire", "presidente") and vue == "frontend:seance_direct")


ACTIONS = [
    ("frontend:seance_direct_presences", {}),
    ("frontend:seance_direct_ouvrir", {}),
    ("frontend:seance_direct_point_courant", {}),
    ("frontend:seance_direct_cloturer", {}),
]


@pytest.mark.parametrize(("vue", "donnees"), ACTIONS)
@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("elu_arrageois", 403),
        ("membre_partenaire", 403),
        ("elu_calaisis", 404),
        ("ts_arras", 404),
        (None, 401),
    ],
)
def test_seuls_secretariat_et_presidence_conduisent_la_seance(
    conseils: Conseils, persona: str | None, statut: int, vue: str, donnees: dict
) -> None:
    une_seance, points = seance_ouverte(conseils, dossiers=1)
    reponse = client_de(_user(conseils, persona)).post(reverse(vue, args=[une_seance.public_id]), donnees)
    assert _statut(reponse) == statut
    reponse = client_de(_user(conseils, persona)).post(
        reverse("frontend:seance_direct_decision", args=[une_seance.public_id, points[0].public_id]),
        {"issue": "refus", "motivation": MOTIVATION},
    )
    assert _statut(reponse) == statut
    assert not Decision.objects.exists()


def _decision_url(une_seance: Seance, point: Any) -> str:
    return reverse("frontend:seance_direct_decision", args=[une_seance.public_id, point.public_id])


def test_g_2_refus_sans_motivation_refuse_sur_la_page(conseils: Conseils) -> None:
    une_seance, points = seance_ouverte(conseils, dossiers=1)
    seance_point_courant_definir(seance=une_seance, point=points[0], acting_user=conseils.secretaire)
    client = client_de(conseils.presidente)
    reponse = client.post(_decision_url(une_seance, points[0]), {"issue": "refus", "motivation": " "})
    assert reponse.status_code == 400
    assert "motiv" in texte(document(reponse)).lower()
    assert not Decision.objects.exists()
    reponse = client.post(
        _decision_url(une_seance, points[0]),
        {
            "issue": "refus",
            "motivation": MOTIVATION,
            f"vote_{conseils.president.pk}": "pour",
            f"vote_{conseils.elu.pk}": "contre",
        },
    )
    assert reponse.status_code == 302
    decision = Decision.objects.get()
    assert (decision.issue, decision.motivation, decision.version) == (IssueDecision.REFUS, MOTIVATION, 1)
    # Tie (1 for, 1 against): the chair's vote carries it.
    assert decision.voix_preponderante
    page = texte(document(client_de(conseils.monde.elu_arrageois).get(reponse["Location"])))
    assert "Refus" in page and MOTIVATION in page


def test_deux_personnes_sur_la_meme_decision_ne_s_ecrasent_pas(conseils: Conseils) -> None:
    une_seance, points = seance_ouverte(conseils, dossiers=1)
    seance_point_courant_definir(seance=une_seance, point=points[0], acting_user=conseils.secretaire)
    url = _decision_url(une_seance, points[0])
    assert (
        client_de(conseils.secretaire).post(url, {"issue": "refus", "motivation": MOTIVATION}).status_code
        == 302
    )
    # Both read version 1; the secretariat saves first, then the chair's save (version 1) is refused.
    premiere = {
        "issue": "ajournement",
        "motif_ajournement": "Pièce manquante.",
        "date_reexamen": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "version": "1",
    }
    assert client_de(conseils.secretaire).post(url, premiere).status_code == 302
    seconde = {"issue": "refus", "motivation": "Motivation tapée par la présidente.", "version": "1"}
    reponse = client_de(conseils.presidente).post(url, seconde)
    assert reponse.status_code == 409
    contenu = texte(document(reponse))
    assert "Une autre personne a modifié cette décision pendant votre saisie" in contenu
    assert "Motivation tapée par la présidente." in reponse.content.decode()  # nothing lost
    assert 'name="version" value="2"' in reponse.content.decode()
    decision = Decision.objects.get()
    assert (decision.issue, decision.version) == (IssueDecision.AJOURNEMENT, 2)
    # Saving again, knowingly, replaces it.
    assert client_de(conseils.presidente).post(url, {**seconde, "version": "2"}).status_code == 302
    decision.refresh_from_db()
    assert (decision.issue, decision.version) == (IssueDecision.REFUS, 3)


def test_presences_ouverture_dossier_et_cloture_par_la_page(conseils: Conseils) -> None:
    from instances.actions import seance_convoquer
    from tests.instances.fabriques import demande, inscrire, parcours_de, seance

    une_seance = seance(conseils)
    point = inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
    seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    client = client_de(conseils.secretaire)
    base = [une_seance.public_id]
    presences = {
        f"statut_{conseils.president.pk}": StatutPresence.PRESENT,
        f"statut_{conseils.elu.pk}": StatutPresence.PRESENT,
        f"statut_{conseils.partenaire.pk}": StatutPresence.REPRESENTE,
        f"procuration_{conseils.partenaire.pk}": str(conseils.elu.pk),
        f"statut_{conseils.secretariat.pk}": StatutPresence.PRESENT,
    }
    assert client.post(reverse("frontend:seance_direct_presences", args=base), presences).status_code == 302
    assert une_seance.presences.get(mandat=conseils.partenaire).procuration_a == conseils.elu
    page = texte(document(client.get(reverse("frontend:seance_direct", args=base))))
    assert "3 membre(s) votant(s) présent(s) ou représenté(s)" in page
    assert "Le quorum est atteint." in page
    assert client.post(reverse("frontend:seance_direct_ouvrir", args=base)).status_code == 302
    une_seance.refresh_from_db()
    assert une_seance.etat == EtatSeance.OUVERTE
    reponse = client.post(
        reverse("frontend:seance_direct_point_courant", args=base), {"point": str(point.public_id)}
    )
    assert reponse.status_code == 302
    une_seance.refresh_from_db()
    assert une_seance.point_courant == point
    refus = {"issue": "refus", "motivation": MOTIVATION}
    assert client.post(_decision_url(une_seance, point), refus).status_code == 302
    assert client.post(reverse("frontend:seance_direct_cloturer", args=base)).status_code == 302
    une_seance.refresh_from_db()
    assert une_seance.etat == EtatSeance.CLOTUREE


def test_sans_quorum_la_page_reporte_la_seance(conseils: Conseils) -> None:
    from instances.actions import seance_convoquer
    from tests.instances.fabriques import demande, inscrire, parcours_de, seance

    une_seance = seance(conseils)
    inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
    seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    client = client_de(conseils.presidente)
    reponse = client.post(reverse("frontend:seance_direct_ouvrir", args=[une_seance.public_id]), follow=True)
    assert "Quorum non atteint" in texte(document(reponse))
    une_seance.refresh_from_db()
    assert une_seance.etat == EtatSeance.REPORTEE


@pytest.mark.parametrize("persona", ["secretaire", "elu_arrageois"])
def test_requetes_de_la_page_en_direct_independantes_du_nombre_de_dossiers(
    conseils: Conseils, persona: str
) -> None:
    comptes = []
    for dossiers in (1, 3):
        une_seance, points = seance_ouverte(conseils, dossiers=dossiers)
        seance_point_courant_definir(seance=une_seance, point=points[0], acting_user=conseils.secretaire)
        for point in points:
            from instances.actions import decision_enregistrer

            decision_enregistrer(
                point=point,
                issue="refus",
                motivation=MOTIVATION,
                version=None,
                acting_user=conseils.secretaire,
            )
        client = client_de(_user(conseils, persona))
        for vue in ("frontend:seance_direct", "frontend:seance_direct_etat"):
            client.get(reverse(vue, args=[une_seance.public_id]))  # session warm-up
            with CaptureQueriesContext(connection) as contexte:
                assert client.get(reverse(vue, args=[une_seance.public_id])).status_code == 200
            comptes.append((vue, len(contexte)))
    assert comptes[:2] == comptes[2:]
    assert dict(comptes[:2]) == REQUETES[persona]


REQUETES = {
    "secretaire": {"frontend:seance_direct": 24, "frontend:seance_direct_etat": 17},
    "elu_arrageois": {"frontend:seance_direct": 18, "frontend:seance_direct_etat": 15},
}


def test_com_3_un_membre_en_conflit_n_a_pas_de_vote_sur_ce_dossier(conseils: Conseils) -> None:
    from instances.actions import conflit_declarer

    une_seance, points = seance_ouverte(conseils, dossiers=2)
    conflit_declarer(point=points[0], mandat=conseils.elu, acting_user=conseils.monde.elu_arrageois)
    client = client_de(conseils.secretaire)
    url = reverse("frontend:seance_direct", args=[une_seance.public_id])
    votes = []
    for point in points:
        seance_point_courant_definir(seance=une_seance, point=point, acting_user=conseils.secretaire)
        contenu = client.get(url).content.decode()
        votes.append(
            (f'name="vote_{conseils.elu.pk}"' in contenu, f'name="vote_{conseils.president.pk}"' in contenu)
        )
    assert votes == [(False, True), (True, True)]
    # The member in conflict follows the session but does not see the file.
    membre = texte(document(client_de(conseils.monde.elu_arrageois).get(url)))
    assert "Dossier non consultable (conflit d'intérêts)" in membre


def test_accord_par_la_page_avec_montant_forme_et_tiers(conseils: Conseils) -> None:
    une_seance, points = seance_ouverte(conseils, dossiers=1)
    seance_point_courant_definir(seance=une_seance, point=points[0], acting_user=conseils.secretaire)
    client = client_de(conseils.secretaire)
    accord = {
        "issue": "accord",
        "montant": "300,00",
        "forme": "paiement_tiers",
        "tiers": "EDF Solidarité",
        f"vote_{conseils.president.pk}": "pour",
        f"vote_{conseils.elu.pk}": "pour",
        f"vote_{conseils.partenaire.pk}": "abstention",
    }
    reponse = client.post(_decision_url(une_seance, points[0]), accord)
    assert reponse.status_code == 302
    decision = Decision.objects.get()
    assert (str(decision.montant), decision.forme, decision.tiers) == (
        "300.00",
        "paiement_tiers",
        "EDF Solidarité",
    )
    assert (decision.votes_pour, decision.votes_contre, decision.abstentions) == (2, 0, 1)
    # The form, reloaded, carries the decision and its version for the next correction.
    contenu = client.get(reverse("frontend:seance_direct", args=[une_seance.public_id])).content.decode()
    assert 'name="version" value="1"' in contenu and 'value="EDF Solidarité"' in contenu


def test_point_courant_hors_de_l_ordre_du_jour_400_et_rien_ne_change(conseils: Conseils) -> None:
    une_seance, points = seance_ouverte(conseils, dossiers=2)
    autre_seance, autres_points = seance_ouverte(conseils, dossiers=1)
    seance_point_courant_definir(seance=une_seance, point=points[0], acting_user=conseils.secretaire)
    adresse = reverse("frontend:seance_direct_point_courant", args=[une_seance.public_id])
    client = client_de(conseils.secretaire)
    for valeur in (str(autres_points[0].public_id), "pas-un-identifiant", ""):
        reponse = client.post(adresse, {"point": valeur})
        assert reponse.status_code == 400
        page = document(reponse)
        assert trouver_tous(page, "a", href="#id_point")  # the error summary links to the field
        une_seance.refresh_from_db()
        assert une_seance.point_courant == points[0]
    assert autre_seance.point_courant is None
    assert client.post(adresse, {"point": str(points[1].public_id)}).status_code == 302
    une_seance.refresh_from_db()
    assert une_seance.point_courant == points[1]
