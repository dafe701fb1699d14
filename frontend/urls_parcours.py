"""Routes of the parcours pages, spread into frontend.urls (same namespace)."""

from django.urls import URLPattern, path

from frontend.views import parcours, parcours_rsa

urlpatterns: list[URLPattern] = [
    path("parcours/", parcours.parcours_liste, name="parcours_liste"),
    path("parcours/tableau-de-bord/", parcours.parcours_tableau_de_bord, name="parcours_tableau_de_bord"),
    path("parcours/<uuid:public_id>/", parcours.parcours_detail, name="parcours_detail"),
    path(
        "parcours/<uuid:public_id>/chronologie/", parcours.parcours_chronologie, name="parcours_chronologie"
    ),
    path(
        "parcours/<uuid:public_id>/rendez-vous/a-renseigner/",
        parcours.parcours_rendez_vous_a_renseigner,
        name="parcours_rendez_vous_a_renseigner",
    ),
    path(
        "parcours/<uuid:public_id>/transition/",
        parcours.parcours_transitionner,
        name="parcours_transitionner",
    ),
    path(
        "parcours/<uuid:public_id>/referent/",
        parcours.parcours_referent_changer,
        name="parcours_referent_changer",
    ),
    path("parcours/<uuid:public_id>/notes/", parcours.parcours_note_ajouter, name="parcours_note_ajouter"),
    path(
        "parcours/<uuid:public_id>/rendez-vous/",
        parcours.parcours_rendez_vous_planifier,
        name="parcours_rendez_vous_planifier",
    ),
    path(
        "parcours/<uuid:public_id>/rendez-vous/<uuid:rendez_vous>/",
        parcours.parcours_rendez_vous_renseigner,
        name="parcours_rendez_vous_renseigner",
    ),
    path(
        "parcours/<uuid:public_id>/suite/",
        parcours.parcours_suite_renseigner,
        name="parcours_suite_renseigner",
    ),
    path(
        "parcours/<uuid:public_id>/objectifs/",
        parcours.parcours_objectif_ajouter,
        name="parcours_objectif_ajouter",
    ),
    path(
        "parcours/<uuid:public_id>/jeunes/partenaires/",
        parcours.parcours_jeunes_partenaire_designer,
        name="parcours_jeunes_partenaire_designer",
    ),
    path("parcours/<uuid:public_id>/ase/", parcours.parcours_ase_renseigner, name="parcours_ase_renseigner"),
    path("personnes/<uuid:public_id>/parcours/nouveau/", parcours.parcours_ouvrir, name="parcours_ouvrir"),
    # The RSA file of an RSA pathway (section « Droits et orientation RSA » of the pathway page).
    path(
        "parcours/<uuid:public_id>/rsa/dossier/",
        parcours_rsa.parcours_rsa_dossier,
        name="parcours_rsa_dossier",
    ),
    path(
        "parcours/<uuid:public_id>/rsa/orientation/",
        parcours_rsa.parcours_rsa_orienter,
        name="parcours_rsa_orienter",
    ),
    path(
        "parcours/<uuid:public_id>/rsa/contrat/",
        parcours_rsa.parcours_rsa_contrat,
        name="parcours_rsa_contrat",
    ),
]
