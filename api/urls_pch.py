"""Routes of the PCH and of the RSA sanctions and reorientation requests, spread into api.urls."""

from django.urls import URLPattern, path

from api.views import pch
from api.views import rsa_sanctions as s
from api.views.base import par_methode

_PROCEDURE = "parcours/<uuid:public_id>/rsa/sanctions/<uuid:procedure>"

urlpatterns: list[URLPattern] = [
    path("parcours/<uuid:public_id>/pch/", pch.PchApi.as_view(), name="parcours_pch"),
    path(
        "parcours/<uuid:public_id>/pch/demandes/", pch.PchDemandeApi.as_view(), name="parcours_pch_demandes"
    ),
    path(
        "parcours/<uuid:public_id>/pch/decisions/",
        pch.PchDecisionApi.as_view(),
        name="parcours_pch_decisions",
    ),
    path(
        "parcours/<uuid:public_id>/pch/versements/",
        pch.PchVersementApi.as_view(),
        name="parcours_pch_versements",
    ),
    path(
        "parcours/<uuid:public_id>/rsa/sanctions/",
        par_methode(get=s.SanctionsRsaApi, post=s.SanctionConstaterApi),
        name="parcours_rsa_sanctions",
    ),
    path(
        f"{_PROCEDURE}/observations-demandees/",
        s.SanctionObservationsDemanderApi.as_view(),
        name="rsa_sanction_observations_demandees",
    ),
    path(
        f"{_PROCEDURE}/observations/", s.SanctionObservationsApi.as_view(), name="rsa_sanction_observations"
    ),
    path(f"{_PROCEDURE}/delai-expire/", s.SanctionDelaiExpireApi.as_view(), name="rsa_sanction_delai_expire"),
    path(f"{_PROCEDURE}/avis-ep/", s.SanctionAvisEpApi.as_view(), name="rsa_sanction_avis_ep"),
    path(f"{_PROCEDURE}/decision/", s.SanctionDeciderApi.as_view(), name="rsa_sanction_decision"),
    path(f"{_PROCEDURE}/notification/", s.SanctionNotifierApi.as_view(), name="rsa_sanction_notification"),
    path(f"{_PROCEDURE}/recours/", s.SanctionRecoursApi.as_view(), name="rsa_sanction_recours"),
    path(
        f"{_PROCEDURE}/recours/decision/",
        s.SanctionRecoursStatuerApi.as_view(),
        name="rsa_sanction_recours_decision",
    ),
    path(f"{_PROCEDURE}/conformite/", s.SanctionConformiteApi.as_view(), name="rsa_sanction_conformite"),
    path(f"{_PROCEDURE}/radiation/", s.SanctionRadierApi.as_view(), name="rsa_sanction_radiation"),
    path(
        "parcours/<uuid:public_id>/rsa/reorientations/",
        s.ReorientationDemanderApi.as_view(),
        name="parcours_rsa_reorientations",
    ),
    path(
        "parcours/<uuid:public_id>/rsa/reorientations/<uuid:demande>/decision/",
        s.ReorientationDeciderApi.as_view(),
        name="parcours_rsa_reorientation_decision",
    ),
]
