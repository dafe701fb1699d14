"""The PCH of a pathway: read it, record a request pending before the CDAPH, a CDAPH decision (one element),
a payment. One endpoint per operation, scoped like every pathway endpoint (out of perimeter or not a PCH
pathway: 404; the reception desk: 403), journaled, in the common error shape; a refusal of the domain
answers 403 for a role, 409 for a state conflict, 400 otherwise, and nothing is written.

The detail of a decision (element, amounts, hours) reveals the disability: health data (DP-2). Designated
partners get their own serializer with the pending request only, never a decision or a payment.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import utilisateur_connecte
from api.errors import executer_action
from api.serializers import reponses
from api.views.base import ApiView
from api.views.parcours import _STATUTS, EcheanceSerializer, _selon_le_lecteur, champ_statut, obtenir
from parcours.actions.pch import pch_decision_enregistrer, pch_demande_enregistrer, pch_versement_enregistrer
from parcours.enums import Dispositif, ElementDecisionPch
from parcours.models import DecisionPch, Parcours
from parcours.permissions import can_view_sante_parcours
from parcours.regles.enums import ElementPch
from parcours.selectors_pch import fiche_pch

T = TypeVar("T")


def executer(action: Callable[..., T], /, **arguments: Any) -> T:
    """Run an action; its refusal becomes an API error on the field it names."""
    return executer_action(action, statuts=_STATUTS, **arguments)


def obtenir_dispositif(
    request: Request, public_id: uuid.UUID, dispositif: str, *, ecriture: bool = False
) -> Parcours:
    parcours = obtenir(request, public_id, ecriture=ecriture)
    if parcours.dispositif != dispositif:
        raise NotFound("Ce parcours n'est pas du bon dispositif.")
    return parcours


# Output serializers.


class VersementPchSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    verse_le = serializers.DateField(read_only=True)
    montant = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    heures = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, allow_null=True)
    periode_debut = serializers.DateField(read_only=True)
    periode_fin = serializers.DateField(read_only=True)

    class Meta:
        ref_name = "VersementPch"


class DecisionPchSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(source="decision.public_id", read_only=True)
    numero = serializers.CharField(source="decision.numero", read_only=True)
    decidee_le = serializers.DateField(source="decision.decidee_le", read_only=True)
    notifiee_le = serializers.DateField(source="decision.notifiee_le", read_only=True, allow_null=True)
    element = champ_statut(
        ElementDecisionPch, "ElementDecisionPchEnum", source="decision.element", read_only=True
    )
    libelle_element = serializers.CharField(source="decision.get_element_display", read_only=True)
    montant = serializers.DecimalField(
        source="decision.montant", max_digits=10, decimal_places=2, read_only=True, allow_null=True
    )
    montant_mensuel = serializers.DecimalField(
        source="decision.montant_mensuel", max_digits=10, decimal_places=2, read_only=True, allow_null=True
    )
    heures_mensuelles = serializers.DecimalField(
        source="decision.heures_mensuelles", max_digits=6, decimal_places=2, read_only=True, allow_null=True
    )
    tarif_horaire = serializers.DecimalField(
        source="decision.tarif_horaire", max_digits=6, decimal_places=2, read_only=True, allow_null=True
    )
    debut = serializers.DateField(source="decision.debut", read_only=True)
    fin = serializers.DateField(source="decision.fin", read_only=True, allow_null=True)
    handicap_non_susceptible_evolution_favorable = serializers.BooleanField(
        source="decision.handicap_non_susceptible_evolution_favorable", read_only=True
    )
    naissance_enfant = serializers.DateField(
        source="decision.naissance_enfant", read_only=True, allow_null=True
    )
    parent_isole = serializers.BooleanField(source="decision.parent_isole", read_only=True)
    total_verse = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    reste = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    versements = VersementPchSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "DecisionPch"


class PlafondPchSerializer(serializers.Serializer):
    element = champ_statut(ElementPch, "ElementPlafondPchEnum", read_only=True)
    plafond = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    fenetre_debut = serializers.DateField(read_only=True)
    deja_verse = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    disponible = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        ref_name = "PlafondPch"


class RecoursPchSerializer(serializers.Serializer):
    rapo = serializers.DateField(
        read_only=True, help_text="Dernier jour du RAPO (2 mois après la notification)."
    )

    class Meta:
        ref_name = "RecoursPch"


class FichePchPartenaireSerializer(serializers.Serializer):
    """What a designated partner sees: the request pending before the CDAPH, never a decision."""

    demande = EcheanceSerializer(read_only=True, allow_null=True)

    class Meta:
        ref_name = "PchPartenaire"


class FichePchSerializer(FichePchPartenaireSerializer):
    decisions = DecisionPchSerializer(many=True, read_only=True)
    plafonds = PlafondPchSerializer(many=True, read_only=True)
    recours = RecoursPchSerializer(read_only=True, allow_null=True)

    class Meta:
        ref_name = "Pch"


FICHE = _selon_le_lecteur("PchSelonLecteur", FichePchSerializer, FichePchPartenaireSerializer)


def representation(request: Request, parcours: Parcours, code: int = status.HTTP_200_OK) -> Response:
    user = utilisateur_connecte(request)
    parcours = Parcours.objects.select_related("personne", "site").get(pk=parcours.pk)
    fiche = fiche_pch(parcours=parcours, user=user)
    classe = FichePchSerializer if can_view_sante_parcours(user, parcours) else FichePchPartenaireSerializer
    return Response(classe(fiche).data, status=code)


# Endpoints.


class PchApi(ApiView):
    """The PCH of a pathway."""

    @extend_schema(
        operation_id="parcours_pch",
        description=(
            "La PCH du parcours : décisions de la CDAPH par élément avec leurs versements, plafonds "
            "sur 10 ans (disponible par élément), échéance du RAPO et demande en attente (silence de "
            "4 mois = rejet). Les partenaires désignés ne reçoivent que la demande en attente "
            "(données de santé, règle DP-2)."
        ),
        tags=["parcours"],
        responses=reponses({200: FICHE}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        return representation(request, obtenir_dispositif(request, public_id, Dispositif.PCH))


class PchDemandeApi(ApiView):
    """Record a request filed with the MDPH."""

    class InputSerializer(serializers.Serializer):
        deposee_le = serializers.DateField(help_text="Dépôt à la MDPH (silence de 4 mois = rejet, R241-33).")
        criteres_remplis_avant_age_limite = serializers.BooleanField(
            default=False,
            help_text="Première demande après 60 ans : le handicap remplissait déjà les critères "
            "avant (PCH-3).",
        )
        en_activite = serializers.BooleanField(
            default=False,
            help_text="Première demande après 60 ans : la personne exerce encore une activité "
            "professionnelle (PCH-3).",
        )

        class Meta:
            ref_name = "DemandePchSaisie"

    @extend_schema(
        operation_id="parcours_pch_demande",
        description="Enregistre une demande déposée à la MDPH ; son délai de décision est suivi (PCH-6).",
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: FichePchSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir_dispositif(request, public_id, Dispositif.PCH, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        executer(
            pch_demande_enregistrer,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return representation(request, parcours, status.HTTP_201_CREATED)


def _decimal(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True, default=None, **kwargs
    )


class PchDecisionApi(ApiView):
    """Record one element of a CDAPH decision."""

    class InputSerializer(serializers.Serializer):
        numero = serializers.CharField(max_length=50)
        decidee_le = serializers.DateField()
        notifiee_le = serializers.DateField(required=False, allow_null=True, default=None)
        element = champ_statut(ElementDecisionPch, "ElementDecisionPchEnum")
        montant = _decimal(help_text="Montant total (éléments ponctuels).")
        montant_mensuel = _decimal()
        heures_mensuelles = _decimal(help_text="Aides humaines : avec le tarif horaire.")
        tarif_horaire = _decimal()
        debut = serializers.DateField()
        fin = serializers.DateField(
            required=False,
            allow_null=True,
            default=None,
            help_text="10 ans au plus ; null : handicap non évolutif.",
        )
        handicap_non_susceptible_evolution_favorable = serializers.BooleanField(required=False, default=False)
        naissance_enfant = serializers.DateField(
            required=False,
            allow_null=True,
            default=None,
            help_text="PCH parentalité (PCH-4) : le plus jeune enfant (aide humaine), l'enfant concerné "
            "(aides techniques).",
        )
        parent_isole = serializers.BooleanField(
            required=False, default=False, help_text="PCH parentalité aide humaine : +50 % (PCH-4)."
        )

        class Meta:
            ref_name = "DecisionPchSaisie"

    @extend_schema(
        operation_id="parcours_pch_decision",
        description=(
            "Enregistre un élément d'une décision de la CDAPH (PCH-5) : une seule quantité, 10 ans "
            "au plus (PCH-1), sans date de fin seulement pour un handicap non susceptible d'évolution "
            "favorable (PCH-2) ; la PCH parentalité selon l'âge de l'enfant (PCH-4)."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: FichePchSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir_dispositif(request, public_id, Dispositif.PCH, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        executer(
            pch_decision_enregistrer,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return representation(request, parcours, status.HTTP_201_CREATED)


class PchVersementApi(ApiView):
    """Record a payment under a CDAPH decision."""

    class InputSerializer(serializers.Serializer):
        decision = serializers.UUIDField(help_text="Identifiant de la décision (public_id).")
        verse_le = serializers.DateField()
        montant = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
        heures = _decimal(help_text="Obligatoire sous une décision en heures.")
        periode_debut = serializers.DateField()
        periode_fin = serializers.DateField()

        class Meta:
            ref_name = "VersementPchSaisie"

    @extend_schema(
        operation_id="parcours_pch_versement",
        description=(
            "Enregistre un versement au titre d'une décision de la CDAPH (PCH-5), dans son montant et "
            "dans le plafond de l'élément sur les 10 ans qui finissent le jour du versement (PCH-1) : "
            "un dépassement est refusé (400) avec le montant encore disponible."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: FichePchSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir_dispositif(request, public_id, Dispositif.PCH, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = dict(entree.validated_data)
        decision = get_object_or_404(DecisionPch, parcours=parcours, public_id=donnees.pop("decision"))
        executer(
            pch_versement_enregistrer, decision=decision, acting_user=utilisateur_connecte(request), **donnees
        )
        return representation(request, parcours, status.HTTP_201_CREATED)
