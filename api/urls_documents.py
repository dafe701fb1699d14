"""Routes of the pathway documents, spread into the main urlpatterns (URL names in the same namespace)."""

from django.urls import URLPattern, path

from api.views import documents as vues
from api.views.base import par_methode

urlpatterns: list[URLPattern] = [
    path(
        "parcours/<uuid:public_id>/documents/",
        par_methode(get=vues.DocumentListeApi, post=vues.DocumentDeposerApi),
        name="parcours_documents",
    ),
    path(
        "parcours/<uuid:public_id>/documents/<uuid:document>/",
        vues.DocumentTelechargerApi.as_view(),
        name="parcours_document_telecharger",
    ),
    path(
        "parcours/<uuid:public_id>/documents/<uuid:document>/suppression/",
        vues.DocumentSupprimerApi.as_view(),
        name="parcours_document_supprimer",
    ),
]
