"""The access context of a request, as the access journal records it (who, from where, which page)."""

from __future__ import annotations

from django.http import HttpRequest

from social.actions.journal import ContexteAcces
from social.models import Utilisateur


def utilisateur(request: HttpRequest) -> Utilisateur:
    """The logged-in user of a view behind ``login_required``, typed as the project's user model."""
    user = request.user
    assert isinstance(user, Utilisateur), "vue réservée aux utilisateurs connectés"
    return user


def contexte_acces(request: HttpRequest) -> ContexteAcces:
    """``contexte`` is the page's URL name (``frontend:personne_detail``): ids only, never names."""
    view_name = request.resolver_match.view_name if request.resolver_match else "frontend"
    return ContexteAcces(
        utilisateur_id=utilisateur(request).pk,
        ip=request.META.get("REMOTE_ADDR") or None,
        contexte=view_name,
    )
