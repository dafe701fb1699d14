"""People's files: scoped list and search, detail, creation (with the duplicate warning), update.

Every read goes through the scoping helpers of ``social.selectors``, which journal the access
(one row per detail, one row per list page with the ids shown). The NIR is never returned in full.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import contexte_acces, utilisateur_connecte
from api.errors import reponse_erreur
from api.pagination import Pagination
from api.permissions import PeutCreerPersonne, PeutModifierPersonne, PeutRechercherPersonnes
from api.serializers import CommuneResumeSerializer, ErreurDetailSerializer, champ_commune, reponses
from api.views.base import ApiView
from social.actions import personne_creer, personne_modifier
from social.enums import LienFoyer, OrganismePayeur, Sexe
from social.models import Personne
from social.selectors import (
    doublons_potentiels,
    fiche_personne,
    journaliser_liste,
    personne_obtenir,
    personnes_rechercher,
)


class PersonneResumeSerializer(serializers.Serializer):
    """A line of a list of people: identity and commune, never the NIR."""

    public_id = serializers.UUIDField(read_only=True)
    nom = serializers.CharField(read_only=True)
    nom_naissance = serializers.CharField(read_only=True)
    prenoms = serializers.CharField(read_only=True)
    date_naissance = serializers.DateField(read_only=True)
    sexe = serializers.ChoiceField(choices=Sexe.choices, read_only=True)
    commune = CommuneResumeSerializer(read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="api:personne_detail", lookup_field="public_id", read_only=True
    )

    class Meta:
        ref_name = "PersonneResume"


class MembreFoyerSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(source="personne.public_id", read_only=True)
    nom = serializers.CharField(source="personne.nom", read_only=True)
    prenoms = serializers.CharField(source="personne.prenoms", read_only=True)
    lien = serializers.ChoiceField(choices=LienFoyer.choices, read_only=True)

    class Meta:
        ref_name = "MembreFoyer"


class FoyerSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    membres = MembreFoyerSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "Foyer"


class PersonneDetailSerializer(serializers.Serializer):
    """A person's file: identity, contact, address, payer, consents and household. NIR masked."""

    public_id = serializers.UUIDField(read_only=True)
    nom = serializers.CharField(read_only=True)
    nom_naissance = serializers.CharField(read_only=True)
    prenoms = serializers.CharField(read_only=True)
    date_naissance = serializers.DateField(read_only=True)
    sexe = serializers.ChoiceField(choices=Sexe.choices, read_only=True)
    telephone = serializers.CharField(read_only=True)
    courriel = serializers.EmailField(read_only=True)
    adresse = serializers.CharField(read_only=True)
    commune = CommuneResumeSerializer(read_only=True)
    organisme_payeur = serializers.ChoiceField(choices=OrganismePayeur.choices, read_only=True)
    numero_allocataire = serializers.CharField(read_only=True)
    nir_masque = serializers.CharField(
        read_only=True, help_text="Sexe et clé seulement (le NIR n'est jamais affiché)."
    )
    consentement_partage = serializers.BooleanField(read_only=True)
    consentement_sms = serializers.BooleanField(read_only=True)
    consentement_date = serializers.DateField(read_only=True, allow_null=True)
    foyer = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:personne_detail", lookup_field="public_id", read_only=True
    )

    class Meta:
        ref_name = "PersonneDetail"

    @extend_schema_field(FoyerSerializer(allow_null=True))
    def get_foyer(self, personne: Personne) -> dict[str, Any] | None:
        fiche = self.context["fiche"]
        if fiche["foyer"] is None:
            return None
        return FoyerSerializer(
            {"public_id": fiche["foyer"].public_id, "membres": fiche["membres_foyer"]}
        ).data


def representation_detail(request: Request, personne: Personne) -> dict[str, Any]:
    contexte = {"request": request, "fiche": fiche_personne(personne=personne)}
    return PersonneDetailSerializer(personne, context=contexte).data


