"""The RSA file of a pathway: its three forms (the file, the orientation, the contrat d'engagement).

The pathway page shows the section « Droits et orientation RSA » (``parcours.selectors.fiche_rsa``) and
links to these pages. Each is a form page (GET) that posts to itself and calls one action of
``parcours.actions.rsa``: success redirects to the pathway page (post/redirect/get); a refusal
re-renders the form with its error summary and the domain's message (status 400, 403 or 409), and
nothing is written. Fetches are scoped (out of perimeter or not an RSA pathway: 404; a role that may not
use the form: 403) and journaled.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from frontend.forms_parcours_rsa import CHAMPS, ContratEngagementForm, DossierRsaForm, OrientationRsaForm
from parcours import actions
from parcours.actions.rsa import can_orienter_rsa, can_renseigner_dossier_rsa, can_signer_contrat_rsa
from parcours.enums import Dispositif, EtatRsa, TypeEcheance
from parcours.models import DossierRsa, Echeance, Parcours
from parcours.permissions import can_view_parcours
from parcours.regles.commun import valeur
from parcours.regles.rsa import HEURES_HEBDOMADAIRES
from parcours.selectors import fiche_rsa, organismes_referents_possibles, parcours_obtenir
from social.enums import OperationJournal
from social.exceptions import DomainError

_STATUTS = {
    "interdit": 403,
    "transition_impossible": 409,
    "parcours_clos": 409,
    "rsa_dossier_requis": 409,
}


def _refus(form: Any, exc: DomainError) -> int:
    """The domain's refusal on the form (on its field when it names one) and its HTTP status."""
    champ = exc.extra.get("champ")
    champ = CHAMPS.get(champ, champ) if isinstance(champ, str) else None
    form.add_error(champ if champ in form.fields else None, exc.message)
    return _STATUTS.get(exc.code, 400)


def _obtenir(request: HttpRequest, public_id: uuid.UUID) -> Parcours:
    """The scoped fetch (404), an RSA pathway only (404), readable by this role (403). A POST is
    journaled as a modification of the person's file."""
    parcours = parcours_obtenir(
        user=request.user,
        public_id=public_id,
        acces=contexte_acces(request),
        operation=OperationJournal.MODIFICATION
        if request.method == "POST"
        else OperationJournal.CONSULTATION,
    )
    if parcours.dispositif != Dispositif.RSA:
        raise Http404("Parcours RSA introuvable")
    if not can_view_parcours(request.user, parcours):
        raise PermissionDenied
    return parcours


def _page(
    request: HttpRequest, gabarit: str, parcours: Parcours, form: Any, statut: int, **contexte: Any
) -> HttpResponse:
    rsa = fiche_rsa(parcours=parcours, user=utilisateur(request))
    return render(
        request, gabarit, {"parcours": parcours, "rsa": rsa, "form": form, **contexte}, status=statut
    )


def _vers_le_parcours(parcours: Parcours) -> HttpResponse:
    return redirect("frontend:parcours_detail", public_id=parcours.public_id)


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_rsa_dossier(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record or update the RSA file (status of the right, droits et devoirs, information received)."""
    user = utilisateur(request)
    parcours = _obtenir(request, public_id)
    if not can_renseigner_dossier_rsa(user, parcours):
        raise PermissionDenied
    dossier = DossierRsa.objects.filter(parcours=parcours).first()
    form = DossierRsaForm(request.POST if request.method == "POST" else None, dossier=dossier)
    statut = 200
    if form.is_bound:
        statut = 400
        if form.is_valid():
            donnees = form.cleaned_data
            try:
                actions.rsa_dossier_renseigner(
                    parcours=parcours,
                    statut_droit=donnees["statut_droit"],
                    soumis_droits_devoirs=form.soumis,
                    information_recue_le=donnees["information_recue_le"],
                    organisme_payeur=donnees["organisme_payeur"],
                    acting_user=user,
                )
            except DomainError as exc:
                statut = _refus(form, exc)
            else:
                messages.success(request, _("Le dossier RSA a été enregistré."))
                return _vers_le_parcours(parcours)
    return _page(request, "frontend/parcours/rsa/dossier.html", parcours, form, statut, dossier=dossier)


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_rsa_orienter(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record an orientation (or a reorientation): parcours, criteria, organisme référent, dates."""
    user = utilisateur(request)
    parcours = _obtenir(request, public_id)
    if not can_orienter_rsa(user, parcours):
        raise PermissionDenied
    reorientation = parcours.etat != EtatRsa.A_ORIENTER
    form = OrientationRsaForm(
        request.POST if request.method == "POST" else None,
        organismes=organismes_referents_possibles(parcours=parcours),
        site=parcours.site.nom,
        reorientation=reorientation,
    )
    statut = 200
    if form.is_bound:
        statut = 400
        if form.is_valid():
            donnees = form.cleaned_data
            try:
                actions.rsa_orienter(
                    parcours=parcours,
                    criteres=form.criteres(),
                    parcours_type=donnees["parcours_type"],
                    organisme_referent=form.organisme(),
                    decidee_le=donnees["decidee_le"],
                    notifiee_le=donnees["notifiee_le"],
                    vulnerabilites=donnees["vulnerabilites"],
                    motif=donnees.get("motif", ""),
                    acting_user=user,
                )
            except DomainError as exc:
                statut = _refus(form, exc)
            else:
                limite = (
                    Echeance.objects.filter(parcours=parcours, type=TypeEcheance.RSA_CONTRAT)
                    .values_list("date_limite", flat=True)
                    .first()
                )
                message = _("L'orientation a été enregistrée.")
                if limite is not None:
                    message += " " + _("Contrat d'engagement à signer avant le %(date)s inclus.") % {
                        "date": limite.strftime("%d/%m/%Y")
                    }
                messages.success(request, message)
                return _vers_le_parcours(parcours)
    return _page(request, "frontend/parcours/rsa/orientation.html", parcours, form, statut)


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_rsa_contrat(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record the contrat d'engagement: weekly hours (justified below the default), objectives."""
    user = utilisateur(request)
    parcours = _obtenir(request, public_id)
    if not can_signer_contrat_rsa(user, parcours):
        raise PermissionDenied
    form = ContratEngagementForm(
        request.POST if request.method == "POST" else None,
        minimum=valeur(HEURES_HEBDOMADAIRES, timezone.localdate()),
    )
    statut = 200
    if form.is_bound:
        statut = 400
        if form.is_valid():
            donnees = form.cleaned_data
            try:
                actions.rsa_contrat_signer(
                    parcours=parcours,
                    signe_le=donnees["signe_le"],
                    heures_hebdomadaires=donnees["heures_hebdomadaires"],
                    justification=form.justification(),
                    objectifs=donnees["objectifs"],
                    date_fin=donnees["date_fin"],
                    acting_user=user,
                )
            except DomainError as exc:
                statut = _refus(form, exc)
            else:
                messages.success(request, _("Le contrat d'engagement a été enregistré."))
                return _vers_le_parcours(parcours)
    return _page(request, "frontend/parcours/rsa/contrat.html", parcours, form, statut)
