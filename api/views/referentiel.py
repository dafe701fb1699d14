"""Reference data (territories, communes, sites): plain read-only lists and details, not personal data."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from api.serializers import CommuneResumeSerializer, TerritoireResumeSerializer, reponses
from api.views.base import ReferentielViewSet
from social.enums import TypeSite
from social.models import Commune, Site, Territoire


class ReferentielFiltreViewSet(ReferentielViewSet):
    """Validated query-string filters (``FiltreSerializer``) applied by ``filtrer`` on the list only."""

    FiltreSerializer: type[serializers.Serializer]

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        filtres = self.FiltreSerializer(data=self.request.query_params)
        filtres.is_valid(raise_exception=True)
        return self.filtrer(queryset, **filtres.validated_data)

    def filtrer(self, queryset: QuerySet[Any], **filtres: Any) -> QuerySet[Any]:
        raise NotImplementedError


@extend_schema(tags=["référentiel"])
class TerritoireViewSet(ReferentielViewSet):
    """Territories of the département's social action."""

    queryset = Territoire.objects.order_by("nom", "id")
    lookup_field = "code"

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Territoire
            fields = ["code", "nom"]
            ref_name = "Territoire"

    serializer_class = OutputSerializer

    @extend_schema(
        description="Territoires de l'action sociale du département.",
        responses=reponses({200: OutputSerializer(many=True)}, 401),
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        description="Un territoire, par son code.", responses=reponses({200: OutputSerializer}, 401, 404)
    )
    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().retrieve(request, *args, **kwargs)


@extend_schema(tags=["référentiel"])
class CommuneViewSet(ReferentielFiltreViewSet):
    """Communes of the département (COG), with their postal codes and territory."""

    queryset = Commune.objects.select_related("territoire").order_by("nom", "code_insee")
    lookup_field = "code_insee"

    class FiltreSerializer(serializers.Serializer):
        territoire = serializers.SlugField(required=False, help_text="Code du territoire.")
        q = serializers.CharField(
            required=False,
            max_length=120,
            help_text="Début du nom, sans tenir compte des accents ni de la casse.",
        )
        code_postal = serializers.RegexField(
            r"^\d{5}$", required=False, help_text="Code postal (5 chiffres)."
        )

    class OutputSerializer(serializers.ModelSerializer):
        territoire = TerritoireResumeSerializer(allow_null=True)

        class Meta:
            model = Commune
            fields = ["code_insee", "nom", "codes_postaux", "population", "territoire"]
            ref_name = "Commune"

    serializer_class = OutputSerializer

    @extend_schema(
        parameters=[FiltreSerializer], responses=reponses({200: OutputSerializer(many=True)}, 400, 401)
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        description="Une commune, par son code INSEE.", responses=reponses({200: OutputSerializer}, 401, 404)
    )
    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().retrieve(request, *args, **kwargs)

    def filtrer(self, queryset: QuerySet[Any], **filtres: Any) -> QuerySet[Any]:
        if territoire := filtres.get("territoire"):
            queryset = queryset.filter(territoire__code=territoire)
        if debut := filtres.get("q", "").strip():
            queryset = queryset.filter(nom__unaccent__istartswith=debut)
        if code_postal := filtres.get("code_postal"):
            queryset = queryset.filter(codes_postaux__contains=[code_postal])
        return queryset


@extend_schema(tags=["référentiel"])
class SiteViewSet(ReferentielFiltreViewSet):
    """Sites of the département (MDS, Maisons de l'Autonomie…) and the communes each one serves."""

    queryset = (
        Site.objects.select_related("territoire", "commune")
        .prefetch_related("communes_desservies")
        .order_by("nom", "id")
    )

    class FiltreSerializer(serializers.Serializer):
        territoire = serializers.SlugField(required=False, help_text="Code du territoire.")
        type = serializers.ChoiceField(choices=TypeSite.choices, required=False)

    class OutputSerializer(serializers.ModelSerializer):
        territoire = TerritoireResumeSerializer(allow_null=True)
        commune = CommuneResumeSerializer(allow_null=True)
        communes_desservies: Any = serializers.SlugRelatedField(
            slug_field="code_insee", many=True, read_only=True
        )

        class Meta:
            model = Site
            fields = [
                "id",
                "nom",
                "type",
                "territoire",
                "adresse",
                "commune",
                "telephone",
                "communes_desservies",
            ]
            ref_name = "Site"

    serializer_class = OutputSerializer

    @extend_schema(
        parameters=[FiltreSerializer], responses=reponses({200: OutputSerializer(many=True)}, 400, 401)
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        description="Un site, par son identifiant.", responses=reponses({200: OutputSerializer}, 401, 404)
    )
    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().retrieve(request, *args, **kwargs)

    def filtrer(self, queryset: QuerySet[Any], **filtres: Any) -> QuerySet[Any]:
        if territoire := filtres.get("territoire"):
            queryset = queryset.filter(territoire__code=territoire)
        if type_site := filtres.get("type"):
            queryset = queryset.filter(type=type_site)
        return queryset
