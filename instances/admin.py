"""Administration of councils and their members' mandates (functional administrators)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from instances.models import Instance, Mandat
from social.admin import ReferentielAdminMixin


class MandatInline(ReferentielAdminMixin, admin.TabularInline):
    model = Mandat
    extra = 0
    autocomplete_fields = ["utilisateur"]


@admin.register(Instance)
class InstanceAdmin(ReferentielAdminMixin, admin.ModelAdmin):
    list_display = ["nom", "niveau", "territoire", "parent"]
    list_filter = ["niveau", "territoire"]
    search_fields = ["nom"]
    list_select_related = ["territoire", "parent"]
    inlines = [MandatInline]


@admin.register(Mandat)
class MandatAdmin(ReferentielAdminMixin, SimpleHistoryAdmin):
    list_display = ["utilisateur", "organe", "role", "voix_deliberative", "date_debut", "date_fin"]
    list_filter = ["role", "voix_deliberative", "organe"]
    search_fields = ["utilisateur__username", "utilisateur__last_name", "organe__nom"]
    list_select_related = ["utilisateur", "organe"]
    autocomplete_fields = ["utilisateur", "organe"]
