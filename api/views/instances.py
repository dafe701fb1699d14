"""Aid files and the sessions of councils and committees: one endpoint per operation.

Fetches are scoped (``DemandeAide.objects.visible_by``, ``Seance.objects.visible_by``, the pathway's
scoped fetch; out of scope: 404) and journaled; what the user may do with what she sees is
``instances.permissions`` (403 otherwise). Writes call one action of ``instances.actions``; a refusal
answers in the common error shape (403 for a role, 409 for a state or version conflict, 400
otherwise) and writes nothing. Members read the agenda with the pseudonymised presentation when the
instance is set so."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.http import Http404, HttpResponse
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import contexte_acces, utilisateur_connecte
from api.errors import ErreurApi, executer_action, reponse_erreur
from api.pagination import Pagination
from api.serializers import reponses
from api.views.base import ApiView
from api.views.parcours import champ_statut
from api.views.parcours import obtenir as obtenir_parcours
from instances import actions
from instances.enums import (
    CategorieBudget,
    EtatDemande,
    EtatSeance,
    FormeAide,
    IssueDecision,
    SensBudget,
    SensVote,
    SourceBudget,
    StatutPresence,
)
from instances.models import Decision, DemandeAide, Instance, Mandat, PointOrdreJour, Seance, TypeAide
from instances.permissions import (
    can_create_demande_aide,
    can_manage_seances,
    can_view_demandes_aide,
    can_view_detail_demandes_aide,
)
from instances.regles.budget import LigneBudgetaire
from instances.selectors import (
    demande_obtenir,
    demandes_du_parcours,
    ordre_du_jour,
    proces_verbal_lire,
    resumes_demandes_du_parcours,
    seance_obtenir,
    seances_visibles,
)
from social.enums import OperationJournal

T = TypeVar("T")

STATUTS = {
    "interdit": status.HTTP_403_FORBIDDEN,
    "transition_impossible": status.HTTP_409_CONFLICT,
    "version_perimee": status.HTTP_409_CONFLICT,
    "seance_non_ouverte": status.HTTP_409_CONFLICT,
    "points_sans_decision": status.HTTP_409_CONFLICT,
    "ordre_du_jour_vide": status.HTTP_409_CONFLICT,
    "lettre_manquante": status.HTTP_409_CONFLICT,
    "proces_verbal_manquant": status.HTTP_409_CONFLICT,
    "deja_notifiee": status.HTTP_409_CONFLICT,
    "point_inconnu": status.HTTP_404_NOT_FOUND,
}


def executer(action: Callable[..., T], /, **arguments: Any) -> T:
    """Run an action; its refusal becomes an API error (``api.errors.executer_action``)."""
    return executer_action(action, statuts=STATUTS, **arguments)


# --- Serializers ------------------------------------------------------------------------------------


class LigneBudgetSerializer(serializers.Serializer):
    sens = serializers.ChoiceField(choices=SensBudget.choices)
    categorie = serializers.ChoiceField(choices=CategorieBudget.choices)
    source = serializers.ChoiceField(choices=SourceBudget.choices, default=SourceBudget.FOYER)  # type: ignore[assignment]
    montant = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, help_text="Mensuel, en euros."
    )

    class Meta:
        ref_name = "LigneBudget"


class DecisionSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    issue = serializers.ChoiceField(choices=IssueDecision.choices, read_only=True)
    montant = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True, allow_null=True)
    forme = serializers.CharField(read_only=True)
    tiers = serializers.CharField(read_only=True)
    motivation = serializers.CharField(read_only=True)
    motif_ajournement = serializers.CharField(read_only=True)
    date_reexamen = serializers.DateField(read_only=True, allow_null=True)
    decidee_le = serializers.DateField(read_only=True)
    par_delegation = serializers.BooleanField(read_only=True)
    delegation_acte = serializers.CharField(read_only=True)
    votes_pour = serializers.IntegerField(read_only=True)
    votes_contre = serializers.IntegerField(read_only=True)
    abstentions = serializers.IntegerField(read_only=True)
    voix_preponderante = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text="À renvoyer pour modifier la décision.")
    lettre_produite = serializers.SerializerMethodField()
    notifiee_le = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "DecisionAide"

    def get_lettre_produite(self, decision: Decision) -> bool:
        return decision.lettre_id is not None


class DemandeSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    reference = serializers.CharField(read_only=True)
    parcours = serializers.UUIDField(source="parcours.public_id", read_only=True)
    type_aide = serializers.CharField(source="type_aide.code", read_only=True)
    libelle_type_aide = serializers.CharField(source="type_aide.libelle", read_only=True)
    etat = champ_statut(EtatDemande, "EtatDemandeAide", read_only=True)
    libelle_etat = serializers.CharField(source="get_etat_display", read_only=True)
    urgence = serializers.BooleanField(read_only=True)
    montant_demande = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    forme = serializers.ChoiceField(choices=FormeAide.choices, read_only=True)
    tiers = serializers.CharField(read_only=True)
    objet = serializers.CharField(read_only=True)
    motivation = serializers.CharField(read_only=True)
    personnes_14_ans_et_plus = serializers.IntegerField(read_only=True)
    enfants_moins_14_ans = serializers.IntegerField(read_only=True)
    ressources = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    ressources_ignorees = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        read_only=True,
        help_text="Ressources des obligés alimentaires, non retenues pour une aide du FAJ (CASF L263-3).",
    )
    charges = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    unites_consommation = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True)
    reste_a_vivre_par_uc = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    deposee_le = serializers.DateField(read_only=True, allow_null=True)
    decisions = DecisionSerializer(many=True, read_only=True, source="decisions.all")

    class Meta:
        ref_name = "DemandeAide"


class DemandeResumePartenaireSerializer(serializers.Serializer):
    """A designated partner's view of an aid file (``instances.selectors.ResumeDemandePartenaire``): no
    budget, reste à vivre, motivation, amount, reason, vote, document or letter."""

    reference = serializers.CharField(read_only=True)
    type_aide = serializers.CharField(read_only=True)
    libelle_type_aide = serializers.CharField(read_only=True)
    etat = champ_statut(EtatDemande, "EtatDemandeAide", read_only=True)
    libelle_etat = serializers.CharField(read_only=True)
    deposee_le = serializers.DateField(read_only=True)
    issue = serializers.ChoiceField(
        choices=IssueDecision.choices,
        read_only=True,
        allow_blank=True,
        help_text="La décision définitive la plus récente ; vide tant qu'aucune ne l'est.",
    )
    libelle_issue = serializers.CharField(read_only=True)
    decidee_le = serializers.DateField(read_only=True, allow_null=True)
    notifiee_le = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "DemandeAideResumePartenaire"


class SeanceSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    instance = serializers.CharField(source="organe.nom", read_only=True)
    date = serializers.DateTimeField(read_only=True)
    duree_minutes = serializers.IntegerField(read_only=True)
    lieu = serializers.CharField(read_only=True)
    etat = champ_statut(EtatSeance, "EtatSeance", read_only=True)
    libelle_etat = serializers.CharField(source="get_etat_display", read_only=True)
    convoquee_le = serializers.DateTimeField(read_only=True, allow_null=True)
    urgence_motif = serializers.CharField(read_only=True)
    sans_quorum = serializers.BooleanField(read_only=True)
    validee_le = serializers.DateField(read_only=True, allow_null=True)
    visible_jusqu_au = serializers.DateField(read_only=True, allow_null=True)
    proces_verbal_le = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "Seance"


class PointSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(source="point.public_id", read_only=True)
    ordre = serializers.IntegerField(source="point.ordre", read_only=True)
    conflit = serializers.BooleanField(
        read_only=True, help_text="Conflit d'intérêts déclaré : dossier masqué."
    )
    personne = serializers.CharField(
        source="presentation.libelle",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Initiales et année de naissance quand l'instance présente les dossiers pseudonymisés.",
    )
    demande = DemandeSerializer(read_only=True, allow_null=True)
    decision = serializers.SerializerMethodField()

    class Meta:
        ref_name = "PointOrdreJour"

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, ligne: Any) -> dict[str, Any] | None:
        return dict(DecisionSerializer(ligne.decision).data) if ligne.decision is not None else None


class SeanceDetailSerializer(SeanceSerializer):
    ordre_du_jour = PointSerializer(many=True, read_only=True)
    point_courant = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="Le point examiné pendant la séance ouverte."
    )

    class Meta:
        ref_name = "SeanceDetail"


# --- Aid files --------------------------------------------------------------------------------------


def _demande(request: Request, public_id: uuid.UUID, *, ecriture: bool = False) -> DemandeAide:
    return demande_obtenir(
        user=request.user,
        public_id=public_id,
        acces=contexte_acces(request),
        operation=OperationJournal.MODIFICATION if ecriture else OperationJournal.CONSULTATION,
    )


def _representation_demande(demande_id: int) -> dict[str, Any]:
    demande = DemandeAide.objects.select_related("parcours", "type_aide").get(pk=demande_id)
    return dict(DemandeSerializer(demande).data)


class DemandesParcoursApi(ApiView):
    """The aid files of a pathway."""

    @extend_schema(
        operation_id="parcours_demandes_aide",
        description=(
            "Les demandes d'aide individuelle du parcours : en entier (budget, montants, décisions et leurs "
            "motifs) pour l'équipe du parcours et les agents de son site ; un résumé des demandes déposées "
            "pour un partenaire désigné sur le parcours (type, état, date de dépôt, décision, dates de "
            "décision et de notification ; jamais le budget, les montants ni les motifs)."
        ),
        tags=["instances"],
        responses=reponses(
            {
                200: PolymorphicProxySerializer(
                    component_name="DemandesAideSelonLecteur",
                    serializers=[DemandeSerializer, DemandeResumePartenaireSerializer],
                    resource_type_field_name=None,
                    many=True,
                )
            },
            401,
            403,
            404,
        ),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir_parcours(request, public_id)
        if not can_view_demandes_aide(request.user, parcours):
            raise PermissionDenied(
                "Les demandes d'aide sont réservées aux agents du Département qui suivent le parcours "
                "et aux partenaires désignés."
            )
        if can_view_detail_demandes_aide(request.user, parcours):
            demandes = demandes_du_parcours(user=request.user, parcours=parcours)
            return Response(DemandeSerializer(demandes, many=True).data)
        resumes = resumes_demandes_du_parcours(user=request.user, parcours=parcours)
        return Response(DemandeResumePartenaireSerializer(resumes, many=True).data)


class DemandeCreerApi(ApiView):
    """Create a draft aid file in a pathway, with the household budget."""

    class InputSerializer(serializers.Serializer):
        type_aide = serializers.SlugRelatedField(
            slug_field="code",
            queryset=TypeAide.objects.filter(actif=True),
            error_messages={"does_not_exist": "Type d'aide inconnu : {value}."},
        )
        montant_demande = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))
        forme = serializers.ChoiceField(choices=FormeAide.choices)
        tiers = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
        objet = serializers.CharField(max_length=200)
        motivation = serializers.CharField()
        urgence = serializers.BooleanField(required=False, default=False)
        personnes_14_ans_et_plus = serializers.IntegerField(min_value=1, max_value=30, default=1)
        enfants_moins_14_ans = serializers.IntegerField(min_value=0, max_value=30, default=0)
        lignes = LigneBudgetSerializer(many=True, required=False, default=list)

        class Meta:
            ref_name = "DemandeAideSaisie"

        def validate_lignes(self, lignes: list[dict[str, Any]]) -> list[dict[str, Any]]:
            cles = [(ligne["categorie"], ligne["source"]) for ligne in lignes]
            if len(set(cles)) != len(cles):
                raise serializers.ValidationError("Une seule ligne par catégorie et par personne.")
            return lignes

    @extend_schema(
        operation_id="parcours_demande_aide_creer",
        description=(
            "Crée une demande d'aide en brouillon (équipe du parcours) : type, montant et forme, budget du "
            "foyer ; le reste à vivre par unité de consommation est calculé (pour le FAJ, les ressources "
            "des parents ne sont pas retenues)."
        ),
        tags=["instances"],
        request=InputSerializer,
        responses=reponses({201: DemandeSerializer}, 400, 401, 403, 404),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = obtenir_parcours(request, public_id, ecriture=True)
        if not can_create_demande_aide(request.user, parcours):
            raise PermissionDenied("Seule l'équipe du parcours instruit une demande d'aide.")
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = dict(entree.validated_data)
        lignes = [LigneBudgetaire(**ligne) for ligne in donnees.pop("lignes")]
        demande = executer(
            actions.demande_aide_creer,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            lignes=lignes,
            **donnees,
        )
        return Response(_representation_demande(demande.pk), status=status.HTTP_201_CREATED)


class DemandeDetailApi(ApiView):
    @extend_schema(
        operation_id="demande_aide",
        description="Une demande d'aide, son budget et ses décisions (accès journalisé).",
        tags=["instances"],
        responses=reponses({200: DemandeSerializer}, 401, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        return Response(DemandeSerializer(_demande(request, public_id)).data)


class DemandeDeposerApi(ApiView):
    @extend_schema(
        operation_id="demande_aide_deposer",
        description=(
            "Dépose la demande : éligibilité (FAJ 18-25 ans), fréquence (FSL accès une fois par 5 ans) et "
            "plafonds par demande et par an sont vérifiés ; refusée avec un message en français sinon."
        ),
        tags=["instances"],
        request=None,
        responses=reponses({200: DemandeSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        demande = _demande(request, public_id, ecriture=True)
        executer(actions.demande_aide_deposer, demande=demande, acting_user=utilisateur_connecte(request))
        return Response(_representation_demande(demande.pk))


class DecisionSaisieSerializer(serializers.Serializer):
    issue = serializers.ChoiceField(choices=IssueDecision.choices)
    montant = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True, default=None
    )
    forme = serializers.ChoiceField(choices=FormeAide.choices, required=False, allow_null=True, default=None)
    tiers = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    motivation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Obligatoire pour un refus ou un accord partiel.",
    )

    class Meta:
        ref_name = "DecisionAideSaisie"


class DecisionUrgenceApi(ApiView):
    """Decide an urgent aid outside a session, by delegation of signature (G-5)."""

    @extend_schema(
        operation_id="demande_aide_decision_urgence",
        description=(
            "Décision d'urgence hors séance par le titulaire d'une délégation de signature en vigueur pour "
            "ce type d'aide et ce montant (refusée au-delà) ; rapportée à la séance suivante."
        ),
        tags=["instances"],
        request=DecisionSaisieSerializer,
        responses=reponses({201: DemandeSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        demande = _demande(request, public_id, ecriture=True)
        entree = DecisionSaisieSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        executer(
            actions.decision_urgence_prendre,
            demande=demande,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return Response(_representation_demande(demande.pk), status=status.HTTP_201_CREATED)


# --- Sessions ---------------------------------------------------------------------------------------


def _seance(request: Request, public_id: uuid.UUID, *, gestion: bool = False) -> Seance:
    """The scoped fetch of a session (404 for a user who does not see it); with ``gestion``, a user who
    sees it but may not manage it (a member other than the secretariat and the chair) gets 403, for
    every management operation alike: agenda, attendance, live conduct, minutes, letters, notification."""
    seance = seance_obtenir(user=request.user, public_id=public_id)
    if gestion and not can_manage_seances(request.user, seance.organe_id):
        raise PermissionDenied("Seuls le secrétariat et la présidence de l'instance gèrent ses séances.")
    return seance


def _point(seance: Seance, public_id: uuid.UUID) -> PointOrdreJour:
    try:
        return seance.points.select_related("seance", "demande").get(public_id=public_id)
    except PointOrdreJour.DoesNotExist as exc:
        raise Http404("Point introuvable") from exc


def _detail(request: Request, seance_id: int, code: int = status.HTTP_200_OK) -> Response:
    seance = Seance.objects.select_related("organe", "point_courant").get(pk=seance_id)
    lignes = ordre_du_jour(seance=seance, user=request.user, acces=contexte_acces(request))
    donnees = dict(SeanceSerializer(seance).data)
    donnees["point_courant"] = str(seance.point_courant.public_id) if seance.point_courant else None
    donnees["ordre_du_jour"] = PointSerializer(lignes, many=True).data
    return Response(donnees, status=code)


class SeancesListeApi(ApiView):
    pagination_class = Pagination

    @extend_schema(
        operation_id="seances",
        description=(
            "Les séances des instances dont vous êtes membre : toutes pour le secrétariat et la présidence, "
            "les séances convoquées pour les autres membres."
        ),
        tags=["instances"],
        responses=reponses({200: SeanceSerializer(many=True)}, 401),
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(seances_visibles(user=request.user), request, view=self) or []
        return paginator.get_paginated_response(SeanceSerializer(page, many=True).data)


class SeanceCreerApi(ApiView):
    class InputSerializer(serializers.Serializer):
        instance = serializers.PrimaryKeyRelatedField(queryset=Instance.objects.all())
        date = serializers.DateTimeField()
        lieu = serializers.CharField(max_length=200)
        duree_minutes = serializers.IntegerField(min_value=15, max_value=720, default=120)

        class Meta:
            ref_name = "SeanceSaisie"

    @extend_schema(
        operation_id="seance_creer",
        description="Crée une séance d'une instance (secrétariat, présidence).",
        tags=["instances"],
        request=InputSerializer,
        responses=reponses({201: SeanceDetailSerializer}, 400, 401, 403),
    )
    def post(self, request: Request) -> Response:
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = dict(entree.validated_data)
        organe = donnees.pop("instance")
        if not can_manage_seances(request.user, organe):
            raise PermissionDenied("Seuls le secrétariat et la présidence de l'instance gèrent ses séances.")
        seance = executer(
            actions.seance_creer, organe=organe, acting_user=utilisateur_connecte(request), **donnees
        )
        return _detail(request, seance.pk, status.HTTP_201_CREATED)


class SeanceDetailApi(ApiView):
    @extend_schema(
        operation_id="seance",
        description=(
            "Une séance et son ordre du jour : les dossiers que vous pouvez consulter (pseudonymisés si "
            "l'instance le prévoit), masqués en cas de conflit d'intérêts déclaré. Accès journalisé."
        ),
        tags=["instances"],
        responses=reponses({200: SeanceDetailSerializer}, 401, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        return _detail(request, _seance(request, public_id).pk)


class _TransitionSeanceApi(ApiView):
    action: Callable[..., Any]

    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        executer(type(self).action, seance=seance, acting_user=utilisateur_connecte(request))
        return _detail(request, seance.pk)


class SeanceConvoquerApi(ApiView):
    class InputSerializer(serializers.Serializer):
        urgence_motif = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            help_text="Convocation à moins de 5 jours : l'urgence.",
        )
        nouvelle_date = serializers.DateTimeField(
            required=False, allow_null=True, default=None, help_text="Obligatoire pour une séance reportée."
        )

        class Meta:
            ref_name = "ConvocationSaisie"

    @extend_schema(
        operation_id="seance_convoquer",
        description=(
            "Envoie la convocation et l'ordre du jour aux membres (courriel avec invitation .ics), au moins "
            "5 jours avant la séance sauf urgence motivée ; une séance reportée est reconvoquée à une "
            "nouvelle date et siège alors sans quorum."
        ),
        tags=["instances"],
        request=InputSerializer,
        responses=reponses({200: SeanceDetailSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        executer(
            actions.seance_convoquer,
            seance=seance,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return _detail(request, seance.pk)


class SeanceOuvrirApi(ApiView):
    @extend_schema(
        operation_id="seance_ouvrir",
        description=(
            "Ouvre la séance si le quorum est atteint (membres votants présents ou représentés) ; sinon la "
            "séance est reportée (409 « quorum_non_atteint », le report est enregistré)."
        ),
        tags=["instances"],
        request=None,
        responses=reponses({200: SeanceDetailSerializer}, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        seance, quorum = executer(
            actions.seance_ouvrir, seance=seance, acting_user=utilisateur_connecte(request)
        )
        if seance.etat == EtatSeance.REPORTEE:
            return reponse_erreur(
                status_code=status.HTTP_409_CONFLICT,
                code="quorum_non_atteint",
                message=(
                    f"Quorum non atteint ({quorum.comptes} sur {quorum.requis} requis) : "
                    "la séance est reportée."
                ),
            )
        return _detail(request, seance.pk)


class SeanceCloturerApi(_TransitionSeanceApi):
    action = actions.seance_cloturer

    @extend_schema(
        operation_id="seance_cloturer",
        description="Clôture la séance quand chaque dossier a sa décision ou son ajournement.",
        tags=["instances"],
        request=None,
        responses=reponses({200: SeanceDetailSerializer}, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return super().post(request, public_id)


class SeanceValiderApi(_TransitionSeanceApi):
    action = actions.seance_valider

    @extend_schema(
        operation_id="seance_valider",
        description="Valide la séance clôturée ; les membres consultent les dossiers encore N jours.",
        tags=["instances"],
        request=None,
        responses=reponses({200: SeanceDetailSerializer}, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return super().post(request, public_id)


class PointAjouterApi(ApiView):
    class InputSerializer(serializers.Serializer):
        demande = serializers.UUIDField(help_text="Identifiant public de la demande déposée.")

        class Meta:
            ref_name = "PointOrdreJourSaisie"

    @extend_schema(
        operation_id="seance_point_ajouter",
        description="Inscrit une demande déposée à l'ordre du jour d'une séance en préparation.",
        tags=["instances"],
        request=InputSerializer,
        responses=reponses({201: SeanceDetailSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        demande = _demande(request, entree.validated_data["demande"], ecriture=True)
        executer(
            actions.seance_point_ajouter,
            seance=seance,
            demande=demande,
            acting_user=utilisateur_connecte(request),
        )
        return _detail(request, seance.pk, status.HTTP_201_CREATED)


class PointCourantApi(ApiView):
    class InputSerializer(serializers.Serializer):
        point = serializers.UUIDField(help_text="Identifiant public du point de l'ordre du jour à examiner.")

        class Meta:
            ref_name = "PointCourantSaisie"

    @extend_schema(
        operation_id="seance_point_courant",
        description=(
            "Passe la séance ouverte au dossier examiné : la page « en direct » de chaque membre le suit "
            "(événement `seance.point_courant` sur `/ws/seances/<id>/`)."
        ),
        tags=["instances"],
        request=InputSerializer,
        responses=reponses({200: SeanceDetailSerializer}, 400, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        executer(
            actions.seance_point_courant_definir,
            seance=seance,
            point=_point(seance, entree.validated_data["point"]),
            acting_user=utilisateur_connecte(request),
        )
        return _detail(request, seance.pk)


class PointRetirerApi(ApiView):
    @extend_schema(
        operation_id="seance_point_retirer",
        description="Retire un dossier de l'ordre du jour avant la convocation.",
        tags=["instances"],
        responses=reponses({200: SeanceDetailSerializer}, 401, 403, 404, 409),
    )
    def delete(self, request: Request, public_id: uuid.UUID, point: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        executer(
            actions.seance_point_retirer,
            point=_point(seance, point),
            acting_user=utilisateur_connecte(request),
        )
        return _detail(request, seance.pk)


class PresencesApi(ApiView):
    class LigneSerializer(serializers.Serializer):
        mandat = serializers.IntegerField(help_text="Identifiant du mandat du membre.")
        statut = serializers.ChoiceField(choices=StatutPresence.choices)
        procuration_a = serializers.IntegerField(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "PresenceSaisie"

    class InputSerializer(serializers.Serializer):
        presences = serializers.ListField(child=serializers.DictField(), allow_empty=False)

        class Meta:
            ref_name = "PresencesSaisie"

    @extend_schema(
        operation_id="seance_presences",
        description=(
            "Enregistre les présences (présent, visioconférence, représenté par mandat à un membre présent, "
            "excusé, absent), avant l'ouverture et pendant la séance."
        ),
        tags=["instances"],
        request=InputSerializer,
        responses=reponses({200: SeanceDetailSerializer}, 400, 401, 403, 404, 409),
    )
    def put(self, request: Request, public_id: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        lignes = self.LigneSerializer(data=request.data.get("presences", []), many=True)
        lignes.is_valid(raise_exception=True)
        mandats = {
            m.pk: m for m in Mandat.objects.filter(organe_id=seance.organe_id).select_related("utilisateur")
        }
        saisies = []
        for ligne in lignes.validated_data:
            mandat = mandats.get(ligne["mandat"])
            procuration = mandats.get(ligne["procuration_a"]) if ligne["procuration_a"] else None
            if mandat is None or (ligne["procuration_a"] and procuration is None):
                raise ErreurApi(
                    code="membre_inconnu",
                    message="Ce mandat n'appartient pas à l'instance de la séance.",
                    champs={"presences": ["Ce mandat n'appartient pas à l'instance de la séance."]},
                )
            saisies.append(
                actions.PresenceSaisie(mandat=mandat, statut=ligne["statut"], procuration_a=procuration)
            )
        executer(
            actions.seance_presences_enregistrer,
            seance=seance,
            presences=saisies,
            acting_user=utilisateur_connecte(request),
        )
        return _detail(request, seance.pk)


class DecisionEnregistrerApi(ApiView):
    class VoteSerializer(serializers.Serializer):
        mandat = serializers.IntegerField()
        sens = serializers.ChoiceField(choices=SensVote.choices)

        class Meta:
            ref_name = "VoteSaisie"

    class InputSerializer(DecisionSaisieSerializer):
        motif_ajournement = serializers.CharField(required=False, allow_blank=True, default="")
        date_reexamen = serializers.DateField(required=False, allow_null=True, default=None)
        votes = serializers.ListField(child=serializers.DictField(), required=False, default=list)
        version = serializers.IntegerField(
            allow_null=True, help_text="Null pour une première décision ; sinon la version lue."
        )

        class Meta:
            ref_name = "DecisionSeanceSaisie"

    @extend_schema(
        operation_id="seance_decision",
        description=(
            "Enregistre ou corrige la décision sur un dossier pendant la séance ouverte : accord (montant, "
            "forme, tiers), accord partiel ou refus (motivation écrite obligatoire), ajournement (motif et "
            "date) ; votes des membres présents, voix prépondérante de la présidence en cas de partage. "
            "Une version périmée est refusée (409 « version_perimee »)."
        ),
        tags=["instances"],
        request=InputSerializer,
        responses=reponses({200: SeanceDetailSerializer}, 400, 401, 403, 404, 409),
    )
    def put(self, request: Request, public_id: uuid.UUID, point: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        un_point = _point(seance, point)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        donnees = dict(entree.validated_data)
        votes = self.VoteSerializer(data=donnees.pop("votes"), many=True)
        votes.is_valid(raise_exception=True)
        executer(
            actions.decision_enregistrer,
            point=un_point,
            acting_user=utilisateur_connecte(request),
            votes={vote["mandat"]: vote["sens"] for vote in votes.validated_data},
            **donnees,
        )
        return _detail(request, seance.pk)


class ConflitDeclarerApi(ApiView):
    class InputSerializer(serializers.Serializer):
        mandat = serializers.IntegerField(
            required=False, allow_null=True, default=None, help_text="Par défaut : le vôtre."
        )
        motif = serializers.CharField(required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "ConflitSaisie"

    @extend_schema(
        operation_id="seance_conflit_declarer",
        description=(
            "Déclare un conflit d'intérêts sur un dossier : le membre ne le voit plus et ne prend pas part "
            "au vote (déclaré par le membre, ou par le secrétariat pour un membre)."
        ),
        tags=["instances"],
        request=InputSerializer,
        responses=reponses({201: SeanceDetailSerializer}, 400, 401, 403, 404),
    )
    def post(self, request: Request, public_id: uuid.UUID, point: uuid.UUID) -> Response:
        seance = _seance(request, public_id)
        un_point = _point(seance, point)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        mandats = Mandat.objects.actives().filter(organe_id=seance.organe_id)
        if entree.validated_data["mandat"]:
            mandat = mandats.filter(pk=entree.validated_data["mandat"]).first()
        else:
            mandat = mandats.filter(utilisateur_id=request.user.pk).first()
        if mandat is None:
            raise ErreurApi(code="membre_inconnu", message="Ce membre ne siège pas dans cette instance.")
        executer(
            actions.conflit_declarer,
            point=un_point,
            mandat=mandat,
            motif=entree.validated_data["motif"],
            acting_user=utilisateur_connecte(request),
        )
        return _detail(request, seance.pk, status.HTTP_201_CREATED)


# --- Minutes and notification letters (G-3) ----------------------------------------------------------


class ProcesVerbalProduireApi(ApiView):
    @extend_schema(
        operation_id="seance_proces_verbal_produire",
        description=(
            "Produit le procès-verbal (PDF) de la séance close : présences, mandats, quorum, dossiers "
            "(pseudonymisés si l'instance le prévoit), décisions et votes. Secrétariat et présidence."
        ),
        tags=["instances"],
        request=None,
        responses=reponses({200: SeanceDetailSerializer}, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        executer(actions.proces_verbal_produire, seance=seance, acting_user=utilisateur_connecte(request))
        return _detail(request, seance.pk)


class ProcesVerbalTelechargerApi(ApiView):
    @extend_schema(
        operation_id="seance_proces_verbal_telecharger",
        description=(
            "Le procès-verbal de la séance en PDF (404 tant qu'il n'est pas produit). Secrétariat et "
            "présidence ; les autres membres de l'instance reçoivent 403."
        ),
        tags=["instances"],
        responses={(200, "application/pdf"): bytes, **reponses({}, 401, 403, 404)},
    )
    def get(self, request: Request, public_id: uuid.UUID) -> HttpResponse:
        seance = _seance(request, public_id, gestion=True)
        contenu = proces_verbal_lire(seance=seance, acces=contexte_acces(request))
        if not contenu:
            raise Http404("Procès-verbal non produit")
        reponse = HttpResponse(contenu, content_type="application/pdf")
        reponse["Content-Disposition"] = f'attachment; filename="proces-verbal-{seance.jour:%Y-%m-%d}.pdf"'
        reponse["X-Content-Type-Options"] = "nosniff"
        reponse["Cache-Control"] = "private, no-store"
        return reponse


class LettreProduiteSerializer(serializers.Serializer):
    decision = serializers.UUIDField(source="public_id", read_only=True)
    document = serializers.UUIDField(
        source="lettre.public_id", read_only=True, help_text="Le document classé dans le parcours."
    )

    class Meta:
        ref_name = "LettreNotificationProduite"


class LettreProduireApi(ApiView):
    @extend_schema(
        operation_id="seance_lettre_produire",
        description=(
            "Produit la lettre de notification (PDF) de la décision d'un dossier : décision, motivation, "
            "suite, voies et délais de recours (G-3) ; elle est classée dans les documents du parcours."
        ),
        tags=["instances"],
        request=None,
        responses=reponses({201: LettreProduiteSerializer}, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID, point: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        decision = Decision.objects.filter(point__seance=seance, point__public_id=point).first()
        if decision is None:
            raise Http404("Décision introuvable")
        decision = executer(
            actions.lettre_notification_produire, decision=decision, acting_user=utilisateur_connecte(request)
        )
        return Response(LettreProduiteSerializer(decision).data, status=status.HTTP_201_CREATED)


class DecisionsNotifierApi(ApiView):
    @extend_schema(
        operation_id="seance_decisions_notifier",
        description=(
            "Marque les décisions de la séance validée comme notifiées : refusé (409) tant que le "
            "procès-verbal manque ou qu'une décision n'a pas sa lettre de notification."
        ),
        tags=["instances"],
        request=None,
        responses=reponses({200: SeanceDetailSerializer}, 401, 403, 404, 409),
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        seance = _seance(request, public_id, gestion=True)
        executer(actions.seance_decisions_notifier, seance=seance, acting_user=utilisateur_connecte(request))
        return _detail(request, seance.pk)
