"""Observation (« Atlas des solidarités »): the precomputed indicators of the user's scope, the open-data
export (statistical secrecy) and the direction's pseudonymised extract (one journal row per page).

Scope and roles follow ``observation.permissions``: encadrants (their site or territory), the direction
(the département), partner members (their organisations' referral statistics); every other role gets a
403, anonymous callers a 401.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.acces import contexte_acces
from api.errors import ErreurApi
from api.pagination import Pagination
from api.serializers import reponses
from api.views.base import ApiView
from observation.calculs import premier_du_mois
from observation.catalogue import PAR_CODE
from observation.enums import CodeIndicateur
from observation.models import Indicateur
from observation.permissions import can_extract_pseudonymise, can_view_observation
from observation.selectors import ENTETES_EXTRAIT, ENTETES_OPEN_DATA, extrait_pseudonymise, open_data
from parcours.enums import Dispositif
from social.actions.journal import journal_enregistrer
from social.enums import OperationJournal
from social.exceptions import DomainError

TOUS = "tous"


class PeutObserver(BasePermission):
    message = "Votre rôle ne donne pas accès aux tableaux de bord de l'observation."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return can_view_observation(request.user)


class PeutExtraire(BasePermission):
    message = "L'extraction pseudonymisée est réservée à la direction."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return can_extract_pseudonymise(request.user)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2025-03"})
class ChampMois(serializers.Field):
    """A month as ``AAAA-MM`` (its first day)."""

    default_error_messages = {"invalid": "Mois invalide : utilisez le format AAAA-MM (par exemple 2025-03)."}

    def to_internal_value(self, data: Any) -> datetime.date:
        try:
            annee, mois = (int(x) for x in str(data).split("-"))
            return datetime.date(annee, mois, 1)
        except ValueError:
            self.fail("invalid")
            raise  # unreachable: fail raises

    def to_representation(self, value: datetime.date) -> str:
        return f"{value:%Y-%m}"


def _periode_par_defaut() -> tuple[datetime.date, datetime.date]:
    from django.utils import timezone

    au = premier_du_mois(timezone.localdate())
    return datetime.date(au.year - 1, au.month, 1), au


class PeriodeSerializer(serializers.Serializer):
    du = ChampMois(required=False, help_text="Premier mois (AAAA-MM) ; par défaut il y a 12 mois.")
    au = ChampMois(required=False, help_text="Dernier mois inclus (AAAA-MM) ; par défaut le mois courant.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        defaut_du, defaut_au = _periode_par_defaut()
        attrs.setdefault("du", defaut_du)
        attrs.setdefault("au", defaut_au)
        if attrs["du"] > attrs["au"]:
            raise serializers.ValidationError({"au": ["Le mois de fin doit suivre le mois de début."]})
        return attrs


class IndicateurSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.SerializerMethodField()
    unite = serializers.SerializerMethodField()
    mois = ChampMois()
    territoire = serializers.CharField(
        source="territoire.code", allow_null=True, read_only=True, help_text="Vide : le département."
    )
    site = serializers.CharField(source="site.nom", allow_null=True, read_only=True)
    dispositif = serializers.SerializerMethodField(help_text="« tous » : tous dispositifs confondus.")
    organisation = serializers.CharField(
        source="organisation.nom",
        allow_null=True,
        read_only=True,
        help_text="Organisation partenaire destinataire des orientations (vide : tous les lieux).",
    )
    thematique = serializers.CharField(
        source="categorie", help_text="Catégorie de thématiques des orientations (vide : toutes)."
    )
    numerateur = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    denominateur = serializers.IntegerField(allow_null=True)
    valeur = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    calcule_le = serializers.DateTimeField(source="computed_at")

    class Meta:
        ref_name = "Indicateur"

    def get_libelle(self, ligne: Indicateur) -> str:
        return PAR_CODE[ligne.code].libelle

    def get_unite(self, ligne: Indicateur) -> str:
        return PAR_CODE[ligne.code].unite.value

    def get_dispositif(self, ligne: Indicateur) -> str:
        return ligne.dispositif or TOUS


class IndicateurListeApi(ApiView):
    """The precomputed indicators of the user's scope, filtered; a constant number of queries."""

    permission_classes = [IsAuthenticated, PeutObserver]
    pagination_class = Pagination

    class FiltreSerializer(PeriodeSerializer):
        code = serializers.ChoiceField(choices=CodeIndicateur.choices, required=False)
        territoire = serializers.SlugField(required=False, help_text="Code du territoire.")
        site = serializers.IntegerField(required=False, help_text="Identifiant du site.")
        organisation = serializers.IntegerField(
            required=False, help_text="Identifiant de l'organisation partenaire."
        )
        dispositif = serializers.ChoiceField(
            choices=[*Dispositif.choices, (TOUS, "Tous dispositifs confondus")], required=False
        )
        niveau = serializers.ChoiceField(
            choices=[
                ("departement", "Département"),
                ("territoire", "Territoires"),
                ("site", "Sites"),
                ("organisation", "Organisations partenaires"),
            ],
            required=False,
        )

    @extend_schema(
        operation_id="observation_indicateurs",
        description=(
            "Indicateurs précalculés (mois × territoire × site × dispositif, et par organisation "
            "partenaire ou thématique pour les orientations) de votre périmètre : un encadrant voit son "
            "site ou son territoire, la direction tout le département, un partenaire les statistiques des "
            "orientations reçues par son organisation seulement. Un filtre hors périmètre ne renvoie rien."
        ),
        tags=["observation"],
        parameters=[FiltreSerializer],
        responses=reponses({200: IndicateurSerializer(many=True)}, 400, 401, 403),
    )
    def get(self, request: Request) -> Response:
        filtres = self.FiltreSerializer(data=request.query_params)
        filtres.is_valid(raise_exception=True)
        donnees = filtres.validated_data
        queryset = (
            Indicateur.objects.visible_by(request.user)
            .filter(mois__gte=donnees["du"], mois__lte=donnees["au"])
            .select_related("territoire", "site", "organisation")
            .order_by("code", "mois", "territoire_id", "site_id", "dispositif", "organisation_id", "id")
        )
        if "code" in donnees:
            queryset = queryset.filter(code=donnees["code"])
        if "territoire" in donnees:
            queryset = queryset.filter(territoire__code=donnees["territoire"])
        if "site" in donnees:
            queryset = queryset.filter(site_id=donnees["site"])
        if "organisation" in donnees:
            queryset = queryset.filter(organisation_id=donnees["organisation"])
        if "dispositif" in donnees:
            queryset = queryset.filter(
                dispositif="" if donnees["dispositif"] == TOUS else donnees["dispositif"]
            )
        niveau = donnees.get("niveau")
        if niveau == "departement":
            queryset = queryset.filter(territoire__isnull=True, site__isnull=True, organisation__isnull=True)
        elif niveau == "territoire":
            queryset = queryset.filter(territoire__isnull=False, site__isnull=True)
        elif niveau == "site":
            queryset = queryset.filter(site__isnull=False)
        elif niveau == "organisation":
            queryset = queryset.filter(organisation__isnull=False)
        paginateur = self.pagination_class()
        page = paginateur.paginate_queryset(queryset, request, view=self)
        return paginateur.get_paginated_response(IndicateurSerializer(page, many=True).data)


