"""The documents section of the pathway page, the upload form, the download and deletion views: per
persona, the French errors, the headers of a download, its journal row, the query count (1 vs N)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours.actions.documents import document_deposer
from parcours.enums import TypeDocument
from parcours.models import Document
from social.enums import OperationJournal
from social.models import Personne, Utilisateur
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, lignes_journal, texte, trouver, trouver_tous
from tests.parcours.fichiers import HTML, Scene, fichiers_stockes, pdf, png, scene

pytestmark = pytest.mark.django_db

# Persona → status of the pathway page and of a download of a shareable document.
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


def _deposer(s: Scene, titre: str, **kwargs: object) -> Document:
    kwargs.setdefault("type_document", TypeDocument.JUSTIFICATIF_RESSOURCES)
    kwargs.setdefault("acting_user", s.referent)
    return document_deposer(parcours=s.parcours, fichier=pdf(), titre=titre, **kwargs)  # type: ignore[arg-type]


def page(s: Scene) -> str:
    return reverse("frontend:parcours_detail", args=[s.parcours.public_id])


def telecharger(s: Scene, doc: Document) -> str:
    return reverse("frontend:parcours_document_telecharger", args=[s.parcours.public_id, doc.public_id])


def statut(client: Client, url: str) -> int:
    """The status of a download, its content read: the test client closes a streamed file at the end."""
    reponse = client.get(url)
    if reponse.streaming:
        b"".join(reponse.streaming_content)  # type: ignore[attr-defined]
    return reponse.status_code


def section(client: Client, s: Scene) -> str:
    return texte(trouver(document(client.get(page(s))), "section", aria_labelledby="titre-documents"))


@pytest.fixture
def trois(s: Scene) -> dict[str, Document]:
    return {
        "partageable": _deposer(s, "Avis d'imposition"),
        "confidentiel": _deposer(s, "Signalement", confidentiel=True),
        "certificat": _deposer(
            s, "Certificat du Dr X", type_document=TypeDocument.CERTIFICAT_MEDICAL, acting_user=s.evaluateur
        ),
    }


# What each persona sees in the section and may download.

VOIT = {
    "referent": {"partageable", "confidentiel"},
    "meme_site": {"partageable", "confidentiel"},
    "encadrant": {"partageable", "confidentiel"},
    "evaluateur": {"partageable", "confidentiel", "certificat"},
    "partenaire": {"partageable"},
}
TITRES = {
    "partageable": "Avis d'imposition",
    "confidentiel": "Signalement",
    "certificat": "Certificat du Dr X",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_section_et_telechargement_par_persona(s: Scene, trois: dict[str, Document], persona: str) -> None:
    client = client_de(s.persona(persona))
    assert client.get(page(s)).status_code == PERSONAS[persona]
    if PERSONAS[persona] == 200:
        contenu = section(client, s)
        for cle, titre in TITRES.items():
            assert (titre in contenu) == (cle in VOIT[persona]), (persona, cle)
    for cle, doc in trois.items():
        # Out of scope or a reception agent: as for the page; in scope, a document not hers to read: 404.
        attendu = PERSONAS[persona] if PERSONAS[persona] != 200 else 200 if cle in VOIT[persona] else 404
        assert statut(client, telecharger(s, doc)) == attendu, (persona, cle)


def test_anonyme_redirige_vers_la_connexion(s: Scene, trois: dict[str, Document]) -> None:
    for url in (page(s), telecharger(s, trois["partageable"])):
        reponse = Client().get(url)
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))


def test_telechargement_en_piece_jointe_jamais_interprete_et_journalise(
    s: Scene, trois: dict[str, Document]
) -> None:
    doc = trois["partageable"]
    avant = len(lignes_journal())
    reponse = client_de(s.partenaire).get(telecharger(s, doc))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert b"".join(reponse.streaming_content) == pdf()  # type: ignore[attr-defined]
    lignes = lignes_journal()[avant:]
    assert [(ligne.operation, ligne.objet_type, ligne.objet_ids) for ligne in lignes][-1] == (
        OperationJournal.CONSULTATION,
        "document",
        [doc.public_id],
    )
    assert all(ligne.utilisateur_id == s.partenaire.pk for ligne in lignes)
    # A refused download writes no document row.
    avant = len(lignes_journal())
    assert statut(client_de(s.partenaire), telecharger(s, trois["certificat"])) == 404
    assert all(ligne.objet_type != "document" for ligne in lignes_journal()[avant:])


def test_un_document_d_un_autre_parcours_est_introuvable(
    s: Scene, monde: Monde, trois: dict[str, Document]
) -> None:
    from tests.parcours.factories import ParcoursFactory

    autre = ParcoursFactory(personne__commune=monde.arras, site=monde.mds_arras, referent=s.referent)
    url = reverse(
        "frontend:parcours_document_telecharger", args=[autre.public_id, trois["partageable"].public_id]
    )
    assert client_de(s.referent).get(url).status_code == 404


# The upload form.


def _formulaire(s: Scene, fichier: SimpleUploadedFile, **donnees: str) -> dict[str, object]:
    return {
        "document-fichier": fichier,
        "document-type_document": TypeDocument.JUSTIFICATIF_RESSOURCES,
        "document-titre": "Relevé CAF",
        **{f"document-{cle}": valeur for cle, valeur in donnees.items()},
    }


def deposer_url(s: Scene) -> str:
    return reverse("frontend:parcours_document_deposer", args=[s.parcours.public_id])


def test_formulaire_accessible_types_et_taille_annonces(s: Scene) -> None:
    html = document(client_de(s.referent).get(page(s)))
    formulaire = trouver(html, "form", aria_labelledby="titre-form-document")
    assert ("enctype", "multipart/form-data") in formulaire.attributes
    for nom in ("fichier", "type_document", "titre", "confidentiel"):
        champ = trouver(formulaire, None, name=f"document-{nom}")
        identifiant = dict(champ.attributes)["id"]
        assert trouver_tous(formulaire, "label", **{"for": identifiant})
    assert "PDF, image JPEG ou PNG, 10 Mo au plus." in texte(formulaire)
    # Partners get no form.
    assert (
        'aria-labelledby="titre-form-document"' not in client_de(s.partenaire).get(page(s)).content.decode()
    )


def test_depot_reussi(s: Scene) -> None:
    reponse = client_de(s.referent).post(deposer_url(s), _formulaire(s, SimpleUploadedFile("caf.png", png())))
    assert reponse.status_code == 302
    doc = Document.objects.get()
    assert (doc.titre, doc.format, doc.depose_par) == ("Relevé CAF", "image/png", s.referent)


@pytest.mark.parametrize(
    ("fichier", "message"),
    [
        (
            SimpleUploadedFile("releve.pdf", HTML, "application/pdf"),
            "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG.",
        ),
        (
            SimpleUploadedFile(
                "gros.pdf", pdf()[:-6] + b" " * (10 * 1024 * 1024) + b"%%EOF\n", "application/pdf"
            ),
            "Le fichier dépasse 10 Mo.",
        ),
    ],
    ids=["html-nomme-pdf", "trop-gros"],
)
def test_depot_refuse_message_francais_et_rien_d_enregistre(
    s: Scene, fichier: SimpleUploadedFile, message: str
) -> None:
    avant = fichiers_stockes()
    reponse = client_de(s.referent).post(deposer_url(s), _formulaire(s, fichier))
    assert reponse.status_code == 400
    html = document(reponse)
    formulaire = trouver(html, "form", aria_labelledby="titre-form-document")
    assert message in texte(formulaire)
    assert trouver(formulaire, None, name="document-fichier").attributes  # the field is marked invalid
    assert ("aria-invalid", "true") in trouver(formulaire, None, name="document-fichier").attributes
    assert not Document.objects.exists() and fichiers_stockes() == avant


def test_depot_interdit_aux_partenaires_et_hors_perimetre(s: Scene) -> None:
    fichier = SimpleUploadedFile("a.pdf", pdf())
    assert client_de(s.partenaire).post(deposer_url(s), _formulaire(s, fichier)).status_code == 403
    assert client_de(s.accueil).post(deposer_url(s), _formulaire(s, fichier)).status_code == 403
    for persona in ("autre_territoire", "partenaire_non_designe", "elu", "admin"):
        assert client_de(s.persona(persona)).post(deposer_url(s), _formulaire(s, fichier)).status_code == 404
    assert Client().post(deposer_url(s), _formulaire(s, fichier)).status_code == 302
    assert not Document.objects.exists()


# Deletion.


def test_suppression_par_le_referent_avec_motif(s: Scene, trois: dict[str, Document]) -> None:
    doc = trois["partageable"]
    url = reverse("frontend:parcours_document_supprimer", args=[s.parcours.public_id, doc.public_id])
    prefixe = f"sup-{doc.public_id}"
    reponse = client_de(s.referent).post(url, {f"{prefixe}-motif": ""})
    assert reponse.status_code == 400 and "Ce champ est obligatoire." in reponse.content.decode()
    assert client_de(s.partenaire).post(url, {f"{prefixe}-motif": "x"}).status_code == 403
    assert client_de(s.autre_territoire).post(url, {f"{prefixe}-motif": "x"}).status_code == 404
    reponse = client_de(s.referent).post(url, {f"{prefixe}-motif": "Doublon"})
    assert reponse.status_code == 302
    doc.refresh_from_db()
    assert doc.est_supprime and doc.motif_suppression == "Doublon"
    assert "Avis d'imposition" not in section(client_de(s.referent), s).split("Déposer un document")[0]
    assert statut(client_de(s.referent), telecharger(s, doc)) == 404


# Query count: the section costs the same for 1 and N documents.


def _requetes(client: Client, s: Scene) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(page(s)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


@pytest.mark.parametrize("persona", ["referent", "evaluateur", "partenaire"])
def test_nombre_de_requetes_identique_pour_1_et_n_documents(s: Scene, persona: str) -> None:
    user: Utilisateur = s.persona(persona)
    client = client_de(user)
    _deposer(s, "Premier")
    client.get(page(s))  # the first request of a process warms caches that later ones reuse
    un = _requetes(client, s)
    for i in range(12):
        _deposer(
            s,
            f"Doc {i}",
            confidentiel=bool(i % 2),
            type_document=TypeDocument.CERTIFICAT_MEDICAL if i % 3 == 0 else TypeDocument.COURRIER,
            acting_user=s.evaluateur if i % 3 == 0 else s.meme_site,
        )
    assert _requetes(client, s) == un
