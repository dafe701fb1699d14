"""Referrals to partner services: refer from a pathway or from a guide service, the block of the pathway
page (refreshed in real time), the partner's inbox, one referral, the answer, and the public page of the
signed link.

Every fetch is scoped (out of perimeter: 404; a role that may never use the page: 403) and journaled.
The signed-link page has no account: the token is the only credential; a tampered or expired link gets a
French page that says so, and nothing is shown of the referral.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from frontend.forms_orientations import FiltresBoiteForm, OrientationForm, RechercheServiceForm, ReponseForm
from guide_ressources.selectors import Criteres, service_obtenir, services_rechercher
from parcours.actions.orientations import (
    PieceADeposer,
    contact_du_service,
    orientation_partenaire_creer,
    orientation_partenaire_repondre,
    orientation_partenaire_repondre_par_lien,
)
from parcours.models import OrientationPartenaire, Parcours, PieceJointeOrientation
from parcours.permissions import (
    can_orienter_vers_partenaire,
    can_repondre_orientation,
    can_view_boite_orientations,
    can_view_caseload,
    can_view_parcours,
)
from parcours.selectors import parcours_obtenir
from parcours.selectors_orientations import (
    LIEN_SIGNE,
    UTILISATEUR_LIEN_SIGNE,
    Lecteur,
    boite_orientations,
    documents_partageables,
    journaliser_orientations,
    organisations_de,
    orientation_obtenir,
    orientation_par_lien,
    orientations_du_parcours,
    parcours_a_orienter,
    piece_jointe_lire,
    pieces_jointes_de,
)
from social.actions.journal import ContexteAcces
from social.enums import OperationJournal
from social.exceptions import DomainError

ORIENTATIONS_PAR_PAGE = 25
SERVICES_PROPOSES = 20
# The block of the pathway page refetches when a partner answers (``social.temps_reel.diffuser``) and
# after a lost connection.
EVENEMENTS_BLOC = "load, proche:orientation.repondue from:body, proche:reconnexion from:body"
EVENEMENTS_BOITE = "proche:orientation.recue from:body, proche:reconnexion from:body"
_STATUTS = {"interdit": 403, "transition_impossible": 409, "deja_orientee": 409, "parcours_clos": 409}


def _refus(form: Any, exc: DomainError) -> int:
    champ = exc.extra.get("champ")
    form.add_error(champ if champ in form.fields else None, exc.message)
    return _STATUTS.get(exc.code, 400)


def _parcours(request: HttpRequest, public_id: uuid.UUID, *, ecriture: bool = False) -> Parcours:
    parcours = parcours_obtenir(
        user=request.user,
        public_id=public_id,
        acces=contexte_acces(request),
        operation=OperationJournal.MODIFICATION if ecriture else OperationJournal.CONSULTATION,
    )
    if not can_view_parcours(request.user, parcours):
        raise PermissionDenied
    return parcours


# The pathway's block (included in the pathway page, refreshed by htmx).


@require_GET
@connexion_requise
def parcours_orientations(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The referrals of the pathway this user may see: a fragment for htmx, a page otherwise."""
    parcours = _parcours(request, public_id)
    user = utilisateur(request)
    contexte = {
        "parcours": parcours,
        "orientations": orientations_du_parcours(parcours=parcours, user=user),
        "peut_orienter": can_orienter_vers_partenaire(user, parcours),
    }
    gabarit = "frontend/orientations/_bloc_parcours.html"
    if not getattr(request, "htmx", False):
        gabarit = "frontend/orientations/parcours.html"
    return render(request, gabarit, contexte)


# Refer.


