"""DRF permission classes: each one only delegates to a ``social.permissions`` function."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from social import permissions as regles


class PeutGererReferentiel(BasePermission):
    message = "Seuls les administrateurs fonctionnels peuvent modifier le référentiel."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return regles.can_manage_referentiel(request.user)


class PeutRechercherPersonnes(BasePermission):
    message = "Votre rôle ne permet pas de rechercher des personnes."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return regles.can_search_personnes(request.user)


class PeutCreerPersonne(BasePermission):
    message = "Votre rôle ne permet pas de créer une fiche personne."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return regles.can_create_personne(request.user)


class PeutModifierPersonne(BasePermission):
    """Object permission: the view checks it after the scoped fetch (out of scope stays a 404)."""

    message = "Votre rôle ne permet pas de modifier cette fiche."

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return regles.can_edit_personne(request.user, obj)


class PeutConsulterJournalAcces(BasePermission):
    """Object permission: the view checks it after the fetch (out of scope stays a 404)."""

    message = "Seuls les encadrants du périmètre et les administrateurs fonctionnels consultent ce journal."

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return regles.can_view_journal_acces(request.user, obj)
