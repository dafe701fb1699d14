"""Routes of the pathway documents, spread into frontend.urls (same namespace)."""

from django.urls import URLPattern, path

from frontend.views import documents

urlpatterns: list[URLPattern] = [
    path(
        "parcours/<uuid:public_id>/documents/",
        documents.parcours_document_deposer,
        name="parcours_document_deposer",
    ),
    path(
        "parcours/<uuid:public_id>/documents/<uuid:document>/",
        documents.parcours_document_telecharger,
        name="parcours_document_telecharger",
    ),
    path(
        "parcours/<uuid:public_id>/documents/<uuid:document>/suppression/",
        documents.parcours_document_supprimer,
        name="parcours_document_supprimer",
    ),
]
