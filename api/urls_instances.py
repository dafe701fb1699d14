"""Routes of the councils' work (aid files, sessions), spread into the main urlpatterns."""

from django.urls import URLPattern, path

from api.views import instances as vues
from api.views.base import par_methode

urlpatterns: list[URLPattern] = [
    path(
        "parcours/<uuid:public_id>/demandes-aide/",
        par_methode(get=vues.DemandesParcoursApi, post=vues.DemandeCreerApi),
        name="parcours_demandes_aide",
    ),
    path("demandes-aide/<uuid:public_id>/", vues.DemandeDetailApi.as_view(), name="demande_aide"),
    path(
        "demandes-aide/<uuid:public_id>/depot/", vues.DemandeDeposerApi.as_view(), name="demande_aide_depot"
    ),
    path(
        "demandes-aide/<uuid:public_id>/decision-urgence/",
        vues.DecisionUrgenceApi.as_view(),
        name="demande_aide_decision_urgence",
    ),
    path("seances/", par_methode(get=vues.SeancesListeApi, post=vues.SeanceCreerApi), name="seances"),
    path("seances/<uuid:public_id>/", vues.SeanceDetailApi.as_view(), name="seance"),
    path(
        "seances/<uuid:public_id>/convocation/", vues.SeanceConvoquerApi.as_view(), name="seance_convocation"
    ),
    path("seances/<uuid:public_id>/ouverture/", vues.SeanceOuvrirApi.as_view(), name="seance_ouverture"),
    path("seances/<uuid:public_id>/cloture/", vues.SeanceCloturerApi.as_view(), name="seance_cloture"),
    path("seances/<uuid:public_id>/validation/", vues.SeanceValiderApi.as_view(), name="seance_validation"),
    path("seances/<uuid:public_id>/presences/", vues.PresencesApi.as_view(), name="seance_presences"),
    path(
        "seances/<uuid:public_id>/ordre-du-jour/", vues.PointAjouterApi.as_view(), name="seance_ordre_du_jour"
    ),
    path(
        "seances/<uuid:public_id>/point-courant/", vues.PointCourantApi.as_view(), name="seance_point_courant"
    ),
    path(
        "seances/<uuid:public_id>/ordre-du-jour/<uuid:point>/",
        vues.PointRetirerApi.as_view(),
        name="seance_point",
    ),
    path(
        "seances/<uuid:public_id>/ordre-du-jour/<uuid:point>/decision/",
        vues.DecisionEnregistrerApi.as_view(),
        name="seance_decision",
    ),
    path(
        "seances/<uuid:public_id>/proces-verbal/",
        par_methode(get=vues.ProcesVerbalTelechargerApi, post=vues.ProcesVerbalProduireApi),
        name="seance_proces_verbal",
    ),
    path(
        "seances/<uuid:public_id>/notification/",
        vues.DecisionsNotifierApi.as_view(),
        name="seance_notification",
    ),
    path(
        "seances/<uuid:public_id>/ordre-du-jour/<uuid:point>/lettre/",
        vues.LettreProduireApi.as_view(),
        name="seance_lettre",
    ),
    path(
        "seances/<uuid:public_id>/ordre-du-jour/<uuid:point>/conflits/",
        vues.ConflitDeclarerApi.as_view(),
        name="seance_conflit",
    ),
]
