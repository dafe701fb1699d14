"""The RSA file of a pathway: read it, record the file, an orientation, a contrat d'engagement.

One endpoint per operation, scoped like every pathway endpoint (out of perimeter or not an RSA pathway:
404; the reception desk: 403), journaled, in the common error shape. Writes call one action of
``parcours.actions.rsa``; a refusal of the domain answers 403 for a role, 409 for a state conflict, 400
otherwise, and nothing is written. Designated partners get their own serializers: the orientation
outcome and the dates, never the file (status of the right), the criteria, the hours or the objectives.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import utilisateur_connecte
from api.errors import executer_action
from api.serializers import reponses
from api.views.base import ApiView
from api.views.parcours import (
    _STATUTS,
    EcheanceSerializer,
    _selon_le_lecteur,
    champ_organisation,
    obtenir,
)
from parcours import actions
from parcours.enums import Dispositif, StatutDroitRsa
from parcours.models import Parcours
from parcours.permissions import est_partenaire_seulement
from parcours.regles.enums import (
    FreinOrientation,
    MotifHeuresReduites,
    NiveauQualification,
    ParcoursRsa,
    SituationEmploi,
    StatutOrientation,
    Vulnerabilite,
)
from parcours.regles.rsa import CriteresOrientation, JustificationHeures
from parcours.selectors import fiche_rsa
from social.enums import OrganismePayeur

T = TypeVar("T")

STATUTS = {**_STATUTS, "rsa_dossier_requis": status.HTTP_409_CONFLICT}


def _executer(action: Callable[..., T], /, *, champs: dict[str, str] | None = None, **arguments: Any) -> T:
    """Run an action; its refusal becomes an API error on the input's field names (``champs``: the
    rules' field names → the input's, e.g. ``duree_sans_activite_mois`` → ``criteres.…``)."""
    return executer_action(action, statuts=STATUTS, champs=champs, **arguments)


def _obtenir_rsa(request: Request, public_id: uuid.UUID, *, ecriture: bool = False) -> Parcours:
    parcours = obtenir(request, public_id, ecriture=ecriture)
    if parcours.dispositif != Dispositif.RSA:
        raise NotFound("Ce parcours n'est pas un parcours RSA.")
    return parcours


# Output serializers.


class DossierRsaSerializer(serializers.Serializer):
    statut_droit = serializers.ChoiceField(
        choices=StatutDroitRsa.choices, read_only=True, help_text="Code CNAF ETATDOSRSA (0 à 6)."
    )
    libelle_statut_droit = serializers.CharField(source="get_statut_droit_display", read_only=True)
    soumis_droits_devoirs = serializers.BooleanField(read_only=True)
    information_recue_le = serializers.DateField(read_only=True)
    organisme_payeur = serializers.ChoiceField(choices=OrganismePayeur.choices, read_only=True)

    class Meta:
        ref_name = "DossierRsa"


class CriteresOrientationSerializer(serializers.Serializer):
    situation_emploi = serializers.ChoiceField(choices=SituationEmploi.choices, read_only=True)
    duree_sans_activite_mois = serializers.IntegerField(read_only=True, allow_null=True)
    niveau_qualification = serializers.ChoiceField(choices=NiveauQualification.choices, read_only=True)
    beneficiaire_obligation_emploi = serializers.BooleanField(source="obligation_emploi", read_only=True)
    metier_recherche = serializers.CharField(read_only=True)
    aspirations = serializers.CharField(read_only=True)
    freins = serializers.ListField(
        child=serializers.ChoiceField(choices=FreinOrientation.choices), source="codes_freins", read_only=True
    )
    frein_autre_precision = serializers.CharField(read_only=True)
    vulnerabilites = serializers.ListField(
        child=serializers.ChoiceField(choices=Vulnerabilite.choices),
        source="codes_vulnerabilites",
        read_only=True,
    )

    class Meta:
        ref_name = "CriteresOrientationRsa"


class OrientationPartenaireSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    parcours_type = serializers.ChoiceField(choices=ParcoursRsa.choices, read_only=True)
    libelle_parcours = serializers.CharField(read_only=True)
    organisme_referent = serializers.CharField(read_only=True, help_text="Nom de l'organisme référent.")
    organisme_referent_id = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="Null : la MDS du parcours (service du Département)."
    )
    decidee_le = serializers.DateField(read_only=True)
    notifiee_le = serializers.DateField(read_only=True)
    actuelle = serializers.BooleanField(read_only=True)

    class Meta:
        ref_name = "OrientationRsaPartenaire"


class OrientationSerializer(OrientationPartenaireSerializer):
    decidee_par = serializers.CharField(read_only=True)
    motif = serializers.CharField(read_only=True)
    criteres = CriteresOrientationSerializer(read_only=True)

    class Meta:
        ref_name = "OrientationRsa"


class ContratPartenaireSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    signe_le = serializers.DateField(read_only=True)
    date_fin = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "ContratEngagementPartenaire"


class ContratSerializer(ContratPartenaireSerializer):
    par = serializers.CharField(read_only=True)
    heures_hebdomadaires = serializers.DecimalField(max_digits=4, decimal_places=1, read_only=True)
    justification_motif = serializers.CharField(
        read_only=True, help_text="Vide : heures par défaut atteintes."
    )
    justification = serializers.CharField(read_only=True)
    objectifs = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "ContratEngagement"


class FichePartenaireSerializer(serializers.Serializer):
    """What a designated partner sees of the RSA file."""

    orientations = OrientationPartenaireSerializer(many=True, read_only=True)
    contrats = ContratPartenaireSerializer(many=True, read_only=True)
    echeances = EcheanceSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "ParcoursRsaPartenaire"


class FicheSerializer(FichePartenaireSerializer):
    """The RSA file as the département's staff see it."""

    dossier = DossierRsaSerializer(read_only=True, allow_null=True)
    statut_orientation = serializers.ChoiceField(
        choices=StatutOrientation.choices,
        read_only=True,
        allow_null=True,
        help_text="Au regard du délai de 6 semaines (CASF D262-65-2) ; null sans dossier.",
    )
    orientations = OrientationSerializer(many=True, read_only=True)
    contrats = ContratSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "ParcoursRsa"


