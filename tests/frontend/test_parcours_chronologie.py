"""The pathway page's timeline (C3 of docs/decisions/0002): the 25 newest events over every source, a
link to the full timeline, paginated, exact and in constant queries per page; the appointments still to
record (C4): at most 3 forms on the page, from their own query, and their full list."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.html import Element
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.actions.documents import document_deposer
from parcours.enums import TypeDocument
from parcours.models import Note, Parcours, RendezVous
from parcours.selectors import (
    LIMITE_A_RENSEIGNER,
    LIMITE_CHRONOLOGIE,
    TAILLE_PAGE_CHRONOLOGIE,
    evenements_recents,
)
from social.enums import OperationJournal
from social.models import Personne, Utilisateur
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, lignes_journal, texte, trouver, trouver_tous
from tests.parcours.factories import NoteFactory, RendezVousFactory, TransitionParcoursFactory
from tests.parcours.fichiers import Scene, pdf, scene

pytestmark = pytest.mark.django_db

PERSONAS = {
    "referent": 200,
    "meme_site": 200,
    "encadrant": 200,
    "evaluateur": 200,
    "partenaire": 200,
    "accueil": 403,
    "autre_territoire": 404,
    "partenaire_non_designe": 404,
    "elu": 404,
    "admin": 404,
}


@pytest.fixture
def s(monde: Monde, personne_arras: Personne) -> Scene:
    return scene(monde, personne_arras)


def fiche(s: Scene) -> str:
    return reverse("frontend:parcours_detail", args=[s.parcours.public_id])


def chronologie(s: Scene, page: int | None = None) -> str:
    url = reverse("frontend:parcours_chronologie", args=[s.parcours.public_id])
    return f"{url}?page={page}" if page else url


def a_renseigner(s: Scene) -> str:
    return reverse("frontend:parcours_rendez_vous_a_renseigner", args=[s.parcours.public_id])


def _il_y_a(jours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=jours)


def garnir(s: Scene, n: int) -> None:
    """``n`` events of each of several sources, interleaved in time (notes every day, appointments every
    day and a half, transitions every two days, documents every three)."""
    for i in range(n):
        note = NoteFactory(parcours=s.parcours, auteur=s.referent, texte=f"Note {i}", partagee=bool(i % 2))
        Note.objects.filter(pk=note.pk).update(created_at=_il_y_a(i + 0.1))
        RendezVousFactory(
            parcours=s.parcours, agent=s.referent, honore=True, date_heure=_il_y_a(1.5 * i + 0.2)
        )
        transition = TransitionParcoursFactory(
            parcours=s.parcours, depuis="a_orienter", vers="a_orienter", acting_user=s.referent
        )
        type(transition).objects.filter(pk=transition.pk).update(created_at=_il_y_a(2 * i + 0.3))
        if i % 3 == 0:
            doc = document_deposer(
                parcours=s.parcours,
                type_document=TypeDocument.COURRIER,
                fichier=pdf(),
                titre=f"Courrier {i}",
                acting_user=s.referent,
            )
            type(doc).objects.filter(pk=doc.pk).update(depose_le=_il_y_a(3 * i + 0.4))


def _lis(reponse: HttpResponse) -> list[Element]:
    """The events shown (the pagination's items aside)."""
    section = trouver(document(reponse), "section", aria_labelledby="titre-chronologie")
    return trouver_tous(trouver(section, "ol"), "li")


def test_c3_la_fiche_montre_les_25_plus_recents_et_le_lien(s: Scene) -> None:
    garnir(s, 30)
    reponse = client_de(s.referent).get(fiche(s))
    parcours = Parcours.objects.get(pk=s.parcours.pk)
    tous = evenements_recents(parcours=parcours, user=s.referent, limite=1000)
    assert len(tous) > 100
    affiches = [texte(trouver(li, "strong")) for li in _lis(reponse)]
    assert len(affiches) == LIMITE_CHRONOLOGIE == 25
    assert affiches == [e.titre for e in tous[:25]]
    assert "Voir toute la chronologie" in reponse.content.decode()


def test_pas_de_lien_quand_tout_tient_sur_la_fiche(s: Scene) -> None:
    reponse = client_de(s.referent).get(fiche(s))
    assert "Voir toute la chronologie" not in reponse.content.decode()
    assert _lis(reponse)  # the opening


@pytest.mark.parametrize("lecteur", ["referent", "partenaire"])
def test_la_chronologie_paginee_est_exacte(s: Scene, lecteur: str) -> None:
    garnir(s, 40)
    user: Utilisateur = s.persona(lecteur)
    parcours = Parcours.objects.get(pk=s.parcours.pk)
    attendus = [(e.moment, e.titre) for e in evenements_recents(parcours=parcours, user=user, limite=10_000)]
    lus: list[tuple[datetime.datetime, str]] = []
    client = client_de(user)
    numero = 1
    while True:
        reponse = client.get(chronologie(s, numero))
        assert reponse.status_code == 200
        for li in _lis(reponse):
            moment = datetime.datetime.fromisoformat(dict(trouver(li, "time").attributes)["datetime"] or "")
            lus.append((moment, texte(trouver(li, "strong"))))
        if "Événements plus anciens" not in reponse.content.decode():
            break
        numero += 1
    assert numero == -(-len(attendus) // TAILLE_PAGE_CHRONOLOGIE)
    assert [titre for _moment, titre in lus] == [titre for _moment, titre in attendus]
    assert [moment for moment, _titre in lus] == [moment for moment, _titre in attendus]
    assert client.get(chronologie(s, numero + 1)).status_code == 404


def _requetes(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(url).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def test_nombre_de_requetes_constant_par_page(s: Scene) -> None:
    client = client_de(s.referent)
    peu, fiche_peu = _requetes(client, chronologie(s)), _requetes(client, fiche(s))
    garnir(s, 60)
    assert _requetes(client, chronologie(s)) == peu
    assert _requetes(client, chronologie(s, 3)) == peu
    # And the pathway page itself does not grow with the past either.
    assert _requetes(client, fiche(s)) == fiche_peu


@pytest.mark.parametrize("persona", PERSONAS)
def test_chronologie_complete_par_persona(s: Scene, persona: str) -> None:
    assert client_de(s.persona(persona)).get(chronologie(s)).status_code == PERSONAS[persona]
    assert client_de(s.persona(persona)).get(a_renseigner(s)).status_code == PERSONAS[persona]


def test_anonyme_redirige(s: Scene) -> None:
    for url in (chronologie(s), a_renseigner(s)):
        reponse = Client().get(url)
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))


def test_chronologie_complete_journalisee(s: Scene) -> None:
    avant = len(lignes_journal())
    client_de(s.encadrant).get(chronologie(s))
    (ligne,) = lignes_journal()[avant:]
    assert (ligne.operation, ligne.objet_type, ligne.objet_ids) == (
        OperationJournal.CONSULTATION,
        "personne",
        [s.parcours.personne.public_id],
    )


# Appointments still to record (C3: own query; C4: at most three forms).


def test_c3_un_ancien_rendez_vous_a_renseigner_reste_sur_la_fiche(s: Scene) -> None:
    ancien = RendezVousFactory(parcours=s.parcours, agent=s.referent, date_heure=_il_y_a(400))
    garnir(s, 30)  # hundreds of newer events
    html = client_de(s.referent).get(fiche(s)).content.decode()
    assert f"res-{ancien.public_id}" in html
    assert "Voir tous les rendez-vous à renseigner" not in html


def test_c4_au_plus_trois_formulaires_et_le_lien_vers_la_liste(s: Scene) -> None:
    rdvs = [
        RendezVousFactory(parcours=s.parcours, agent=s.referent, date_heure=_il_y_a(10 - i)) for i in range(5)
    ]
    client = client_de(s.referent)
    html = document(client.get(fiche(s)))
    section = trouver(html, "section", aria_labelledby="titre-resultats")
    formulaires = trouver_tous(section, "form")
    assert len(formulaires) == LIMITE_A_RENSEIGNER == 3
    # The most overdue first.
    assert [f"res-{r.public_id}" in str(section) for r in rdvs] == [True, True, True, False, False]
    lien = trouver(section, "a")
    assert dict(lien.attributes)["href"] == a_renseigner(s)
    assert texte(lien) == "Voir tous les rendez-vous à renseigner"
    liste = document(client.get(a_renseigner(s)))
    assert len(trouver_tous(liste, "form", class_="formulaire")) == 5
    assert len(trouver_tous(liste, "h1")) == 1
    # A partner (not the agent of these appointments, not in the team) gets no form.
    assert not trouver_tous(
        document(client_de(s.partenaire).get(a_renseigner(s))), "form", class_="formulaire"
    )


def test_prochains_rendez_vous_a_venir_par_une_requete_dediee(s: Scene) -> None:
    prochain = RendezVousFactory(parcours=s.parcours, agent=s.referent, lieu="Bureau 12", presentiel=True)
    garnir(s, 30)
    section = texte(
        trouver(document(client_de(s.referent).get(fiche(s))), "section", aria_labelledby="titre-etapes")
    )
    assert prochain.lieu in section
    assert RendezVous.objects.filter(parcours=s.parcours).count() > 30