@require_http_methods(["GET", "POST"])
@connexion_requise
def orientation_creer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """« Orienter vers un service »: without a service, a search in the guide (around the person's
    commune); with one, what to share and the person's consent."""
    parcours = _parcours(request, public_id, ecriture=request.method == "POST")
    user = utilisateur(request)
    if not can_orienter_vers_partenaire(user, parcours):
        raise PermissionDenied
    service_id = request.GET.get("service") or request.POST.get("service")
    if not service_id:
        recherche = RechercheServiceForm(request.GET or None)
        services: list[Any] = []
        if recherche.is_valid() and recherche.cleaned_data["q"]:
            services = list(
                services_rechercher(
                    user=user,
                    criteres=Criteres(texte=recherche.cleaned_data["q"], commune=parcours.personne.commune),
                )[:SERVICES_PROPOSES]
            )
        return render(
            request,
            "frontend/orientations/choisir_service.html",
            {"parcours": parcours, "recherche": recherche, "services": services},
        )
    service = service_obtenir(user=user, public_id=service_id)
    personne = parcours.personne
    statut = 200
    documents = documents_partageables(parcours=parcours)
    if request.method == "POST":
        form = OrientationForm(request.POST, request.FILES, documents=documents)
        statut = 400
        if form.is_valid():
            donnees = form.cleaned_data
            try:
                orientation_partenaire_creer(
                    parcours=parcours,
                    service=service,
                    message=donnees["message"],
                    nom_partage=f"{personne.prenoms} {personne.nom}" if donnees["partager_nom"] else "",
                    telephone_partage=donnees["telephone"],
                    courriel_partage=donnees["courriel"],
                    consentement_le=donnees["consentement_le"],
                    consentement_mode=donnees["consentement_mode"],
                    acting_user=user,
                    lien_reponse=lambda jeton: request.build_absolute_uri(
                        reverse("frontend:orientation_lien", args=[jeton])
                    ),
                    documents=form.documents_choisis(),
                    pieces_a_deposer=[
                        PieceADeposer(fichier=donnees["fichier"], titre=donnees["titre_fichier"])
                    ]
                    if donnees["fichier"]
                    else [],
                )
            except DomainError as exc:
                statut = _refus(form, exc)
            else:
                messages.success(
                    request,
                    _("L'orientation vers « %(service)s » est envoyée ; vous serez prévenu de la réponse.")
                    % {"service": service.nom},
                )
                return redirect("frontend:parcours_detail", public_id=parcours.public_id)
    else:
        form = OrientationForm(
            documents=documents,
            initial={
                "telephone": getattr(personne, "telephone", ""),
                "courriel": getattr(personne, "courriel", ""),
                "consentement_le": timezone.localdate(),
            },
        )
    return render(
        request,
        "frontend/orientations/creer.html",
        {
            "parcours": parcours,
            "service": service,
            "form": form,
            "contact": contact_du_service(service),
            "boite": service.structure.organisation_id is not None,
        },
        status=statut,
    )


