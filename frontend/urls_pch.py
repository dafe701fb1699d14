"""Routes of the PCH and RSA sanction pages, spread into frontend.urls (same namespace)."""

from django.urls import URLPattern, path

from frontend.views import pch, rsa_sanctions

urlpatterns: list[URLPattern] = [
    path("parcours/<uuid:public_id>/pch/demande/", pch.parcours_pch_demande, name="parcours_pch_demande"),
    path("parcours/<uuid:public_id>/pch/decision/", pch.parcours_pch_decision, name="parcours_pch_decision"),
    path(
        "parcours/<uuid:public_id>/pch/versement/", pch.parcours_pch_versement, name="parcours_pch_versement"
    ),
    path(
        "parcours/<uuid:public_id>/rsa/sanctions/",
        rsa_sanctions.parcours_rsa_sanction_constater,
        name="parcours_rsa_sanction_constater",
    ),
    path(
        "parcours/<uuid:public_id>/rsa/sanctions/<uuid:procedure>/<slug:etape>/",
        rsa_sanctions.parcours_rsa_sanction_etape,
        name="parcours_rsa_sanction_etape",
    ),
    path(
        "parcours/<uuid:public_id>/rsa/reorientation/",
        rsa_sanctions.parcours_rsa_reorientation_demander,
        name="parcours_rsa_reorientation_demander",
    ),
    path(
        "parcours/<uuid:public_id>/rsa/reorientation/<uuid:demande>/accepter/",
        rsa_sanctions.parcours_rsa_reorientation_accepter,
        name="parcours_rsa_reorientation_accepter",
    ),
    path(
        "parcours/<uuid:public_id>/rsa/reorientation/<uuid:demande>/refuser/",
        rsa_sanctions.parcours_rsa_reorientation_refuser,
        name="parcours_rsa_reorientation_refuser",
    ),
]
