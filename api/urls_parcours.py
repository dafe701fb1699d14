"""Routes of the parcours work, spread into the main urlpatterns (URL names in the same namespace)."""

from django.urls import URLPattern, path

from api.views import parcours as vues
from api.views import parcours_ase, parcours_rsa
from api.views.base import par_methode

urlpatterns: list[URLPattern] = [
    path(
        "parcours/",
        par_methode(get=vues.ParcoursListeApi, post=vues.ParcoursOuvrirApi),
        name="parcours_liste",
    ),
    path("parcours/<uuid:public_id>/", vues.ParcoursDetailApi.as_view(), name="parcours_detail"),
    path(
        "parcours/<uuid:public_id>/transition/",
        vues.ParcoursTransitionApi.as_view(),
        name="parcours_transition",
    ),
    path("parcours/<uuid:public_id>/referent/", vues.ParcoursReferentApi.as_view(), name="parcours_referent"),
    path("parcours/<uuid:public_id>/suite/", vues.ParcoursSuiteApi.as_view(), name="parcours_suite"),
    path(
        "parcours/<uuid:public_id>/chronologie/",
        vues.ParcoursChronologieApi.as_view(),
        name="parcours_chronologie",
    ),
    path(
        "parcours/<uuid:public_id>/notes/",
        par_methode(get=vues.ParcoursNotesApi, post=vues.ParcoursNoteAjouterApi),
        name="parcours_notes",
    ),
    path(
        "parcours/<uuid:public_id>/rendez-vous/",
        par_methode(get=vues.ParcoursRendezVousApi, post=vues.ParcoursRendezVousPlanifierApi),
        name="parcours_rendez_vous",
    ),
    path(
        "parcours/<uuid:public_id>/rendez-vous/<uuid:rendez_vous>/",
        vues.RendezVousRenseignerApi.as_view(),
        name="parcours_rendez_vous_detail",
    ),
    path(
        "parcours/<uuid:public_id>/partenaires/",
        vues.ParcoursPartenaireDesignerApi.as_view(),
        name="parcours_partenaires",
    ),
    path(
        "parcours/<uuid:public_id>/partenaires/<uuid:designation>/fin/",
        vues.DesignationTerminerApi.as_view(),
        name="parcours_designation_fin",
    ),
    path(
        "parcours/<uuid:public_id>/equipe/", vues.ParcoursEquipeAjouterApi.as_view(), name="parcours_equipe"
    ),
    path(
        "parcours/<uuid:public_id>/objectifs/",
        vues.ParcoursObjectifAjouterApi.as_view(),
        name="parcours_objectifs",
    ),
    path(
        "parcours/<uuid:public_id>/objectifs/<uuid:objectif>/",
        vues.ObjectifStatutApi.as_view(),
        name="parcours_objectif_detail",
    ),
    path(
        "parcours/<uuid:public_id>/objectifs/<uuid:objectif>/actions/",
        vues.ParcoursActionAjouterApi.as_view(),
        name="parcours_actions",
    ),
    path(
        "parcours/<uuid:public_id>/actions/<uuid:action>/",
        vues.ActionStatutApi.as_view(),
        name="parcours_action_detail",
    ),
    # The person's ASE facts, for the pathway's team only (ASE-1, DP-4).
    path(
        "parcours/<uuid:public_id>/ase/",
        par_methode(get=parcours_ase.ParcoursAseApi, post=parcours_ase.ParcoursAseRenseignerApi),
        name="parcours_ase",
    ),
    # The RSA file of an RSA pathway.
    path(
        "parcours/<uuid:public_id>/rsa/",
        par_methode(get=parcours_rsa.ParcoursRsaApi, put=parcours_rsa.ParcoursRsaDossierApi),
        name="parcours_rsa",
    ),
    path(
        "parcours/<uuid:public_id>/rsa/orientations/",
        parcours_rsa.ParcoursRsaOrienterApi.as_view(),
        name="parcours_rsa_orientations",
    ),
    path(
        "parcours/<uuid:public_id>/rsa/contrats/",
        parcours_rsa.ParcoursRsaContratApi.as_view(),
        name="parcours_rsa_contrats",
    ),
]
