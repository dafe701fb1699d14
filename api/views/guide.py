"""The guide of services: data·inclusion v1 exports, search, and partners' scoped CRUD on their entries.

- ``GET guide/data-inclusion/v1/structures/`` and ``…/services/``: JSON arrays of every published
  record, each valid against the official v1 JSON Schema (no pagination: the interoperable format).
- ``GET guide/services/``: the search (one text, facets, the commune whose inhabitants it must serve).
- ``POST``/``PATCH``/``DELETE`` on ``guide/structures/`` and ``guide/services/``: partners' own entries
  only; another organisation's entry is a 404, as an absent one. ``DELETE`` withdraws the entry from the
  guide (entries are withdrawn, never deleted; already withdrawn: 409).

Readers: département agents, partners and functional administrators; anyone (no authentication)
when the public guide is on.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.acces import utilisateur_connecte
from api.errors import executer_action
from api.pagination import Pagination
from api.serializers import CommuneResumeSerializer, champ_commune, reponses
from api.views.base import ApiView
from guide_ressources import actions, selectors
from guide_ressources import permissions as regles
from guide_ressources.enums import StatutPublication
from guide_ressources.exportation import services_exporter, structures_exporter
from guide_ressources.models import Service, Structure
from guide_ressources.selectors import Criteres
from guide_ressources.taxonomies import taxonomies_lire
from social.models import Organisation

TAG = "guide des ressources"


class PeutConsulterGuide(BasePermission):
    message = "Le guide des ressources est réservé aux agents, aux partenaires et aux administrateurs."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return regles.can_view_guide(request.user)


class PeutCreerStructure(BasePermission):
    message = "Seuls les membres d'une organisation partenaire créent des fiches du guide."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return regles.can_create_structure(request.user)


def _lien_local(request: Request) -> Any:
    """``lien_source`` of Proche's own entries: their page in the web interface."""

    def lien(fiche: Structure | Service) -> str:
        nom = (
            "frontend:guide_structure_detail"
            if isinstance(fiche, Structure)
            else "frontend:guide_service_detail"
        )
        return request.build_absolute_uri(reverse(nom, kwargs={"public_id": fiche.public_id}))

    return lien


# --- data·inclusion v1 exports -----------------------------------------------------------------------

_TABLEAU_V1 = {"type": "array", "items": {"type": "object"}}


class DataInclusionStructuresApi(ApiView):
    """Every published structure in the data·inclusion v1 format."""

    permission_classes = [PeutConsulterGuide]

    @extend_schema(
        operation_id="guide_data_inclusion_structures",
        description=(
            "Toutes les structures publiées du guide, au format data·inclusion v1 (schéma "
            "« structure.json » de https://github.com/gip-inclusion/data-inclusion-schema) : un tableau "
            "JSON, sans pagination. Chaque élément est valide au regard du schéma officiel."
        ),
        tags=[TAG],
        responses={
            **reponses({}, 401, 403),
            200: OpenApiResponse(
                response=_TABLEAU_V1, description="Tableau de structures data·inclusion v1."
            ),
        },
    )
    def get(self, request: Request) -> Response:
        return Response(structures_exporter(lien_local=_lien_local(request)))


class DataInclusionServicesApi(ApiView):
    """Every published service of a published structure in the data·inclusion v1 format."""

    permission_classes = [PeutConsulterGuide]

    @extend_schema(
        operation_id="guide_data_inclusion_services",
        description=(
            "Tous les services publiés du guide, au format data·inclusion v1 (schéma « service.json ») : "
            "un tableau JSON, sans pagination. Les termes locaux des taxonomies sont exportés sous leur "
            "correspondance nationale et les territoires sous la liste de leurs communes."
        ),
        tags=[TAG],
        responses={
            **reponses({}, 401, 403),
            200: OpenApiResponse(response=_TABLEAU_V1, description="Tableau de services data·inclusion v1."),
        },
    )
    def get(self, request: Request) -> Response:
        return Response(services_exporter(lien_local=_lien_local(request)))


# --- Serializers -------------------------------------------------------------------------------------


class StructureResumeSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    nom = serializers.CharField(read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="api:guide_structure_detail", lookup_field="public_id", read_only=True
    )

    class Meta:
        ref_name = "GuideStructureResume"


