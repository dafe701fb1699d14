"""Partner organisations: list and detail for every authenticated user, creation by administrators."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import utilisateur_connecte
from api.pagination import Pagination
from api.permissions import PeutGererReferentiel
from api.serializers import CommuneResumeSerializer, TerritoireResumeSerializer, champ_commune, reponses
from api.views.base import ApiView
from social.actions import organisation_creer
from social.enums import TypeOrganisation
from social.models import Organisation


class OrganisationSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    nom = serializers.CharField(read_only=True)
    type = serializers.ChoiceField(choices=TypeOrganisation.choices, read_only=True)
    siret = serializers.CharField(read_only=True)
    commune = CommuneResumeSerializer(read_only=True, allow_null=True)
    territoire = TerritoireResumeSerializer(read_only=True, allow_null=True)
    adresse = serializers.CharField(read_only=True)
    telephone = serializers.CharField(read_only=True)
    courriel = serializers.EmailField(read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organisation_detail", lookup_field="public_id", read_only=True
    )

    class Meta:
        ref_name = "Organisation"


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("commune", "territoire")


class OrganisationListeApi(ApiView):
    """Partner organisations, by name."""

    pagination_class = Pagination

    class FiltreSerializer(serializers.Serializer):
        type = serializers.ChoiceField(choices=TypeOrganisation.choices, required=False)
        territoire = serializers.SlugField(
            required=False,
            help_text="Code du territoire de l'organisation (à défaut, celui de sa commune).",
        )

    OutputSerializer = OrganisationSerializer

    @extend_schema(
        operation_id="organisations_liste",
        description="Organisations partenaires, par nom ; filtres par type et par territoire.",
        tags=["organisations"],
        parameters=[FiltreSerializer],
        responses=reponses({200: OutputSerializer(many=True)}, 400, 401),
    )
    def get(self, request: Request) -> Response:
        filtres = self.FiltreSerializer(data=request.query_params)
        filtres.is_valid(raise_exception=True)
        organisations = _organisations().order_by("nom", "id")
        if type_ := filtres.validated_data.get("type"):
            organisations = organisations.filter(type=type_)
        if territoire := filtres.validated_data.get("territoire"):
            organisations = organisations.du_territoire(territoire)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(organisations, request, view=self)
        sortie = self.OutputSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(sortie.data)


class OrganisationDetailApi(ApiView):
    OutputSerializer = OrganisationSerializer

    @extend_schema(
        operation_id="organisation_detail",
        description="Une organisation partenaire.",
        tags=["organisations"],
        responses=reponses({200: OutputSerializer}, 401, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        organisation = get_object_or_404(_organisations(), public_id=public_id)
        return Response(self.OutputSerializer(organisation, context={"request": request}).data)


class OrganisationCreerApi(ApiView):
    """Create a partner organisation (functional administrators)."""

    permission_classes = [IsAuthenticated, PeutGererReferentiel]

    class InputSerializer(serializers.Serializer):
        nom = serializers.CharField(max_length=200)
        type = serializers.ChoiceField(choices=TypeOrganisation.choices)
        siret = serializers.CharField(
            max_length=20, required=False, allow_blank=True, help_text="14 chiffres (espaces ignorés)."
        )
        commune = champ_commune(required=False, allow_null=True)
        adresse = serializers.CharField(max_length=250, required=False, allow_blank=True)
        telephone = serializers.CharField(max_length=20, required=False, allow_blank=True)
        courriel = serializers.EmailField(required=False, allow_blank=True)

        class Meta:
            ref_name = "Organisation"  # shares its enum names with the output ("OrganisationRequest")

    OutputSerializer = OrganisationSerializer

    @extend_schema(
        operation_id="organisation_creer",
        description=(
            "Crée une organisation partenaire (administrateurs fonctionnels). Le SIRET, s'il est fourni, "
            "doit être valide."
        ),
        tags=["organisations"],
        request=InputSerializer,
        responses=reponses({201: OutputSerializer}, 400, 401, 403),
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_creer(
            acting_user=utilisateur_connecte(request), **serializer.validated_data
        )
        return Response(
            self.OutputSerializer(organisation, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
            headers={
                "Location": request.build_absolute_uri(
                    reverse("api:organisation_detail", kwargs={"public_id": organisation.public_id})
                )
            },
        )
