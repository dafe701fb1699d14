"""Routes of the parcours pages, spread into frontend.urls (same namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
