"""Routes of the apa work, spread into the main urlpatterns (URL names in the same namespace)."""

from django.urls import URLPattern, path

from api.views.apa import GirApi, SimulationApi

urlpatterns: list[URLPattern] = [
    path("apa/gir/", GirApi.as_view(), name="apa_gir"),
    path("apa/simulations/", SimulationApi.as_view(), name="apa_simulation"),
]
