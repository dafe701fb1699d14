"""Documents of a pathway: the content check (by content, never by name), the private storage, who
reads what (DP-2: medical certificates to medico-social profiles; confidential documents to the
département's staff; partners the rest), logical deletion, and the timeline source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from parcours.actions.documents import document_deposer, document_supprimer
from parcours.documents import MESSAGE_FORMAT, stockage, verifier_contenu
from parcours.enums import FormatDocument, TypeDocument
from parcours.models import Document, Parcours
from parcours.selectors import evenements_recents
from parcours.selectors_documents import documents_lisibles
from social.exceptions import DomainError
from social.models import Personne, Utilisateur
from tests.conftest import Monde
from tests.parcours.fichiers import HTML, Scene, fichiers_stockes, jpeg, pdf, png, scene, zip_

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(monde: Monde, personne_arras: Personne) -> Scene:
    return scene(monde, personne_arras)


def deposer(
    s: Scene,
    contenu: bytes | ContentFile | SimpleUploadedFile,
    *,
    type_document: str = TypeDocument.JUSTIFICATIF_RESSOURCES,
    confidentiel: bool = False,
    par: Utilisateur | None = None,
    titre: str = "Avis d'imposition 2025",
) -> Document:
    return document_deposer(
        parcours=s.parcours,
        type_document=type_document,
        fichier=contenu,
        titre=titre,
        confidentiel=confidentiel,
        acting_user=par or s.referent,
    )


# The content check.


@pytest.mark.parametrize(
    ("fabrique", "format_attendu"),
    [(pdf, FormatDocument.PDF), (png, FormatDocument.PNG), (jpeg, FormatDocument.JPEG)],
    ids=["pdf", "png", "jpeg"],
)
def test_un_vrai_pdf_png_ou_jpeg_est_accepte_et_stocke_hors_du_public(
    s: Scene, fabrique: object, format_attendu: str
) -> None:
    contenu = fabrique()  # type: ignore[operator]
    document = deposer(s, SimpleUploadedFile("piece", contenu, content_type="application/octet-stream"))
    assert document.format == format_attendu
    assert document.taille == len(contenu)
    assert len(document.sha256) == 64
    assert document.chemin in fichiers_stockes()
    with stockage().open(document.chemin) as stocke:
        assert stocke.read() == contenu
    # Random name, no extension, and never a URL.
    assert "piece" not in document.chemin and "." not in document.chemin
    with pytest.raises(ValueError, match="jamais servis"):
        stockage().url(document.chemin)


@pytest.mark.parametrize(
    "contenu",
    [png(), HTML, zip_(), b"%PDF-1.4\n tronque sans fin", b"", b"GIF89a\x01\x00\x01\x00"],
    ids=["png", "html", "zip", "pdf-tronque", "vide", "gif"],
)
def test_un_fichier_nomme_pdf_qui_n_en_est_pas_un_est_refuse_et_rien_n_est_enregistre(
    s: Scene, contenu: bytes
) -> None:
    avant = fichiers_stockes()
    televerse = SimpleUploadedFile("releve.pdf", contenu, content_type="application/pdf")
    with pytest.raises(DomainError) as refus:
        deposer(s, televerse)
    assert refus.value.extra == {"champ": "fichier"}
    assert refus.value.code in {"format_refuse", "extension_trompeuse"}
    assert not Document.objects.exists()
    assert fichiers_stockes() == avant


def test_le_message_du_format_refuse() -> None:
    with pytest.raises(DomainError) as refus:
        verifier_contenu(HTML)
    assert refus.value.message == "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG."
    assert MESSAGE_FORMAT == "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG."


def test_le_nom_ne_fait_jamais_accepter_un_contenu(s: Scene) -> None:
    """A harmless name, a declared type of PDF: the HTML inside is what counts."""
    with pytest.raises(DomainError, match="ni un PDF"):
        deposer(s, SimpleUploadedFile("scan.jpg", HTML, content_type="image/jpeg"))
    # Without a name (bytes from another app), the content alone decides.
    assert deposer(s, png()).format == FormatDocument.PNG
    assert deposer(s, ContentFile(pdf())).format == FormatDocument.PDF


def test_au_dela_de_10_mo_refuse_et_rien_n_est_enregistre(s: Scene) -> None:
    avant = fichiers_stockes()
    trop_gros = pdf()[:-6] + b" " * (10 * 1024 * 1024) + b"%%EOF\n"
    with pytest.raises(DomainError) as refus:
        deposer(s, SimpleUploadedFile("gros.pdf", trop_gros))
    assert (refus.value.code, refus.value.message) == ("fichier_trop_gros", "Le fichier dépasse 10 Mo.")
    assert not Document.objects.exists() and fichiers_stockes() == avant
    # Exactly 10 Mo is accepted.
    juste = pdf()[:-6] + b" " * (10 * 1024 * 1024 - len(pdf())) + b"%%EOF\n"
    assert len(juste) == 10 * 1024 * 1024
    assert deposer(s, juste).taille == 10 * 1024 * 1024


def test_une_erreur_en_base_ne_laisse_pas_de_fichier(s: Scene) -> None:
    avant = fichiers_stockes()
    with pytest.raises(DomainError):
        deposer(s, pdf(), titre="   ")
    with pytest.raises(DomainError):
        deposer(s, pdf(), type_document="inconnu")
    assert not Document.objects.exists() and fichiers_stockes() == avant


def test_seule_l_equipe_du_departement_depose(s: Scene) -> None:
    for user in (s.partenaire, s.accueil, s.autre_territoire, s.elu):
        with pytest.raises(DomainError) as refus:
            deposer(s, pdf(), par=user)
        assert refus.value.code == "interdit"
    for user in (s.referent, s.meme_site, s.evaluateur, s.encadrant):
        deposer(s, pdf(), par=user)
    assert Document.objects.count() == 4


# Who reads what.


def _lisibles(s: Scene, user: Utilisateur) -> set[str]:
    parcours = Parcours.objects.get(pk=s.parcours.pk)  # fresh roles cache
    return set(documents_lisibles(parcours=parcours, user=user).values_list("titre", flat=True))


def test_dp_2_certificat_medical_aux_seuls_profils_medico_sociaux(s: Scene) -> None:
    deposer(s, pdf(), type_document=TypeDocument.CERTIFICAT_MEDICAL, titre="Certificat", par=s.evaluateur)
    deposer(s, pdf(), titre="Ressources")
    assert _lisibles(s, s.evaluateur) == {"Certificat", "Ressources"}
    for user in (s.referent, s.meme_site, s.encadrant, s.partenaire):
        assert _lisibles(s, user) == {"Ressources"}


def test_confidentiel_aux_agents_du_departement_seulement(s: Scene) -> None:
    deposer(s, pdf(), confidentiel=True, titre="Signalement")
    deposer(s, pdf(), titre="Ressources")
    for user in (s.referent, s.meme_site, s.encadrant, s.evaluateur):
        assert _lisibles(s, user) == {"Signalement", "Ressources"}
    assert _lisibles(s, s.partenaire) == {"Ressources"}


def test_hors_perimetre_rien(s: Scene) -> None:
    deposer(s, pdf(), titre="Ressources")
    for user in (s.partenaire_non_designe, s.autre_territoire, s.elu, s.admin, s.accueil):
        assert _lisibles(s, user) == set()


# Deletion.


def test_suppression_logique_efface_le_fichier_apres_validation(
    s: Scene, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    document = deposer(s, pdf())
    chemin = document.chemin
    with django_capture_on_commit_callbacks(execute=True):
        supprime = document_supprimer(document=document, motif="Déposé par erreur", acting_user=s.referent)
        assert chemin in fichiers_stockes()  # erased once the deletion is committed
    assert chemin not in fichiers_stockes()
    supprime.refresh_from_db()
    assert supprime.supprime_par == s.referent and supprime.supprime_le is not None
    assert supprime.motif_suppression == "Déposé par erreur" and supprime.chemin == ""
    assert _lisibles(s, s.referent) == set()
    with pytest.raises(DomainError) as refus:
        document_supprimer(document=supprime, motif="Encore", acting_user=s.referent)
    assert refus.value.code == "document_supprime"


def test_suppression_motivee_et_reservee(s: Scene) -> None:
    document = deposer(s, pdf(), par=s.meme_site)
    with pytest.raises(DomainError) as refus:
        document_supprimer(document=document, motif=" ", acting_user=s.referent)
    assert refus.value.extra == {"champ": "motif"}
    for user in (s.partenaire, s.evaluateur):
        with pytest.raises(DomainError) as refus:
            document_supprimer(document=document, motif="Doublon", acting_user=user)
        assert refus.value.code == "interdit"
    # The agent who filed it may, as may the référent and the encadrant.
    document_supprimer(document=document, motif="Doublon", acting_user=s.meme_site)
    assert Document.objects.get().est_supprime


# The timeline.


def test_chronologie_depots_et_suppressions_selon_le_lecteur(s: Scene) -> None:
    deposer(s, pdf(), type_document=TypeDocument.CERTIFICAT_MEDICAL, titre="Certificat", par=s.evaluateur)
    ressources = deposer(s, pdf(), titre="Ressources")
    document_supprimer(document=ressources, motif="Illisible", acting_user=s.referent)

    def titres(user: Utilisateur) -> list[str]:
        parcours = Parcours.objects.get(pk=s.parcours.pk)
        return [
            f"{e.titre} {e.detail}".strip()
            for e in evenements_recents(parcours=parcours, user=user, limite=25)
            if e.genre == "document"
        ]

    assert titres(s.referent) == [
        "Document supprimé (Justificatif de ressources) : Ressources Illisible",
        "Document déposé (Justificatif de ressources) : Ressources",
    ]
    assert "Document déposé (Certificat médical) : Certificat" in titres(s.evaluateur)
    # Partners: the deletion, without its motif; never the certificate.
    assert titres(s.partenaire) == [
        "Document supprimé (Justificatif de ressources) : Ressources",
        "Document déposé (Justificatif de ressources) : Ressources",
    ]
