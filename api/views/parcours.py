"""Pathways: one endpoint per operation, scoped (out of perimeter: 404), journaled, in the error shape.

Every read goes through ``parcours.selectors`` (``parcours_obtenir`` journals the access to the person's
file; lists write one row per page). Writes call one action of ``parcours.actions``; a refusal of the
domain (``DomainError``) answers in the common error shape: 403 for a role, 409 for a state conflict,
400 otherwise, and nothing is written. Partners (members of a designated organisation) get their own
serializers with explicit, partner-facing fields: no motifs, no alerts, no health data.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import TextChoices
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import contexte_acces, utilisateur_connecte
from api.errors import executer_action
from api.pagination import Pagination
from api.serializers import reponses
from api.views.base import ApiView
from parcours import actions
from parcours.enums import (
    AxeAccompagnement,
    Confidentialite,
    Dispositif,
    ModaliteRendezVous,
    ResultatRendezVous,
    StatutAction,
    StatutEcheance,
    StatutObjectif,
    TypeAlerte,
    TypeEcheance,
)
from parcours.models import ActionParcours, DesignationPartenaire, Objectif, Parcours
from parcours.permissions import can_view_parcours, est_partenaire_seulement
from parcours.selectors import (
    Filtres,
    alertes_de,
    annoter_alertes,
    chronologie_page,
    journaliser_parcours,
    notes_lisibles,
    objectifs_visibles,
    parcours_obtenir,
    parcours_visibles,
    rendez_vous_visibles,
    resume_parcours,
)
from social.enums import OperationJournal
from social.models import Organisation, Site, Utilisateur
from social.perimetre import perimetre_de
from social.selectors import personne_obtenir

T = TypeVar("T")

# Codes of ``DomainError`` that are not a plain invalid input.
_STATUTS = {
    "interdit": status.HTTP_403_FORBIDDEN,
    "transition_impossible": status.HTTP_409_CONFLICT,
    "parcours_clos": status.HTTP_409_CONFLICT,
    "parcours_deja_ouvert": status.HTTP_409_CONFLICT,
    "deja_designe": status.HTTP_409_CONFLICT,
    "deja_membre": status.HTTP_409_CONFLICT,
    "deja_terminee": status.HTTP_409_CONFLICT,
    "deja_retire": status.HTTP_409_CONFLICT,
    "referent_inchange": status.HTTP_409_CONFLICT,
    "rsa_recours_deja_forme": status.HTTP_409_CONFLICT,
    "rsa_recours_absent": status.HTTP_409_CONFLICT,
    "rsa_recours_deja_statue": status.HTTP_409_CONFLICT,
}


def executer(action: Callable[..., T], /, **arguments: Any) -> T:
    """Run an action; its refusal becomes an API error (``api.errors.executer_action``)."""
    return executer_action(action, statuts=_STATUTS, **arguments)


def obtenir(request: Request, public_id: uuid.UUID, *, ecriture: bool = False) -> Parcours:
    """The scoped fetch (404) then the role check (403: visible to the reception desk, not readable)."""
    operation = OperationJournal.MODIFICATION if ecriture else OperationJournal.CONSULTATION
    parcours = parcours_obtenir(
        user=request.user, public_id=public_id, acces=contexte_acces(request), operation=operation
    )
    if not can_view_parcours(request.user, parcours):
        raise PermissionDenied("Votre rôle permet de savoir que ce parcours existe, pas de le consulter.")
    return parcours


def champ_utilisateur(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="username",
        queryset=Utilisateur.objects.filter(is_active=True),
        error_messages={"does_not_exist": "Utilisateur inconnu : {value}."},
        **kwargs,
    )


def champ_organisation(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="public_id",
        queryset=Organisation.objects.all(),
        error_messages={
            "does_not_exist": "Organisation inconnue : {value}.",
            "invalid": "Identifiant invalide.",
        },
        **kwargs,
    )


_CHAMPS_STATUT: dict[str, type[serializers.ChoiceField]] = {}


def champ_statut(enum: type[TextChoices], composant: str, **kwargs: Any) -> serializers.ChoiceField:
    """A status field whose enum is its own schema component (three enums share the name "statut")."""
    classe = _CHAMPS_STATUT.get(composant)
    if classe is None:
        schema = {
            "type": "string",
            "enum": list(enum.values),
            "description": ", ".join(f"{valeur} : {libelle}" for valeur, libelle in enum.choices),
        }
        classe = extend_schema_field(schema, component_name=composant)(
            type(composant, (serializers.ChoiceField,), {})
        )
        _CHAMPS_STATUT[composant] = classe
    return classe(choices=enum.choices, **kwargs)


# Output serializers.


class UtilisateurResumeSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True)
    nom_complet = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        ref_name = "UtilisateurResume"


class PersonneParcoursSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    nom = serializers.CharField(read_only=True)
    prenoms = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "PersonneParcours"


class SiteResumeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    nom = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "SiteResume"


class OrganisationResumeSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    nom = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "OrganisationResume"


class EcheanceSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=TypeEcheance.choices, read_only=True)
    libelle = serializers.CharField(source="get_type_display", read_only=True)
    date_depart = serializers.DateField(read_only=True)
    date_limite = serializers.DateField(read_only=True)
    statut = champ_statut(StatutEcheance, "StatutEcheanceEnum", read_only=True)
    tenue_le = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "EcheanceParcours"


class DesignationSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    organisation = OrganisationResumeSerializer(read_only=True)
    date_debut = serializers.DateField(read_only=True)
    date_fin = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "DesignationPartenaire"


class MembreEquipeSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    utilisateur = UtilisateurResumeSerializer(read_only=True)
    role = serializers.CharField(read_only=True)
    date_debut = serializers.DateField(read_only=True)

    class Meta:
        ref_name = "MembreEquipe"


class TransitionPossibleSerializer(serializers.Serializer):
    vers = serializers.CharField(read_only=True)
    libelle = serializers.CharField(read_only=True)
    motif_requis = serializers.BooleanField(read_only=True)
    cloture = serializers.BooleanField(read_only=True)
    reference = serializers.CharField(read_only=True, help_text="Texte légal.")

    class Meta:
        ref_name = "TransitionPossible"


class ParcoursPartenaireResumeSerializer(serializers.Serializer):
    """What a designated partner sees of a pathway in a list: no alerts, no motifs."""

    public_id = serializers.UUIDField(read_only=True)
    personne = PersonneParcoursSerializer(read_only=True)
    dispositif = serializers.ChoiceField(choices=Dispositif.choices, read_only=True)
    etat = serializers.CharField(read_only=True)
    libelle_etat = serializers.CharField(read_only=True)
    site = SiteResumeSerializer(read_only=True)
    referent = UtilisateurResumeSerializer(read_only=True, allow_null=True)
    date_ouverture = serializers.DateField(read_only=True)
    date_cloture = serializers.DateField(read_only=True, allow_null=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="api:parcours_detail", lookup_field="public_id", read_only=True
    )

    class Meta:
        ref_name = "ParcoursPartenaireResume"


class ParcoursResumeSerializer(ParcoursPartenaireResumeSerializer):
    """A line of the département staff's list: with its alerts and next deadline."""

    alertes = serializers.SerializerMethodField()
    prochaine_echeance = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "ParcoursResume"

    def get_alertes(self, parcours: Parcours) -> list[str]:
        return [str(alerte) for alerte in alertes_de(parcours)]


