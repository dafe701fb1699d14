"""RSA sanctions and reorientation requests of an RSA pathway: read them, open a procedure, one endpoint per
step, request and decide a reorientation. Scoped like every pathway endpoint (out of perimeter or not an
RSA pathway: 404; the reception desk: 403), journaled, in the common error shape: a refusal answers 403 for
a role, 409 for a state conflict, 400 otherwise, and nothing is written. Partners never read a procedure
(facts, observations, decisions are personal, DP-2): 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, ClassVar

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import utilisateur_connecte
from api.serializers import reponses
from api.views.base import ApiView
from api.views.parcours import champ_organisation, champ_statut
from api.views.parcours_rsa import CriteresSaisieSerializer
from api.views.pch import executer, obtenir_dispositif
from parcours.actions import rsa_sanctions as a
from parcours.enums import DemandeurReorientation, Dispositif, EtatSanctionRsa, StatutReorientation
from parcours.models import DemandeReorientationRsa, Parcours, ProcedureSanctionRsa
from parcours.permissions import can_view_sanctions_rsa
from parcours.regles.enums import (
    DeposantRecours,
    DestinataireRecours,
    IssueRecours,
    MotifManquement,
    NatureDecisionSanction,
    ParcoursRsa,
    RangManquement,
    SuiteSuppression,
    Vulnerabilite,
)
from parcours.regles.rsa import CriteresOrientation
from parcours.selectors_rsa_sanctions import fiche_sanctions


def _obtenir(request: Request, public_id: uuid.UUID, *, ecriture: bool = False) -> Parcours:
    parcours = obtenir_dispositif(request, public_id, Dispositif.RSA, ecriture=ecriture)
    if not can_view_sanctions_rsa(request.user, parcours):
        raise PermissionDenied("Les procédures de sanction sont réservées aux services du Département.")
    return parcours


# Output serializers.


class PassageSerializer(serializers.Serializer):
    depuis = serializers.CharField(read_only=True)
    vers = champ_statut(EtatSanctionRsa, "EtatSanctionRsaEnum", read_only=True)
    le = serializers.DateField(read_only=True)
    motif = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "PassageSanctionRsa"


class ProcedureSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(source="procedure.public_id", read_only=True)
    etat = champ_statut(EtatSanctionRsa, "EtatSanctionRsaEnum", source="procedure.etat", read_only=True)
    motif = serializers.ChoiceField(source="procedure.motif", choices=MotifManquement.choices, read_only=True)
    rang = serializers.ChoiceField(source="procedure.rang", choices=RangManquement.choices, read_only=True)
    constate_le = serializers.DateField(source="procedure.constate_le", read_only=True)
    faits = serializers.CharField(source="procedure.faits", read_only=True)
    observations_limite = serializers.DateField(source="procedure.observations_limite", read_only=True)
    observations = serializers.CharField(source="procedure.observations", read_only=True)
    avis_ep = serializers.CharField(source="procedure.avis_ep", read_only=True)
    nature = serializers.CharField(source="procedure.nature", read_only=True)
    decidee_le = serializers.DateField(source="procedure.decidee_le", read_only=True)
    taux = serializers.DecimalField(source="procedure.taux", max_digits=4, decimal_places=3, read_only=True)
    duree_mois = serializers.IntegerField(source="procedure.duree_mois", read_only=True)
    debut = serializers.DateField(source="procedure.debut", read_only=True)
    fin = serializers.DateField(source="procedure.fin", read_only=True)
    motivation = serializers.CharField(source="procedure.motivation", read_only=True)
    notifiee_le = serializers.DateField(source="procedure.notifiee_le", read_only=True)
    recours_limite = serializers.DateField(source="procedure.recours_limite", read_only=True)
    mentions_recours = serializers.CharField(source="procedure.mentions_recours", read_only=True)
    recours_forme_le = serializers.DateField(source="procedure.recours_forme_le", read_only=True)
    recours_decision_limite = serializers.DateField(
        source="procedure.recours_decision_limite", read_only=True
    )
    recours_statue_le = serializers.DateField(source="procedure.recours_statue_le", read_only=True)
    recours_issue = serializers.ChoiceField(
        source="procedure.recours_issue", choices=IssueRecours.choices, read_only=True, allow_blank=True
    )
    recours_decision_motivation = serializers.CharField(
        source="procedure.recours_decision_motivation", read_only=True
    )
    recours_decision_mentions = serializers.CharField(
        source="procedure.recours_decision_mentions", read_only=True
    )
    regularisation = serializers.DecimalField(
        source="procedure.regularisation", max_digits=10, decimal_places=2, read_only=True
    )
    levee_le = serializers.DateField(source="procedure.levee_le", read_only=True)
    restitution = serializers.DecimalField(
        source="procedure.restitution", max_digits=10, decimal_places=2, read_only=True
    )
    suite = serializers.ChoiceField(choices=SuiteSuppression.choices, read_only=True, allow_null=True)
    radiee_le = serializers.DateField(source="procedure.radiee_le", read_only=True)
    passages = PassageSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "ProcedureSanctionRsa"


class DemandeSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    demandeur = serializers.ChoiceField(choices=DemandeurReorientation.choices, read_only=True)
    demandee_le = serializers.DateField(read_only=True)
    motifs = serializers.CharField(read_only=True)
    statut = champ_statut(StatutReorientation, "StatutReorientationEnum", read_only=True)
    decidee_le = serializers.DateField(read_only=True)
    motivation = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "DemandeReorientationRsa"


class FicheSanctionsSerializer(serializers.Serializer):
    procedures = ProcedureSerializer(many=True, read_only=True)
    demandes = DemandeSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "SanctionsRsa"


def representation(request: Request, parcours: Parcours, code: int = status.HTTP_200_OK) -> Response:
    parcours = Parcours.objects.select_related("personne", "site").get(pk=parcours.pk)
    fiche = fiche_sanctions(parcours=parcours, user=utilisateur_connecte(request))
    return Response(FicheSanctionsSerializer(fiche).data, status=code)


class SanctionsRsaApi(ApiView):
    """The sanction procedures and reorientation requests of an RSA pathway."""

    @extend_schema(
        operation_id="parcours_rsa_sanctions",
        description=(
            "Les procédures de sanction (étapes, décision, voies de recours, levée, suites) et les "
            "demandes de réorientation du parcours. Réservé aux services du Département (403 pour un "
            "partenaire)."
        ),
        tags=["parcours"],
        responses=reponses({200: FicheSanctionsSerializer}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        return representation(request, _obtenir(request, public_id))


class SanctionConstaterApi(ApiView):
    """Open a sanction procedure on a failure."""

    class InputSerializer(serializers.Serializer):
        motif = serializers.ChoiceField(choices=MotifManquement.choices)
        rang = serializers.ChoiceField(choices=RangManquement.choices)
        constate_le = serializers.DateField()
        faits = serializers.CharField()

        class Meta:
            ref_name = "ManquementRsaSaisie"

    @extend_schema(
        operation_id="parcours_rsa_sanction_constater",
        description=(
            "Constate un manquement (CASF L262-37) : ouvre la procédure (personne soumise aux droits et "
            "devoirs)."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: FicheSanctionsSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = _obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        executer(
            a.sanction_manquement_constater,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return representation(request, parcours, status.HTTP_201_CREATED)


class EtapeSanctionApi(ApiView):
    """The base of the step endpoints: one step of one procedure of the pathway, its own input serializer
    (``InputSerializer``) and its own action (``action``, called with the procedure and the acting user).
    Each subclass is documented in the schema from its ``nom``, ``InputSerializer`` and docstring."""

    nom: ClassVar[str]
    action: ClassVar[Callable[..., object]]
    InputSerializer: ClassVar[type[serializers.Serializer]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.InputSerializer.Meta = type("Meta", (), {"ref_name": f"{cls.nom}Saisie"})  # type: ignore[attr-defined]

        def post(
            self: EtapeSanctionApi, request: Request, public_id: uuid.UUID, procedure: uuid.UUID
        ) -> Response:
            return self.enregistrer(request, public_id, procedure)

        cls.post = extend_schema(  # type: ignore[attr-defined]
            operation_id=f"parcours_rsa_sanction_{cls.nom.lower()}",
            description=" ".join((cls.__doc__ or "").split()),
            tags=["parcours"],
            request=cls.InputSerializer,
            responses=reponses({201: FicheSanctionsSerializer}, 400, 401, 403, 404, 409),
        )(post)

    def enregistrer(self, request: Request, public_id: uuid.UUID, procedure: uuid.UUID) -> Response:
        parcours = _obtenir(request, public_id, ecriture=True)
        ligne = get_object_or_404(ProcedureSanctionRsa, parcours=parcours, public_id=procedure)
        donnees = self.InputSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        executer(
            type(self).action,
            procedure=ligne,
            acting_user=utilisateur_connecte(request),
            **donnees.validated_data,
        )
        return representation(request, parcours, status.HTTP_201_CREATED)


def _texte(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(allow_blank=True, **kwargs)


def _date(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(**kwargs)


class SanctionObservationsDemanderApi(EtapeSanctionApi):
    """Invite la personne à présenter ses observations (délai du règlement départemental, suivi en
    échéance)."""

    nom = "ObservationsDemander"
    action = staticmethod(a.sanction_observations_demander)

    class InputSerializer(serializers.Serializer):
        demandees_le = _date()


class SanctionObservationsApi(EtapeSanctionApi):
    """Enregistre les observations de la personne."""

    nom = "Observations"
    action = staticmethod(a.sanction_observations_enregistrer)

    class InputSerializer(serializers.Serializer):
        recues_le = _date()
        observations = _texte()


class SanctionDelaiExpireApi(EtapeSanctionApi):
    """Constate l'expiration du délai d'observations (refusé tant qu'il court)."""

    nom = "DelaiExpire"
    action = staticmethod(a.sanction_delai_observations_constater)

    class InputSerializer(serializers.Serializer):
        le = _date()


class SanctionAvisEpApi(EtapeSanctionApi):
    """Enregistre l'avis de l'équipe pluridisciplinaire (CASF L262-39)."""

    nom = "AvisEp"
    action = staticmethod(a.sanction_avis_ep_enregistrer)

    class InputSerializer(serializers.Serializer):
        le = _date()
        avis = _texte()


class SanctionDeciderApi(EtapeSanctionApi):
    """Décide la sanction (encadrant) dans le barème en vigueur (RSA-9, RSA-10), motivée ; ou la classe
    sans suite."""

    nom = "Decider"
    action = staticmethod(a.sanction_decider)

    class InputSerializer(serializers.Serializer):
        nature = serializers.ChoiceField(choices=NatureDecisionSanction.choices)
        decidee_le = _date()
        motivation = _texte()
        taux = serializers.DecimalField(
            max_digits=4,
            decimal_places=3,
            min_value=0,
            max_value=1,
            required=False,
            allow_null=True,
            default=None,
            help_text="Part suspendue ou supprimée, de 0 à 1 (0.3 = 30 %).",
        )
        duree_mois = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
        debut = _date(required=False, allow_null=True, default=None)
        personnes_foyer = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
        majoration_isolement = serializers.BooleanField(required=False, default=False)


class SanctionNotifierApi(EtapeSanctionApi):
    """Enregistre la notification avec les voies et délais de recours (RSA-14)."""

    nom = "Notifier"
    action = staticmethod(a.sanction_notifier)

    class InputSerializer(serializers.Serializer):
        notifiee_le = _date()


class SanctionRecoursApi(EtapeSanctionApi):
    """Enregistre un recours administratif préalable (2 mois, au PCD, motivé, mandat écrit d'une
    association)."""

    nom = "Recours"
    action = staticmethod(a.sanction_recours_enregistrer)

    class InputSerializer(serializers.Serializer):
        forme_le = _date()
        destinataire = serializers.ChoiceField(choices=DestinataireRecours.choices)
        depose_par = serializers.ChoiceField(choices=DeposantRecours.choices)
        mandat_ecrit = serializers.BooleanField(required=False, default=False)
        motifs = _texte()
        cra_saisie_le = _date(required=False, allow_null=True, default=None)


class SanctionRecoursStatuerApi(EtapeSanctionApi):
    """Statue sur le recours (encadrant, délégataire du président), par une décision motivée (RSA-14) ;
    admis, la sanction est annulée et toutes les sommes retenues depuis son début sont régularisées
    (RSA-13)."""

    nom = "RecoursStatuer"
    action = staticmethod(a.sanction_recours_statuer)

    class InputSerializer(serializers.Serializer):
        statue_le = _date()
        issue = serializers.ChoiceField(choices=IssueRecours.choices)
        motivation = _texte()


class SanctionConformiteApi(EtapeSanctionApi):
    """Enregistre la mise en conformité : levée automatique et sommes à restituer (RSA-11)."""

    nom = "Conformite"
    action = staticmethod(a.sanction_mise_en_conformite_enregistrer)

    class InputSerializer(serializers.Serializer):
        le = _date()


class SanctionRadierApi(EtapeSanctionApi):
    """Fin de droit et radiation après une suppression totale de 4 mois sans mise en conformité (RSA-12)."""

    nom = "Radier"
    action = staticmethod(a.sanction_radier)

    class InputSerializer(serializers.Serializer):
        le = _date()
        motivation = _texte()


class ReorientationDemanderApi(ApiView):
    """Record a reorientation request of the référent or of the person."""

    class InputSerializer(serializers.Serializer):
        demandeur = serializers.ChoiceField(choices=DemandeurReorientation.choices)
        demandee_le = serializers.DateField()
        motifs = serializers.CharField(allow_blank=True)

        class Meta:
            ref_name = "DemandeReorientationRsaSaisie"

    @extend_schema(
        operation_id="parcours_rsa_reorientation_demander",
        description="Enregistre une demande de réorientation (du référent ou de la personne).",
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: FicheSanctionsSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = _obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        executer(
            a.reorientation_demander,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return representation(request, parcours, status.HTTP_201_CREATED)


class ReorientationDeciderApi(ApiView):
    """An encadrant decides a reorientation request; accepted, the new orientation is recorded."""

    class InputSerializer(serializers.Serializer):
        acceptee = serializers.BooleanField()
        decidee_le = serializers.DateField()
        motivation = serializers.CharField(allow_blank=True)
        parcours_type = serializers.ChoiceField(
            choices=ParcoursRsa.choices, required=False, allow_null=True, default=None
        )
        criteres = CriteresSaisieSerializer(required=False, allow_null=True, default=None)
        organisme_referent = champ_organisation(required=False, allow_null=True, default=None)
        notifiee_le = serializers.DateField(required=False, allow_null=True, default=None)
        vulnerabilites = serializers.ListField(
            child=serializers.ChoiceField(choices=Vulnerabilite.choices), required=False, default=list
        )

        class Meta:
            ref_name = "DecisionReorientationRsaSaisie"

    @extend_schema(
        operation_id="parcours_rsa_reorientation_decider",
        description=(
            "Décide une demande de réorientation (encadrant), motivée. Acceptée, la nouvelle orientation "
            "(parcours, critères, organisme référent, notification) est enregistrée par l'action "
            "d'orientation."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: FicheSanctionsSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID, demande: uuid.UUID) -> Response:
        parcours = _obtenir(request, public_id, ecriture=True)
        ligne = get_object_or_404(DemandeReorientationRsa, parcours=parcours, public_id=demande)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = dict(entree.validated_data)
        criteres = donnees.pop("criteres")
        if criteres is not None:
            criteres = executer(CriteresOrientation, **{**criteres, "freins": frozenset(criteres["freins"])})
        executer(
            a.reorientation_decider,
            demande=ligne,
            criteres=criteres,
            acting_user=utilisateur_connecte(request),
            **donnees,
        )
        return representation(request, parcours, status.HTTP_201_CREATED)