class LigneOpenDataSerializer(serializers.Serializer):
    indicateur = serializers.CharField()
    libelle = serializers.CharField()
    unite = serializers.CharField()
    mois = serializers.CharField()
    territoire = serializers.CharField(help_text="Code du territoire, ou « departement ».")
    site = serializers.CharField(help_text="Nom du site (vide : tout le territoire).")
    dispositif = serializers.CharField()
    thematique = serializers.CharField(help_text="Catégorie de thématiques des orientations, ou « toutes ».")
    numerateur = serializers.FloatField(allow_null=True)
    denominateur = serializers.IntegerField(allow_null=True)
    valeur = serializers.FloatField(allow_null=True)
    secret_statistique = serializers.ChoiceField(choices=[("oui", "oui"), ("non", "non")])

    class Meta:
        ref_name = "LigneDonneesOuvertes"


class LigneExtraitSerializer(serializers.Serializer):
    pseudonyme = serializers.CharField()
    annee_naissance = serializers.IntegerField()
    sexe = serializers.CharField()
    commune_insee = serializers.CharField()
    dispositif = serializers.CharField()
    date_reception = serializers.DateField()
    date_ouverture = serializers.DateField()
    date_cloture = serializers.CharField(help_text="Vide : parcours ouvert.")

    class Meta:
        ref_name = "LigneExtraitPseudonymise"


