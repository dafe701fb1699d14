"""Routes of the observation, spread into the main urlpatterns (URL names in the same namespace)."""

from django.urls import URLPattern, path

from api.views import observation as vues

urlpatterns: list[URLPattern] = [
    path("observation/indicateurs/", vues.IndicateurListeApi.as_view(), name="observation_indicateurs"),
    path("observation/donnees-ouvertes/", vues.OpenDataApi.as_view(), name="observation_donnees_ouvertes"),
    path("observation/extrait/", vues.ExtraitApi.as_view(), name="observation_extrait"),
]
