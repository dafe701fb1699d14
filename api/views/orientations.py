"""Referrals to partner services: refer from a pathway, the pathway's referrals, the partner's inbox, the
answer. One endpoint per operation, scoped (out of perimeter: 404; a role that may never use it: 403),
journaled, in the common error shape. A refusal of the domain answers 403 for a role, 409 for a state
conflict, 400 otherwise, and nothing is written.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import contexte_acces, utilisateur_connecte
from api.errors import executer_action
from api.pagination import Pagination
from api.serializers import reponses
from api.views.base import ApiView
from api.views.documents import REPONSES_FICHIER
from api.views.parcours import champ_statut, obtenir
from guide_ressources.models import Service
from parcours.actions.orientations import orientation_partenaire_creer, orientation_partenaire_repondre
from parcours.models import OrientationPartenaire
from parcours.models.orientations import ModeConsentement, StatutOrientationPartenaire
from parcours.permissions import can_orienter_vers_partenaire, can_view_boite_orientations
from parcours.selectors_documents import documents_obtenir
from parcours.selectors_orientations import (
    FiltresBoite,
    avec_pieces_jointes,
    boite_orientations,
    journaliser_orientations,
    orientation_obtenir,
    orientations_du_parcours,
    piece_jointe_lire,
)
from social.enums import OperationJournal
from social.models import Organisation

_STATUTS = {
    "interdit": status.HTTP_403_FORBIDDEN,
    "transition_impossible": status.HTTP_409_CONFLICT,
    "deja_orientee": status.HTTP_409_CONFLICT,
    "parcours_clos": status.HTTP_409_CONFLICT,
}
_CHAMPS = {"vers": "decision"}


def _executer(action: Any, /, **arguments: Any) -> OrientationPartenaire:
    return executer_action(action, statuts=_STATUTS, champs=_CHAMPS, **arguments)


class ServiceOrienteSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    nom = serializers.CharField(read_only=True)
    structure = serializers.CharField(source="structure.nom", read_only=True)

    class Meta:
        ref_name = "ServiceOriente"


class OrganisationDestinataireSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    nom = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "OrganisationDestinataire"


class PieceJointeSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    titre = serializers.CharField(source="document.titre", read_only=True)
    format = serializers.CharField(source="document.format", read_only=True)
    taille = serializers.IntegerField(source="document.taille", read_only=True)

    class Meta:
        ref_name = "PieceJointeOrientation"


class OrientationVersPartenaireSerializer(serializers.Serializer):
    """A referral: only what the worker chose to share, the consent, the state and the answer."""

    public_id = serializers.UUIDField(read_only=True)
    service = ServiceOrienteSerializer(read_only=True)
    organisation = OrganisationDestinataireSerializer(read_only=True, allow_null=True)
    statut = champ_statut(StatutOrientationPartenaire, "StatutOrientationPartenaireEnum", read_only=True)
    message = serializers.CharField(read_only=True)
    nom_partage = serializers.CharField(read_only=True, help_text="Vide : non transmis.")
    telephone_partage = serializers.CharField(read_only=True, help_text="Vide : non transmis.")
    courriel_partage = serializers.CharField(read_only=True, help_text="Vide : non transmis.")
    consentement_le = serializers.DateField(read_only=True)
    consentement_mode = serializers.ChoiceField(choices=ModeConsentement.choices, read_only=True)
    date_limite = serializers.DateField(read_only=True, help_text="Sans réponse avant, l'orientation expire.")
    reponse_motif = serializers.CharField(read_only=True)
    repondue_le = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    pieces_jointes = PieceJointeSerializer(
        source="pieces_actives",
        many=True,
        read_only=True,
        help_text="Téléchargeables tant que l'orientation est ouverte ; retirées à sa clôture.",
    )

    class Meta:
        ref_name = "OrientationVersPartenaire"


class OrientationsParcoursApi(ApiView):
    """The referrals of a pathway this user may see (a designated partner: those to her organisation)."""

    @extend_schema(
        operation_id="parcours_orientations_partenaires_liste",
        description=(
            "Orientations du parcours vers des services partenaires du guide, les plus récentes d'abord. "
            "Un partenaire désigné ne voit que celles adressées à son organisation."
        ),
        tags=["orientations"],
        responses=reponses({200: OrientationVersPartenaireSerializer(many=True)}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id)
        user = utilisateur_connecte(request)
        lignes = avec_pieces_jointes(orientations_du_parcours(parcours=parcours, user=user), lecteur=user)
        return Response(OrientationVersPartenaireSerializer(lignes, many=True).data)


class OrientationCreerApi(ApiView):
    """Refer the person of a pathway to a guide service, with her consent, sharing only what is given."""

    class InputSerializer(serializers.Serializer):
        service = serializers.SlugRelatedField(
            slug_field="public_id",
            queryset=Service.objects.all(),
            help_text="Identifiant public du service du guide.",
            error_messages={
                "does_not_exist": "Service inconnu : {value}.",
                "invalid": "Identifiant invalide.",
            },
        )
        message = serializers.CharField(max_length=2000, help_text="L'objet de l'orientation, le nécessaire.")
        nom_partage = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
        telephone_partage = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
        courriel_partage = serializers.EmailField(required=False, allow_blank=True, default="")
        consentement_le = serializers.DateField(help_text="Date de l'accord de la personne.")
        consentement_mode = serializers.ChoiceField(choices=ModeConsentement.choices)
        documents = serializers.ListField(
            child=serializers.UUIDField(),
            max_length=5,
            required=False,
            default=list,
            help_text=(
                "Identifiants publics de documents du parcours à joindre (ni confidentiels ni de santé), "
                "seulement ce qui est utile au partenaire."
            ),
        )

        class Meta:
            ref_name = "OrientationVersPartenaireCreation"

    @extend_schema(
        operation_id="parcours_orientations_partenaires_creer",
        description=(
            "Oriente la personne vers un service publié du guide (référent, équipe, encadrants du site), "
            "avec son consentement enregistré. Le contact du service reçoit un lien de réponse signé ; "
            "les membres de l'organisation la voient dans leurs orientations reçues."
        ),
        tags=["orientations"],
        request=InputSerializer,
        responses=reponses({201: OrientationVersPartenaireSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        user = utilisateur_connecte(request)
        if not can_orienter_vers_partenaire(user, parcours):
            raise PermissionDenied(
                "Seuls le référent, les membres de l'équipe et les encadrants du site orientent vers un "
                "service partenaire."
            )
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = dict(entree.validated_data)
        identifiants = list(dict.fromkeys(donnees.pop("documents")))
        # Documents of this pathway the worker may read (the action checks what may be shared).
        documents = documents_obtenir(parcours=parcours, user=user, public_ids=identifiants)
        if len(documents) != len(identifiants):
            raise serializers.ValidationError({"documents": ["Document inconnu sur ce parcours."]})
        orientation = _executer(
            orientation_partenaire_creer,
            parcours=parcours,
            acting_user=user,
            lien_reponse=lambda jeton: request.build_absolute_uri(
                reverse("frontend:orientation_lien", args=[jeton])
            ),
            documents=documents,
            **donnees,
        )
        orientation = OrientationPartenaire.objects.select_related("service__structure", "organisation").get(
            pk=orientation.pk
        )
        orientation.parcours = parcours  # permissions read the pathway and its cached roles: no query
        return Response(
            OrientationVersPartenaireSerializer(avec_pieces_jointes([orientation], lecteur=user)[0]).data,
            status=status.HTTP_201_CREATED,
        )


class OrientationsRecuesApi(ApiView):
    """The partner's inbox: referrals addressed to her organisations; one journal row per page."""

    pagination_class = Pagination

    class FiltreSerializer(serializers.Serializer):
        statut = champ_statut(StatutOrientationPartenaire, "StatutOrientationPartenaireEnum", required=False)
        organisation = serializers.SlugRelatedField(
            slug_field="public_id",
            queryset=Organisation.objects.all(),
            required=False,
            help_text="Une de vos organisations.",
            error_messages={
                "does_not_exist": "Organisation inconnue : {value}.",
                "invalid": "Identifiant invalide.",
            },
        )

    @extend_schema(
        operation_id="orientations_recues",
        description=(
            "Orientations adressées aux organisations dont vous êtes membre, les plus récentes d'abord "
            "(partenaires seulement). Chaque page est inscrite au journal des accès."
        ),
        tags=["orientations"],
        parameters=[FiltreSerializer],
        responses=reponses({200: OrientationVersPartenaireSerializer(many=True)}, 400, 401, 403),
    )
    def get(self, request: Request) -> Response:
        user = utilisateur_connecte(request)
        if not can_view_boite_orientations(user):
            raise PermissionDenied("Les orientations reçues sont celles des organisations partenaires.")
        filtres = self.FiltreSerializer(data=request.query_params)
        filtres.is_valid(raise_exception=True)
        organisation = filtres.validated_data.get("organisation")
        queryset = boite_orientations(
            user=user,
            filtres=FiltresBoite(
                statut=filtres.validated_data.get("statut", ""),
                organisation=organisation.pk if organisation is not None else None,
            ),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self) or []
        journaliser_orientations(
            acces=contexte_acces(request), orientations=page, operation=OperationJournal.LISTE
        )
        return paginator.get_paginated_response(
            OrientationVersPartenaireSerializer(avec_pieces_jointes(list(page), lecteur=user), many=True).data
        )


