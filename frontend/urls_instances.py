"""Routes of the councils' pages, spread into frontend.urls (same namespace)."""

from django.urls import URLPattern, path

from frontend.views import instances

urlpatterns: list[URLPattern] = [
    path("parcours/<uuid:public_id>/demandes-aide/", instances.demandes_parcours, name="demandes_parcours"),
    path("parcours/<uuid:public_id>/demandes-aide/nouvelle/", instances.demande_creer, name="demande_creer"),
    path("demandes-aide/<uuid:public_id>/", instances.demande_aide, name="demande_aide"),
    path("demandes-aide/<uuid:public_id>/depot/", instances.demande_deposer, name="demande_deposer"),
    path("seances/", instances.seances, name="seances"),
    path("seances/nouvelle/", instances.seance_creer, name="seance_creer"),
    path("seances/<uuid:public_id>/", instances.seance, name="seance"),
    path(
        "seances/<uuid:public_id>/ordre-du-jour/", instances.seance_point_ajouter, name="seance_point_ajouter"
    ),
    path("seances/<uuid:public_id>/convocation/", instances.seance_convoquer, name="seance_convoquer"),
    path(
        "seances/<uuid:public_id>/proces-verbal/",
        instances.seance_proces_verbal_produire,
        name="seance_proces_verbal_produire",
    ),
    path(
        "seances/<uuid:public_id>/proces-verbal.pdf",
        instances.seance_proces_verbal,
        name="seance_proces_verbal",
    ),
    path(
        "seances/<uuid:public_id>/points/<uuid:point_id>/lettre/",
        instances.seance_lettre_produire,
        name="seance_lettre_produire",
    ),
    path(
        "seances/<uuid:public_id>/notification/",
        instances.seance_decisions_notifier,
        name="seance_decisions_notifier",
    ),
    path("seances/<uuid:public_id>/direct/", instances.seance_direct, name="seance_direct"),
    path("seances/<uuid:public_id>/direct/etat/", instances.seance_direct_etat, name="seance_direct_etat"),
    path(
        "seances/<uuid:public_id>/direct/presences/",
        instances.seance_direct_presences,
        name="seance_direct_presences",
    ),
    path(
        "seances/<uuid:public_id>/direct/ouverture/",
        instances.seance_direct_ouvrir,
        name="seance_direct_ouvrir",
    ),
    path(
        "seances/<uuid:public_id>/direct/point-courant/",
        instances.seance_direct_point_courant,
        name="seance_direct_point_courant",
    ),
    path(
        "seances/<uuid:public_id>/direct/points/<uuid:point_id>/decision/",
        instances.seance_direct_decision,
        name="seance_direct_decision",
    ),
    path(
        "seances/<uuid:public_id>/direct/cloture/",
        instances.seance_direct_cloturer,
        name="seance_direct_cloturer",
    ),
]
