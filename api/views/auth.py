"""Token authentication for partner systems: ``POST auth/token/`` with a username and a password."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from api.errors import ErreurApi
from api.serializers import reponses
from api.views.base import ApiView


class JetonThrottle(AnonRateThrottle):
    """Slows down password guessing: per client address, counted in the default cache.

    The cache must be shared between processes (Redis, database) for the limit to hold in production.
    """

    scope = "jeton"
    rate = "10/min"


class JetonCreerApi(ApiView):
    """Exchange a username and a password for the user's API token (created on first use)."""

    # Credentials come in the body: no session (hence no CSRF check) and no token here.
    authentication_classes: list[type[BaseAuthentication]] = []
    permission_classes = [AllowAny]
    throttle_classes = [JetonThrottle]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(
            max_length=128, trim_whitespace=False, style={"input_type": "password"}
        )

        class Meta:
            ref_name = "JetonDemande"

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField(help_text="À envoyer dans l'en-tête « Authorization: Token <jeton> ».")

        class Meta:
            ref_name = "Jeton"

    @extend_schema(
        operation_id="jeton_creer",
        description=(
            "Échange un identifiant et un mot de passe contre le jeton d'API de l'utilisateur (créé à la "
            "première demande), à envoyer ensuite dans l'en-tête « Authorization: Token <jeton> »."
        ),
        tags=["authentification"],
        request=InputSerializer,
        responses=reponses({200: OutputSerializer}, 400, 429),
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        utilisateur = authenticate(
            request=request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if utilisateur is None:
            # The same answer for an unknown account, a wrong password and a deactivated account.
            raise ErreurApi(code="identifiants_invalides", message="Identifiant ou mot de passe incorrect.")
        jeton, _ = Token.objects.get_or_create(user=utilisateur)
        return Response(self.OutputSerializer({"token": jeton.key}).data, status=status.HTTP_200_OK)
