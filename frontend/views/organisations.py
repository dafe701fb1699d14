"""Partner organisations (functional administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.acces import utilisateur
from frontend.decorators import connexion_requise
from frontend.forms import OrganisationForm
from social import actions
from social.enums import TypeOrganisation
from social.permissions import can_manage_referentiel


@require_http_methods(["GET", "POST"])
@connexion_requise
def organisation_creer(request: HttpRequest) -> HttpResponse:
    if not can_manage_referentiel(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        donnees = form.cleaned_data
        try:
            organisation = actions.organisation_creer(
                acting_user=utilisateur(request),
                nom=donnees["nom"],
                type=TypeOrganisation(donnees["type"]),
                siret=donnees["siret"],
                commune=donnees["commune"],
                territoire=donnees["territoire"],
                adresse=donnees["adresse"],
                telephone=donnees["telephone"],
                courriel=donnees["courriel"],
            )
        except ValidationError as exc:
            form.appliquer_erreurs(exc)
        else:
            messages.success(request, _("L'organisation %(nom)s a été créée.") % {"nom": organisation.nom})
            return redirect("frontend:accueil")
    return render(request, "frontend/organisations/formulaire.html", {"form": form})
