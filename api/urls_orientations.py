"""Routes of the referrals to partner services, spread into the main urlpatterns (same namespace)."""

from django.urls import URLPattern, path

from api.views import orientations as vues
from api.views.base import par_methode

urlpatterns: list[URLPattern] = [
    path(
        "parcours/<uuid:public_id>/orientations-partenaires/",
        par_methode(get=vues.OrientationsParcoursApi, post=vues.OrientationCreerApi),
        name="parcours_orientations_partenaires",
    ),
    path(
        "orientations-partenaires/recues/", vues.OrientationsRecuesApi.as_view(), name="orientations_recues"
    ),
    path(
        "orientations-partenaires/<uuid:public_id>/reponse/",
        vues.OrientationRepondreApi.as_view(),
        name="orientation_repondre",
    ),
    path(
        "orientations-partenaires/<uuid:public_id>/pieces/<uuid:piece>/",
        vues.OrientationPieceJointeApi.as_view(),
        name="orientation_piece_jointe",
    ),
]
