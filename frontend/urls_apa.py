"""Routes of the apa pages, spread into frontend.urls (same namespace)."""

from django.urls import URLPattern, path

from frontend.views import apa

urlpatterns: list[URLPattern] = [
    path("apa/simulateur/", apa.apa_simulateur, name="apa_simulateur"),
]