class OrientationRepondreApi(ApiView):
    """The partner accepts or refuses (with a reason) a referral addressed to her organisation."""

    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(
            choices=[StatutOrientationPartenaire.VALIDEE, StatutOrientationPartenaire.REFUSEE],
            error_messages={"invalid_choice": "Répondez « validee » ou « refusee »."},
        )
        motif = serializers.CharField(
            max_length=2000,
            required=False,
            allow_blank=True,
            default="",
            help_text="Obligatoire pour un refus.",
        )

        class Meta:
            ref_name = "OrientationVersPartenaireReponse"

    @extend_schema(
        operation_id="orientation_repondre",
        description=(
            "Accepte ou refuse (motif obligatoire) une orientation ouverte adressée à votre organisation. "
            "Une orientation déjà close : 409. Le référent est prévenu en temps réel."
        ),
        tags=["orientations"],
        request=InputSerializer,
        responses=reponses({200: OrientationVersPartenaireSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        orientation = orientation_obtenir(
            user=request.user,
            public_id=public_id,
            acces=contexte_acces(request),
            operation=OperationJournal.MODIFICATION,
        )
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        user = utilisateur_connecte(request)
        orientation = _executer(
            orientation_partenaire_repondre,
            orientation=orientation,
            vers=entree.validated_data["decision"],
            motif=entree.validated_data["motif"],
            acting_user=user,
        )
        return Response(
            OrientationVersPartenaireSerializer(avec_pieces_jointes([orientation], lecteur=user)[0]).data
        )


class OrientationPieceJointeApi(ApiView):
    """Download an attachment of a referral this user sees, while it is open: the addressee partner, and
    the département's staff who may read the pathway's documents (not the reception desk); journaled."""

    @extend_schema(
        operation_id="orientation_piece_jointe_telecharger",
        description=(
            "Le fichier d'une pièce jointe, en pièce jointe HTTP (type détecté au dépôt, nosniff), tant que "
            "l'orientation est ouverte, pour l'organisation destinataire et les agents qui lisent les "
            "documents du parcours ; close, d'une autre organisation ou pour l'accueil : 404. Inscrit au "
            "journal."
        ),
        tags=["orientations"],
        responses=REPONSES_FICHIER,
    )
    def get(self, request: Request, public_id: uuid.UUID, piece: uuid.UUID) -> object:
        acces = contexte_acces(request)
        orientation = orientation_obtenir(user=request.user, public_id=public_id, acces=acces)
        return piece_jointe_lire(orientation=orientation, public_id=piece, lecteur=request.user, acces=acces)
