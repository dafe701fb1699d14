from django.urls import path

from frontend import (
    urls_apa,
    urls_apa_dossier,
    urls_documents,
    urls_guide,
    urls_instances,
    urls_observation,
    urls_orientations,
    urls_parcours,
    urls_pch,
)
from frontend.views import auth, organisations, pages, personnes

app_name = "frontend"

urlpatterns = [
    path("", pages.accueil, name="accueil"),
    path("connexion/", auth.connexion, name="connexion"),
    path("deconnexion/", auth.deconnexion, name="deconnexion"),
    path("accessibilite/", pages.accessibilite, name="accessibilite"),
    path("personnes/recherche/", personnes.personne_recherche, name="personne_recherche"),
    path("personnes/nouvelle/", personnes.personne_creer, name="personne_creer"),
    path("personnes/<uuid:public_id>/", personnes.personne_detail, name="personne_detail"),
    path("personnes/<uuid:public_id>/modifier/", personnes.personne_modifier, name="personne_modifier"),
    path("personnes/<uuid:public_id>/acces/", personnes.personne_acces, name="personne_acces"),
    path("organisations/nouvelle/", organisations.organisation_creer, name="organisation_creer"),
    *urls_apa.urlpatterns,
    *urls_apa_dossier.urlpatterns,
    *urls_parcours.urlpatterns,
    *urls_documents.urlpatterns,
    *urls_guide.urlpatterns,
    *urls_pch.urlpatterns,
    *urls_orientations.urlpatterns,
    *urls_instances.urlpatterns,
    *urls_observation.urlpatterns,
]
