"""People's files: search, file page, creation and edition, access journal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from frontend.forms import PersonneForm, RechercheForm
from guide_ressources.permissions import can_view_guide
from parcours.permissions import can_open_parcours
from parcours.selectors import parcours_de_la_personne
from social import actions, selectors
from social.models import Personne
from social.models.personnes import CHAMPS_AIDE_SOCIALE_ENFANCE
from social.perimetre import perimetre_de
from social.permissions import (
    can_create_personne,
    can_edit_personne,
    can_search_personnes,
    can_view_journal_acces,
)
from social.selectors import (
    acces_a_la_personne,
    doublons_potentiels,
    fiche_personne,
    journaliser_liste,
    personne_obtenir,
    personnes_rechercher,
    utilisateurs_par_id,
)

RESULTATS_PAR_PAGE = 20
ACCES_PAR_PAGE = 50


@require_GET
@connexion_requise
def personne_recherche(request: HttpRequest) -> HttpResponse:
    """Search by name or birth date. htmx refreshes the results while typing; without JavaScript the
    form submits normally. The page of results shown writes one journal row."""
    if not can_search_personnes(request.user):
        raise PermissionDenied
    form = RechercheForm(request.GET)
    texte = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = None
    personnes: list[Personne] = []
    if texte:
        page = Paginator(personnes_rechercher(user=request.user, texte=texte), RESULTATS_PAR_PAGE).get_page(
            request.GET.get("page")
        )
        personnes = list(page.object_list)
        journaliser_liste(acces=contexte_acces(request), personnes=personnes)
    contexte = {"form": form, "texte": texte, "page": page, "personnes": personnes}
    partiel = request.htmx and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    template = "frontend/personnes/_resultats_htmx.html" if partiel else "frontend/personnes/recherche.html"
    response = render(request, template, contexte)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@connexion_requise
def personne_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    personne = personne_obtenir(user=request.user, public_id=public_id, acces=contexte_acces(request))
    fiche = fiche_personne(personne=personne)
    membres = fiche["membres_foyer"]
    visibles = selectors.identifiants_visibles(
        user=utilisateur(request),
        personnes=[m.personne for m in membres if m.personne_id != personne.pk],  # type: ignore[attr-defined]
    )
    return render(
        request,
        "frontend/personnes/detail.html",
        {
            "personne": personne,
            "foyer": fiche["foyer"],
            "membres": [(m, m.personne_id in visibles) for m in membres],  # type: ignore[attr-defined]
            "rattachements": fiche["rattachements"],
            "historique": _historique(fiche["historique"]),  # type: ignore[arg-type]
            "peut_modifier": can_edit_personne(request.user, personne),
            "peut_voir_journal": can_view_journal_acces(request.user, personne),
            "parcours_personne": parcours_de_la_personne(user=request.user, personne=personne),
            "peut_ouvrir_parcours": can_open_parcours(request.user, personne),
            "peut_chercher_service": can_view_guide(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def personne_creer(request: HttpRequest) -> HttpResponse:
    """Create a file. Possible duplicates are shown first (the visible ones with links, the others only
    counted) and nothing is saved until the agent confirms it is another person."""
    if not can_create_personne(request.user):
        raise PermissionDenied
    acces = contexte_acces(request)
    form = PersonneForm(request.POST if request.method == "POST" else None)
    doublons = None
    if form.is_bound and form.is_valid():
        donnees = form.donnees_personne()
        if not form.confirme:
            doublons = doublons_potentiels(
                user=request.user,
                nom=donnees["nom"],
                prenoms=donnees["prenoms"],
                date_naissance=donnees["date_naissance"],
            )
            journaliser_liste(acces=acces, personnes=doublons.visibles)
        if doublons is None or not doublons.existe:
            try:
                personne = actions.personne_creer(acting_user=utilisateur(request), acces=acces, **donnees)
            except ValidationError as exc:
                form.appliquer_erreurs(exc)
            else:
                messages.success(request, _("La fiche de %(personne)s a été créée.") % {"personne": personne})
                return redirect("frontend:personne_detail", public_id=personne.public_id)
    return render(
        request, "frontend/personnes/formulaire.html", {"form": form, "doublons": doublons, "personne": None}
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def personne_modifier(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    acces = contexte_acces(request)
    personne = personne_obtenir(user=request.user, public_id=public_id, acces=acces)
    if not can_edit_personne(request.user, personne):
        raise PermissionDenied
    form = PersonneForm(request.POST if request.method == "POST" else None, personne=personne)
    if form.is_bound and form.is_valid():
        try:
            personne = actions.personne_modifier(
                personne=personne,
                acting_user=utilisateur(request),
                acces=acces,
                champs=form.donnees_personne(),
            )
        except ValidationError as exc:
            form.appliquer_erreurs(exc)
        else:
            messages.success(request, _("La fiche de %(personne)s a été modifiée.") % {"personne": personne})
            return redirect("frontend:personne_detail", public_id=personne.public_id)
    return render(
        request, "frontend/personnes/formulaire.html", {"form": form, "doublons": None, "personne": personne}
    )


@require_GET
@connexion_requise
def personne_acces(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Who accessed a file. Encadrants of the perimeter (scoped fetch: out of scope is a 404, in scope
    without the role a 403) and functional administrators (any file, by id, without its identity).
    Reading the journal is itself journaled."""
    acces = contexte_acces(request)
    personne = selectors.personne_obtenir_pour_audit(user=request.user, public_id=public_id, acces=acces)
    if not can_view_journal_acces(request.user, personne):
        raise PermissionDenied
    # Functional administrators audit the journal of any file, without seeing its identity.
    identite_visible = not perimetre_de(request.user).est_administrateur
    page = Paginator(acces_a_la_personne(personne=personne), ACCES_PAR_PAGE).get_page(request.GET.get("page"))
    lignes = list(page.object_list)
    utilisateurs = utilisateurs_par_id({ligne.utilisateur_id for ligne in lignes})
    return render(
        request,
        "frontend/personnes/acces.html",
        {
            "personne": personne,
            "identite_visible": identite_visible,
            "retention_mois": settings.PROCHE_JOURNAL_RETENTION_MOIS,
            "page": page,
            "lignes": [(ligne, utilisateurs.get(ligne.utilisateur_id)) for ligne in lignes],
        },
    )


