"""Who accessed a person's file: the access journal rows naming her (CNIL délibération 2021-122)."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import contexte_acces
from api.pagination import Pagination
from api.permissions import PeutConsulterJournalAcces
from api.serializers import reponses
from api.views.base import ApiView
from social.enums import OperationJournal
from social.models import JournalAcces
from social.selectors import acces_a_la_personne, personne_obtenir_pour_audit, utilisateurs_par_id


class UtilisateurJournalSerializer(serializers.Serializer):
    username = serializers.CharField()
    nom_complet = serializers.CharField(source="get_full_name")

    class Meta:
        ref_name = "UtilisateurJournal"


class PersonneAccesApi(ApiView):
    """The access journal of a person's file, newest first: managers of her perimeter and functional
    administrators. Reading it is journaled too (a consultation of the file)."""

    permission_classes = [IsAuthenticated, PeutConsulterJournalAcces]
    pagination_class = Pagination

    class OutputSerializer(serializers.Serializer):
        created_at = serializers.DateTimeField()
        operation = serializers.ChoiceField(choices=OperationJournal.choices)
        contexte = serializers.CharField()
        ip = serializers.IPAddressField(allow_null=True)
        utilisateur = serializers.SerializerMethodField(help_text="Absent si le compte a été supprimé.")
        # The rows' object ids are not returned: a list row also names the other people shown.

        class Meta:
            ref_name = "AccesPersonne"

        @extend_schema_field(UtilisateurJournalSerializer(allow_null=True))
        def get_utilisateur(self, ligne: JournalAcces) -> dict[str, Any] | None:
            utilisateur = self.context["utilisateurs"].get(ligne.utilisateur_id)
            return UtilisateurJournalSerializer(utilisateur).data if utilisateur else None

    @extend_schema(
        operation_id="personne_acces",
        description=(
            "Journal des accès à la fiche, du plus récent au plus ancien (encadrants du périmètre de la "
            "personne, administrateurs fonctionnels). Cette lecture est elle-même inscrite au journal."
        ),
        tags=["personnes"],
        responses=reponses({200: OutputSerializer(many=True)}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        acces = contexte_acces(request)
        personne = personne_obtenir_pour_audit(user=request.user, public_id=public_id, acces=acces)
        self.check_object_permissions(request, personne)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(acces_a_la_personne(personne=personne), request, view=self) or []
        utilisateurs = utilisateurs_par_id({ligne.utilisateur_id for ligne in page})
        sortie = self.OutputSerializer(page, many=True, context={"utilisateurs": utilisateurs})
        return paginator.get_paginated_response(sortie.data)
