"""Reads of the pathway documents: what each viewer may see, in one query whatever the number of rows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext as _

from parcours.chronologie import Evenement
from parcours.lectures import lecture_partagee
from parcours.models import Document, Parcours
from parcours.models.documents import DocumentQuerySet
from parcours.permissions import (
    can_view_documents_confidentiels,
    can_view_documents_sante,
    can_view_parcours,
)
from social.models import Utilisateur


def documents_lisibles(*, parcours: Parcours, user: Utilisateur | AnonymousUser) -> DocumentQuerySet:
    """The active documents of a (visible) pathway this viewer may read, newest first: medical
    certificates for medico-social profiles only (DP-2), confidential documents for the département's
    staff only; a designated partner sees the non-confidential, non-health ones. Nothing for a user who
    may not read the pathway (the callers fetch it scoped already: a second lock on the door)."""
    if not can_view_parcours(user, parcours):
        return Document.objects.none()
    return (
        Document.objects.filter(parcours=parcours)
        .actifs()
        .lisibles(
            sante=can_view_documents_sante(user, parcours),
            confidentiels=can_view_documents_confidentiels(user, parcours),
        )
        .select_related("depose_par")
        .order_by("-depose_le", "-id")
    )


def _lisibles_avec_supprimes(*, parcours: Parcours, user: Utilisateur | AnonymousUser) -> list[Document]:
    """The documents of the pathway this viewer may read, deleted ones included, newest first (one query,
    shared on the pathway page by the list of documents and the timeline: ``parcours.lectures``)."""

    def charger() -> list[Document]:
        if not can_view_parcours(user, parcours):
            return []
        documents = list(
            Document.objects.filter(parcours=parcours)
            .lisibles(
                sante=can_view_documents_sante(user, parcours),
                confidentiels=can_view_documents_confidentiels(user, parcours),
            )
            .select_related("depose_par", "supprime_par")
            .order_by("-depose_le", "-id")
        )
        for document in documents:
            document.parcours = parcours  # permissions read the pathway and its cached roles: no query
        return documents

    return lecture_partagee(parcours, f"documents:{user.pk}", charger)


def documents_visibles(*, parcours: Parcours, user: Utilisateur | AnonymousUser) -> list[Document]:
    """The active documents this viewer may read, newest first (``documents_lisibles``, one query)."""
    return [d for d in _lisibles_avec_supprimes(parcours=parcours, user=user) if d.supprime_le is None]


def document_obtenir(
    *, parcours: Parcours, user: Utilisateur | AnonymousUser, public_id: uuid.UUID | str
) -> Document:
    """One readable document of a visible pathway; ``Http404`` when absent, deleted or not readable."""
    try:
        document = documents_lisibles(parcours=parcours, user=user).get(public_id=public_id)
    except (Document.DoesNotExist, ValueError) as exc:
        raise Http404("Document introuvable") from exc
    document.parcours = parcours
    return document


def documents_obtenir(
    *, parcours: Parcours, user: Utilisateur | AnonymousUser, public_ids: Sequence[uuid.UUID | str]
) -> list[Document]:
    """The readable documents of a visible pathway among these ids (``documents_lisibles``, one query);
    the caller compares the counts (an id absent, deleted or not readable is missing)."""
    return list(documents_lisibles(parcours=parcours, user=user).filter(public_id__in=list(public_ids)))


def evenements_documents(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> list[Evenement]:
    """Timeline source (``parcours.chronologie``): the deposits and the deletions of the documents this
    viewer may read, the ``limite`` newest of each (one query, shared with the list of documents on the
    pathway page). Partners never see a deletion's motif."""
    lisibles = _lisibles_avec_supprimes(parcours=parcours, user=user)
    evenements = [
        Evenement(
            document.depose_le,
            "document",
            _("Document déposé (%(type)s) : %(titre)s")
            % {"type": document.get_type_document_display(), "titre": document.titre},
            _("Confidentiel.") if document.confidentiel else "",
            _nom(document.depose_par),
        )
        for document in lisibles[:limite]
    ]
    supprimes = sorted(
        (d for d in lisibles if d.supprime_le is not None),
        key=lambda d: (d.supprime_le, d.pk),
        reverse=True,
    )
    evenements += [
        Evenement(
            document.supprime_le,
            "document",
            _("Document supprimé (%(type)s) : %(titre)s")
            % {"type": document.get_type_document_display(), "titre": document.titre},
            "" if partenaire else document.motif_suppression,
            _auteur_suppression(document),
        )
        for document in supprimes[:limite]
        if document.supprime_le is not None
    ]
    return evenements


def _auteur_suppression(document: Document) -> str:
    """Who deleted it; none for a document filed for a referral: the system, at the referral's closure
    by the signed link or its expiry (the motif says which), not a deleted account."""
    if document.supprime_par is None and document.pour_orientation:
        return _("Clôture de l'orientation")
    return _nom(document.supprime_par)


def _nom(utilisateur: Utilisateur | None) -> str:
    return str(utilisateur) if utilisateur is not None else _("Compte supprimé")