class ParcoursPartenaireSerializer(ParcoursPartenaireResumeSerializer):
    """A pathway as a designated partner sees it (DESIGN.md: partner-facing fields only, never health
    data). The list is explicit: a field added to ``Parcours`` is not shown here unless added here."""

    suite_prevue = serializers.CharField(read_only=True)
    echeances = EcheanceSerializer(source="resume.echeances", many=True, read_only=True)
    designations = DesignationSerializer(source="resume.designations", many=True, read_only=True)
    equipe = MembreEquipeSerializer(source="resume.equipe", many=True, read_only=True)

    class Meta:
        ref_name = "ParcoursPartenaire"


class ParcoursDetailSerializer(ParcoursResumeSerializer):
    """A pathway as the département's staff see it."""

    date_reception = serializers.DateField(read_only=True)
    motif_cloture = serializers.CharField(read_only=True)
    suite_prevue = serializers.CharField(read_only=True)
    echeances = EcheanceSerializer(source="resume.echeances", many=True, read_only=True)
    designations = DesignationSerializer(source="resume.designations", many=True, read_only=True)
    equipe = MembreEquipeSerializer(source="resume.equipe", many=True, read_only=True)
    roles = serializers.SerializerMethodField(help_text="Vos rôles sur ce parcours.")
    transitions_possibles = TransitionPossibleSerializer(
        source="resume.transitions_possibles", many=True, read_only=True
    )

    class Meta:
        ref_name = "ParcoursDetail"

    def get_roles(self, parcours: Parcours) -> list[str]:
        return sorted(parcours.resume.roles)  # type: ignore[attr-defined]


