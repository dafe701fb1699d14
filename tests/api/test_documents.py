"""API of the pathway documents: list, upload (multipart), download, delete; per persona, in the common
error shape, journaled, with the list's query count the same for 1 and N documents."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from parcours.actions.documents import document_deposer
from parcours.enums import TypeDocument
from parcours.models import Document
from social.enums import OperationJournal
from social.models import Personne, Utilisateur
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.conftest import Monde
from tests.parcours.fichiers import HTML, Scene, fichiers_stockes, pdf, png, scene

pytestmark = pytest.mark.django_db

LECTURE = {
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


def client(user: Utilisateur | None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def _deposer(s: Scene, titre: str, **kwargs: object) -> Document:
    kwargs.setdefault("type_document", TypeDocument.JUSTIFICATIF_RESSOURCES)
    kwargs.setdefault("acting_user", s.referent)
    return document_deposer(parcours=s.parcours, fichier=pdf(), titre=titre, **kwargs)  # type: ignore[arg-type]


def liste(s: Scene) -> str:
    return reverse("api:parcours_documents", args=[s.parcours.public_id])


def fichier(s: Scene, doc: Document) -> str:
    return reverse("api:parcours_document_telecharger", args=[s.parcours.public_id, doc.public_id])


def suppression(s: Scene, doc: Document) -> str:
    return reverse("api:parcours_document_supprimer", args=[s.parcours.public_id, doc.public_id])


@pytest.fixture
def trois(s: Scene) -> dict[str, Document]:
    return {
        "partageable": _deposer(s, "Avis d'imposition"),
        "confidentiel": _deposer(s, "Signalement", confidentiel=True),
        "certificat": _deposer(
            s, "Certificat", type_document=TypeDocument.CERTIFICAT_MEDICAL, acting_user=s.evaluateur
        ),
    }


VOIT = {
    "referent": {"Avis d'imposition", "Signalement"},
    "meme_site": {"Avis d'imposition", "Signalement"},
    "encadrant": {"Avis d'imposition", "Signalement"},
    "evaluateur": {"Avis d'imposition", "Signalement", "Certificat"},
    "partenaire": {"Avis d'imposition"},
}


@pytest.mark.parametrize("persona", LECTURE)
def test_liste_et_telechargement_par_persona(s: Scene, trois: dict[str, Document], persona: str) -> None:
    api = client(s.persona(persona))
    reponse = api.get(liste(s))
    if LECTURE[persona] == 200:
        assert reponse.status_code == 200
        assert {d["titre"] for d in reponse.json()} == VOIT[persona]
    else:
        verifier_erreur(reponse, LECTURE[persona], "interdit" if LECTURE[persona] == 403 else "introuvable")
    for doc in trois.values():
        # Out of scope or a reception agent: as for the list; in scope, a document not hers to read: 404.
        attendu = LECTURE[persona] if LECTURE[persona] != 200 else 200 if doc.titre in VOIT[persona] else 404
        reponse = api.get(fichier(s, doc))
        if reponse.streaming:
            b"".join(reponse.streaming_content)  # type: ignore[attr-defined]  (closes the file)
        assert reponse.status_code == attendu, (persona, doc.titre)
        if attendu == 404:
            verifier_erreur(reponse, 404, "introuvable")


def test_anonyme_401(s: Scene, trois: dict[str, Document]) -> None:
    for url in (liste(s), fichier(s, trois["partageable"])):
        verifier_erreur(client(None).get(url), 401, "non_authentifie")


def test_telechargement_piece_jointe_nosniff_et_journal(s: Scene, trois: dict[str, Document]) -> None:
    doc = trois["confidentiel"]
    depuis = dernier_id_journal()
    reponse = client(s.referent).get(fichier(s, doc))
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Content-Type"] == "application/pdf"
    assert b"".join(reponse.streaming_content) == pdf()  # type: ignore[attr-defined]
    lignes = [(ligne.operation, ligne.objet_type, ligne.objet_ids) for ligne in lignes_journal_depuis(depuis)]
    assert lignes[-1] == (OperationJournal.CONSULTATION, "document", [doc.public_id])
    # Two downloads, two rows.
    depuis = dernier_id_journal()
    b"".join(client(s.referent).get(fichier(s, doc)).streaming_content)  # type: ignore[attr-defined]
    assert [ligne.objet_type for ligne in lignes_journal_depuis(depuis)].count("document") == 1


def test_depot_multipart(s: Scene) -> None:
    reponse = client(s.referent).post(
        liste(s),
        {
            "fichier": SimpleUploadedFile("caf.png", png(), "image/png"),
            "type_document": TypeDocument.COURRIER,
            "titre": "Courrier CAF",
            "confidentiel": "true",
        },
        format="multipart",
    )
    assert reponse.status_code == 201, reponse.content
    corps = reponse.json()
    assert (corps["titre"], corps["format"], corps["confidentiel"], corps["type_document"]) == (
        "Courrier CAF",
        "image/png",
        True,
        "courrier",
    )
    assert Document.objects.get().depose_par == s.referent


@pytest.mark.parametrize(
    ("contenu", "code", "message"),
    [
        (HTML, "format_refuse", "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG."),
        (png(), "extension_trompeuse", None),
        (
            pdf()[:-6] + b" " * (10 * 1024 * 1024) + b"%%EOF\n",
            "fichier_trop_gros",
            "Le fichier dépasse 10 Mo.",
        ),
    ],
    ids=["html", "png-nomme-pdf", "trop-gros"],
)
def test_depot_refuse_400_sur_le_champ_fichier_rien_d_enregistre(
    s: Scene, contenu: bytes, code: str, message: str | None
) -> None:
    avant = fichiers_stockes()
    reponse = client(s.referent).post(
        liste(s),
        {"fichier": SimpleUploadedFile("a.pdf", contenu), "type_document": "autre", "titre": "X"},
        format="multipart",
    )
    erreur = verifier_erreur(reponse, 400, code)
    assert list(erreur["champs"]) == ["fichier"]
    if message:
        assert erreur["message"] == message
    assert not Document.objects.exists() and fichiers_stockes() == avant


def test_depot_champs_manquants(s: Scene) -> None:
    erreur = verifier_erreur(
        client(s.referent).post(liste(s), {}, format="multipart"), 400, "donnees_invalides"
    )
    assert set(erreur["champs"]) == {"fichier", "type_document", "titre"}


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("partenaire", 403),
        ("accueil", 403),
        ("autre_territoire", 404),
        ("partenaire_non_designe", 404),
        ("elu", 404),
    ],
)
def test_depot_refuse_selon_le_role(s: Scene, persona: str, statut: int) -> None:
    reponse = client(s.persona(persona)).post(
        liste(s),
        {"fichier": SimpleUploadedFile("a.pdf", pdf()), "type_document": "autre", "titre": "X"},
        format="multipart",
    )
    verifier_erreur(reponse, statut, "interdit" if statut == 403 else "introuvable")
    assert not Document.objects.exists()


def test_suppression(s: Scene, trois: dict[str, Document]) -> None:
    doc = trois["partageable"]
    verifier_erreur(client(s.partenaire).post(suppression(s, doc), {"motif": "x"}), 403, "interdit")
    verifier_erreur(client(s.autre_territoire).post(suppression(s, doc), {"motif": "x"}), 404, "introuvable")
    erreur = verifier_erreur(client(s.referent).post(suppression(s, doc), {}), 400, "donnees_invalides")
    assert list(erreur["champs"]) == ["motif"]
    reponse = client(s.referent).post(suppression(s, doc), {"motif": "Doublon"}, format="json")
    assert reponse.status_code == 200
    doc.refresh_from_db()
    assert doc.est_supprime and doc.chemin == ""
    assert {d["titre"] for d in client(s.referent).get(liste(s)).json()} == {"Signalement"}
    verifier_erreur(client(s.referent).post(suppression(s, doc), {"motif": "x"}), 404, "introuvable")


def _requetes(api: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert api.get(url).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


@pytest.mark.parametrize("persona", ["referent", "evaluateur", "partenaire"])
def test_liste_meme_nombre_de_requetes_pour_1_et_n(s: Scene, persona: str) -> None:
    api = client(s.persona(persona))
    _deposer(s, "Premier")
    api.get(liste(s))  # the first request of a process warms caches that later ones reuse
    un = _requetes(api, liste(s))
    for i in range(12):
        _deposer(s, f"Doc {i}", confidentiel=bool(i % 2), acting_user=s.meme_site if i % 2 else s.evaluateur)
    assert _requetes(api, liste(s)) == un


def test_schema_des_operations_de_documents(s: Scene) -> None:
    schema = client(s.referent).get(reverse("api:schema"), {"format": "json"}).json()
    operations = {
        o["operationId"]: o
        for chemin in schema["paths"].values()
        for o in chemin.values()
        if "operationId" in o
    }
    assert {
        "parcours_documents",
        "parcours_document_deposer",
        "parcours_document_telecharger",
        "parcours_document_supprimer",
    } <= set(operations)
    assert list(operations["parcours_document_deposer"]["requestBody"]["content"]) == ["multipart/form-data"]
    telechargement = operations["parcours_document_telecharger"]["responses"]
    assert set(telechargement["200"]["content"]) == {"application/pdf", "image/jpeg", "image/png"}
    assert {"401", "403", "404"} <= set(telechargement)
