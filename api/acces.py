"""The access context of an API request, as the journal records it (who, from where, which endpoint)."""

from __future__ import annotations

from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from social.actions.journal import ContexteAcces
from social.models import Utilisateur


def utilisateur_connecte(request: Request) -> Utilisateur:
    """The acting user of an endpoint behind ``IsAuthenticated`` (typed for the actions)."""
    if not isinstance(request.user, Utilisateur):
        raise NotAuthenticated()
    return request.user


def contexte_acces(request: Request) -> ContexteAcces:
    """``contexte`` is the endpoint's URL name (``api:personne_detail``): ids only, never names.

    ``ip`` is ``REMOTE_ADDR``: behind a reverse proxy, the proxy must set it to the client's address.
    """
    resolver_match = request.resolver_match
    return ContexteAcces(
        utilisateur_id=utilisateur_connecte(request).pk,
        ip=request.META.get("REMOTE_ADDR") or None,
        contexte=resolver_match.view_name if resolver_match else "api",
    )