def representation(request: Request, parcours: Parcours) -> dict[str, Any]:
    """The detail of a pathway for this user: the partner serializer for partners."""
    user = utilisateur_connecte(request)
    parcours.resume = resume_parcours(parcours=parcours, user=user)  # type: ignore[attr-defined]  # read by the serializers
    classe = (
        ParcoursPartenaireSerializer if est_partenaire_seulement(user, parcours) else ParcoursDetailSerializer
    )
    return dict(classe(parcours, context={"request": request}).data)


def _reponse_detail(request: Request, parcours_id: int, code: int = status.HTTP_200_OK) -> Response:
    """Answer with the fresh detail of a pathway after a write (the write's object may be stale)."""
    parcours = annoter_alertes(
        Parcours.objects.select_related("personne", "site", "referent"),
        lecteur=request.user,
    ).get(pk=parcours_id)
    return Response(representation(request, parcours), status=code)


def _selon_le_lecteur(
    nom: str, agent: type[serializers.Serializer], partenaire: type[serializers.Serializer], **kwargs: Any
) -> PolymorphicProxySerializer:
    """Documentation: the département's staff get one shape, designated partners the reduced one."""
    return PolymorphicProxySerializer(
        component_name=nom, serializers=[agent, partenaire], resource_type_field_name=None, **kwargs
    )


# Pathways.


class ParcoursListeApi(ApiView):
    """The pathways the user may see, most urgent first; one journal row per page."""

    pagination_class = Pagination

    class FiltreSerializer(serializers.Serializer):
        dispositif = serializers.ChoiceField(choices=Dispositif.choices, required=False)
        etat = serializers.CharField(required=False, max_length=40, help_text="État (valeur du dispositif).")
        alerte = serializers.ChoiceField(
            choices=[*TypeAlerte.choices, ("rupture", "Toute rupture")], required=False
        )
        personne = serializers.UUIDField(required=False, help_text="Les parcours d'une personne.")
        mes_parcours = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Seulement ceux dont je suis référent ou membre d'équipe.",
        )

    @extend_schema(
        operation_id="parcours_liste",
        description=(
            "Parcours de votre périmètre, les plus urgents d'abord (ruptures et échéances dépassées, puis "
            "échéance la plus proche). Les partenaires reçoivent une vue réduite, sans alertes. Chaque page "
            "est inscrite au journal des accès."
        ),
        tags=["parcours"],
        parameters=[FiltreSerializer],
        responses=reponses(
            {
                200: _selon_le_lecteur(
                    "ParcoursLigne", ParcoursResumeSerializer, ParcoursPartenaireResumeSerializer, many=True
                )
            },
            400,
            401,
        ),
    )
    def get(self, request: Request) -> Response:
        filtres = self.FiltreSerializer(data=request.query_params)
        filtres.is_valid(raise_exception=True)
        donnees = filtres.validated_data
        user = utilisateur_connecte(request)
        queryset = parcours_visibles(
            user=user,
            filtres=Filtres(
                dispositif=donnees.get("dispositif", ""),
                etat=donnees.get("etat", ""),
                alerte=donnees.get("alerte", ""),
            ),
        )
        if "personne" in donnees:
            queryset = queryset.filter(personne__public_id=donnees["personne"])
        if donnees["mes_parcours"]:
            from parcours.selectors import portefeuille

            queryset = queryset.filter(pk__in=portefeuille(user=user).values("pk"))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self) or []
        journaliser_parcours(acces=contexte_acces(request), parcours=page)
        partenaire = not perimetre_de(user).est_agent
        serializer = ParcoursPartenaireResumeSerializer if partenaire else ParcoursResumeSerializer
        return paginator.get_paginated_response(
            serializer(page, many=True, context={"request": request}).data
        )


