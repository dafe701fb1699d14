"""Routes of the observation (« Atlas des solidarités »), spread into the main urlpatterns."""

from django.urls import URLPattern, path

from frontend.views import observation as vues

urlpatterns: list[URLPattern] = [
    path("observation/", vues.observation_tableau_de_bord, name="observation_tableau_de_bord"),
    path(
        "observation/export/<slug:table>.<str:format_>",
        vues.observation_export,
        name="observation_export",
    ),
    path("observation/donnees-ouvertes.csv", vues.observation_open_data, name="observation_open_data"),
    path("observation/extrait-pseudonymise.csv", vues.observation_extrait, name="observation_extrait"),
]
