"""Reads of the pathway documents: what each viewer may see, in one query whatever the number of rows."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext as _

from parcours.chronologie import Evenement
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


def documents_visibles(*, parcours: Parcours, user: Utilisateur | AnonymousUser) -> list[Document]:
    documents = list(documents_lisibles(parcours=parcours, user=user))
    for document in documents:
        document.parcours = parcours  # permissions read the pathway (and its cached roles): no query per row
    return documents


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


def evenements_documents(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> list[Evenement]:
    """Timeline source (``parcours.chronologie``): the deposits and the deletions of the documents this
    viewer may read, the ``limite`` newest of each (two queries). Partners never see a deletion's motif."""
    if not can_view_parcours(user, parcours):
        return []
    lisibles = (
        Document.objects.filter(parcours=parcours)
        .lisibles(
            sante=can_view_documents_sante(user, parcours),
            confidentiels=can_view_documents_confidentiels(user, parcours),
        )
        .select_related("depose_par", "supprime_par")
    )
    evenements = [
        Evenement(
            document.depose_le,
            "document",
            _("Document déposé (%(type)s) : %(titre)s")
            % {"type": document.get_type_document_display(), "titre": document.titre},
            _("Confidentiel.") if document.confidentiel else "",
            _nom(document.depose_par),
        )
        for document in lisibles.order_by("-depose_le", "-id")[:limite]
    ]
    evenements += [
        Evenement(
            document.supprime_le,
            "document",
            _("Document supprimé (%(type)s) : %(titre)s")
            % {"type": document.get_type_document_display(), "titre": document.titre},
            "" if partenaire else document.motif_suppression,
            _nom(document.supprime_par),
        )
        for document in lisibles.filter(supprime_le__isnull=False).order_by("-supprime_le", "-id")[:limite]
        if document.supprime_le is not None
    ]
    return evenements


def _nom(utilisateur: Utilisateur | None) -> str:
    return str(utilisateur) if utilisateur is not None else _("Compte supprimé")