class ParcoursOuvrirApi(ApiView):
    """Open a pathway for a person of the user's perimeter, at one of her sites."""

    class InputSerializer(serializers.Serializer):
        personne = serializers.UUIDField(help_text="Identifiant public de la personne.")
        dispositif = serializers.ChoiceField(choices=Dispositif.choices)
        site = serializers.PrimaryKeyRelatedField(
            queryset=Site.objects.all(), help_text="Site responsable (identifiant de /sites/)."
        )
        referent = champ_utilisateur(required=False, allow_null=True, help_text="Identifiant de connexion.")
        date_reception = serializers.DateField(
            required=False, help_text="Réception de la demande ou de l'information d'ouverture du droit."
        )

        class Meta:
            ref_name = "ParcoursOuverture"

    @extend_schema(
        operation_id="parcours_ouvrir",
        description=(
            "Ouvre un parcours à l'état initial du dispositif (travailleurs sociaux, évaluateurs et "
            "encadrants, sur un de leurs sites) ; la fiche de la personne est rattachée au site."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: ParcoursDetailSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request) -> Response:
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = entree.validated_data
        acces = contexte_acces(request)
        personne = personne_obtenir(
            user=request.user,
            public_id=donnees["personne"],
            acces=acces,
            operation=OperationJournal.MODIFICATION,
        )
        parcours = executer(
            actions.parcours_ouvrir,
            personne=personne,
            dispositif=donnees["dispositif"],
            acting_user=utilisateur_connecte(request),
            site=donnees["site"],
            referent=donnees.get("referent"),
            date_reception=donnees.get("date_reception"),
        )
        reponse = _reponse_detail(request, parcours.pk, status.HTTP_201_CREATED)
        reponse["Location"] = request.build_absolute_uri(
            reverse("api:parcours_detail", kwargs={"public_id": parcours.public_id})
        )
        return reponse


class ParcoursDetailApi(ApiView):
    """One pathway (scoped, 404 out of perimeter; 403 for the reception desk); journals the access."""

    @extend_schema(
        operation_id="parcours_detail",
        description=(
            "Le parcours, ses échéances, ses partenaires désignés, son équipe et les transitions que vous "
            "pouvez déclencher. Les partenaires désignés reçoivent une vue réduite (ni motifs, ni alertes, "
            "ni données de santé)."
        ),
        tags=["parcours"],
        responses=reponses(
            {
                200: _selon_le_lecteur(
                    "ParcoursSelonLecteur", ParcoursDetailSerializer, ParcoursPartenaireSerializer
                )
            },
            401,
            403,
            404,
        ),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        return Response(representation(request, obtenir(request, public_id)))


class ParcoursTransitionApi(ApiView):
    """Move the pathway to another state of its workflow."""

    class InputSerializer(serializers.Serializer):
        vers = serializers.CharField(max_length=40, help_text="État visé (voir « transitions_possibles »).")
        motif = serializers.CharField(required=False, allow_blank=True, default="")
        suite_prevue = serializers.CharField(
            required=False, allow_blank=True, default="", help_text="Pour une sortie : la suite prévue."
        )
        date_effet = serializers.DateField(required=False, help_text="Par défaut, aujourd'hui.")

        class Meta:
            ref_name = "ParcoursTransition"

    @extend_schema(
        operation_id="parcours_transition",
        description=(
            "Fait passer le parcours à l'état « vers ». Refusé depuis un état qui ne le permet pas (409), "
            "par un rôle que la table ne nomme pas (403), sans motif quand il est requis (400) ; rien "
            "n'est alors modifié."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({200: ParcoursDetailSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        parcours = executer(
            actions.parcours_transitionner,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return _reponse_detail(request, parcours.pk)


class ParcoursReferentApi(ApiView):
    """Change the référent unique (encadrants of the site)."""

    class InputSerializer(serializers.Serializer):
        referent = champ_utilisateur(allow_null=True, help_text="Identifiant de connexion ; null : retirer.")
        motif = serializers.CharField(required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "ParcoursReferent"

    @extend_schema(
        operation_id="parcours_referent",
        description=(
            "Change le référent unique (encadrants du site responsable). Le changement est journalisé ; "
            "l'ancien et le nouveau référent sont notifiés en temps réel."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({200: ParcoursDetailSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        parcours = executer(
            actions.referent_changer,
            parcours=parcours,
            nouveau=entree.validated_data["referent"],
            motif=entree.validated_data["motif"],
            acting_user=utilisateur_connecte(request),
        )
        return _reponse_detail(request, parcours.pk)


class ParcoursSuiteApi(ApiView):
    """Record the next step after an exit."""

    class InputSerializer(serializers.Serializer):
        suite_prevue = serializers.CharField()

        class Meta:
            ref_name = "ParcoursSuite"

    @extend_schema(
        operation_id="parcours_suite",
        description="Renseigne la suite prévue d'un parcours clos (référent, encadrants du site).",
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({200: ParcoursDetailSerializer}, 400, 401, 403, 404),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        parcours = executer(
            actions.parcours_renseigner_suite,
            parcours=parcours,
            suite_prevue=entree.validated_data["suite_prevue"],
            acting_user=utilisateur_connecte(request),
        )
        return _reponse_detail(request, parcours.pk)


class EvenementSerializer(serializers.Serializer):
    moment = serializers.DateTimeField(read_only=True)
    genre = serializers.CharField(read_only=True)
    titre = serializers.CharField(read_only=True)
    detail = serializers.CharField(read_only=True)
    auteur = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "EvenementParcours"


class PageChronologieSerializer(serializers.Serializer):
    page = serializers.IntegerField(source="numero", read_only=True)
    precedente = serializers.IntegerField(read_only=True, allow_null=True)
    suivante = serializers.IntegerField(read_only=True, allow_null=True)
    results = EvenementSerializer(source="evenements", many=True, read_only=True)


class ParcoursChronologieApi(ApiView):
    @extend_schema(
        operation_id="parcours_chronologie",
        description=(
            "Le fil du parcours, du plus récent au plus ancien, page par page : transitions, changements "
            "de référent, notes que vous pouvez lire, rendez-vous, objectifs et actions, documents, "
            "orientations, décisions… `suivante` donne le numéro de la page suivante, ou null à la fin."
        ),
        tags=["parcours"],
        parameters=[
            OpenApiParameter(
                "page", int, OpenApiParameter.QUERY, description="Numéro de page, à partir de 1."
            )
        ],
        responses=reponses({200: PageChronologieSerializer}, 400, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id)
        brut = request.query_params.get("page", "1")
        if not brut.isdigit():
            raise ValidationError({"page": ["Le numéro de page doit être un entier positif."]})
        page = chronologie_page(parcours=parcours, user=utilisateur_connecte(request), numero=int(brut))
        return Response(PageChronologieSerializer(page).data)


# Notes.


class NoteSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    auteur = UtilisateurResumeSerializer(read_only=True)
    texte = serializers.CharField(read_only=True)
    confidentialite = serializers.ChoiceField(choices=Confidentialite.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "NoteParcours"


class ParcoursNotesApi(ApiView):
    pagination_class = Pagination

    @extend_schema(
        operation_id="parcours_notes",
        description="Les notes que vous pouvez lire (les vôtres, celles de l'équipe si vous en êtes, les "
        "notes partagées), de la plus récente à la plus ancienne.",
        tags=["parcours"],
        responses=reponses({200: NoteSerializer(many=True)}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id)
        paginator = self.pagination_class()
        notes = notes_lisibles(parcours=parcours, user=utilisateur_connecte(request))
        page = paginator.paginate_queryset(notes, request, view=self) or []
        return paginator.get_paginated_response(NoteSerializer(page, many=True).data)


class ParcoursNoteAjouterApi(ApiView):
    class InputSerializer(serializers.Serializer):
        texte = serializers.CharField()
        confidentialite = serializers.ChoiceField(
            choices=Confidentialite.choices, default=Confidentialite.EQUIPE
        )

        class Meta:
            ref_name = "NoteAjout"

    @extend_schema(
        operation_id="parcours_note_ajouter",
        description="Ajoute une note (référent, équipe, encadrants du site, partenaires désignés).",
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: NoteSerializer}, 400, 401, 403, 404),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        note = executer(
            actions.note_ajouter,
            parcours=parcours,
            auteur=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


# Appointments.


class RendezVousSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    date_heure = serializers.DateTimeField(read_only=True)
    modalite = serializers.ChoiceField(choices=ModaliteRendezVous.choices, read_only=True)
    lieu = serializers.CharField(read_only=True)
    objet = serializers.CharField(read_only=True)
    agent = UtilisateurResumeSerializer(read_only=True, allow_null=True)
    organisation = OrganisationResumeSerializer(read_only=True, allow_null=True)
    resultat = serializers.ChoiceField(choices=ResultatRendezVous.choices, read_only=True)

    class Meta:
        ref_name = "RendezVous"


class ParcoursRendezVousApi(ApiView):
    pagination_class = Pagination

    @extend_schema(
        operation_id="parcours_rendez_vous",
        description="Les rendez-vous du parcours (un partenaire voit ceux de son organisation).",
        tags=["parcours"],
        responses=reponses({200: RendezVousSerializer(many=True)}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id)
        paginator = self.pagination_class()
        liste = rendez_vous_visibles(parcours=parcours, user=utilisateur_connecte(request))
        page = paginator.paginate_queryset(liste, request, view=self) or []
        return paginator.get_paginated_response(RendezVousSerializer(page, many=True).data)


class ParcoursRendezVousPlanifierApi(ApiView):
    class InputSerializer(serializers.Serializer):
        date_heure = serializers.DateTimeField()
        modalite = serializers.ChoiceField(choices=ModaliteRendezVous.choices)
        lieu = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
        objet = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
        agent = champ_utilisateur(required=False, allow_null=True, default=None)
        organisation = champ_organisation(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "RendezVousPlanification"

    @extend_schema(
        operation_id="parcours_rendez_vous_planifier",
        description=(
            "Planifie un rendez-vous avec un agent (vous par défaut) ou une organisation désignée "
            "(référent, équipe, encadrants du site)."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: RendezVousSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        rdv = executer(
            actions.rendez_vous_planifier,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return Response(RendezVousSerializer(rdv).data, status=status.HTTP_201_CREATED)


class RendezVousRenseignerApi(ApiView):
    class InputSerializer(serializers.Serializer):
        resultat = serializers.ChoiceField(
            choices=[c for c in ResultatRendezVous.choices if c[0] != ResultatRendezVous.A_VENIR]
        )

        class Meta:
            ref_name = "RendezVousResultat"

    @extend_schema(
        operation_id="parcours_rendez_vous_renseigner",
        description="Renseigne le résultat d'un rendez-vous passé : honoré, excusé ou absent.",
        tags=["parcours"],
        parameters=[OpenApiParameter("rendez_vous", uuid.UUID, OpenApiParameter.PATH)],
        request=InputSerializer,
        responses=reponses({200: RendezVousSerializer}, 400, 401, 403, 404),
    )
    def patch(self, request: Request, public_id: uuid.UUID, rendez_vous: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        rdv = get_object_or_404(
            rendez_vous_visibles(parcours=parcours, user=utilisateur_connecte(request)), public_id=rendez_vous
        )
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        rdv = executer(
            actions.rendez_vous_renseigner,
            rendez_vous=rdv,
            acting_user=utilisateur_connecte(request),
            resultat=entree.validated_data["resultat"],
        )
        return Response(RendezVousSerializer(rdv).data)


# Partners and team.


class ParcoursPartenaireDesignerApi(ApiView):
    class InputSerializer(serializers.Serializer):
        organisation = champ_organisation(help_text="Identifiant public de l'organisation.")
        motif = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

        class Meta:
            ref_name = "DesignationCreation"

    @extend_schema(
        operation_id="parcours_partenaire_designer",
        description=(
            "Désigne une organisation partenaire : ses membres voient le parcours (vue partenaire) et la "
            "fiche de la personne (référent, encadrants du site)."
        ),
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: DesignationSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        designation = executer(
            actions.partenaire_designer,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return Response(DesignationSerializer(designation).data, status=status.HTTP_201_CREATED)


class DesignationTerminerApi(ApiView):
    @extend_schema(
        operation_id="parcours_designation_terminer",
        description="Met fin à la désignation ce jour (inclus) et au rattachement de la personne à "
        "l'organisation quand aucune autre désignation ne court.",
        tags=["parcours"],
        parameters=[OpenApiParameter("designation", uuid.UUID, OpenApiParameter.PATH)],
        request=None,
        responses=reponses({200: DesignationSerializer}, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID, designation: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        objet = get_object_or_404(
            DesignationPartenaire.objects.filter(parcours=parcours), public_id=designation
        )
        objet = executer(
            actions.designation_terminer, designation=objet, acting_user=utilisateur_connecte(request)
        )
        return Response(DesignationSerializer(objet).data)


class ParcoursEquipeAjouterApi(ApiView):
    class InputSerializer(serializers.Serializer):
        utilisateur = champ_utilisateur(help_text="Identifiant de connexion de l'agent.")
        role = serializers.CharField(max_length=100)

        class Meta:
            ref_name = "MembreEquipeAjout"

    @extend_schema(
        operation_id="parcours_equipe_ajouter",
        description="Ajoute un agent à l'équipe du parcours (référent, encadrants du site).",
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: MembreEquipeSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        membre = executer(
            actions.membre_equipe_ajouter,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return Response(MembreEquipeSerializer(membre).data, status=status.HTTP_201_CREATED)


# Action plan.


class ActionSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    libelle = serializers.CharField(read_only=True)
    statut = champ_statut(StatutAction, "StatutActionEnum", read_only=True)
    date_echeance = serializers.DateField(read_only=True, allow_null=True)
    organisation = OrganisationResumeSerializer(read_only=True, allow_null=True)

    class Meta:
        ref_name = "ActionParcours"


class ObjectifSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    axe = serializers.ChoiceField(choices=AxeAccompagnement.choices, read_only=True)
    libelle = serializers.CharField(read_only=True)
    statut = champ_statut(StatutObjectif, "StatutObjectifEnum", read_only=True)
    date_echeance = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "Objectif"


class ParcoursObjectifAjouterApi(ApiView):
    class InputSerializer(serializers.Serializer):
        axe = serializers.ChoiceField(choices=AxeAccompagnement.choices)
        libelle = serializers.CharField(max_length=250)
        date_echeance = serializers.DateField(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "ObjectifAjout"

    @extend_schema(
        operation_id="parcours_objectif_ajouter",
        description="Ajoute un objectif au plan d'action (référent, équipe, encadrants du site).",
        tags=["parcours"],
        request=InputSerializer,
        responses=reponses({201: ObjectifSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        objectif = executer(
            actions.objectif_ajouter,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return Response(ObjectifSerializer(objectif).data, status=status.HTTP_201_CREATED)


class ParcoursActionAjouterApi(ApiView):
    class InputSerializer(serializers.Serializer):
        libelle = serializers.CharField(max_length=250)
        date_echeance = serializers.DateField(required=False, allow_null=True, default=None)
        organisation = champ_organisation(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "ActionAjout"

    @extend_schema(
        operation_id="parcours_action_ajouter",
        description="Ajoute une action sous un objectif en cours.",
        tags=["parcours"],
        parameters=[OpenApiParameter("objectif", uuid.UUID, OpenApiParameter.PATH)],
        request=InputSerializer,
        responses=reponses({201: ActionSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID, objectif: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        user = utilisateur_connecte(request)
        objet = get_object_or_404(objectifs_visibles(parcours=parcours, user=user), public_id=objectif)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        action = executer(actions.action_ajouter, objectif=objet, acting_user=user, **entree.validated_data)
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionStatutApi(ApiView):
    class InputSerializer(serializers.Serializer):
        statut = champ_statut(StatutAction, "StatutActionEnum")

        class Meta:
            ref_name = "ActionStatut"

    @extend_schema(
        operation_id="parcours_action_statut",
        description="Change le statut d'une action (à faire → en cours → réalisée, ou abandonnée).",
        tags=["parcours"],
        parameters=[OpenApiParameter("action", uuid.UUID, OpenApiParameter.PATH)],
        request=InputSerializer,
        responses=reponses({200: ActionSerializer}, 400, 401, 403, 404, 409),
    )
    def patch(self, request: Request, public_id: uuid.UUID, action: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        user = utilisateur_connecte(request)
        objet = get_object_or_404(
            ActionParcours.objects.filter(objectif__in=objectifs_visibles(parcours=parcours, user=user)),
            public_id=action,
        )
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        objet = executer(
            actions.action_changer_statut,
            action=objet,
            acting_user=user,
            statut=entree.validated_data["statut"],
        )
        return Response(ActionSerializer(objet).data)


class ObjectifStatutApi(ApiView):
    class InputSerializer(serializers.Serializer):
        statut = champ_statut(StatutObjectif, "StatutObjectifEnum")

        class Meta:
            ref_name = "ObjectifStatut"

    @extend_schema(
        operation_id="parcours_objectif_statut",
        description="Marque un objectif atteint ou abandonné (ou le reprend).",
        tags=["parcours"],
        parameters=[OpenApiParameter("objectif", uuid.UUID, OpenApiParameter.PATH)],
        request=InputSerializer,
        responses=reponses({200: ObjectifSerializer}, 400, 401, 403, 404, 409),
    )
    def patch(self, request: Request, public_id: uuid.UUID, objectif: uuid.UUID) -> Response:
        parcours = obtenir(request, public_id, ecriture=True)
        user = utilisateur_connecte(request)
        objet: Objectif = get_object_or_404(
            objectifs_visibles(parcours=parcours, user=user), public_id=objectif
        )
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        objet = executer(
            actions.objectif_changer_statut,
            objectif=objet,
            acting_user=user,
            statut=entree.validated_data["statut"],
        )
        return Response(ObjectifSerializer(objet).data)
