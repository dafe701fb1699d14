"""Routes of the guide pages, spread into frontend.urls (same namespace)."""

from django.urls import URLPattern, path

from frontend.views import guide

urlpatterns: list[URLPattern] = [
    path("guide/", guide.guide_recherche, name="guide_recherche"),
    path("guide/personnes/<uuid:public_id>/", guide.guide_pour_personne, name="guide_pour_personne"),
    path("guide/services/<uuid:public_id>/", guide.guide_service_detail, name="guide_service_detail"),
    path(
        "guide/services/<uuid:public_id>/modifier/",
        guide.guide_service_modifier,
        name="guide_service_modifier",
    ),
    path("guide/structures/nouvelle/", guide.guide_structure_creer, name="guide_structure_creer"),
    path("guide/structures/<uuid:public_id>/", guide.guide_structure_detail, name="guide_structure_detail"),
    path(
        "guide/structures/<uuid:public_id>/modifier/",
        guide.guide_structure_modifier,
        name="guide_structure_modifier",
    ),
    path(
        "guide/structures/<uuid:public_id>/services/nouveau/",
        guide.guide_service_creer,
        name="guide_service_creer",
    ),
    path(
        "guide/structures/<uuid:public_id>/coediteurs/",
        guide.guide_coediteurs,
        name="guide_coediteurs",
    ),
    path(
        "guide/structures/<uuid:public_id>/coediteurs/<int:autorisation_id>/retirer/",
        guide.guide_coediteur_retirer,
        name="guide_coediteur_retirer",
    ),
    path("guide/mes-fiches/", guide.guide_mes_fiches, name="guide_mes_fiches"),
    path(
        "guide/<str:genre>/<uuid:public_id>/confirmer/",
        guide.guide_fiche_confirmer,
        name="guide_fiche_confirmer",
    ),
    path(
        "guide/<str:genre>/<uuid:public_id>/soumettre/",
        guide.guide_fiche_soumettre,
        name="guide_fiche_soumettre",
    ),
    path(
        "guide/<str:genre>/<uuid:public_id>/retirer/",
        guide.guide_fiche_retirer,
        name="guide_fiche_retirer",
    ),
    path("guide/moderation/", guide.guide_moderation, name="guide_moderation"),
    path(
        "guide/moderation/<str:genre>/<uuid:public_id>/<str:decision>/",
        guide.guide_moderer,
        name="guide_moderer",
    ),
    path("guide/importations/", guide.guide_importation_creer, name="guide_importation_creer"),
    path(
        "guide/importations/<uuid:public_id>/",
        guide.guide_importation_detail,
        name="guide_importation_detail",
    ),
]
