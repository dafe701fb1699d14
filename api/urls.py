"""``/api/v1/``: URL names are the ``contexte`` of the access journal (``api:personne_detail``)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from api import (
    urls_apa,
    urls_apa_dossier,
    urls_documents,
    urls_guide,
    urls_instances,
    urls_observation,
    urls_orientations,
    urls_parcours,
    urls_pch,
)
from api.views.auth import JetonCreerApi
from api.views.base import AdresseInconnueApi, par_methode
from api.views.journal import PersonneAccesApi
from api.views.organisations import OrganisationCreerApi, OrganisationDetailApi, OrganisationListeApi
from api.views.personnes import PersonneCreerApi, PersonneDetailApi, PersonneListeApi, PersonneModifierApi
from api.views.referentiel import CommuneViewSet, SiteViewSet, TerritoireViewSet

app_name = "api"

urlpatterns = [
    path("auth/token/", JetonCreerApi.as_view(), name="token"),
    # The schema and its documentation page hold no personal data: public.
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(
            url_name="api:schema", authentication_classes=[], permission_classes=[AllowAny]
        ),
        name="docs",
    ),
    path("territoires/", TerritoireViewSet.as_view({"get": "list"}), name="territoire_liste"),
    path(
        "territoires/<slug:code>/", TerritoireViewSet.as_view({"get": "retrieve"}), name="territoire_detail"
    ),
    path("communes/", CommuneViewSet.as_view({"get": "list"}), name="commune_liste"),
    path("communes/<str:code_insee>/", CommuneViewSet.as_view({"get": "retrieve"}), name="commune_detail"),
    path("sites/", SiteViewSet.as_view({"get": "list"}), name="site_liste"),
    path("sites/<int:pk>/", SiteViewSet.as_view({"get": "retrieve"}), name="site_detail"),
    path(
        "organisations/",
        par_methode(get=OrganisationListeApi, post=OrganisationCreerApi),
        name="organisation_liste",
    ),
    path("organisations/<uuid:public_id>/", OrganisationDetailApi.as_view(), name="organisation_detail"),
    path("personnes/", par_methode(get=PersonneListeApi, post=PersonneCreerApi), name="personne_liste"),
    path(
        "personnes/<uuid:public_id>/",
        par_methode(get=PersonneDetailApi, patch=PersonneModifierApi),
        name="personne_detail",
    ),
    path("personnes/<uuid:public_id>/acces/", PersonneAccesApi.as_view(), name="personne_acces"),
    *urls_apa.urlpatterns,
    *urls_apa_dossier.urlpatterns,
    *urls_parcours.urlpatterns,
    *urls_documents.urlpatterns,
    *urls_guide.urlpatterns,
    *urls_pch.urlpatterns,
    *urls_orientations.urlpatterns,
    *urls_instances.urlpatterns,
    *urls_observation.urlpatterns,
    # Last: any other address answers a 404 in the API's error shape.
    re_path(r"^.*$", AdresseInconnueApi.as_view(), name="adresse_inconnue"),
]
