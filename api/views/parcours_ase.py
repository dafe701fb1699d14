"""The person's ASE facts from one of her pathways: read them, record them (rule ASE-1; child-protection
data, rule DP-4).

Scoped like every pathway endpoint (out of perimeter: 404; the reception desk: 403), journaled, in the
common error shape. Only the pathway's référent, team and encadrants see or record these facts
(``can_view_ase``); as on the pathway page, where the block is simply absent for the others, reading
answers them 404, the same answer as for a person the block does not concern, so that the answer never
tells whether the person was entrusted to the ASE. Recording answers them 403, as the page does: that
refusal depends on the role only, never on the person's data. The ASE deadline is also kept out of the
pathway detail for them (``resume_parcours``).
"""

from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import utilisateur_connecte
from api.serializers import reponses
from api.views.base import ApiView
from api.views.parcours import EcheanceSerializer, executer, obtenir
from parcours import actions
from parcours.models import Parcours
from parcours.selectors_jeunes import fiche_ase

# The same answer for a viewer outside the team and for a person the block does not concern (DP-4).
SANS_VOLET_ASE = "Ce parcours n'a pas de volet aide sociale à l'enfance que vous puissiez consulter."


class FicheAseSerializer(serializers.Serializer):
    confie_ase_avant_majorite = serializers.BooleanField(read_only=True)
    entretien_autonomie_le = serializers.DateField(
        read_only=True, allow_null=True, help_text="Jour où l'entretien d'accès à l'autonomie a été tenu."
    )
    echeance = EcheanceSerializer(
        read_only=True,
        allow_null=True,
        help_text=(
            "L'entretien d'accès à l'autonomie, dû au plus tard aux 17 ans d'un mineur confié à l'ASE "
            "(CASF L222-5-1) ; null quand il ne s'applique pas."
        ),
    )
    peut_renseigner = serializers.BooleanField(read_only=True)

    class Meta:
        ref_name = "ParcoursAse"


def _reponse(request: Request, parcours_id: int) -> Response:
    """The fresh ASE facts after a write (the person of the request's pathway object is stale)."""
    parcours = Parcours.objects.select_related("personne", "site", "referent").get(pk=parcours_id)
    fiche = fiche_ase(parcours=parcours, user=utilisateur_connecte(request), toujours=True)
    return Response(FicheAseSerializer(fiche).data)


class ParcoursAseApi(ApiView):
    """The person's ASE facts and the deadline of her entretien d'accès à l'autonomie."""

    @extend_schema(
        operation_id="parcours_ase",
        description=(
            "Aide sociale à l'enfance (ASE-1) : la personne a-t-elle été confiée à l'ASE avant sa majorité, "
            "le jour de son entretien d'accès à l'autonomie et son échéance. Donnée de protection de "
            "l'enfance, réservée au référent, à l'équipe et aux encadrants du parcours (DP-4) : 404 pour "
            "les autres lecteurs du parcours, comme pour une personne que ce volet ne concerne pas "
            "(ni parcours jeunes, ni confiée à l'ASE, et au-delà de l'âge du contrat jeune majeur)."
        ),
        tags=["parcours"],
        responses=reponses({200: FicheAseSerializer}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id)
        fiche = fiche_ase(parcours=parcours, user=utilisateur_connecte(request))
        if fiche is None:
            raise NotFound(SANS_VOLET_ASE)
        return Response(FicheAseSerializer(fiche).data)


class ParcoursAseRenseignerApi(ApiView):
    """Record the person's ASE facts; the deadlines of her open pathways are recomputed."""

    class InputSerializer(serializers.Serializer):
        confie_ase_avant_majorite = serializers.BooleanField(
            help_text="Confié(e) à l'aide sociale à l'enfance avant sa majorité."
        )
        entretien_autonomie_le = serializers.DateField(
            required=False,
            allow_null=True,
            help_text="Jour où l'entretien d'accès à l'autonomie a été tenu (mineur confié à l'ASE) ; "
            "absent : le jour déjà enregistré est gardé (effacé si la personne n'est plus dite confiée).",
        )

        class Meta:
            ref_name = "ParcoursAseSaisie"

    @extend_schema(
        operation_id="parcours_ase_renseigner",
        description=(
            "Renseigne si la personne a été confiée à l'ASE avant sa majorité et, le cas échéant, le jour "
            "de son entretien d'accès à l'autonomie (référent, équipe et encadrants du parcours, DP-4) ; "
            "les échéances de ses parcours ouverts sont recalculées. Refusé pour un autre rôle (403), sur "
            "un parcours clos (409), pour un entretien sans prise en charge par l'ASE, dans le futur ou "
            "avant la naissance (400) ; rien n'est alors modifié."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({200: FicheAseSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = dict(entree.validated_data)
        if "entretien_autonomie_le" not in donnees:
            # An absent date keeps the one recorded: a body with the flag only erases nothing.
            gardee = (
                parcours.personne.entretien_autonomie_le if donnees["confie_ase_avant_majorite"] else None
            )
            donnees["entretien_autonomie_le"] = gardee
        executer(
            actions.personne_ase_renseigner,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **donnees,
        )
        return _reponse(request, parcours.pk)
