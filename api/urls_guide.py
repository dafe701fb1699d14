"""Routes of the guide work, spread into the main urlpatterns (URL names in the same namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