@dataclass(frozen=True)
class EvenementHistorique:
    date: object
    auteur: object
    action: str
    champs: list[str]


def _libelle_champ(nom: str) -> str:
    return str(getattr(Personne._meta.get_field(nom), "verbose_name", nom))


def _historique(enregistrements: list) -> list[EvenementHistorique]:
    """Each history record with the names (never the values) of the fields it changed, diffing
    consecutive records in memory: no query per row. The child-protection fields (DP-4) are left out,
    and so is a change of those alone: the pathway's team reads them in the pathway's ASE block."""
    evenements = []
    for rang, enregistrement in enumerate(enregistrements):
        precedent = enregistrements[rang + 1] if rang + 1 < len(enregistrements) else None
        champs: list[str] = []
        if enregistrement.history_type == "+":
            action = _("Création de la fiche")
        elif enregistrement.history_type == "-":
            action = _("Suppression de la fiche")
        else:
            action = _("Modification")
            if precedent is not None:
                delta = enregistrement.diff_against(precedent)
                changes = [nom for nom in delta.changed_fields if nom != "updated_at"]
                if changes and set(changes) <= CHAMPS_AIDE_SOCIALE_ENFANCE:
                    continue
                champs = [_libelle_champ(nom) for nom in changes if nom not in CHAMPS_AIDE_SOCIALE_ENFANCE]
        evenements.append(
            EvenementHistorique(enregistrement.history_date, enregistrement.history_user, action, champs)
        )
    return evenements