class FicheSerializer(serializers.Serializer):
    """What structures and services show in common."""

    public_id = serializers.UUIDField(read_only=True)
    source = serializers.CharField(read_only=True)  # type: ignore[assignment]  # the schema's field name
    identifiant = serializers.CharField(read_only=True, help_text="L'« id » data·inclusion.")
    nom = serializers.CharField(read_only=True)
    telephone = serializers.CharField(read_only=True)
    courriel = serializers.CharField(read_only=True)
    adresse = serializers.CharField(read_only=True)
    complement_adresse = serializers.CharField(read_only=True)
    code_postal = serializers.CharField(read_only=True)
    commune = CommuneResumeSerializer(read_only=True, allow_null=True)
    horaires_accueil = serializers.CharField(read_only=True)
    date_maj = serializers.DateField(read_only=True)
    confirme_le = serializers.DateField(read_only=True)
    perimee = serializers.BooleanField(
        read_only=True, help_text="Non confirmée depuis le délai du paramètre « guide.fraicheur »."
    )
    statut = serializers.ChoiceField(choices=StatutPublication.choices, read_only=True)


class StructureSerializer(FicheSerializer):
    description = serializers.CharField(read_only=True)
    siret = serializers.CharField(read_only=True)
    site_web = serializers.CharField(read_only=True)
    accessibilite_lieu = serializers.CharField(read_only=True)
    reseaux_porteurs = serializers.ListField(child=serializers.CharField(), read_only=True)
    organisation = serializers.UUIDField(source="organisation.public_id", read_only=True, allow_null=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="api:guide_structure_detail", lookup_field="public_id", read_only=True
    )

    class Meta:
        ref_name = "GuideStructure"


class ServiceResumeSerializer(serializers.Serializer):
    """A line of the search results."""

    public_id = serializers.UUIDField(read_only=True)
    nom = serializers.CharField(read_only=True)
    structure = StructureResumeSerializer(read_only=True)
    commune_nom = serializers.CharField(read_only=True)
    type = serializers.CharField(read_only=True)
    thematiques = serializers.ListField(child=serializers.CharField(), read_only=True)
    publics = serializers.ListField(child=serializers.CharField(), read_only=True)
    frais = serializers.CharField(read_only=True)
    modes_accueil = serializers.ListField(child=serializers.CharField(), read_only=True)
    confirme_le = serializers.DateField(read_only=True)
    perimee = serializers.BooleanField(read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="api:guide_service_detail", lookup_field="public_id", read_only=True
    )

    class Meta:
        ref_name = "GuideServiceResume"


class ServiceSerializer(FicheSerializer):
    structure = StructureResumeSerializer(read_only=True)
    description = serializers.CharField(read_only=True)
    type = serializers.CharField(read_only=True)
    thematiques = serializers.ListField(child=serializers.CharField(), read_only=True)
    publics = serializers.ListField(child=serializers.CharField(), read_only=True)
    publics_precisions = serializers.CharField(read_only=True)
    frais = serializers.CharField(read_only=True)
    frais_precisions = serializers.CharField(read_only=True)
    conditions_acces = serializers.CharField(read_only=True)
    justificatifs = serializers.CharField(read_only=True)
    contact_nom_prenom = serializers.CharField(read_only=True)
    modes_accueil = serializers.ListField(child=serializers.CharField(), read_only=True)
    modes_mobilisation = serializers.ListField(child=serializers.CharField(), read_only=True)
    mobilisable_par = serializers.ListField(child=serializers.CharField(), read_only=True)
    mobilisation_precisions = serializers.CharField(read_only=True)
    lien_mobilisation = serializers.CharField(read_only=True)
    accessibilite = serializers.CharField(read_only=True)
    nombre_semaines = serializers.IntegerField(read_only=True, allow_null=True)
    volume_horaire_hebdomadaire = serializers.FloatField(read_only=True, allow_null=True)
    zone_codes = serializers.ListField(child=serializers.CharField(), read_only=True)
    zone_territoires = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="api:guide_service_detail", lookup_field="public_id", read_only=True
    )

    class Meta:
        ref_name = "GuideService"


