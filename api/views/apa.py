"""APA calculators: the GIR of an AGGIR grid, and the simulation of a plan at home.

Département agents only (``parcours.apa.permissions.can_use_simulateur_apa``). Nothing is stored and
no personal data is involved (a grid and amounts): these endpoints write no access-journal row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import ErreurApi
from api.serializers import reponses
from api.views.base import ApiView
from parcours.apa.aggir import calculer_gir, regles_aggir
from parcours.apa.calculs import GIRS_APA, MESSAGE_GIR_HORS_APA, SimulationApa, simuler_apa
from parcours.apa.permissions import can_use_simulateur_apa
from social.exceptions import DomainError


class PeutUtiliserSimulateurApa(BasePermission):
    """Delegates to ``can_use_simulateur_apa`` (to move to ``api/permissions.py`` with the others)."""

    message = "Les calculateurs APA sont réservés aux agents du département."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return can_use_simulateur_apa(request.user)


# --- GIR ---

_CODE = {"type": "string", "enum": ["A", "B", "C"]}
_ADVERBES = {
    "type": "object",
    "description": "Les quatre adverbes du guide de 2008 : tous vrais → A, tous faux → C, sinon B.",
    "properties": {
        "S": {"type": "boolean", "description": "Spontanément"},
        "T": {"type": "boolean", "description": "Totalement"},
        "H": {"type": "boolean", "description": "Habituellement"},
        "C": {"type": "boolean", "description": "Correctement"},
    },
    "required": ["S", "T", "H", "C"],
    "additionalProperties": False,
}


class ChampVariableAggir(serializers.Field):
    """One discriminant variable: a code, or an object (sub-variables, or the four adverbs). The
    engine checks the content and answers French messages per variable and sub-variable."""

    default_error_messages = {
        "invalid": "Indiquez A, B ou C, ou un objet détaillant les sous-variables ou les adverbes.",
    }

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str | dict):
            return data
        self.fail("invalid")

    def to_representation(self, value: Any) -> Any:
        return value


def champ_variable(code: str) -> ChampVariableAggir:
    """The field of one variable, with its own OpenAPI schema (its sub-variables)."""
    variable = regles_aggir().variable(code)
    if variable.sous_variables:
        detail = {
            "type": "object",
            "properties": {s.code: {"oneOf": [_CODE, _ADVERBES]} for s in variable.sous_variables},
            "required": [s.code for s in variable.sous_variables],
            "additionalProperties": False,
        }
        schema = {"oneOf": [_CODE, detail]}
        aide = (
            f"{variable.libelle} ({variable.sigle}) : A, B ou C, ou le détail de ses sous-variables "
            f"({', '.join(s.code for s in variable.sous_variables)}), chacune A, B, C ou ses quatre adverbes."
        )
    else:
        schema = {"oneOf": [_CODE, _ADVERBES]}
        aide = f"{variable.libelle} ({variable.sigle}) : A, B ou C, ou ses quatre adverbes."
    classe = extend_schema_field(schema)(type(f"Champ_{code}", (ChampVariableAggir,), {}))
    champ: ChampVariableAggir = classe(help_text=aide)
    return champ


class GirApi(ApiView):
    """The GIR of an AGGIR grid (CASF annexe 2-2), with its trace and the rule-table version."""

    permission_classes = [IsAuthenticated, PeutUtiliserSimulateurApa]

    class InputSerializer(serializers.Serializer):
        coherence = champ_variable("coherence")
        orientation = champ_variable("orientation")
        toilette = champ_variable("toilette")
        habillage = champ_variable("habillage")
        alimentation = champ_variable("alimentation")
        elimination = champ_variable("elimination")
        transferts = champ_variable("transferts")
        deplacements_interieur = champ_variable("deplacements_interieur")
        deplacements_exterieur = champ_variable("deplacements_exterieur")
        communication = champ_variable("communication")

        class Meta:
            ref_name = "GrilleAggir"

    class OutputSerializer(serializers.Serializer):
        gir = serializers.IntegerField(min_value=1, max_value=6)
        rang = serializers.IntegerField(min_value=1, max_value=13)
        groupe = serializers.CharField(help_text="Le groupe (A à H) dont le seuil a décidé du rang.")
        scores = serializers.DictField(
            child=serializers.IntegerField(), help_text="Score de chaque groupe parcouru, dans l'ordre."
        )
        codes = serializers.DictField(child=serializers.CharField(), help_text="Les 10 codes finaux.")
        sous_codes = serializers.DictField(
            child=serializers.DictField(child=serializers.CharField()),
            help_text="Codes des sous-variables des variables détaillées.",
        )
        version = serializers.CharField(help_text="Version de la table de règles utilisée.")

        class Meta:
            ref_name = "ResultatGir"

    @extend_schema(
        operation_id="apa_gir",
        description=(
            "Calcule le GIR d'une grille AGGIR (algorithme officiel, CASF annexe 2-2). Chaque variable "
            "est un code A, B ou C, ou le détail de ses sous-variables (codes ou adverbes S, T, H, C). "
            "Rien n'est enregistré. Réservé aux agents du département."
        ),
        tags=["apa"],
        request=InputSerializer,
        responses=reponses({200: OutputSerializer}, 400, 401, 403),
        examples=[
            OpenApiExample(
                "GIR 2",
                request_only=True,
                value={
                    "coherence": "B",
                    "orientation": "B",
                    "toilette": {"haut": "B", "bas": "C"},
                    "habillage": "C",
                    "alimentation": "B",
                    "elimination": "C",
                    "transferts": "C",
                    "deplacements_interieur": "B",
                    "deplacements_exterieur": "C",
                    "communication": {"S": True, "T": True, "H": True, "C": True},
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        resultat = calculer_gir(entree.validated_data)  # a ValidationError is answered as a 400
        return Response(self.OutputSerializer(resultat).data)


# --- Simulation ---


def _montant(aide: str) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, help_text=aide)


class ParametreUtiliseSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField()
    valeur = serializers.DecimalField(max_digits=14, decimal_places=4)
    date_debut = serializers.DateField()
    date_fin = serializers.DateField(allow_null=True)
    # A declared field is popped from the class by DRF's metaclass: it does not shadow Field.source.
    source = serializers.CharField()  # type: ignore[assignment]
    jour = serializers.DateField(help_text="La date à laquelle la valeur a été prise.")

    class Meta:
        ref_name = "ParametreUtilise"


class SimulationApi(ApiView):
    """Ceiling, participation (R232-11) and APA of a plan at home, with the parameters of the date."""

    permission_classes = [IsAuthenticated, PeutUtiliserSimulateurApa]

    class InputSerializer(serializers.Serializer):
        gir = serializers.IntegerField(help_text="GIR de la personne, de 1 à 4.")
        ressources_mensuelles = serializers.DecimalField(
            max_digits=12,
            decimal_places=2,
            min_value=Decimal("0"),
            help_text="Ressources mensuelles de la personne (ou du couple si « couple » est vrai), en euros.",
            error_messages={"min_value": "Les ressources ne peuvent pas être négatives."},
        )
        montant_plan = serializers.DecimalField(
            max_digits=12,
            decimal_places=2,
            min_value=Decimal("0"),
            help_text="Montant mensuel du plan d'aide proposé, en euros.",
            error_messages={"min_value": "Le montant du plan ne peut pas être négatif."},
        )
        couple = serializers.BooleanField(
            default=False, help_text="Ressources du couple (divisées par le diviseur légal, 1,7 en 2026)."
        )
        date = serializers.DateField(
            required=False,
            help_text="Date de calcul (demande ou mois versé) : les valeurs en vigueur à cette date "
            "s'appliquent. Par défaut, aujourd'hui.",
        )

        class Meta:
            ref_name = "SimulationApaDemande"

        def validate_gir(self, gir: int) -> int:
            if gir not in GIRS_APA:
                raise serializers.ValidationError(MESSAGE_GIR_HORS_APA)
            return gir

    class OutputSerializer(serializers.Serializer):
        gir = serializers.IntegerField()
        date = serializers.DateField()
        plafond = _montant("Plafond mensuel du plan pour ce GIR (R232-10).")
        montant_plan = _montant("Montant du plan proposé.")
        montant_plan_retenu = _montant("Plan retenu : le plan, limité au plafond.")
        plan_plafonne = serializers.BooleanField(help_text="Vrai si le plan dépassait le plafond.")
        participation = _montant("Participation de la personne (R232-11).")
        montant_apa = _montant("APA : plan retenu moins la participation.")
        taux_participation = serializers.DecimalField(
            max_digits=5,
            decimal_places=4,
            help_text="Participation ÷ plan retenu, en fraction à 4 décimales (0.1989 = 19,89 %).",
        )
        seuil_versement = _montant("Montant sous lequel l'APA n'est pas versée (D232-31).")
        verse = serializers.BooleanField(help_text="Faux si le montant est inférieur au seuil de versement.")
        parametres = ParametreUtiliseSerializer(
            many=True, help_text="Les valeurs utilisées et leurs sources."
        )

        class Meta:
            ref_name = "SimulationApa"

    @extend_schema(
        operation_id="apa_simulation",
        description=(
            "Simule l'APA à domicile d'un plan d'aide : plafond du GIR, plan retenu, participation "
            "(R232-11), montant d'APA et versement (seuil D232-31), avec les valeurs en vigueur à la date "
            "donnée. Rien n'est enregistré. Réservé aux agents du département."
        ),
        tags=["apa"],
        request=InputSerializer,
        responses=reponses({200: OutputSerializer}, 400, 401, 403),
        examples=[
            OpenApiExample(
                "GIR 2, personne seule",
                request_only=True,
                value={
                    "gir": 2,
                    "ressources_mensuelles": "1800.00",
                    "montant_plan": "1500.00",
                    "couple": False,
                    "date": "2026-01-15",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        jour = donnees.get("date") or timezone.localdate()
        try:
            simulation = simuler_apa(
                gir=donnees["gir"],
                ressources_mensuelles=donnees["ressources_mensuelles"],
                montant_plan=donnees["montant_plan"],
                couple=donnees["couple"],
                jour=jour,
            )
        except DomainError as exc:  # no value in force at that date
            raise ErreurApi(code=exc.code, message=exc.message, champs={"date": [exc.message]}) from exc
        return Response(self.OutputSerializer(_sortie(simulation)).data)


def _sortie(simulation: SimulationApa) -> dict[str, Any]:
    return {
        "gir": simulation.gir,
        "date": simulation.jour,
        "plafond": simulation.plafond.montant,
        "montant_plan": simulation.montant_plan,
        "montant_plan_retenu": simulation.montant_plan_retenu,
        "plan_plafonne": simulation.plan_plafonne,
        "participation": simulation.participation.montant,
        "montant_apa": simulation.montant_apa,
        "taux_participation": simulation.taux_participation,
        "seuil_versement": simulation.seuil_versement,
        "verse": simulation.verse,
        "parametres": simulation.parametres,
    }