class PersonneListeApi(ApiView):
    """People visible by the user (search by name or birth date with ``q``); one journal row per page."""

    permission_classes = [IsAuthenticated, PeutRechercherPersonnes]
    pagination_class = Pagination

    class FiltreSerializer(serializers.Serializer):
        q = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=100,
            help_text="Noms (sans tenir compte des accents ni des fautes de frappe légères) "
            "et/ou date de naissance JJ/MM/AAAA.",
        )

    OutputSerializer = PersonneResumeSerializer

    @extend_schema(
        operation_id="personnes_liste",
        description=(
            "Personnes de votre périmètre, par nom ; recherche avec « q ». Chaque page consultée est "
            "inscrite au journal des accès."
        ),
        tags=["personnes"],
        parameters=[FiltreSerializer],
        responses=reponses({200: OutputSerializer(many=True)}, 400, 401, 403),
    )
    def get(self, request: Request) -> Response:
        filtres = self.FiltreSerializer(data=request.query_params)
        filtres.is_valid(raise_exception=True)
        texte = filtres.validated_data.get("q", "").strip()
        if texte:
            personnes = personnes_rechercher(user=request.user, texte=texte)
        else:
            personnes = (
                Personne.objects.visible_by(request.user)
                .select_related("commune")
                .order_by("nom", "prenoms", "id")
            )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(personnes, request, view=self) or []
        journaliser_liste(acces=contexte_acces(request), personnes=page)
        sortie = self.OutputSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(sortie.data)