def _pagine(
    vue: ApiView, request: Request, entetes: list[str], lignes: list[list[object]]
) -> tuple[Any, list[dict[str, object]]]:
    paginateur = Pagination()
    page: list[list[object]] = paginateur.paginate_queryset(lignes, request, view=vue) or []  # type: ignore[arg-type]
    return paginateur, [dict(zip(entetes, ligne, strict=True)) for ligne in page]


class OpenDataApi(ApiView):
    """The aggregated indicators for publication: no identifier, statistical secrecy applied."""

    permission_classes = [IsAuthenticated, PeutObserver]
    pagination_class = Pagination

    @extend_schema(
        operation_id="observation_donnees_ouvertes",
        description=(
            "Indicateurs agrégés de votre périmètre pour publication : aucun identifiant ; tout effectif "
            "inférieur à 5 est masqué, ainsi que tout taux dont le numérateur ou le dénominateur est "
            "inférieur à 5, et les chiffres qui permettraient de recalculer un chiffre masqué à partir des "
            "totaux publiés (secret secondaire) (« secret_statistique »). Colonnes : "
            + ", ".join(ENTETES_OPEN_DATA)
            + "."
        ),
        tags=["observation"],
        parameters=[PeriodeSerializer],
        responses=reponses({200: LigneOpenDataSerializer(many=True)}, 400, 401, 403),
    )
    def get(self, request: Request) -> Response:
        periode = PeriodeSerializer(data=request.query_params)
        periode.is_valid(raise_exception=True)
        table = open_data(request.user, du=periode.validated_data["du"], au=periode.validated_data["au"])
        paginateur, lignes = _pagine(self, request, table.entetes, table.lignes)
        return paginateur.get_paginated_response(lignes)


class ExtraitApi(ApiView):
    """The pseudonymised person-level extract for studies: the direction only; each page is journaled
    with the ids of the people it shows."""

    permission_classes = [IsAuthenticated, PeutExtraire]
    pagination_class = Pagination

    @extend_schema(
        operation_id="observation_extrait",
        description=(
            "Extraction pseudonymisée, une ligne par parcours ouvert pendant la période (pseudonyme = "
            "HMAC-SHA-256 de l'identifiant de la personne avec un sel secret) : réservée à la direction, "
            "chaque page est inscrite au journal des accès. Colonnes : " + ", ".join(ENTETES_EXTRAIT) + "."
        ),
        tags=["observation"],
        parameters=[PeriodeSerializer],
        responses=reponses({200: LigneExtraitSerializer(many=True)}, 400, 401, 403, 503),
    )
    def get(self, request: Request) -> Response:
        periode = PeriodeSerializer(data=request.query_params)
        periode.is_valid(raise_exception=True)
        try:
            extrait = extrait_pseudonymise(
                du=periode.validated_data["du"],
                au=periode.validated_data["au"],
                sel=settings.PROCHE_OBSERVATION_SEL,
            )
        except DomainError as exc:
            raise ErreurApi(
                code=exc.code, message=exc.message, status_code=status.HTTP_503_SERVICE_UNAVAILABLE
            ) from exc
        paginateur = Pagination()
        indices = list(range(len(extrait.table.lignes)))
        page: list[int] = paginateur.paginate_queryset(indices, request, view=self) or []  # type: ignore[arg-type]
        lignes = [dict(zip(ENTETES_EXTRAIT, extrait.table.lignes[i], strict=True)) for i in page]
        journal_enregistrer(
            acces=contexte_acces(request),
            operation=OperationJournal.EXPORT,
            objet_type="personne",
            objet_ids=list(dict.fromkeys(extrait.lignes_personnes[i] for i in page)),
        )
        return paginateur.get_paginated_response(lignes)