FICHE = _selon_le_lecteur("ParcoursRsaSelonLecteur", FicheSerializer, FichePartenaireSerializer)


def representation(request: Request, parcours: Parcours) -> dict[str, Any]:
    user = utilisateur_connecte(request)
    fiche = fiche_rsa(parcours=parcours, user=user)
    classe = FichePartenaireSerializer if est_partenaire_seulement(user, parcours) else FicheSerializer
    return dict(classe(fiche).data)


def _reponse(request: Request, parcours_id: int, code: int = status.HTTP_200_OK) -> Response:
    """The fresh RSA file after a write (the pathway object of the request is stale)."""
    parcours = Parcours.objects.select_related("personne", "site", "referent").get(pk=parcours_id)
    return Response(representation(request, parcours), status=code)


# Endpoints.


class ParcoursRsaApi(ApiView):
    """The RSA file of a pathway: the right, the orientations, the contracts, the deadlines."""

    @extend_schema(
        operation_id="parcours_rsa",
        description=(
            "Le dossier RSA du parcours : statut du droit (codes CNAF), droits et devoirs, orientations "
            "(critères compris), contrats d'engagement et échéances (orientation sous 6 semaines, contrat "
            "sous 1 mois après la notification, diagnostic conjoint du parcours social). Les partenaires "
            "désignés ne reçoivent que l'issue des orientations, les dates des contrats et les échéances."
        ),
        tags=["parcours"],
        responses=reponses({200: FICHE}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        return Response(representation(request, _obtenir_rsa(request, public_id)))


class ParcoursRsaDossierApi(ApiView):
    """Record or update the RSA file as the CAF or the MSA reports it."""

    class InputSerializer(serializers.Serializer):
        statut_droit = serializers.ChoiceField(
            choices=StatutDroitRsa.choices, help_text="Code CNAF ETATDOSRSA."
        )
        soumis_droits_devoirs = serializers.BooleanField(help_text="TOPPERSDRODEVORSA = 1 (CASF L262-28).")
        information_recue_le = serializers.DateField(
            help_text="Réception de l'information d'ouverture ou de transfert du droit (RSA-1)."
        )
        organisme_payeur = serializers.ChoiceField(choices=OrganismePayeur.choices)

        class Meta:
            ref_name = "DossierRsaSaisie"

    @extend_schema(
        operation_id="parcours_rsa_dossier",
        description=(
            "Renseigne ou met à jour le dossier RSA (référent, équipe, encadrants du site) ; les échéances "
            "sont recalculées."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({200: FicheSerializer}, 400, 401, 403, 404, 409),
    )
    def put(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = _obtenir_rsa(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        _executer(
            actions.rsa_dossier_renseigner,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return _reponse(request, parcours.pk)


class CriteresSaisieSerializer(serializers.Serializer):
    situation_emploi = serializers.ChoiceField(choices=SituationEmploi.choices)
    duree_sans_activite_mois = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, default=None, help_text="Requise sans activité."
    )
    niveau_qualification = serializers.ChoiceField(choices=NiveauQualification.choices)
    beneficiaire_obligation_emploi = serializers.BooleanField(required=False, default=False)
    metier_recherche = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    aspirations = serializers.CharField(required=False, allow_blank=True, default="")
    freins = serializers.ListField(
        child=serializers.ChoiceField(choices=FreinOrientation.choices), required=False, default=list
    )
    frein_autre_precision = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200, help_text="Requise pour « autre »."
    )

    class Meta:
        ref_name = "CriteresOrientationRsaSaisie"


CHAMPS_CRITERES = tuple(CriteresSaisieSerializer._declared_fields)


class ParcoursRsaOrienterApi(ApiView):
    """Record an orientation decision (or a reorientation)."""

    class InputSerializer(serializers.Serializer):
        parcours_type = serializers.ChoiceField(choices=ParcoursRsa.choices)
        criteres = CriteresSaisieSerializer(help_text="Critères de l'arrêté du 21 novembre 2024.")
        organisme_referent = champ_organisation(
            required=False, allow_null=True, default=None, help_text="Null : la MDS du parcours."
        )
        decidee_le = serializers.DateField()
        notifiee_le = serializers.DateField(help_text="Point de départ du délai d'un mois du contrat.")
        vulnerabilites = serializers.ListField(
            child=serializers.ChoiceField(choices=Vulnerabilite.choices), required=False, default=list
        )
        motif = serializers.CharField(
            required=False, allow_blank=True, default="", help_text="Obligatoire pour une réorientation."
        )

        class Meta:
            ref_name = "OrientationRsaSaisie"

    @extend_schema(
        operation_id="parcours_rsa_orienter",
        description=(
            "Enregistre une orientation (parcours, critères, organisme référent, dates) et fait passer le "
            "parcours à « Orienté » : la première par le référent ou un encadrant, une réorientation par "
            "un encadrant avec un motif. Refusée sans dossier RSA (409), pour une personne non soumise aux "
            "droits et devoirs ou des critères incomplets (400)."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: FicheSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = _obtenir_rsa(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = dict(entree.validated_data)
        criteres = donnees.pop("criteres")
        _executer(
            _orienter,
            champs={
                "parcours": "parcours_type",
                **{nom: f"criteres.{nom}" for nom in CHAMPS_CRITERES},
            },
            parcours=parcours,
            criteres=criteres,
            acting_user=utilisateur_connecte(request),
            **donnees,
        )
        return _reponse(request, parcours.pk, status.HTTP_201_CREATED)


def _orienter(*, criteres: dict[str, Any], **arguments: Any) -> Any:
    """The criteria become the rule's dataclass inside the refusal handling (it checks them)."""
    return actions.rsa_orienter(
        criteres=CriteresOrientation(**{**criteres, "freins": frozenset(criteres["freins"])}), **arguments
    )


class ParcoursRsaContratApi(ApiView):
    """Record the contrat d'engagement of an oriented pathway."""

    class InputSerializer(serializers.Serializer):
        signe_le = serializers.DateField()
        heures_hebdomadaires = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0)
        justification_motif = serializers.ChoiceField(
            choices=MotifHeuresReduites.choices,
            required=False,
            allow_blank=True,
            default="",
            help_text="Obligatoire sous le nombre d'heures par défaut (15 h, CASF L262-34).",
        )
        justification_precision = serializers.CharField(
            required=False, allow_blank=True, default="", help_text="Obligatoire pour le motif « autre »."
        )
        objectifs = serializers.CharField()
        date_fin = serializers.DateField(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "ContratEngagementSaisie"

    @extend_schema(
        operation_id="parcours_rsa_contrat",
        description=(
            "Enregistre le contrat d'engagement et fait passer le parcours à « Contrat d'engagement signé » "
            "(référent, équipe, encadrants du site). Sous 15 heures par semaine, un motif est obligatoire "
            "(400) ; refusé avant l'orientation (409) ou pour une personne non soumise aux droits et devoirs."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: FicheSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = _obtenir_rsa(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        _executer(
            _signer,
            champs={"justification": "justification_motif", "precision": "justification_precision"},
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return _reponse(request, parcours.pk, status.HTTP_201_CREATED)


def _signer(*, justification_motif: str, justification_precision: str, **arguments: Any) -> Any:
    justification = (
        JustificationHeures(motif=MotifHeuresReduites(justification_motif), precision=justification_precision)
        if justification_motif
        else None
    )
    return actions.rsa_contrat_signer(justification=justification, **arguments)
