"""Administration of councils, mandates, the aid catalogue and the delegations (functional
administrators). Aid files, sessions and decisions are written through the pages and the API only."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from instances.models import Delegation, Instance, Mandat, TypeAide
from social.admin import ReferentielAdminMixin


class MandatInline(ReferentielAdminMixin, admin.TabularInline):
    model = Mandat
    extra = 0
    autocomplete_fields = ["utilisateur"]


@admin.register(Instance)
class InstanceAdmin(ReferentielAdminMixin, admin.ModelAdmin):
    list_display = ["nom", "niveau", "territoire", "parent", "quorum", "presentation_pseudonymisee"]
    list_filter = ["niveau", "territoire"]
    search_fields = ["nom"]
    list_select_related = ["territoire", "parent"]
    filter_horizontal = ["types_aide"]
    inlines = [MandatInline]


@admin.register(Mandat)
class MandatAdmin(ReferentielAdminMixin, SimpleHistoryAdmin):
    list_display = ["utilisateur", "organe", "role", "voix_deliberative", "date_debut", "date_fin"]
    list_filter = ["role", "voix_deliberative", "organe"]
    search_fields = ["utilisateur__username", "utilisateur__last_name", "organe__nom"]
    list_select_related = ["utilisateur", "organe"]
    autocomplete_fields = ["utilisateur", "organe"]


@admin.register(TypeAide)
class TypeAideAdmin(ReferentielAdminMixin, admin.ModelAdmin):
    list_display = ["libelle", "code", "fonds", "type_faj", "actif", "ordre"]
    list_filter = ["fonds", "actif"]
    search_fields = ["libelle", "code"]


@admin.register(Delegation)
class DelegationAdmin(ReferentielAdminMixin, SimpleHistoryAdmin):
    list_display = ["utilisateur", "acte_reference", "montant_maximum", "date_debut", "date_fin"]
    search_fields = ["utilisateur__username", "utilisateur__last_name", "acte_reference"]
    list_select_related = ["utilisateur"]
    autocomplete_fields = ["utilisateur"]
    filter_horizontal = ["types_aide"]