@require_GET
@connexion_requise
def orientation_depuis_service(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """From a guide service's page: choose the pathway of the person to refer."""
    user = utilisateur(request)
    if not can_view_caseload(user):
        raise PermissionDenied
    service = service_obtenir(user=user, public_id=public_id)
    # Open pathways where she is référent or team member: she may refer from each (one query).
    return render(
        request,
        "frontend/orientations/choisir_parcours.html",
        {"service": service, "lignes": list(parcours_a_orienter(user=user))},
    )


# The partner's inbox.


@require_GET
@connexion_requise
def orientations_recues(request: HttpRequest) -> HttpResponse:
    """« Orientations reçues »: those addressed to the partner's organisations, filtered by GET, one
    journal row per page."""
    user = utilisateur(request)
    if not can_view_boite_orientations(user):
        raise PermissionDenied
    organisations = list(organisations_de(user))
    form = FiltresBoiteForm(request.GET or None, organisations=organisations)
    page = Paginator(boite_orientations(user=user, filtres=form.filtres()), ORIENTATIONS_PAR_PAGE).get_page(
        request.GET.get("page")
    )
    lignes: list[OrientationPartenaire] = list(page.object_list)
    journaliser_orientations(
        acces=contexte_acces(request), orientations=lignes, operation=OperationJournal.LISTE
    )
    return render(
        request,
        "frontend/orientations/boite.html",
        {
            "form": form,
            "page": page,
            "lignes": lignes,
            "plusieurs_organisations": len(organisations) > 1,
            "evenements_temps_reel": EVENEMENTS_BOITE,
        },
    )


def _page_orientation(
    request: HttpRequest,
    orientation: OrientationPartenaire,
    *,
    form: ReponseForm | None = None,
    statut: int = 200,
) -> HttpResponse:
    user = utilisateur(request)
    peut_repondre = can_repondre_orientation(user, orientation)
    return render(
        request,
        "frontend/orientations/detail.html",
        {
            "orientation": orientation,
            "pieces": _pieces(
                orientation,
                user,
                lambda piece: reverse(
                    "frontend:orientation_piece_jointe", args=[orientation.public_id, piece.public_id]
                ),
            ),
            "form": (form or ReponseForm()) if peut_repondre else None,
            # A refusal on a referral that can no longer be answered (already closed): shown at the top.
            "erreur_isolee": form if form is not None and not peut_repondre else None,
            "action": reverse("frontend:orientation_repondre", args=[orientation.public_id]),
        },
        status=statut,
    )


def _pieces(
    orientation: OrientationPartenaire, lecteur: Lecteur, url: Any
) -> list[dict[str, PieceJointeOrientation | str]]:
    return [{"piece": piece, "url": url(piece)} for piece in pieces_jointes_de(orientation, lecteur=lecteur)]


@require_GET
@connexion_requise
def orientation_piece_jointe(request: HttpRequest, public_id: uuid.UUID, piece: uuid.UUID) -> HttpResponse:
    """Download an attachment, while the referral is open: the addressee partner, and the staff who may
    read the pathway's documents; the reception desk, another organisation's, a closed referral's: 404."""
    acces = contexte_acces(request)
    orientation = orientation_obtenir(user=request.user, public_id=public_id, acces=acces)
    return piece_jointe_lire(  # type: ignore[return-value]  # streamed, passed through
        orientation=orientation, public_id=piece, lecteur=request.user, acces=acces
    )


@require_GET
@connexion_requise
def orientation_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    orientation = orientation_obtenir(user=request.user, public_id=public_id, acces=contexte_acces(request))
    return _page_orientation(request, orientation)


@require_POST
@connexion_requise
def orientation_repondre(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    orientation = orientation_obtenir(
        user=request.user,
        public_id=public_id,
        acces=contexte_acces(request),
        operation=OperationJournal.MODIFICATION,
    )
    form = ReponseForm(request.POST)
    statut = 400
    if form.is_valid():
        try:
            orientation_partenaire_repondre(
                orientation=orientation,
                vers=form.cleaned_data["decision"],
                motif=form.cleaned_data["motif"],
                acting_user=utilisateur(request),
            )
        except DomainError as exc:
            statut = _refus(form, exc)
        else:
            messages.success(request, _("Votre réponse est enregistrée ; le travailleur social est prévenu."))
            return redirect("frontend:orientations_recues")
    if statut == 403:
        raise PermissionDenied
    return _page_orientation(request, orientation, form=form, statut=statut)


# The signed link (no account).


def _lien_invalide(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(
        request,
        "frontend/orientations/lien_invalide.html",
        {"message": exc.message},
        status=410 if exc.code == "lien_expire" else 400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def orientation_lien(request: HttpRequest, jeton: str) -> HttpResponse:
    """The partner's answer without an account: only the shared information, and accept / refuse."""
    try:
        orientation = orientation_par_lien(jeton=jeton)
    except DomainError as exc:
        return _lien_invalide(request, exc)
    acces = ContexteAcces(
        utilisateur_id=request.user.pk if request.user.is_authenticated else UTILISATEUR_LIEN_SIGNE,
        ip=request.META.get("REMOTE_ADDR") or None,
        contexte="frontend:orientation_lien",
    )
    statut = 200
    form = ReponseForm(request.POST or None) if orientation.est_ouverte else None
    if request.method == "POST":
        journaliser_orientations(
            acces=acces, orientations=[orientation], operation=OperationJournal.MODIFICATION
        )
        if form is None:
            return _lien_invalide(
                request,
                DomainError(
                    _("Cette orientation est déjà close : elle ne peut plus recevoir de réponse."),
                    "transition_impossible",
                ),
            )
        statut = 400
        if form.is_valid():
            try:
                orientation_partenaire_repondre_par_lien(
                    jeton=jeton, vers=form.cleaned_data["decision"], motif=form.cleaned_data["motif"]
                )
            except DomainError as exc:
                if exc.code.startswith("lien_"):
                    return _lien_invalide(request, exc)
                statut = _refus(form, exc)
            else:
                messages.success(
                    request, _("Votre réponse est enregistrée ; le travailleur social est prévenu.")
                )
                return redirect("frontend:orientation_lien", jeton=jeton)
    else:
        journaliser_orientations(
            acces=acces, orientations=[orientation], operation=OperationJournal.CONSULTATION
        )
    response = render(
        request,
        "frontend/orientations/lien.html",
        {
            "orientation": orientation,
            "form": form,
            "action": request.path,
            "pieces": _pieces(
                orientation,
                LIEN_SIGNE,
                lambda piece: reverse(
                    "frontend:orientation_lien_piece_jointe", args=[jeton, piece.public_id]
                ),
            ),
        },
        status=statut,
    )
    # The token must not leak to other sites; same-origin keeps the Origin header of the form posts (CSRF).
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_GET
def orientation_lien_piece_jointe(request: HttpRequest, jeton: str, piece: uuid.UUID) -> HttpResponse:
    """Download an attachment through the signed link (no account): the token is the only credential;
    a tampered or expired link, a closed referral or another referral's attachment: 404."""
    try:
        orientation = orientation_par_lien(jeton=jeton)
    except DomainError as exc:
        raise Http404("Lien invalide") from exc
    acces = ContexteAcces(
        utilisateur_id=request.user.pk if request.user.is_authenticated else UTILISATEUR_LIEN_SIGNE,
        ip=request.META.get("REMOTE_ADDR") or None,
        contexte="frontend:orientation_lien_piece_jointe",
    )
    response = piece_jointe_lire(orientation=orientation, public_id=piece, lecteur=LIEN_SIGNE, acces=acces)
    journaliser_orientations(acces=acces, orientations=[orientation], operation=OperationJournal.CONSULTATION)
    response["Referrer-Policy"] = "same-origin"
    return response  # type: ignore[return-value]  # streamed, passed through
