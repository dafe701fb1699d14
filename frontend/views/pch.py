"""The PCH of a PCH pathway: the section « PCH : décisions de la CDAPH et versements » of the pathway page
(``frontend/parcours/pch/section.html``) and its three form pages (request pending, decision, payment).

Each page posts to itself and calls one action of ``parcours.actions.pch``: success redirects to the
pathway page; a refusal re-renders the form with its error summary (status 400, 403 or 409) and nothing
is written. Fetches are scoped (out of perimeter or not a PCH pathway: 404; a role that may not use the
form: 403) and journaled. The decision detail is health data (DP-2): partners never get these forms.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from frontend.forms_pch import DecisionPchForm, DemandePchForm, VersementPchForm
from parcours.actions.pch import (
    can_gerer_pch,
    pch_decision_enregistrer,
    pch_demande_enregistrer,
    pch_versement_enregistrer,
)
from parcours.enums import Dispositif
from parcours.models import DecisionPch, Parcours
from parcours.permissions import can_view_parcours
from parcours.selectors import parcours_obtenir
from social.enums import OperationJournal
from social.exceptions import DomainError

STATUTS = {"interdit": 403, "transition_impossible": 409, "parcours_clos": 409, "rsa_dossier_requis": 409}


def obtenir(request: HttpRequest, public_id: uuid.UUID, dispositif: Dispositif) -> Parcours:
    """The scoped fetch (404), a pathway of ``dispositif`` only (404), readable by this role (403). A POST
    is journaled as a modification of the person's file."""
    parcours = parcours_obtenir(
        user=request.user,
        public_id=public_id,
        acces=contexte_acces(request),
        operation=OperationJournal.MODIFICATION
        if request.method == "POST"
        else OperationJournal.CONSULTATION,
    )
    if parcours.dispositif != dispositif:
        raise Http404("Parcours introuvable")
    if not can_view_parcours(request.user, parcours):
        raise PermissionDenied
    return parcours


def formulaire(
    request: HttpRequest,
    parcours: Parcours,
    form: forms.Form,
    executer: Callable[[dict[str, Any]], object],
    *,
    gabarit: str,
    titre: str,
    bouton: str,
    succes: str,
    intro: str = "",
) -> HttpResponse:
    """GET shows the form; POST runs the action: success → the pathway page; a refusal → the form with the
    domain's message on its field (or on top) and the status of the refusal."""
    statut = 200
    if form.is_bound:
        statut = 400
        if form.is_valid():
            try:
                executer(form.cleaned_data)
            except DomainError as exc:
                champ = exc.extra.get("champ")
                form.add_error(
                    champ if isinstance(champ, str) and champ in form.fields else None, exc.message
                )
                statut = STATUTS.get(exc.code, 400)
            else:
                messages.success(request, succes)
                return redirect("frontend:parcours_detail", public_id=parcours.public_id)
    contexte = {"parcours": parcours, "form": form, "titre": titre, "bouton": bouton, "intro": intro}
    return render(request, gabarit, contexte, status=statut)


def _donnees(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _gerer(request: HttpRequest, public_id: uuid.UUID) -> Parcours:
    parcours = obtenir(request, public_id, Dispositif.PCH)
    if not can_gerer_pch(utilisateur(request), parcours):
        raise PermissionDenied
    return parcours


GABARIT = "frontend/parcours/pch/formulaire.html"


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_pch_demande(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record a request filed with the MDPH (the CDAPH's silence for 4 months is a rejection, PCH-6)."""
    parcours = _gerer(request, public_id)
    user = utilisateur(request)
    return formulaire(
        request,
        parcours,
        DemandePchForm(_donnees(request)),
        lambda d: pch_demande_enregistrer(parcours=parcours, acting_user=user, **d),
        gabarit=GABARIT,
        titre=_("Enregistrer une demande déposée à la MDPH"),
        bouton=_("Enregistrer la demande"),
        succes=_("La demande a été enregistrée : son délai de décision est suivi."),
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_pch_decision(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record one element of a CDAPH decision (PCH-1, PCH-2, PCH-5)."""
    parcours = _gerer(request, public_id)
    user = utilisateur(request)
    return formulaire(
        request,
        parcours,
        DecisionPchForm(_donnees(request)),
        lambda d: pch_decision_enregistrer(parcours=parcours, acting_user=user, **d),
        gabarit=GABARIT,
        titre=_("Enregistrer une décision de la CDAPH"),
        bouton=_("Enregistrer la décision"),
        succes=_("La décision de la CDAPH a été enregistrée."),
        intro=_(
            "Un élément par saisie : indiquez soit un montant total, soit un montant mensuel, soit des "
            "heures mensuelles avec leur tarif horaire."
        ),
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_pch_versement(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record a payment under a CDAPH decision, within its amount and the 10-year caps (PCH-1, PCH-5)."""
    parcours = _gerer(request, public_id)
    user = utilisateur(request)
    decisions = DecisionPch.objects.filter(parcours=parcours).order_by("-decidee_le", "element")
    return formulaire(
        request,
        parcours,
        VersementPchForm(_donnees(request), decisions=decisions),
        lambda d: pch_versement_enregistrer(acting_user=user, **d),
        gabarit=GABARIT,
        titre=_("Enregistrer un versement de la PCH"),
        bouton=_("Enregistrer le versement"),
        succes=_("Le versement a été enregistré."),
        intro=_(
            "Le Département ne paie que ce que la CDAPH a décidé, dans les plafonds de 10 ans par élément "
            "(arrêté du 11 août 2021)."
        ),
    )
