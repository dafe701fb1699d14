"""Routes of the referrals to partner services, spread into frontend.urls (same namespace)."""

from django.urls import URLPattern, path

from frontend.views import orientations

urlpatterns: list[URLPattern] = [
    path(
        "parcours/<uuid:public_id>/orientations/",
        orientations.parcours_orientations,
        name="parcours_orientations",
    ),
    path(
        "parcours/<uuid:public_id>/orientations/nouvelle/",
        orientations.orientation_creer,
        name="orientation_creer",
    ),
    path(
        "guide/services/<uuid:public_id>/orienter/",
        orientations.orientation_depuis_service,
        name="orientation_depuis_service",
    ),
    path("orientations/recues/", orientations.orientations_recues, name="orientations_recues"),
    path("orientations/<uuid:public_id>/", orientations.orientation_detail, name="orientation_detail"),
    path(
        "orientations/<uuid:public_id>/reponse/",
        orientations.orientation_repondre,
        name="orientation_repondre",
    ),
    path(
        "orientations/<uuid:public_id>/pieces/<uuid:piece>/",
        orientations.orientation_piece_jointe,
        name="orientation_piece_jointe",
    ),
    # Public: the signed link sent to the service's contact (no account).
    path("orientations/reponse/<str:jeton>/", orientations.orientation_lien, name="orientation_lien"),
    path(
        "orientations/reponse/<str:jeton>/pieces/<uuid:piece>/",
        orientations.orientation_lien_piece_jointe,
        name="orientation_lien_piece_jointe",
    ),
]