def _texte(longueur: int | None = None, **kwargs: Any) -> serializers.CharField:
    if longueur is not None:
        kwargs["max_length"] = longueur
    return serializers.CharField(required=False, allow_blank=True, **kwargs)


def _liste(aide: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(max_length=150), required=False, help_text=aide)


class FicheEcritureSerializer(serializers.Serializer):
    telephone = _texte(50)
    courriel = serializers.EmailField(required=False, allow_blank=True)
    adresse = _texte(250)
    complement_adresse = _texte(250)
    code_postal = serializers.RegexField(r"^\d{5}$", required=False, allow_blank=True)
    commune = champ_commune(required=False)
    horaires_accueil = _texte(500, help_text="Format OpenStreetMap opening_hours.")


class StructureEcritureSerializer(FicheEcritureSerializer):
    nom = serializers.CharField(min_length=3, max_length=150)
    description = _texte(10000)
    siret = serializers.RegexField(r"^\d{14}$", required=False, allow_blank=True)
    site_web = serializers.URLField(required=False, allow_blank=True)
    accessibilite_lieu = serializers.URLField(required=False, allow_blank=True)
    reseaux_porteurs = _liste("Valeurs de la taxonomie data·inclusion « réseaux porteurs ».")


class ServiceEcritureSerializer(FicheEcritureSerializer):
    nom = serializers.CharField(min_length=3, max_length=150)
    description = serializers.CharField(min_length=5, max_length=10000)
    type = _texte(40)
    thematiques = _liste("Thématiques data·inclusion ou de l'extension locale.")
    publics = _liste("Publics ; « tous-publics » ne se combine avec aucun autre.")
    publics_precisions = _texte()
    frais = _texte(20)
    frais_precisions = _texte()
    conditions_acces = _texte()
    justificatifs = _texte(help_text="Documents à apporter.")
    contact_nom_prenom = _texte(150)
    modes_accueil = _liste("« en-presentiel », « a-distance ».")
    modes_mobilisation = _liste("Modes de mobilisation data·inclusion.")
    mobilisable_par = _liste("« usagers », « professionnels ».")
    mobilisation_precisions = _texte()
    lien_mobilisation = serializers.URLField(required=False, allow_blank=True)
    accessibilite = _texte()
    nombre_semaines = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    volume_horaire_hebdomadaire = serializers.FloatField(min_value=0, required=False, allow_null=True)
    zone_codes = _liste(
        "Codes de la zone d'éligibilité : communes (INSEE), EPCI (SIREN), « 62 » (tout le département)."
    )
    zone_territoires = _liste("Codes des territoires d'action sociale couverts.")


def _detail_service(request: Request, service: Service) -> dict[str, Any]:
    service = selectors.service_obtenir(user=request.user, public_id=service.public_id)
    return ServiceSerializer(service, context={"request": request}).data


def _detail_structure(request: Request, structure: Structure) -> dict[str, Any]:
    structure = selectors.structure_obtenir(user=request.user, public_id=structure.public_id)
    return StructureSerializer(structure, context={"request": request}).data


def _creee(request: Request, donnees: dict[str, Any], nom: str, public_id: uuid.UUID) -> Response:
    return Response(
        donnees,
        status=status.HTTP_201_CREATED,
        headers={"Location": request.build_absolute_uri(reverse(nom, kwargs={"public_id": public_id}))},
    )


# --- Services ----------------------------------------------------------------------------------------


class FacettesSerializer(serializers.Serializer):
    """For each value of each facet, the number of services found with that value chosen and the other
    filters kept (values without any service are left out)."""

    thematique = serializers.DictField(child=serializers.IntegerField())
    public = serializers.DictField(child=serializers.IntegerField())
    frais = serializers.DictField(child=serializers.IntegerField())
    mode_accueil = serializers.DictField(child=serializers.IntegerField())
    commune = serializers.IntegerField(
        allow_null=True, help_text="Services ouverts aux habitants de la commune choisie (null sans commune)."
    )
    toutes_zones = serializers.IntegerField(help_text="La même recherche, quelle que soit la zone.")