class PersonneDetailApi(ApiView):
    """A person's file (scoped: out of perimeter is a 404); journals the consultation."""

    OutputSerializer = PersonneDetailSerializer

    @extend_schema(
        operation_id="personne_detail",
        description=(
            "La fiche d'une personne de votre périmètre (sinon 404). Chaque consultation est inscrite au "
            "journal des accès ; le NIR n'est jamais renvoyé en entier."
        ),
        tags=["personnes"],
        responses=reponses({200: OutputSerializer}, 401, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        personne = personne_obtenir(user=request.user, public_id=public_id, acces=contexte_acces(request))
        return Response(representation_detail(request, personne))


class PersonneEcritureSerializer(serializers.Serializer):
    """The fields of a person's file that the API writes (``social.actions.personnes.CHAMPS_MODIFIABLES``)."""

    nom = serializers.CharField(max_length=100)
    prenoms = serializers.CharField(max_length=150)
    nom_naissance = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date_naissance = serializers.DateField(help_text="AAAA-MM-JJ.")
    sexe = serializers.ChoiceField(choices=Sexe.choices, required=False)
    commune = champ_commune()
    telephone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    courriel = serializers.EmailField(required=False, allow_blank=True)
    adresse = serializers.CharField(max_length=250, required=False, allow_blank=True)
    organisme_payeur = serializers.ChoiceField(
        choices=OrganismePayeur.choices, required=False, allow_blank=True
    )
    numero_allocataire = serializers.CharField(max_length=20, required=False, allow_blank=True)
    nir = serializers.CharField(
        max_length=21,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="NIR à 15 caractères (espaces ignorés) ; jamais renvoyé par l'API.",
    )
    consentement_partage = serializers.BooleanField(required=False)
    consentement_sms = serializers.BooleanField(required=False)
    consentement_date = serializers.DateField(required=False, allow_null=True)

    def validate_nir(self, valeur: str) -> str:
        return valeur.replace(" ", "").upper()


class DoublonSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    nom = serializers.CharField()
    prenoms = serializers.CharField()
    date_naissance = serializers.DateField()
    commune = CommuneResumeSerializer()

    class Meta:
        ref_name = "Doublon"


class ErreurDoublonDetailSerializer(ErreurDetailSerializer):
    doublons = DoublonSerializer(many=True, help_text="Les fiches proches que vous pouvez consulter.")
    doublons_hors_perimetre = serializers.IntegerField(help_text="Fiches proches hors de votre périmètre.")

    class Meta:
        ref_name = "ErreurDoublonDetail"


class ErreurDoublonSerializer(serializers.Serializer):
    erreur = ErreurDoublonDetailSerializer()

    class Meta:
        ref_name = "ErreurDoublon"


class PersonneCreerApi(ApiView):
    """Create a person's file. Close files (same birth date, close name) are answered with a 409 unless
    ``confirmer_doublon`` is true; those outside the user's perimeter are only counted."""

    permission_classes = [IsAuthenticated, PeutCreerPersonne]

    class InputSerializer(PersonneEcritureSerializer):
        confirmer_doublon = serializers.BooleanField(
            default=False, help_text="Créer la fiche même si des fiches proches existent."
        )

        class Meta:
            ref_name = "PersonneCreation"

    OutputSerializer = PersonneDetailSerializer

    @extend_schema(
        operation_id="personne_creer",
        description=(
            "Crée la fiche d'une personne (agents du département). Si des fiches proches existent (même "
            "date de naissance, nom proche), la réponse est 409 avec les fiches que vous pouvez voir et le "
            "nombre de fiches hors de votre périmètre, sauf si « confirmer_doublon » est vrai."
        ),
        tags=["personnes"],
        request=InputSerializer,
        responses={**reponses({201: OutputSerializer}, 400, 401, 403), 409: ErreurDoublonSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        acces = contexte_acces(request)
        if not donnees.pop("confirmer_doublon"):
            doublons = doublons_potentiels(
                user=request.user,
                nom=donnees["nom"],
                prenoms=donnees["prenoms"],
                date_naissance=donnees["date_naissance"],
            )
            if doublons.existe:
                # The close files shown are personal data on screen: journaled like a list page.
                # A response, not an exception, so that this journal row is kept.
                journaliser_liste(acces=acces, personnes=doublons.visibles)
                return reponse_erreur(
                    status_code=status.HTTP_409_CONFLICT,
                    code="doublon_potentiel",
                    message="Une ou plusieurs fiches proches existent déjà (même date de naissance, "
                    "nom proche). Vérifiez-les, ou renvoyez la demande avec « confirmer_doublon » "
                    "pour créer la fiche quand même.",
                    doublons=DoublonSerializer(doublons.visibles, many=True).data,
                    doublons_hors_perimetre=doublons.hors_perimetre,
                )
        personne = personne_creer(acting_user=utilisateur_connecte(request), acces=acces, **donnees)
        return Response(
            representation_detail(request, personne),
            status=status.HTTP_201_CREATED,
            headers={
                "Location": request.build_absolute_uri(
                    reverse("api:personne_detail", kwargs={"public_id": personne.public_id})
                )
            },
        )


class PersonneModifierApi(ApiView):
    """Update the given fields of a person's file (département agents who see it)."""

    permission_classes = [IsAuthenticated, PeutModifierPersonne]

    class InputSerializer(PersonneEcritureSerializer):
        class Meta:
            ref_name = "PersonneModification"

    OutputSerializer = PersonneDetailSerializer

    @extend_schema(
        operation_id="personne_modifier",
        description="Modifie les champs fournis de la fiche (agents du département qui la voient).",
        tags=["personnes"],
        request=InputSerializer,
        responses=reponses({200: OutputSerializer}, 400, 401, 403, 404),
    )
    def patch(self, request: Request, public_id: uuid.UUID) -> Response:
        acces = contexte_acces(request)
        personne = personne_obtenir(user=request.user, public_id=public_id, acces=acces)
        self.check_object_permissions(request, personne)
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        personne = personne_modifier(
            personne=personne,
            acting_user=utilisateur_connecte(request),
            acces=acces,
            champs=dict(serializer.validated_data),
        )
        return Response(representation_detail(request, personne))
