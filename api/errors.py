"""One error shape for the whole API (STYLE 12).

Every error answers ``{"erreur": {"code": ..., "message": ..., "champs": {...}}}``: ``code`` is a stable
machine code, ``message`` a French sentence, ``champs`` the French messages per input field (always
present, possibly empty; errors that concern no single field are under ``non_field_errors``).
Unexpected exceptions are not handled here: they stay 500 errors, handled by Django.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from social.exceptions import DomainError

CHAMPS_GENERAUX = api_settings.NON_FIELD_ERRORS_KEY

# Exception class -> (machine code, default French message). The first matching class wins.
_CODES: list[tuple[type[exceptions.APIException], str, str]] = [
    (exceptions.ValidationError, "donnees_invalides", "Les données envoyées sont invalides."),
    (exceptions.ParseError, "requete_malformee", "Le corps de la requête est mal formé."),
    (exceptions.NotAuthenticated, "non_authentifie", "Authentification requise (jeton ou session)."),
    (
        exceptions.AuthenticationFailed,
        "non_authentifie",
        "Les informations d'authentification sont invalides.",
    ),
    (exceptions.PermissionDenied, "interdit", "Vous n'avez pas le droit d'effectuer cette opération."),
    (exceptions.NotFound, "introuvable", "La ressource demandée est introuvable."),
    (exceptions.MethodNotAllowed, "methode_non_autorisee", "Cette méthode HTTP n'est pas autorisée ici."),
    (exceptions.NotAcceptable, "format_non_acceptable", "Le format de réponse demandé n'est pas disponible."),
    (
        exceptions.UnsupportedMediaType,
        "type_de_contenu_non_supporte",
        "Le type de contenu de la requête n'est pas pris en charge.",
    ),
    (exceptions.Throttled, "trop_de_requetes", "Trop de requêtes : réessayez plus tard."),
]

# Only these carry a message chosen by our views or permission classes; the others get ours.
_MESSAGE_DE_LA_VUE = (exceptions.PermissionDenied, exceptions.NotFound)


class ErreurApi(exceptions.APIException):
    """An API error with its own machine code (e.g. bad credentials), in the common shape."""

    def __init__(
        self,
        *,
        code: str,
        message: str,
        status_code: int = status.HTTP_400_BAD_REQUEST,
        champs: Mapping[str, list[str]] | None = None,
    ) -> None:
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.code_erreur = code
        self.message = message
        self.champs = dict(champs or {})


T = TypeVar("T")


def executer_action(
    action: Callable[..., T],
    /,
    *,
    statuts: Mapping[str, int],
    champs: Mapping[str, str] | None = None,
    prefixe_erreurs: str = "",
    **arguments: Any,
) -> T:
    """Run an action; its refusal (``DomainError``) becomes an API error in the common shape.

    The HTTP status comes from ``statuts`` by the refusal's code (400 by default). The message goes on the
    field the refusal names (``extra["champ"]``, renamed to the input's name through ``champs``), or on
    each field of ``extra["erreurs"]`` (a name → messages mapping, its names prefixed by
    ``prefixe_erreurs``). DRF then rolls the request back."""
    try:
        return action(**arguments)
    except DomainError as exc:
        champ = exc.extra.get("champ")
        erreurs = exc.extra.get("erreurs")
        messages: dict[str, list[str]] | None = None
        if isinstance(erreurs, dict):
            messages = {f"{prefixe_erreurs}{nom}": list(liste) for nom, liste in erreurs.items()}
        elif isinstance(champ, str) and champ:
            messages = {(champs or {}).get(champ, champ): [exc.message]}
        raise ErreurApi(
            code=exc.code,
            message=exc.message,
            status_code=statuts.get(exc.code, status.HTTP_400_BAD_REQUEST),
            champs=messages,
        ) from exc


def corps_erreur(
    *, code: str, message: str, champs: Mapping[str, list[str]] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"erreur": {"code": code, "message": message, "champs": dict(champs or {}), **extra}}


def reponse_erreur(
    *, status_code: int, code: str, message: str, champs: Mapping[str, list[str]] | None = None, **extra: Any
) -> Response:
    """An error response built by a view itself (when the writes made so far must be kept)."""
    return Response(corps_erreur(code=code, message=message, champs=champs, **extra), status=status_code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: DRF's handler (status, headers, rollback), then our shape."""
    exc = _vers_exception_api(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return None  # not an API error: Django answers 500
    response.data = _corps(exc, context)
    return response


def _vers_exception_api(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        # Raised by actions (full_clean, domain checks): keep the per-field French messages.
        if hasattr(exc, "error_dict"):
            champs = {
                (CHAMPS_GENERAUX if champ == NON_FIELD_ERRORS else champ): [str(m) for m in messages]
                for champ, messages in exc.message_dict.items()
            }
        else:
            champs = {CHAMPS_GENERAUX: [str(m) for m in exc.messages]}
        return exceptions.ValidationError(champs)
    if isinstance(exc, DomainError):
        # A rule of the domain refused the operation: 400 with its stable code and French message
        # (views that need another status, e.g. 409 for a state conflict, catch it themselves).
        return ErreurApi(code=exc.code, message=exc.message)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _corps(exc: exceptions.APIException, context: Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(exc, ErreurApi):
        return corps_erreur(code=exc.code_erreur, message=exc.message, champs=exc.champs)
    code, message = _code_et_message(exc, context)
    if isinstance(exc, exceptions.ValidationError):
        return corps_erreur(code=code, message=message, champs=_aplatir(exc.detail))
    return corps_erreur(code=code, message=message)


def _code_et_message(exc: exceptions.APIException, context: Mapping[str, Any]) -> tuple[str, str]:
    code, message = next(
        ((code, message) for classe, code, message in _CODES if isinstance(exc, classe)),
        ("erreur", "La requête a échoué."),
    )
    if isinstance(exc, _MESSAGE_DE_LA_VUE) and str(exc.detail) != str(exc.default_detail):
        return code, str(exc.detail)  # a message given on purpose by a view or permission class
    if isinstance(exc, exceptions.MethodNotAllowed) and context.get("request") is not None:
        return code, f"La méthode {context['request'].method} n'est pas autorisée ici."
    attente = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and attente is not None:
        return code, f"Trop de requêtes : réessayez dans {math.ceil(attente)} secondes."
    return code, message


def _aplatir(detail: Any, prefixe: str = "") -> dict[str, list[str]]:
    """DRF validation details -> ``{"champ": [...], "adresse.commune": [...], "non_field_errors": [...]}``."""
    if isinstance(detail, Mapping):
        champs: dict[str, list[str]] = {}
        for cle, valeur in detail.items():
            nom = f"{prefixe}.{cle}" if prefixe else str(cle)
            if prefixe and cle == CHAMPS_GENERAUX:
                nom = prefixe
            for champ, messages in _aplatir(valeur, nom).items():
                champs.setdefault(champ, []).extend(messages)
        return champs
    if isinstance(detail, list):
        if all(not isinstance(element, Mapping | list) for element in detail):
            return {prefixe or CHAMPS_GENERAUX: [str(element) for element in detail]}
        champs = {}
        for index, element in enumerate(detail):
            for champ, messages in _aplatir(element, f"{prefixe}.{index}" if prefixe else str(index)).items():
                champs.setdefault(champ, []).extend(messages)
        return champs
    return {prefixe or CHAMPS_GENERAUX: [str(detail)]}
