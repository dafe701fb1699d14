"""Serializers shared by several endpoints: short references to reference data, the error shape."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from social.models import Commune


class CommuneResumeSerializer(serializers.Serializer):
    code_insee = serializers.CharField(read_only=True)
    nom = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "CommuneResume"


class TerritoireResumeSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    nom = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "TerritoireResume"


def champ_commune(**kwargs: Any) -> serializers.SlugRelatedField:
    """Input of a commune by its INSEE code; an unknown code is a field error."""
    return serializers.SlugRelatedField(
        slug_field="code_insee",
        queryset=Commune.objects.all(),
        help_text="Code INSEE de la commune (5 caractères).",
        error_messages={"does_not_exist": "Commune inconnue : {value}.", "invalid": "Code commune invalide."},
        **kwargs,
    )


class ErreurDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code stable, pour les programmes.")
    message = serializers.CharField(help_text="Phrase en français, pour les personnes.")
    champs = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages par champ de la requête (erreurs générales : « non_field_errors »).",
    )

    class Meta:
        ref_name = "ErreurDetail"


class ErreurSerializer(serializers.Serializer):
    """The shape of every error of the API (documentation only)."""

    erreur = ErreurDetailSerializer()

    class Meta:
        ref_name = "Erreur"


def reponses(succes: dict[int, object], *erreurs: int) -> dict[int, object]:
    """``responses`` of ``extend_schema``: the success bodies, and the error shape for each error status."""
    return {**succes, **dict.fromkeys(erreurs, ErreurSerializer)}