class ServiceListeApi(ApiView):
    """Search the published services."""

    permission_classes = [PeutConsulterGuide]
    pagination_class = Pagination

    class FiltreSerializer(serializers.Serializer):
        q = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=100,
            help_text="Mots recherchés (accents et majuscules ignorés, début de mot suffisant).",
        )
        thematique = serializers.CharField(
            required=False,
            max_length=150,
            help_text="Une thématique, ou une catégorie (« logement-hebergement »).",
        )
        public = serializers.CharField(required=False, max_length=150)
        frais = serializers.CharField(required=False, max_length=20)
        mode_accueil = serializers.CharField(required=False, max_length=40)
        commune = champ_commune(required=False)  # services open to the inhabitants of this commune

    OutputSerializer = ServiceResumeSerializer

    @extend_schema(
        operation_id="guide_services_liste",
        description=(
            "Recherche dans les services publiés du guide, les plus pertinents d'abord : texte plein "
            "(« heberg » trouve « Hébergement d'urgence »), filtres par thématique, public, frais, mode "
            "d'accueil, et commune dont les habitants doivent être éligibles. La réponse donne aussi, "
            "dans « facettes », le nombre de services de chaque valeur de chaque filtre, les autres "
            "filtres gardés."
        ),
        tags=[TAG],
        parameters=[FiltreSerializer],
        responses=reponses({200: OutputSerializer(many=True)}, 400, 401, 403),
    )
    def get(self, request: Request) -> Response:
        filtres = self.FiltreSerializer(data=request.query_params)
        filtres.is_valid(raise_exception=True)
        donnees = filtres.validated_data
        criteres = Criteres(
            texte=donnees.get("q", ""),
            thematique=donnees.get("thematique", ""),
            public=donnees.get("public", ""),
            frais=donnees.get("frais", ""),
            mode_accueil=donnees.get("mode_accueil", ""),
            commune=donnees.get("commune"),
        )
        taxonomies = taxonomies_lire()
        lus = selectors.mots_lire(criteres.texte)
        services = selectors.services_rechercher(
            user=request.user, criteres=criteres, taxonomies=taxonomies, lus=lus
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(services, request, view=self)
        response = paginator.get_paginated_response(
            self.OutputSerializer(page, many=True, context={"request": request}).data
        )
        facettes = selectors.facettes_compter(
            user=request.user, criteres=criteres, taxonomies=taxonomies, lus=lus
        )
        response.data["facettes"] = FacettesSerializer(facettes).data
        return response


class ServiceCreerApi(ApiView):
    """Create a service in one of the partner's structures (to moderate)."""

    permission_classes = [IsAuthenticated, PeutCreerStructure]

    class InputSerializer(ServiceEcritureSerializer):
        structure = serializers.UUIDField(help_text="public_id d'une structure que vous pouvez modifier.")

        class Meta:
            ref_name = "GuideServiceCreation"

    @extend_schema(
        operation_id="guide_service_creer",
        description=(
            "Crée un service dans une de vos structures ; il est publié après validation du Département."
        ),
        tags=[TAG],
        request=InputSerializer,
        responses=reponses({201: ServiceSerializer}, 400, 401, 403),
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        structure = (
            Structure.objects.modifiables_par(request.user).filter(public_id=donnees.pop("structure")).first()
        )
        if structure is None:
            raise serializers.ValidationError({"structure": ["Structure inconnue."]})
        service = actions.service_creer(
            acting_user=utilisateur_connecte(request), structure=structure, **donnees
        )
        return _creee(
            request, _detail_service(request, service), "api:guide_service_detail", service.public_id
        )


class ServiceDetailApi(ApiView):
    permission_classes = [PeutConsulterGuide]

    @extend_schema(
        operation_id="guide_service_detail",
        description="Un service du guide (publié, ou l'un des vôtres).",
        tags=[TAG],
        responses=reponses({200: ServiceSerializer}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        service = selectors.service_obtenir(user=request.user, public_id=public_id)
        return Response(ServiceSerializer(service, context={"request": request}).data)


class ServiceModifierApi(ApiView):
    """Update the given fields of one of the partner's services (another organisation's: 404)."""

    class InputSerializer(ServiceEcritureSerializer):
        class Meta:
            ref_name = "GuideServiceModification"

    @extend_schema(
        operation_id="guide_service_modifier",
        description="Modifie les champs fournis d'un de vos services (sinon 404).",
        tags=[TAG],
        request=InputSerializer,
        responses=reponses({200: ServiceSerializer}, 400, 401, 404),
    )
    def patch(self, request: Request, public_id: uuid.UUID) -> Response:
        service = selectors.service_modifiable_obtenir(user=request.user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        service = actions.service_modifier(
            service=service, acting_user=utilisateur_connecte(request), champs=dict(serializer.validated_data)
        )
        return Response(_detail_service(request, service))


# --- Structures --------------------------------------------------------------------------------------


class StructureListeApi(ApiView):
    """Published structures, and the partner's own."""

    permission_classes = [PeutConsulterGuide]
    pagination_class = Pagination

    class FiltreSerializer(serializers.Serializer):
        miennes = serializers.BooleanField(
            required=False, help_text="Seulement celles que vous pouvez modifier."
        )

    OutputSerializer = StructureSerializer

    @extend_schema(
        operation_id="guide_structures_liste",
        description=(
            "Structures du guide visibles par vous, par nom ; « miennes » : celles que vous modifiez."
        ),
        tags=[TAG],
        parameters=[FiltreSerializer],
        responses=reponses({200: OutputSerializer(many=True)}, 400, 401, 403),
    )
    def get(self, request: Request) -> Response:
        filtres = self.FiltreSerializer(data=request.query_params)
        filtres.is_valid(raise_exception=True)
        structures = (
            Structure.objects.modifiables_par(request.user)
            if filtres.validated_data.get("miennes")
            else Structure.objects.visible_by(request.user)
        )
        structures = (
            structures.select_related("organisation", "commune")
            .avec_fraicheur(selectors.seuil_fraicheur())
            .order_by("nom", "id")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(structures, request, view=self)
        return paginator.get_paginated_response(
            self.OutputSerializer(page, many=True, context={"request": request}).data
        )


class StructureCreerApi(ApiView):
    permission_classes = [IsAuthenticated, PeutCreerStructure]

    class InputSerializer(StructureEcritureSerializer):
        organisation = serializers.UUIDField(
            required=False, help_text="public_id de votre organisation (facultatif si vous n'en avez qu'une)."
        )

        class Meta:
            ref_name = "GuideStructureCreation"

    @extend_schema(
        operation_id="guide_structure_creer",
        description=(
            "Crée une structure de votre organisation ; elle est publiée après validation du Département."
        ),
        tags=[TAG],
        request=InputSerializer,
        responses=reponses({201: StructureSerializer}, 400, 401, 403),
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        donnees = dict(serializer.validated_data)
        organisations = selectors.organisations_du_partenaire(user=request.user)
        choisie = donnees.pop("organisation", None)
        if choisie is not None:
            organisation: Organisation | None = next(
                (o for o in organisations if o.public_id == choisie), None
            )
        else:
            organisation = organisations[0] if len(organisations) == 1 else None
        if organisation is None or not regles.can_create_structure(request.user, organisation):
            raise serializers.ValidationError({"organisation": ["Indiquez une de vos organisations."]})
        structure = actions.structure_creer(
            acting_user=utilisateur_connecte(request), organisation=organisation, **donnees
        )
        return _creee(
            request, _detail_structure(request, structure), "api:guide_structure_detail", structure.public_id
        )


class StructureDetailApi(ApiView):
    permission_classes = [PeutConsulterGuide]

    @extend_schema(
        operation_id="guide_structure_detail",
        description="Une structure du guide (publiée, ou l'une des vôtres).",
        tags=[TAG],
        responses=reponses({200: StructureSerializer}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        structure = selectors.structure_obtenir(user=request.user, public_id=public_id)
        return Response(StructureSerializer(structure, context={"request": request}).data)


class StructureModifierApi(ApiView):
    class InputSerializer(StructureEcritureSerializer):
        class Meta:
            ref_name = "GuideStructureModification"

    @extend_schema(
        operation_id="guide_structure_modifier",
        description="Modifie les champs fournis d'une de vos structures (sinon 404).",
        tags=[TAG],
        request=InputSerializer,
        responses=reponses({200: StructureSerializer}, 400, 401, 404),
    )
    def patch(self, request: Request, public_id: uuid.UUID) -> Response:
        structure = selectors.structure_modifiable_obtenir(user=request.user, public_id=public_id)
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        structure = actions.structure_modifier(
            structure=structure,
            acting_user=utilisateur_connecte(request),
            champs=dict(serializer.validated_data),
        )
        return Response(_detail_structure(request, structure))


_SCHEMA_CONFIRMATION: dict[str, Any] = {
    "description": "Confirme qu'une de vos fiches est à jour (sinon 404). Répond 204.",
    "tags": [TAG],
    "request": None,
    "responses": {**reponses({}, 401, 404), 204: OpenApiResponse(description="Fiche confirmée.")},
}


class FicheConfirmerApi(ApiView):
    """Confirm that one of the partner's entries is still accurate (it is fresh again)."""

    genre = "service"

    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        fiche: Structure | Service
        if self.genre == "structure":
            fiche = selectors.structure_modifiable_obtenir(user=request.user, public_id=public_id)
        else:
            fiche = selectors.service_modifiable_obtenir(user=request.user, public_id=public_id)
        actions.fiche_confirmer(fiche=fiche, acting_user=utilisateur_connecte(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class StructureConfirmerApi(FicheConfirmerApi):
    genre = "structure"

    @extend_schema(operation_id="guide_structure_confirmer", **_SCHEMA_CONFIRMATION)
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return super().post(request, public_id)


class ServiceConfirmerApi(FicheConfirmerApi):
    genre = "service"

    @extend_schema(operation_id="guide_service_confirmer", **_SCHEMA_CONFIRMATION)
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return super().post(request, public_id)


# --- Withdrawal --------------------------------------------------------------------------------------

_STATUTS_RETRAIT = {"transition_invalide": status.HTTP_409_CONFLICT, "interdit": status.HTTP_403_FORBIDDEN}


class MotifRetraitSerializer(serializers.Serializer):
    motif = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Motif du retrait, facultatif (par exemple « Service fermé ») ; gardé dans l'historique.",
    )

    class Meta:
        ref_name = "GuideMotifRetrait"


def _schema_retrait(genre: str, operation_id: str) -> dict[str, Any]:
    suite = (
        " Ses services à modérer ou publiés sont retirés avec elle, chacun avec sa trace."
        if genre == "structure"
        else ""
    )
    return {
        "operation_id": operation_id,
        "description": (
            f"Retire du guide une fiche ({genre}) que vous pouvez modifier (sinon 404) : elle passe à "
            "« retirée », n'est plus dans la recherche, et n'est jamais supprimée ; vous pourrez la "
            f"soumettre de nouveau.{suite} Motif facultatif dans le paramètre « motif » ou dans un corps "
            'JSON {"motif": "…"}. Une fiche déjà retirée ou refusée : 409. Répond 204.'
        ),
        "tags": [TAG],
        "parameters": [MotifRetraitSerializer],
        "responses": {
            **reponses({}, 400, 401, 404, 409),
            204: OpenApiResponse(description="Fiche retirée du guide."),
        },
    }


class FicheRetirerApi(ApiView):
    """Withdraw one of the partner's entries from the guide (another organisation's: 404)."""

    genre = "service"

    def delete(self, request: Request, public_id: uuid.UUID) -> Response:
        fiche: Structure | Service
        if self.genre == "structure":
            fiche = selectors.structure_modifiable_obtenir(user=request.user, public_id=public_id)
        else:
            fiche = selectors.service_modifiable_obtenir(user=request.user, public_id=public_id)
        entree = MotifRetraitSerializer(data=request.data or request.query_params)
        entree.is_valid(raise_exception=True)
        executer_action(
            actions.fiche_retirer_par_editeur,
            statuts=_STATUTS_RETRAIT,
            fiche=fiche,
            acting_user=utilisateur_connecte(request),
            motif=entree.validated_data.get("motif", ""),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class StructureRetirerApi(FicheRetirerApi):
    genre = "structure"

    @extend_schema(**_schema_retrait("structure", "guide_structure_retirer"))
    def delete(self, request: Request, public_id: uuid.UUID) -> Response:
        return super().delete(request, public_id)


class ServiceRetirerApi(FicheRetirerApi):
    genre = "service"

    @extend_schema(**_schema_retrait("service", "guide_service_retirer"))
    def delete(self, request: Request, public_id: uuid.UUID) -> Response:
        return super().delete(request, public_id)
