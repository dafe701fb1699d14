"""Routes of the guide work, spread into the main urlpatterns (URL names in the same namespace)."""

from django.urls import URLPattern, path

from api.views.base import par_methode
from api.views.guide import (
    DataInclusionServicesApi,
    DataInclusionStructuresApi,
    ServiceConfirmerApi,
    ServiceCreerApi,
    ServiceDetailApi,
    ServiceListeApi,
    ServiceModifierApi,
    ServiceRetirerApi,
    StructureConfirmerApi,
    StructureCreerApi,
    StructureDetailApi,
    StructureListeApi,
    StructureModifierApi,
    StructureRetirerApi,
)

urlpatterns: list[URLPattern] = [
    path(
        "guide/data-inclusion/v1/structures/",
        DataInclusionStructuresApi.as_view(),
        name="guide_data_inclusion_structures",
    ),
    path(
        "guide/data-inclusion/v1/services/",
        DataInclusionServicesApi.as_view(),
        name="guide_data_inclusion_services",
    ),
    path(
        "guide/services/",
        par_methode(get=ServiceListeApi, post=ServiceCreerApi),
        name="guide_service_liste",
    ),
    path(
        "guide/services/<uuid:public_id>/",
        par_methode(get=ServiceDetailApi, patch=ServiceModifierApi, delete=ServiceRetirerApi),
        name="guide_service_detail",
    ),
    path(
        "guide/services/<uuid:public_id>/confirmation/",
        ServiceConfirmerApi.as_view(),
        name="guide_service_confirmer",
    ),
    path(
        "guide/structures/",
        par_methode(get=StructureListeApi, post=StructureCreerApi),
        name="guide_structure_liste",
    ),
    path(
        "guide/structures/<uuid:public_id>/",
        par_methode(get=StructureDetailApi, patch=StructureModifierApi, delete=StructureRetirerApi),
        name="guide_structure_detail",
    ),
    path(
        "guide/structures/<uuid:public_id>/confirmation/",
        StructureConfirmerApi.as_view(),
        name="guide_structure_confirmer",
    ),
]
