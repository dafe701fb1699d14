"""The API of referral attachments: documents of the pathway joined at creation, listed with the
referral while it is open, downloaded (journaled) by the addressee and the staff who read the pathway's
documents, never by the reception desk; every persona; none once closed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from parcours.actions.orientations import PieceADeposer, orientation_partenaire_repondre
from parcours.enums import TypeDocument
from parcours.models import OrientationPartenaire, PieceJointeOrientation
from parcours.models.orientations import StatutOrientationPartenaire
from social.models import JournalAcces
from tests.conftest import Monde, client_de
from tests.parcours.fabriques_orientations import Scene, construire_scene, deposer
from tests.parcours.factories import DesignationPartenaireFactory
from tests.parcours.fichiers import pdf

pytestmark = pytest.mark.django_db
S = StatutOrientationPartenaire


@pytest.fixture
def scene(monde: Monde) -> Scene:
    return construire_scene(monde)


def creer(scene: Scene, documents: list[str]) -> Any:
    return client_de(scene.monde.ts_arras).post(
        reverse("api:parcours_orientations_partenaires", args=[scene.parcours.public_id]),
        {
            "service": str(scene.service.public_id),
            "message": "Aide alimentaire pour la famille.",
            "consentement_le": timezone.localdate().isoformat(),
            "consentement_mode": "oral_entretien",
            "documents": documents,
        },
        content_type="application/json",
    )


def url_piece(orientation: OrientationPartenaire, piece: PieceJointeOrientation) -> str:
    return reverse("api:orientation_piece_jointe", args=[orientation.public_id, piece.public_id])


def test_creer_avec_un_document_du_parcours(scene: Scene) -> None:
    avis = deposer(scene, "Avis d'imposition 2025")
    reponse = creer(scene, [str(avis.public_id)])
    assert reponse.status_code == 201, reponse.content
    pieces = reponse.json()["pieces_jointes"]
    piece = PieceJointeOrientation.objects.get()
    assert pieces == [
        {
            "public_id": str(piece.public_id),
            "titre": "Avis d'imposition 2025",
            "format": "application/pdf",
            "taille": avis.taille,
        }
    ]
    # The inbox lists it for the addressee partner.
    boite = client_de(scene.monde.partenaire_ccas_arras).get(reverse("api:orientations_recues")).json()
    assert [p["public_id"] for p in boite["results"][0]["pieces_jointes"]] == [str(piece.public_id)]


def test_un_document_confidentiel_ou_inconnu_est_refuse(scene: Scene) -> None:
    confidentiel = deposer(scene, "Note interne", confidentiel=True)
    reponse = creer(scene, [str(confidentiel.public_id)])
    assert reponse.status_code == 400
    assert creer(scene, ["00000000-0000-0000-0000-000000000000"]).status_code == 400
    assert not OrientationPartenaire.objects.exists()


@pytest.mark.parametrize(
    ("persona", "attendu"),
    [
        ("partenaire_ccas_arras", 200),
        ("ts_arras", 200),
        ("partenaire_ml_calais", 404),
        ("ts_calais", 404),
        # Reception sees that the referral exists (as the pathway), never what it carries (DP-2).
        ("accueil_arras", 404),
        ("elu_arrageois", 404),
        ("admin", 404),  # functional administrators see no referral
        ("anonyme", 401),
    ],
)
def test_telecharger_par_persona(scene: Scene, persona: str, attendu: int) -> None:
    avis = deposer(scene, "Avis d'imposition 2025")
    orientation = scene.orienter(documents=[avis])
    piece = orientation.pieces_jointes.get()
    client = client_de(None if persona == "anonyme" else getattr(scene.monde, persona))
    reponse = client.get(url_piece(orientation, piece))
    assert reponse.status_code == attendu
    if attendu == 200:
        assert b"".join(reponse.streaming_content) == pdf()  # type: ignore[attr-defined]
        ligne = JournalAcces.objects.filter(objet_type="document").order_by("-id").first()
        assert ligne is not None and ligne.objet_ids == [avis.public_id]


def test_dp2_document_depose_pour_l_orientation_invisible_des_autres_partenaires(scene: Scene) -> None:
    DesignationPartenaireFactory(parcours=scene.parcours, organisation=scene.monde.ml_calais)
    orientation = scene.orienter(pieces_a_deposer=[PieceADeposer(fichier=pdf(), titre="Attestation CAF")])
    piece = orientation.pieces_jointes.get()
    document = piece.document
    autre = client_de(scene.monde.partenaire_ml_calais)
    documents = autre.get(reverse("api:parcours_documents", args=[scene.parcours.public_id]))
    assert documents.status_code == 200 and documents.json() == []
    url_document = reverse(
        "api:parcours_document_telecharger", args=[scene.parcours.public_id, document.public_id]
    )
    assert autre.get(url_document).status_code == 404
    assert autre.get(url_piece(orientation, piece)).status_code == 404
    # The addressee downloads it through the referral; the référent also on the pathway.
    destinataire = client_de(scene.monde.partenaire_ccas_arras).get(url_piece(orientation, piece))
    assert destinataire.status_code == 200
    assert b"".join(destinataire.streaming_content) == pdf()  # type: ignore[attr-defined]
    referent = client_de(scene.monde.ts_arras).get(url_document)
    assert referent.status_code == 200
    assert b"".join(referent.streaming_content) == pdf()  # type: ignore[attr-defined]


def test_creer_avec_un_document_illisible_est_refuse(scene: Scene) -> None:
    """The documents are fetched through the worker's reading of the pathway: one she may not read is
    unknown to her (a health document for a social worker)."""
    certificat = deposer(scene, "Certificat", type_document=TypeDocument.CERTIFICAT_MEDICAL)
    reponse = creer(scene, [str(certificat.public_id)])
    assert reponse.status_code == 400
    assert reponse.json()["erreur"]["champs"]["documents"] == ["Document inconnu sur ce parcours."]
    assert not OrientationPartenaire.objects.exists()


def test_plus_de_piece_une_fois_l_orientation_close(scene: Scene) -> None:
    avis = deposer(scene, "Avis d'imposition 2025")
    orientation = scene.orienter(documents=[avis])
    piece = orientation.pieces_jointes.get()
    orientation_partenaire_repondre(
        orientation=orientation,
        vers=S.REFUSEE,
        motif="Complet.",
        acting_user=scene.monde.partenaire_ccas_arras,
    )
    partenaire = client_de(scene.monde.partenaire_ccas_arras)
    assert partenaire.get(url_piece(orientation, piece)).status_code == 404
    boite = partenaire.get(reverse("api:orientations_recues")).json()
    assert boite["results"][0]["pieces_jointes"] == []
