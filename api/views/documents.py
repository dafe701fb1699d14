"""The documents of a pathway: list, file (multipart), download, delete.

One endpoint per operation, scoped like every pathway endpoint (out of perimeter, or a document this
caller may not read: 404; the reception desk: 403), journaled (the list as a consultation of the file,
each download as its own row), in the common error shape. The content of an upload is checked by
``parcours.actions.documents`` (PDF, JPEG or PNG recognised by its content, 10 Mo at most): a refusal is
a 400 on the field ``fichier`` and nothing is written.
"""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import contexte_acces, utilisateur_connecte
from api.errors import ErreurApi
from api.serializers import reponses
from api.views.base import ApiView
from api.views.parcours import _STATUTS, obtenir
from parcours.actions.documents import document_deposer, document_supprimer
from parcours.documents import reponse_document
from parcours.enums import FormatDocument, TypeDocument
from parcours.models import Document
from parcours.permissions import can_deposer_document, can_supprimer_document
from parcours.selectors_documents import document_obtenir, documents_visibles
from social.actions.journal import journal_enregistrer
from social.enums import OperationJournal
from social.exceptions import DomainError

STATUTS = {**_STATUTS, "document_supprime": status.HTTP_409_CONFLICT}


def _erreur(exc: DomainError) -> ErreurApi:
    champ = exc.extra.get("champ")
    return ErreurApi(
        code=exc.code,
        message=exc.message,
        status_code=STATUTS.get(exc.code, status.HTTP_400_BAD_REQUEST),
        champs={champ: [exc.message]} if isinstance(champ, str) else None,
    )


class DocumentSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    type_document = serializers.ChoiceField(choices=TypeDocument.choices, read_only=True)
    libelle_type = serializers.CharField(source="get_type_document_display", read_only=True)
    titre = serializers.CharField(read_only=True)
    confidentiel = serializers.BooleanField(read_only=True)
    format = serializers.ChoiceField(
        choices=FormatDocument.choices, read_only=True, help_text="Format détecté d'après le contenu."
    )
    taille = serializers.IntegerField(read_only=True, help_text="En octets.")
    sha256 = serializers.CharField(read_only=True)
    depose_le = serializers.DateTimeField(read_only=True)
    depose_par = serializers.SerializerMethodField()

    class Meta:
        ref_name = "DocumentParcours"

    def get_depose_par(self, document: Document) -> str:
        return str(document.depose_par) if document.depose_par is not None else ""


class DocumentListeApi(ApiView):
    @extend_schema(
        operation_id="parcours_documents",
        description=(
            "Les documents du parcours que vous pouvez lire, du plus récent au plus ancien. Un certificat "
            "médical n'est lu que par les évaluateurs médico-sociaux ; un document confidentiel, par les "
            "agents du Département sur le parcours ; un partenaire désigné ne voit que les autres."
        ),
        tags=["documents"],
        responses=reponses({200: DocumentSerializer(many=True)}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id)
        documents = documents_visibles(parcours=parcours, user=utilisateur_connecte(request))
        return Response(DocumentSerializer(documents, many=True).data)


class DocumentDeposerApi(ApiView):
    parser_classes = [MultiPartParser, FormParser]

    class InputSerializer(serializers.Serializer):
        fichier = serializers.FileField(
            help_text="PDF, JPEG ou PNG (reconnu d'après le contenu, jamais le nom), 10 Mo au plus.",
            error_messages={"required": "Choisissez un fichier.", "empty": "Ce fichier est vide."},
        )
        type_document = serializers.ChoiceField(choices=TypeDocument.choices)
        titre = serializers.CharField(max_length=200)
        confidentiel = serializers.BooleanField(default=False)

        class Meta:
            ref_name = "DocumentParcoursDepot"

    @extend_schema(
        operation_id="parcours_document_deposer",
        description=(
            "Déposer un document (multipart/form-data). Refusé (400, champ « fichier ») s'il n'est ni un "
            "PDF, ni une image JPEG ou PNG, ou s'il dépasse 10 Mo ; rien n'est alors enregistré."
        ),
        tags=["documents"],
        request={"multipart/form-data": InputSerializer},
        responses=reponses({201: DocumentSerializer}, 400, 401, 403, 404),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        user = utilisateur_connecte(request)
        if not can_deposer_document(user, parcours):
            raise PermissionDenied("Votre rôle sur ce parcours ne permet pas d'y déposer un document.")
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        try:
            document = document_deposer(parcours=parcours, acting_user=user, **entree.validated_data)
        except DomainError as exc:
            raise _erreur(exc) from exc
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


# The file itself, in its detected format; the errors in the common shape.
REPONSES_FICHIER: dict[Any, object] = {
    **{(200, format): OpenApiResponse(OpenApiTypes.BINARY) for format in FormatDocument.values},
    **reponses({}, 401, 403, 404),
}


class DocumentTelechargerApi(ApiView):
    @extend_schema(
        operation_id="parcours_document_telecharger",
        description=(
            "Le fichier, en pièce jointe (Content-Disposition: attachment, X-Content-Type-Options: "
            "nosniff), avec le type détecté au dépôt. Chaque téléchargement est inscrit au journal des accès."
        ),
        tags=["documents"],
        responses=REPONSES_FICHIER,
    )
    def get(self, request: Request, public_id: uuid.UUID, document: uuid.UUID) -> object:
        parcours = obtenir(request, public_id)
        lu = document_obtenir(parcours=parcours, user=utilisateur_connecte(request), public_id=document)
        journal_enregistrer(
            acces=contexte_acces(request),
            operation=OperationJournal.CONSULTATION,
            objet_type="document",
            objet_ids=[lu.public_id],
        )
        return reponse_document(lu)


class DocumentSupprimerApi(ApiView):
    class InputSerializer(serializers.Serializer):
        motif = serializers.CharField(max_length=300, help_text="Pourquoi le document est supprimé.")

        class Meta:
            ref_name = "DocumentParcoursSuppression"

    @extend_schema(
        operation_id="parcours_document_supprimer",
        description=(
            "Supprimer un document : la trace reste (qui, quand, pourquoi), le fichier est effacé. "
            "Le référent, les encadrants du site et l'agent qui l'a déposé."
        ),
        tags=["documents"],
        request=InputSerializer,
        responses=reponses({200: DocumentSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID, document: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        user = utilisateur_connecte(request)
        lu = document_obtenir(parcours=parcours, user=user, public_id=document)
        if not can_supprimer_document(user, parcours, lu.depose_par_id):
            raise PermissionDenied("Votre rôle sur ce parcours ne permet pas de supprimer ce document.")
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        try:
            supprime = document_supprimer(document=lu, motif=entree.validated_data["motif"], acting_user=user)
        except DomainError as exc:
            raise _erreur(exc) from exc
        return Response(DocumentSerializer(supprime).data)
