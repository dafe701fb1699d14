"""Routes of the guide pages, spread into frontend.urls (same namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
