"""Attachments of a referral: chosen among the pathway's documents (never a confidential or health one)
or filed for the referral; only a few; every link cut when the referral closes (validée, refusée,
expirée), a document filed for the referral only deleted with its file."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.http import Http404
from django.utils import timezone

from parcours.actions.documents import document_supprimer
from parcours.actions.orientations import (
    MOTIF_SUPPRESSION_PIECE,
    MOTIFS_SUPPRESSION_PIECE,
    PIECES_JOINTES_MAX,
    PieceADeposer,
    jeton_reponse,
    orientation_partenaire_repondre,
    orientation_partenaire_repondre_par_lien,
    orientations_anonymiser,
    orientations_expirer,
)
from parcours.enums import TypeDocument
from parcours.models import Document, OrientationPartenaire, Parcours, PieceJointeOrientation
from parcours.models.orientations import CanalReponse, StatutOrientationPartenaire
from parcours.selectors_documents import document_obtenir, documents_lisibles, evenements_documents
from parcours.selectors_orientations import (
    LIEN_SIGNE,
    avec_pieces_jointes,
    documents_partageables,
    piece_jointe_obtenir,
    pieces_jointes_de,
)
from social.exceptions import DomainError
from social.models import Personne
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.fabriques_orientations import Scene, construire_scene, deposer, jours
from tests.parcours.factories import DesignationPartenaireFactory, ouvrir
from tests.parcours.fichiers import HTML, fichiers_stockes, pdf, png

pytestmark = pytest.mark.django_db
S = StatutOrientationPartenaire


@pytest.fixture
def scene(monde: Monde) -> Scene:
    return construire_scene(monde)


def orienter_avec_pieces(scene: Scene, capture: Any) -> tuple[OrientationPartenaire, Document, Document]:
    avis = deposer(scene, "Avis d'imposition 2025")
    with capture(execute=True):
        orientation = scene.orienter(
            documents=[avis],
            pieces_a_deposer=[PieceADeposer(fichier=png(), titre="Attestation CAF", type_document="autre")],
        )
    depose = Document.objects.get(titre="Attestation CAF")
    return orientation, avis, depose


def test_une_orientation_porte_les_documents_choisis_et_ceux_deposes_pour_elle(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    orientation, avis, depose = orienter_avec_pieces(scene, django_capture_on_commit_callbacks)
    pieces = pieces_jointes_de(orientation, lecteur=scene.monde.partenaire_ccas_arras)
    assert [(p.document, p.deposee_pour_orientation) for p in pieces] == [(avis, False), (depose, True)]
    # The document filed for the referral is a document of the pathway, stored privately, marked as
    # the referral's only.
    assert depose.parcours == scene.parcours and depose.chemin in fichiers_stockes()
    assert depose.pour_orientation and not avis.pour_orientation


# Who sees the attachments (their titles too): the addressee, the signed link, the staff who read the
# pathway's documents; not the reception desk, which sees only that the referral exists.


@pytest.mark.parametrize(
    ("persona", "voit"),
    [
        ("partenaire_ccas_arras", True),  # the addressee organisation
        ("ts_arras", True),  # the référent: reads the pathway's documents
        ("encadrant_arras", True),
        ("accueil_arras", False),  # sees the referral (the pathway exists), not its content
    ],
)
def test_dp2_pieces_jointes_lisibles_par_persona(
    scene: Scene, django_capture_on_commit_callbacks: Any, persona: str, voit: bool
) -> None:
    orientation, avis, depose = orienter_avec_pieces(scene, django_capture_on_commit_callbacks)
    user = getattr(scene.monde, persona)
    assert OrientationPartenaire.objects.visible_by(user).filter(pk=orientation.pk).exists()
    attendu = [avis, depose] if voit else []
    assert [p.document for p in pieces_jointes_de(orientation, lecteur=user)] == attendu
    assert [p.document for p in avec_pieces_jointes([orientation], lecteur=user)[0].pieces_actives] == (
        attendu
    )
    for piece in orientation.pieces_jointes.all():
        if voit:
            assert piece_jointe_obtenir(orientation=orientation, public_id=piece.public_id, lecteur=user)
        else:
            with pytest.raises(Http404):
                piece_jointe_obtenir(orientation=orientation, public_id=piece.public_id, lecteur=user)


def test_le_lien_signe_voit_toutes_les_pieces(scene: Scene, django_capture_on_commit_callbacks: Any) -> None:
    orientation, avis, depose = orienter_avec_pieces(scene, django_capture_on_commit_callbacks)
    assert [p.document for p in pieces_jointes_de(orientation, lecteur=LIEN_SIGNE)] == [avis, depose]


# Rule DP-2 (need-to-know): a document filed for the referral only is not a pathway document for the
# other partners designated on the pathway.


def test_dp2_document_depose_pour_l_orientation_reserve_a_son_destinataire(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    DesignationPartenaireFactory(parcours=scene.parcours, organisation=scene.monde.ml_calais)
    DesignationPartenaireFactory(parcours=scene.parcours, organisation=scene.monde.ccas_arras)
    orientation, avis, depose = orienter_avec_pieces(scene, django_capture_on_commit_callbacks)
    parcours = Parcours.objects.get(pk=scene.parcours.pk)
    autre = scene.monde.partenaire_ml_calais
    assert set(documents_lisibles(parcours=parcours, user=autre)) == {avis}
    with pytest.raises(Http404):
        document_obtenir(parcours=parcours, user=autre, public_id=depose.public_id)
    # The addressee reads it through the referral, not as a pathway document.
    destinataire = scene.monde.partenaire_ccas_arras
    assert depose in [p.document for p in pieces_jointes_de(orientation, lecteur=destinataire)]
    assert set(documents_lisibles(parcours=parcours, user=destinataire)) == {avis}
    # The staff who read the pathway's documents still see it.
    assert set(documents_lisibles(parcours=parcours, user=scene.monde.ts_arras)) == {avis, depose}
    # Never offered to (nor accepted for) another referral: it goes when this one closes.
    assert documents_partageables(parcours=parcours) == [avis]
    with pytest.raises(DomainError) as refus:
        scene.orienter(service=scene.service_sans_organisation, documents=[depose])
    assert refus.value.code == "document_non_partageable"


def test_les_documents_confidentiels_ou_de_sante_ne_sont_ni_proposes_ni_acceptes(scene: Scene) -> None:
    confidentiel = deposer(scene, "Note interne", confidentiel=True)
    certificat = deposer(scene, "Certificat", type_document=TypeDocument.CERTIFICAT_MEDICAL)
    ordinaire = deposer(scene, "Quittance de loyer")
    assert documents_partageables(parcours=scene.parcours) == [ordinaire]
    for document in (confidentiel, certificat):
        with pytest.raises(DomainError) as refus:
            scene.orienter(documents=[document])
        assert refus.value.code == "document_non_partageable"
    assert not OrientationPartenaire.objects.exists()


def test_un_document_d_un_autre_parcours_ou_supprime_est_refuse(scene: Scene, monde: Monde) -> None:
    personne = cast(Personne, f.PersonneFactory(commune=monde.arras))
    autre = ouvrir(personne, par=monde.ts_arras, site=monde.mds_arras)
    ailleurs = deposer(scene, "Document d'un autre parcours", parcours=autre)
    with pytest.raises(DomainError) as refus:
        scene.orienter(documents=[ailleurs])
    assert refus.value.code == "document_invalide"
    supprime = deposer(scene, "Ancien avis")
    Document.objects.filter(pk=supprime.pk).update(
        supprime_le=timezone.now(), motif_suppression="x", chemin=""
    )
    with pytest.raises(DomainError) as refus:
        scene.orienter(documents=[supprime])
    assert refus.value.code == "document_invalide"


def test_seulement_le_necessaire_quelques_pieces_au_plus(scene: Scene) -> None:
    documents = [deposer(scene, f"Pièce {rang}") for rang in range(PIECES_JOINTES_MAX + 1)]
    with pytest.raises(DomainError) as refus:
        scene.orienter(documents=documents)
    assert refus.value.code == "trop_de_pieces"
    assert (
        scene.orienter(documents=documents[:PIECES_JOINTES_MAX]).pieces_jointes.count() == PIECES_JOINTES_MAX
    )


def test_un_fichier_refuse_ne_laisse_ni_orientation_ni_fichier(scene: Scene) -> None:
    avant = fichiers_stockes()
    with pytest.raises(DomainError) as refus:
        scene.orienter(
            pieces_a_deposer=[
                PieceADeposer(fichier=pdf(), titre="Bon"),
                PieceADeposer(fichier=HTML, titre="Déguisé"),
            ]
        )
    assert refus.value.code == "format_refuse"
    assert not OrientationPartenaire.objects.exists() and not Document.objects.exists()
    assert fichiers_stockes() == avant


def _verifier_retirees(
    orientation: OrientationPartenaire, avis: Document, depose: Document, motif: str
) -> None:
    assert pieces_jointes_de(orientation, lecteur=LIEN_SIGNE) == []
    assert (
        PieceJointeOrientation.objects.filter(orientation=orientation, retiree_le__isnull=True).count() == 0
    )
    avis.refresh_from_db()
    depose.refresh_from_db()
    # The pathway's own document stays on the pathway; the one filed for the referral is deleted.
    assert not avis.est_supprime and avis.chemin in fichiers_stockes()
    assert depose.est_supprime and depose.chemin == "" and depose.motif_suppression == motif


def test_les_pieces_sont_retirees_quand_l_orientation_est_validee(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    orientation, avis, depose = orienter_avec_pieces(scene, django_capture_on_commit_callbacks)
    chemin = depose.chemin
    with django_capture_on_commit_callbacks(execute=True):
        orientation_partenaire_repondre(
            orientation=orientation, vers=S.VALIDEE, acting_user=scene.monde.partenaire_ccas_arras
        )
    _verifier_retirees(orientation, avis, depose, MOTIF_SUPPRESSION_PIECE)
    assert chemin not in fichiers_stockes()  # the file erased after commit
    assert depose.supprime_par == scene.monde.partenaire_ccas_arras  # her answer closed it


def test_les_pieces_sont_retirees_quand_l_orientation_est_refusee_par_le_lien(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    orientation, avis, depose = orienter_avec_pieces(scene, django_capture_on_commit_callbacks)
    chemin = depose.chemin
    with django_capture_on_commit_callbacks(execute=True):
        orientation_partenaire_repondre_par_lien(
            jeton=jeton_reponse(orientation), vers=S.REFUSEE, motif="Hors de notre secteur."
        )
    _verifier_retirees(orientation, avis, depose, MOTIFS_SUPPRESSION_PIECE[CanalReponse.LIEN])
    assert chemin not in fichiers_stockes()
    assert depose.supprime_par is None  # no account behind a signed link: the motif says so


def test_les_pieces_sont_retirees_quand_l_orientation_expire(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    orientation, avis, depose = orienter_avec_pieces(scene, django_capture_on_commit_callbacks)
    chemin = depose.chemin
    with django_capture_on_commit_callbacks(execute=True):
        assert orientations_expirer(jour=orientation.date_limite + jours(1)) == 1
    orientation.refresh_from_db()
    assert orientation.statut == S.EXPIREE
    _verifier_retirees(orientation, avis, depose, MOTIFS_SUPPRESSION_PIECE[CanalReponse.AUTOMATIQUE])
    assert chemin not in fichiers_stockes()
    assert depose.supprime_par is None  # the system: the motif says so
    # The pathway's timeline names the closure as the author, not a deleted account.
    parcours = Parcours.objects.get(pk=scene.parcours.pk)
    suppressions = [
        e
        for e in evenements_documents(
            parcours=parcours, user=scene.monde.ts_arras, partenaire=False, limite=10
        )
        if e.titre.startswith("Document supprimé")
    ]
    assert [(e.detail, e.auteur) for e in suppressions] == [
        (MOTIFS_SUPPRESSION_PIECE[CanalReponse.AUTOMATIQUE], "Clôture de l'orientation")
    ]


def test_un_document_depose_deja_supprime_garde_sa_suppression(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    """The closure goes through the documents' own deletion: a document the référent deleted already
    keeps who, when and why."""
    orientation, _avis, depose = orienter_avec_pieces(scene, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        document_supprimer(document=depose, motif="Mauvais fichier", acting_user=scene.monde.ts_arras)
    depose.refresh_from_db()
    supprime_le = depose.supprime_le
    with django_capture_on_commit_callbacks(execute=True):
        orientation_partenaire_repondre(
            orientation=orientation, vers=S.VALIDEE, acting_user=scene.monde.partenaire_ccas_arras
        )
    depose.refresh_from_db()
    assert (depose.supprime_par, depose.motif_suppression, depose.supprime_le) == (
        scene.monde.ts_arras,
        "Mauvais fichier",
        supprime_le,
    )


def test_l_anonymisation_coupe_aussi_le_lien_aux_documents_du_parcours(
    scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    orientation, avis, _depose = orienter_avec_pieces(scene, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        orientation_partenaire_repondre(
            orientation=orientation, vers=S.VALIDEE, acting_user=scene.monde.partenaire_ccas_arras
        )
    assert orientations_anonymiser(maintenant=timezone.now() + jours(800)) == 1
    assert not PieceJointeOrientation.objects.filter(orientation=orientation).exists()
    avis.refresh_from_db()
    assert not avis.est_supprime  # the pathway keeps its own document
