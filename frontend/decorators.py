"""View decorators of the web interface."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django_htmx.http import HttpResponseClientRefresh


def connexion_requise(vue: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``login_required``, except for htmx requests of an expired session: the redirection would be
    followed by the XHR and the login page swapped into a fragment, so ask htmx to reload the page
    instead (the full request then goes to the login page)."""
    protegee = login_required(vue)

    @wraps(vue)
    def enveloppe(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated and getattr(request, "htmx", False):
            return HttpResponseClientRefresh()
        return protegee(request, *args, **kwargs)

    return enveloppe
