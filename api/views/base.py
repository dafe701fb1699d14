"""What every endpoint shares: token then session authentication, authenticated users only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

# Same order as settings.REST_FRAMEWORK: token first, since DRF builds the WWW-Authenticate header from
# the first class and, without one, turns a 401 into a 403. Session authentication serves the browser.
AUTHENTIFICATION: list[type[BaseAuthentication]] = [TokenAuthentication, SessionAuthentication]


class ApiView(APIView):
    """Base of every endpoint of ``api/``: one subclass per operation (STYLE 8)."""

    authentication_classes = AUTHENTIFICATION
    permission_classes: list[type[BasePermission]] = [IsAuthenticated]


class ReferentielViewSet(ReadOnlyModelViewSet):
    """Plain read-only reference data (not personal): any authenticated user."""

    authentication_classes = AUTHENTIFICATION
    permission_classes: list[type[BasePermission]] = [IsAuthenticated]


def par_methode(**operations: type[APIView]) -> Callable[..., HttpResponseBase]:
    """Serve several single-operation views on one URL, one per HTTP method.

    ``GET /personnes/`` (list) and ``POST /personnes/`` (create) are two views, each with its own
    permissions and serializers; this router only hands the request to the view of its method.
    Other methods get a 405 in the common error shape. The handlers are also exposed on the router
    class, which is what DRF (allowed methods) and drf-spectacular (schema) inspect.
    """
    vues = {methode: operation.as_view() for methode, operation in operations.items()}
    if "get" in vues:
        vues.setdefault("head", vues["get"])

    def dispatch(self: APIView, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        vue = vues.get((request.method or "").lower())
        if vue is None:
            return APIView.dispatch(self, request, *args, **kwargs)
        return vue(request, *args, **kwargs)

    attributs: dict[str, Any] = {methode: getattr(op, methode) for methode, op in operations.items()}
    paginations = [getattr(op, "pagination_class", None) for op in operations.values()]
    if any(paginations):
        attributs["pagination_class"] = next(p for p in paginations if p)
    attributs["dispatch"] = dispatch
    attributs["__doc__"] = par_methode.__doc__
    attributs["__module__"] = next(iter(operations.values())).__module__
    nom = "".join(op.__name__ for op in operations.values())
    routeur: type[ApiView] = type(nom, (ApiView,), attributs)
    return routeur.as_view()


@extend_schema(exclude=True)
class AdresseInconnueApi(APIView):
    """Any other address under ``/api/v1/``: a 404 in the common error shape, not Django's HTML page."""

    authentication_classes: list[type[BaseAuthentication]] = []
    permission_classes = [AllowAny]

    def http_method_not_allowed(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        raise NotFound("Aucune ressource à cette adresse.")

    options = http_method_not_allowed
