"""Attachments of a referral on the pages: chosen or filed when referring, listed on the referral's page
and the signed-link page, downloaded (journaled) while it is open by the addressee, the signed link and
the staff who read the pathway's documents (never the reception desk); every persona; nothing once it
is closed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone

from parcours.actions.orientations import PieceADeposer, jeton_reponse, orientation_partenaire_repondre
from parcours.enums import TypeDocument
from parcours.models import OrientationPartenaire, PieceJointeOrientation
from parcours.models.orientations import StatutOrientationPartenaire
from social.enums import OperationJournal
from social.models import JournalAcces
from tests.conftest import Monde, client_de
from tests.frontend.outils import trouver
from tests.frontend.test_orientations import verifier_statut
from tests.parcours.fabriques_orientations import Scene, construire_scene, deposer
from tests.parcours.factories import DesignationPartenaireFactory
from tests.parcours.fichiers import pdf, png

pytestmark = pytest.mark.django_db
S = StatutOrientationPartenaire


@pytest.fixture
def scene(monde: Monde) -> Scene:
    return construire_scene(monde)


def orienter(scene: Scene) -> tuple[OrientationPartenaire, PieceJointeOrientation]:
    avis = deposer(scene, "Avis d'imposition 2025")
    orientation = scene.orienter(documents=[avis])
    return orientation, orientation.pieces_jointes.get()


def url_piece(orientation: OrientationPartenaire, piece: PieceJointeOrientation) -> str:
    return reverse("frontend:orientation_piece_jointe", args=[orientation.public_id, piece.public_id])


def url_lien_piece(jeton: str, piece: PieceJointeOrientation) -> str:
    return reverse("frontend:orientation_lien_piece_jointe", args=[jeton, piece.public_id])


def contenu(reponse: Any) -> bytes:
    return b"".join(reponse.streaming_content)


# Referring with attachments.


def test_orienter_avec_un_document_du_parcours_et_un_document_depose(scene: Scene) -> None:
    avis = deposer(scene, "Avis d'imposition 2025")
    deposer(scene, "Note interne", confidentiel=True)
    deposer(scene, "Certificat", type_document=TypeDocument.CERTIFICAT_MEDICAL)
    client = client_de(scene.monde.ts_arras)
    url = reverse("frontend:orientation_creer", args=[scene.parcours.public_id])
    page = client.get(url, {"service": str(scene.service.public_id)})
    trouver(parse_html(page.content.decode()), "form", enctype="multipart/form-data")  # files are sent
    texte_page = page.content.decode()
    assert "Avis d&#x27;imposition 2025" in texte_page or "Avis d'imposition 2025" in texte_page
    assert "Note interne" not in texte_page and "Certificat" not in texte_page  # never offered
    reponse = client.post(
        url,
        {
            "service": scene.service.public_id,
            "message": "Aide alimentaire pour la famille.",
            "consentement_mode": "oral_entretien",
            "consentement_le": timezone.localdate().isoformat(),
            "consentement": "on",
            "documents": [str(avis.public_id)],
            "fichier": SimpleUploadedFile("attestation.png", png(), content_type="image/png"),
            "titre_fichier": "Attestation CAF",
        },
    )
    assert reponse.status_code == 302, reponse.content[:2000]
    orientation = OrientationPartenaire.objects.get()
    assert sorted(orientation.pieces_jointes.values_list("document__titre", "deposee_pour_orientation")) == [
        ("Attestation CAF", True),
        ("Avis d'imposition 2025", False),
    ]


def test_un_fichier_sans_titre_est_refuse_avec_un_message_clair(scene: Scene) -> None:
    reponse = client_de(scene.monde.ts_arras).post(
        reverse("frontend:orientation_creer", args=[scene.parcours.public_id]),
        {
            "service": scene.service.public_id,
            "message": "Aide alimentaire.",
            "consentement_mode": "oral_entretien",
            "consentement_le": timezone.localdate().isoformat(),
            "consentement": "on",
            "fichier": SimpleUploadedFile("attestation.pdf", pdf(), content_type="application/pdf"),
        },
    )
    assert reponse.status_code == 400
    assert "Donnez un titre au document déposé." in reponse.content.decode()
    assert not OrientationPartenaire.objects.exists()


# Downloading, by persona.


@pytest.mark.parametrize(
    ("persona", "attendu"),
    [
        ("partenaire_ccas_arras", 200),  # the addressee
        ("ts_arras", 200),  # the référent
        ("partenaire_ml_calais", 404),  # another organisation
        ("ts_calais", 404),  # another territory
        # Reception sees that the referral exists (as the pathway), never what it carries (DP-2).
        ("accueil_arras", 404),
        ("elu_arrageois", 404),
        ("admin", 404),  # functional administrators see no referral
        ("anonyme", "connexion"),
    ],
)
def test_telecharger_une_piece_jointe_par_persona(scene: Scene, persona: str, attendu: int | str) -> None:
    orientation, piece = orienter(scene)
    page = client_de(None if persona == "anonyme" else getattr(scene.monde, persona))
    reponse = page.get(url_piece(orientation, piece))
    verifier_statut(reponse, attendu)
    if attendu == 200:
        assert contenu(reponse) == pdf()
        assert reponse["Content-Disposition"].startswith("attachment")
        ligne = JournalAcces.objects.filter(objet_type="document").order_by("-id").first()
        assert ligne is not None
        assert (ligne.utilisateur_id, ligne.operation, ligne.objet_ids) == (
            getattr(scene.monde, persona).pk,
            OperationJournal.CONSULTATION,
            [piece.document.public_id],
        )


def test_le_partenaire_voit_les_pieces_sur_la_page_de_l_orientation(scene: Scene) -> None:
    orientation, piece = orienter(scene)
    reponse = client_de(scene.monde.partenaire_ccas_arras).get(
        reverse("frontend:orientation_detail", args=[orientation.public_id])
    )
    assert url_piece(orientation, piece) in reponse.content.decode()


def test_dp2_l_accueil_voit_l_orientation_sans_ses_pieces(scene: Scene) -> None:
    orientation, piece = orienter(scene)
    url = reverse("frontend:orientation_detail", args=[orientation.public_id])
    page = client_de(scene.monde.accueil_arras).get(url)
    assert page.status_code == 200
    texte = page.content.decode()
    assert "Pièces jointes" not in texte and "imposition" not in texte
    assert url_piece(orientation, piece) not in texte
    # The référent, who reads the pathway's documents, sees them.
    assert url_piece(orientation, piece) in client_de(scene.monde.ts_arras).get(url).content.decode()


def test_dp2_document_depose_pour_l_orientation_invisible_des_autres_partenaires(scene: Scene) -> None:
    DesignationPartenaireFactory(parcours=scene.parcours, organisation=scene.monde.ml_calais)
    orientation = scene.orienter(pieces_a_deposer=[PieceADeposer(fichier=pdf(), titre="Attestation CAF")])
    piece = orientation.pieces_jointes.get()
    autre = client_de(scene.monde.partenaire_ml_calais)
    page = autre.get(reverse("frontend:parcours_detail", args=[scene.parcours.public_id]))
    assert page.status_code == 200 and "Attestation CAF" not in page.content.decode()
    url_document = reverse(
        "frontend:parcours_document_telecharger", args=[scene.parcours.public_id, piece.document.public_id]
    )
    assert autre.get(url_document).status_code == 404
    # The addressee downloads it through the referral; the référent also on the pathway.
    destinataire = client_de(scene.monde.partenaire_ccas_arras).get(url_piece(orientation, piece))
    assert destinataire.status_code == 200 and contenu(destinataire) == pdf()
    referent = client_de(scene.monde.ts_arras)
    assert (
        "Attestation CAF"
        in referent.get(reverse("frontend:parcours_detail", args=[scene.parcours.public_id])).content.decode()
    )
    reponse = referent.get(url_document)
    assert reponse.status_code == 200 and contenu(reponse) == pdf()


def test_la_piece_d_une_autre_orientation_est_introuvable(scene: Scene) -> None:
    orientation, _piece = orienter(scene)
    _autre, piece_autre = orienter_autre(scene)
    reponse = client_de(scene.monde.partenaire_ccas_arras).get(url_piece(orientation, piece_autre))
    assert reponse.status_code == 404


def orienter_autre(scene: Scene) -> tuple[OrientationPartenaire, PieceJointeOrientation]:
    quittance = deposer(scene, "Quittance de loyer")
    orientation = scene.orienter(service=scene.service_sans_organisation, documents=[quittance])
    return orientation, orientation.pieces_jointes.get()


def test_plus_rien_a_telecharger_une_fois_l_orientation_close(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    avis = deposer(scene, "Avis d'imposition 2025")
    orientation = scene.orienter(
        documents=[avis], pieces_a_deposer=[PieceADeposer(fichier=png(), titre="Attestation CAF")]
    )
    pieces = list(orientation.pieces_jointes.all())
    jeton = jeton_reponse(orientation)
    with django_capture_on_commit_callbacks(execute=True):
        orientation_partenaire_repondre(
            orientation=orientation, vers=S.VALIDEE, acting_user=scene.monde.partenaire_ccas_arras
        )
    partenaire = client_de(scene.monde.partenaire_ccas_arras)
    for piece in pieces:
        assert partenaire.get(url_piece(orientation, piece)).status_code == 404
        assert Client().get(url_lien_piece(jeton, piece)).status_code == 404
    page = partenaire.get(reverse("frontend:orientation_detail", args=[orientation.public_id]))
    assert "Pièces jointes" not in page.content.decode()


# Through the signed link (no account).


def test_le_lien_signe_donne_acces_aux_pieces_tant_que_l_orientation_est_ouverte(scene: Scene) -> None:
    orientation, piece = orienter(scene)
    jeton = jeton_reponse(orientation)
    page = Client().get(reverse("frontend:orientation_lien", args=[jeton]))
    assert url_lien_piece(jeton, piece) in page.content.decode()
    reponse = Client().get(url_lien_piece(jeton, piece))
    assert reponse.status_code == 200 and contenu(reponse) == pdf()
    assert reponse["Referrer-Policy"] == "same-origin"
    ligne = JournalAcces.objects.filter(objet_type="document").order_by("-id").first()
    assert ligne is not None
    assert (ligne.utilisateur_id, ligne.contexte) == (0, "frontend:orientation_lien_piece_jointe")


def test_un_lien_modifie_ou_expire_ne_donne_aucune_piece(scene: Scene) -> None:
    orientation, piece = orienter(scene)
    jeton = jeton_reponse(orientation)
    falsifie = jeton[:-2] + ("AA" if not jeton.endswith("AA") else "BB")
    assert Client().get(url_lien_piece(falsifie, piece)).status_code == 404
    expire = jeton_reponse(orientation, maintenant=timezone.now() - datetime.timedelta(days=9))
    assert Client().get(url_lien_piece(expire, piece)).status_code == 404
    # The link of another referral does not open this one's attachment.
    autre, _piece_autre = orienter_autre(scene)
    assert Client().get(url_lien_piece(jeton_reponse(autre), piece)).status_code == 404
