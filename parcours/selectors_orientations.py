"""Reads of the referrals to partner services: scoped fetch, the pathway's list, the partner's inbox, the
signed link, the attachments (who may read them: ``_pieces_lisibles``), the timeline source.

Every fetch goes through ``OrientationPartenaire.objects.visible_by(user)`` (out of scope: 404) and
journals the read of the person's shared details (rule DP-1); a list journals one row per page.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from parcours.actions.orientations import verifier_jeton
from parcours.chronologie import (
    BrancheChronologie,
    Evenement,
    Ligne,
    colonnes,
    libelle,
    nom,
    nom_sql,
    source_chronologie,
)
from parcours.documents import reponse_document
from parcours.models import (
    Document,
    MembreEquipe,
    OrientationPartenaire,
    Parcours,
    PieceJointeOrientation,
    TransitionOrientationPartenaire,
)
from parcours.models.orientations import StatutOrientationPartenaire
from parcours.permissions import est_destinataire_orientation
from parcours.selectors_documents import documents_lisibles
from social.actions.journal import ContexteAcces, journal_enregistrer
from social.enums import OperationJournal
from social.models import Organisation, Utilisateur
from social.perimetre import perimetre_de

AnyUser = Utilisateur | AnonymousUser
S = StatutOrientationPartenaire
# The holder of a signed link has no account: the journal records this id, with the IP and the page.
UTILISATEUR_LIEN_SIGNE = 0
LIMITE_PARCOURS_A_ORIENTER = 200


def _avec_liens(queryset: QuerySet[OrientationPartenaire]) -> QuerySet[OrientationPartenaire]:
    return queryset.select_related(
        "service", "service__structure", "organisation", "orientee_par", "repondue_par", "parcours__personne"
    )


def journaliser_orientations(
    *, acces: ContexteAcces, orientations: list[OrientationPartenaire], operation: OperationJournal
) -> None:
    """One journal row for the people whose shared details are shown (nothing for an empty list)."""
    ids = list(dict.fromkeys(o.parcours.personne.public_id for o in orientations if o.parcours is not None))
    if ids:
        journal_enregistrer(acces=acces, operation=operation, objet_type="personne", objet_ids=ids)


def orientation_obtenir(
    *,
    user: AnyUser,
    public_id: uuid.UUID | str,
    acces: ContexteAcces,
    operation: OperationJournal = OperationJournal.CONSULTATION,
) -> OrientationPartenaire:
    """The scoped fetch of one referral; journals the read. Out of scope or absent: ``Http404``."""
    try:
        orientation = _avec_liens(OrientationPartenaire.objects.visible_by(user)).get(public_id=public_id)
    except (OrientationPartenaire.DoesNotExist, ValueError) as exc:
        raise Http404("Orientation introuvable") from exc
    journaliser_orientations(acces=acces, orientations=[orientation], operation=operation)
    return orientation


def orientations_du_parcours(*, parcours: Parcours, user: AnyUser) -> list[OrientationPartenaire]:
    """The referrals of a visible pathway that this user may see (a designated partner: only those to her
    organisations), newest first, in one query."""
    orientations = list(
        _avec_liens(OrientationPartenaire.objects.visible_by(user).filter(parcours=parcours)).order_by(
            "-created_at", "-id"
        )
    )
    for orientation in orientations:
        orientation.parcours = parcours  # permissions read the pathway and its cached roles: no query
    return orientations


@dataclass(frozen=True)
class FiltresBoite:
    statut: str = ""
    organisation: int | None = None


def boite_orientations(
    *, user: AnyUser, filtres: FiltresBoite | None = None
) -> QuerySet[OrientationPartenaire]:
    """« Orientations reçues »: the referrals addressed to the partner's organisations (never those of
    the pathways she is designated on), those waiting first, then the newest."""
    filtres = filtres or FiltresBoite()
    organisation_ids = perimetre_de(user).organisation_ids
    queryset = OrientationPartenaire.objects.visible_by(user).filter(organisation_id__in=organisation_ids)
    if filtres.statut:
        queryset = queryset.filter(statut=filtres.statut)
    if filtres.organisation is not None:
        queryset = queryset.filter(organisation_id=filtres.organisation)
    return _avec_liens(queryset).order_by("-created_at", "-id")


def organisations_de(user: AnyUser) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=perimetre_de(user).organisation_ids).order_by("nom", "id")


def orientation_par_lien(*, jeton: str, maintenant: datetime.datetime | None = None) -> OrientationPartenaire:
    """The referral of a signed link (``DomainError`` for a tampered or expired link, or an anonymised
    referral)."""
    public_id = verifier_jeton(jeton, maintenant=maintenant)
    orientation = (
        _avec_liens(OrientationPartenaire.objects.non_anonymisees()).filter(public_id=public_id).first()
    )
    if orientation is None:
        from parcours.actions._outils import refuser

        raise refuser("Cette orientation n'existe plus.", "lien_invalide")
    return orientation


def documents_partageables(*, parcours: Parcours) -> list[Document]:
    """The pathway's documents a worker may attach to a referral: active, neither confidential nor
    health data (rule DP-2), newest first; one query."""
    return list(
        Document.objects.actifs()
        .lisibles(sante=False, confidentiels=False)
        .filter(parcours=parcours)
        .order_by("-depose_le", "-id")
    )


class _LienSigne:
    """The holder of a valid signed link (checked by ``orientation_par_lien``): no account."""


# Who reads a referral's attachments: a user (account or anonymous), or the signed link's holder.
LIEN_SIGNE: Final = _LienSigne()
Lecteur = Utilisateur | AnonymousUser | _LienSigne


def _pieces_lisibles(
    orientations: Sequence[OrientationPartenaire], lecteur: Lecteur
) -> QuerySet[PieceJointeOrientation]:
    """The attachments shared now (the referral open, the link not cut, the document not deleted) of
    these (already scoped) referrals that this reader may see, titles included:

    - the holder of the signed link and the members of the addressee organisation: all of them;
    - anyone else who sees the referral: those whose document she may read on the pathway
      (``documents_lisibles``, the gate of the pathway's documents: the staff with document access).
      The reception desk sees that a referral exists, not what it carries.
    One query (none when nothing may be read); the pathway's roles are computed once per pathway.
    """
    ouvertes = [o for o in orientations if o.est_ouverte]
    if isinstance(lecteur, _LienSigne):
        condition = Q(orientation_id__in=[o.pk for o in ouvertes])
    else:
        destinataire = [o.pk for o in ouvertes if est_destinataire_orientation(lecteur, o)]
        condition = Q(orientation_id__in=destinataire)
        par_parcours: dict[int, list[OrientationPartenaire]] = {}
        for orientation in ouvertes:
            if orientation.pk not in destinataire and orientation.parcours is not None:
                par_parcours.setdefault(orientation.parcours.pk, []).append(orientation)
        for groupe in par_parcours.values():
            parcours = groupe[0].parcours
            assert parcours is not None
            lisibles = documents_lisibles(parcours=parcours, user=lecteur)
            condition |= Q(orientation_id__in=[o.pk for o in groupe], document_id__in=lisibles.values("pk"))
    return PieceJointeOrientation.objects.actives().filter(condition).select_related("document")


def pieces_jointes_de(
    orientation: OrientationPartenaire, *, lecteur: Lecteur
) -> list[PieceJointeOrientation]:
    """The attachments this reader may download now (none once the referral is closed), one query."""
    return list(_pieces_lisibles([orientation], lecteur).order_by("ajoutee_le", "id"))


def avec_pieces_jointes(
    orientations: list[OrientationPartenaire], *, lecteur: Lecteur
) -> list[OrientationPartenaire]:
    """Attach to each referral the attachments this reader may download now (``pieces_actives``): one
    query for the list."""
    pieces: dict[int, list[PieceJointeOrientation]] = {o.pk: [] for o in orientations}
    for piece in _pieces_lisibles(orientations, lecteur).order_by("ajoutee_le", "id"):
        pieces[piece.orientation_id].append(piece)
    for orientation in orientations:
        orientation.pieces_actives = pieces[orientation.pk]  # type: ignore[attr-defined]
    return orientations


def piece_jointe_obtenir(
    *, orientation: OrientationPartenaire, public_id: uuid.UUID | str, lecteur: Lecteur
) -> PieceJointeOrientation:
    """An attachment of this (already scoped) referral that this reader may download now; otherwise
    ``Http404``: another referral's, cut at closure, its document deleted, or not for this reader."""
    try:
        return _pieces_lisibles([orientation], lecteur).get(public_id=public_id)
    except (PieceJointeOrientation.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("Pièce jointe introuvable") from exc


def piece_jointe_lire(
    *, orientation: OrientationPartenaire, public_id: uuid.UUID | str, lecteur: Lecteur, acces: ContexteAcces
) -> FileResponse:
    """Download an attachment (``piece_jointe_obtenir``: otherwise ``Http404``): the file as an HTTP
    attachment, the read of the document journaled (DP-1)."""
    piece = piece_jointe_obtenir(orientation=orientation, public_id=public_id, lecteur=lecteur)
    journal_enregistrer(
        acces=acces,
        operation=OperationJournal.CONSULTATION,
        objet_type="document",
        objet_ids=[piece.document.public_id],
    )
    return reponse_document(piece.document)


def parcours_a_orienter(*, user: Utilisateur) -> QuerySet[Parcours]:
    """The open pathways this user may refer from (she is their référent or an active team member), by
    person: the choice offered on a guide service's page."""
    equipe = MembreEquipe.objects.actives().filter(parcours_id=OuterRef("pk"), utilisateur_id=user.pk)
    return (
        Parcours.objects.visible_by(user)
        .ouverts()
        .filter(Q(referent_id=user.pk) | Q(Exists(equipe)))
        .select_related("personne")
        .order_by("personne__nom", "personne__prenoms", "dispositif", "id")[:LIMITE_PARCOURS_A_ORIENTER]
    )


# The pathway's timeline (``parcours.chronologie``): a branch of its single query.

_TITRES = {
    "": "Orientation vers « %(service)s » (%(structure)s)",
    S.VALIDEE: "Orientation acceptée par « %(service)s » (%(structure)s)",
    S.REFUSEE: "Orientation refusée par « %(service)s » (%(structure)s)",
    S.EXPIREE: "Orientation vers « %(service)s » expirée sans réponse",
}


@source_chronologie("orientations_partenaires")
def chronologie_orientations(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> BrancheChronologie:
    """Creation and answers of the referrals; a designated partner sees only those to her organisations;
    an anonymised referral leaves the timeline."""
    condition, params = "", []
    if partenaire:
        condition, params = "AND o.organisation_id = ANY(%s)", [sorted(perimetre_de(user).organisation_ids)]
    ordre = "t.created_at DESC, t.id DESC"
    colonnes_sql = colonnes(
        ordre,
        "t.created_at",
        t1="t.depuis",
        t2="t.vers",
        t3="t.motif",
        t4=nom_sql("u"),
        t5="t.canal",
        t6="s.nom",
        t7="st.nom",
    )
    sql = f"""
        SELECT {colonnes_sql}
        FROM (
            SELECT t.*, o.service_id FROM parcours_transitionorientationpartenaire t
            JOIN parcours_orientationpartenaire o ON o.id = t.orientation_id
            WHERE o.parcours_id = %s AND o.anonymisee_le IS NULL {condition}
            ORDER BY t.created_at DESC, t.id DESC LIMIT %s
        ) t
        JOIN guide_ressources_service s ON s.id = t.service_id
        JOIN guide_ressources_structure st ON st.id = s.structure_id
        LEFT JOIN social_utilisateur u ON u.id = t.acting_user_id
        ORDER BY {ordre}
    """  # noqa: S608 (fixed SQL; values are parameters)

    def evenements(ligne: Ligne) -> list[Evenement]:
        service, structure = ligne.t6 or "", ligne.t7 or ""
        cle = (ligne.t2 or "") if ligne.t1 else ""
        titre = _(_TITRES.get(cle, _TITRES[""])) % {"service": service, "structure": structure}
        auteur = (
            nom(ligne.t4)
            if ligne.t4 is not None
            else libelle(TransitionOrientationPartenaire, "canal", ligne.t5 or "")
        )
        return [Evenement(ligne.moment, "orientation_partenaire", titre, ligne.t3 or "", auteur)]

    return BrancheChronologie(sql, [parcours.pk, *params, limite], evenements)
