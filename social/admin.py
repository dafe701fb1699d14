"""Administration of the reference data (functional administrators).

Personal data (Personne, Foyer, their links) and the access journal are not registered: people's
files are reached only through the scoped pages of ``frontend``, which journal every access.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from social.models import (
    Adhesion,
    Affectation,
    Commune,
    Epci,
    Organisation,
    Parametre,
    Site,
    Territoire,
    Utilisateur,
)
from social.permissions import can_manage_referentiel


class ReferentielAdminMixin:
    """Functional administrators manage reference data whatever their Django model permissions
    (they still need ``is_staff`` to log in to the admin site)."""

    def _autorise(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or can_manage_referentiel(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._autorise(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._autorise(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._autorise(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._autorise(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._autorise(request)


@admin.register(Territoire)
class TerritoireAdmin(ReferentielAdminMixin, admin.ModelAdmin):
    list_display = ["nom", "code"]
    search_fields = ["nom", "code"]
    prepopulated_fields = {"code": ["nom"]}


@admin.register(Epci)
class EpciAdmin(ReferentielAdminMixin, admin.ModelAdmin):
    list_display = ["nom", "siren", "type", "population_totale"]
    list_filter = ["type"]
    search_fields = ["nom", "siren"]


@admin.register(Commune)
class CommuneAdmin(ReferentielAdminMixin, admin.ModelAdmin):
    list_display = ["nom", "code_insee", "territoire", "epci", "population"]
    list_filter = ["territoire"]
    search_fields = ["nom", "code_insee"]
    list_select_related = ["territoire", "epci"]
    autocomplete_fields = ["epci"]


@admin.register(Site)
class SiteAdmin(ReferentielAdminMixin, admin.ModelAdmin):
    list_display = ["nom", "type", "territoire", "commune"]
    list_filter = ["type", "territoire"]
    search_fields = ["nom"]
    list_select_related = ["territoire", "commune"]
    autocomplete_fields = ["commune"]
    filter_horizontal = ["communes_desservies"]


@admin.register(Organisation)
class OrganisationAdmin(ReferentielAdminMixin, SimpleHistoryAdmin):
    list_display = ["nom", "type", "siret", "commune", "territoire"]
    list_filter = ["type", "territoire"]
    search_fields = ["nom", "siret"]
    list_select_related = ["commune", "territoire"]
    autocomplete_fields = ["commune"]


@admin.register(Affectation)
class AffectationAdmin(ReferentielAdminMixin, SimpleHistoryAdmin):
    list_display = ["utilisateur", "site", "role", "perimetre", "date_debut", "date_fin"]
    list_filter = ["role", "perimetre", "site__territoire"]
    search_fields = ["utilisateur__username", "utilisateur__last_name", "site__nom"]
    list_select_related = ["utilisateur", "site"]
    autocomplete_fields = ["utilisateur", "site"]


@admin.register(Adhesion)
class AdhesionAdmin(ReferentielAdminMixin, SimpleHistoryAdmin):
    list_display = ["utilisateur", "organisation", "role", "date_debut", "date_fin"]
    list_filter = ["role"]
    search_fields = ["utilisateur__username", "utilisateur__last_name", "organisation__nom"]
    list_select_related = ["utilisateur", "organisation"]
    autocomplete_fields = ["utilisateur", "organisation"]


@admin.register(Parametre)
class ParametreAdmin(ReferentielAdminMixin, SimpleHistoryAdmin):
    """Dated parameters (rule G-1): a new value is a new row from its effective date, once the row in
    force has been given its end date (the day before); the database refuses overlapping periods, and
    the form says so in French (``tests/frontend/test_admin.py``)."""

    list_display = ["code", "libelle", "valeur", "unite", "date_debut", "date_fin"]
    list_filter = ["unite"]
    search_fields = ["code", "libelle", "source"]
    ordering = ["code", "-date_debut"]


@admin.register(Utilisateur)
class UtilisateurAdmin(ReferentielAdminMixin, UserAdmin):
    list_display = [
        "username",
        "last_name",
        "first_name",
        "email",
        "est_administrateur_fonctionnel",
        "is_active",
    ]
    list_filter = ["est_administrateur_fonctionnel", "is_active", "is_staff"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Proche", {"fields": ["est_administrateur_fonctionnel"]}),
    )
    add_fieldsets = (
        *(UserAdmin.add_fieldsets or ()),
        ("Proche", {"fields": ["first_name", "last_name", "email", "est_administrateur_fonctionnel"]}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Only superusers grant superuser status or raw Django permissions.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "groups", "user_permissions", "last_login", "date_joined"]
