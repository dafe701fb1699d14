"""The documents of a pathway: file one (form of the pathway page), download one, delete one.

Every fetch is scoped: the pathway through ``parcours_obtenir`` (out of perimeter: 404), the document
through ``document_obtenir`` (a document this viewer may not read: 404, as if absent). A download sends
the file as an attachment, never rendered by the browser, and journals the access.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from frontend.forms_documents import DocumentForm, SuppressionDocumentForm
from frontend.views.parcours import _obtenir, _page, _refus
from parcours.actions.documents import document_deposer, document_supprimer
from parcours.documents import reponse_document
from parcours.permissions import can_deposer_document, can_supprimer_document
from parcours.selectors_documents import document_obtenir
from social.actions.journal import journal_enregistrer
from social.enums import OperationJournal
from social.exceptions import DomainError


@require_POST
@connexion_requise
def parcours_document_deposer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    parcours = _obtenir(request, public_id, ecriture=True)
    if not can_deposer_document(request.user, parcours):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES)
    statut = 400
    if form.is_valid():
        try:
            document_deposer(
                parcours=parcours,
                type_document=form.cleaned_data["type_document"],
                fichier=form.cleaned_data["fichier"],
                titre=form.cleaned_data["titre"],
                confidentiel=form.cleaned_data["confidentiel"],
                acting_user=utilisateur(request),
            )
        except DomainError as exc:
            statut = _refus(form, exc)
        else:
            messages.success(request, _("Le document a été déposé."))
            return redirect("frontend:parcours_detail", public_id=parcours.public_id)
    return _page(request, parcours, statut=statut, lies={"document": form})


@require_GET
@connexion_requise
def parcours_document_telecharger(
    request: HttpRequest, public_id: uuid.UUID, document: uuid.UUID
) -> HttpResponse:
    parcours = _obtenir(request, public_id)
    lu = document_obtenir(parcours=parcours, user=request.user, public_id=document)
    journal_enregistrer(
        acces=contexte_acces(request),
        operation=OperationJournal.CONSULTATION,
        objet_type="document",
        objet_ids=[lu.public_id],
    )
    # A streamed file response: the decorators only pass it through.
    return cast(HttpResponse, reponse_document(lu))


@require_POST
@connexion_requise
def parcours_document_supprimer(
    request: HttpRequest, public_id: uuid.UUID, document: uuid.UUID
) -> HttpResponse:
    parcours = _obtenir(request, public_id, ecriture=True)
    lu = document_obtenir(parcours=parcours, user=request.user, public_id=document)
    if not can_supprimer_document(request.user, parcours, lu.depose_par_id):
        raise PermissionDenied
    form = SuppressionDocumentForm(request.POST, prefix=f"sup-{lu.public_id}")
    statut = 400
    if form.is_valid():
        try:
            document_supprimer(
                document=lu, motif=form.cleaned_data["motif"], acting_user=utilisateur(request)
            )
        except DomainError as exc:
            statut = _refus(form, exc)
        else:
            messages.success(request, _("Le document a été supprimé."))
            return redirect("frontend:parcours_detail", public_id=parcours.public_id)
    return _page(request, parcours, statut=statut, lies={form.prefix or "": form})
