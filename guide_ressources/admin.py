"""Administration of the guide (functional administrators): taxonomies, entries, co-editors, imports.

Partners maintain their entries in the web interface; the admin is for corrections, co-editor
grants and audit. Uploads of data·inclusion files have their own page (``frontend:guide_importation_creer``)
with a progress bar; the command ``importer_data_inclusion`` does the same on the console.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from guide_ressources.actions.fiches import textes_structures_rafraichir
from guide_ressources.models import (
    Importation,
    RappelFraicheur,
    Service,
    Structure,
    StructureUserObjectPermission,
    Terme,
    TransitionPublication,
)
from social.admin import ReferentielAdminMixin


class LectureSeuleMixin:
    """Rows written by the application only (publication log, imports, reminders)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Terme)
class TermeAdmin(ReferentielAdminMixin, admin.ModelAdmin):
    """Terms come from the data·inclusion files and the local extension: edit the files, then reload
    (``importer_data_inclusion --taxonomies``); here, labels may be corrected and terms deactivated."""

    list_display = ["libelle", "valeur", "taxonomie", "locale", "correspondance", "actif"]
    list_filter = ["taxonomie", "locale", "actif"]
    search_fields = ["valeur", "libelle"]
    readonly_fields = ["taxonomie", "valeur", "locale"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TransitionInline(LectureSeuleMixin, admin.TabularInline):
    model = TransitionPublication
    extra = 0
    fields = ["created_at", "de", "vers", "motif", "acting_user"]
    readonly_fields = fields


class CoediteurInline(admin.TabularInline):
    model = StructureUserObjectPermission
    extra = 0
    fields = ["user", "permission", "expire_le", "motif", "accorde_par", "accorde_le"]
    readonly_fields = ["accorde_par", "accorde_le"]
    autocomplete_fields = ["user"]
    verbose_name = "co-éditeur"
    verbose_name_plural = "co-éditeurs (autorisations explicites)"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "permission":
            kwargs["queryset"] = Permission.objects.filter(
                content_type__app_label="guide_ressources", codename="change_structure"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Structure)
class StructureAdmin(ReferentielAdminMixin, SimpleHistoryAdmin):
    list_display = ["nom", "organisation", "commune_nom", "statut", "source", "confirme_le"]
    list_filter = ["statut", "source"]
    search_fields = ["nom", "identifiant", "siret", "organisation__nom"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation", "commune"]
    readonly_fields = ["public_id", "source", "identifiant", "created_at", "updated_at", "created_by"]
    inlines = [CoediteurInline, TransitionInline]

    def save_model(self, request: HttpRequest, obj: Structure, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Its name and description are searched on its services' rows (``Service.texte_structure``).
        textes_structures_rafraichir(structure_ids=[obj.pk])


@admin.register(Service)
class ServiceAdmin(ReferentielAdminMixin, SimpleHistoryAdmin):
    list_display = ["nom", "structure", "statut", "source", "confirme_le"]
    list_filter = ["statut", "source", "frais"]
    search_fields = ["nom", "identifiant", "structure__nom"]
    list_select_related = ["structure"]
    autocomplete_fields = ["structure", "commune"]
    readonly_fields = ["public_id", "source", "identifiant", "created_at", "updated_at", "created_by"]
    inlines = [TransitionInline]

    def save_model(self, request: HttpRequest, obj: Service, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        textes_structures_rafraichir(structure_ids=[obj.structure_id])  # a new or another structure


@admin.register(Importation)
class ImportationAdmin(LectureSeuleMixin, ReferentielAdminMixin, admin.ModelAdmin):
    list_display = ["nom_fichier", "statut", "total", "created_by", "created_at", "termine_le"]
    list_filter = ["statut"]
    exclude = ["donnees"]


@admin.register(RappelFraicheur)
class RappelFraicheurAdmin(LectureSeuleMixin, ReferentielAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "envoye_le", "nb_structures", "nb_services", "nb_destinataires"]
    list_select_related = ["organisation"]
