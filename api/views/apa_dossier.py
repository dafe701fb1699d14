"""The APA file of a pathway: read it, and one endpoint per step (request, acknowledgement, complete file,
urgency, evaluation, plan d'aide at home or the establishment's tariffs, decision, notification, revision).

Scoped like every pathway endpoint (out of perimeter or not an APA pathway: 404; the reception desk:
403), journaled, in the common error shape. Writes call one action of ``parcours.actions.apa``; a refusal
of the domain answers 403 for a role, 409 for a state conflict, 400 otherwise, and nothing is written.

Three shapes, by what the reader may know (rule DP-2, ``parcours.apa.permissions``): designated partners
get the stage and its dates and the outcome of the decisions, never the GIR, the plan, the establishment's
tariffs, the amounts, the resources, the reasons, nor the grid; the département's staff get all of it but
the AGGIR grid and its trace, which only medico-social profiles receive.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.acces import utilisateur_connecte
from api.errors import executer_action
from api.serializers import reponses
from api.views.base import ApiView
from api.views.parcours import _STATUTS, EcheanceSerializer, obtenir
from parcours import actions
from parcours.actions.apa import LigneSaisie
from parcours.apa.permissions import can_view_grille_apa, can_view_montants_apa
from parcours.enums import (
    CasParticipationEtablissement,
    Dispositif,
    LieuApa,
    OrigineRevisionApa,
    SensDecisionApa,
    TypeAideApa,
    UniteAideApa,
)
from parcours.models import Parcours
from parcours.selectors_apa import fiche_apa

T = TypeVar("T")

STATUTS = {
    **_STATUTS,
    "apa_dossier_requis": status.HTTP_409_CONFLICT,
    "apa_evaluation_requise": status.HTTP_409_CONFLICT,
    "apa_urgence_deja": status.HTTP_409_CONFLICT,
}


def _montant(help_text: str | None = None, *, allow_null: bool = False) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=10, decimal_places=2, read_only=True, allow_null=allow_null, help_text=help_text
    )


def _executer(action: Callable[..., T], /, **arguments: Any) -> T:
    """Run an action; the grid's errors go on ``grille.<variable>``."""
    return executer_action(action, statuts=STATUTS, prefixe_erreurs="grille.", **arguments)


def _obtenir_apa(request: Request, public_id: uuid.UUID, *, ecriture: bool = False) -> Parcours:
    parcours = obtenir(request, public_id, ecriture=ecriture)
    if parcours.dispositif != Dispositif.APA:
        raise NotFound("Ce parcours n'est pas un parcours APA.")
    return parcours


# --- Output: partner shape, staff shape, medico-social shape --------------------------------------------


class DossierPartenaireSerializer(serializers.Serializer):
    demande_le = serializers.DateField(read_only=True)
    recue_le = serializers.DateField(read_only=True)
    lieu = serializers.ChoiceField(choices=LieuApa.choices, read_only=True)
    accuse_le = serializers.DateField(read_only=True, allow_null=True)
    complet_le = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        ref_name = "DossierApaPartenaire"


class DossierSerializer(DossierPartenaireSerializer):
    pieces_manquantes = serializers.ListField(child=serializers.CharField(), read_only=True)
    urgence_le = serializers.DateField(read_only=True, allow_null=True)
    montant_urgence = _montant(allow_null=True)
    accord_repute_le = serializers.DateField(read_only=True, allow_null=True)
    montant_forfaitaire = _montant(allow_null=True)

    class Meta:
        ref_name = "DossierApa"


class EvaluationPartenaireSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    evaluee_le = serializers.DateField(read_only=True)
    actuelle = serializers.BooleanField(read_only=True)

    class Meta:
        ref_name = "EvaluationApaPartenaire"


class EvaluationSerializer(EvaluationPartenaireSerializer):
    evaluateur = serializers.CharField(read_only=True)
    gir = serializers.IntegerField(read_only=True)

    class Meta:
        ref_name = "EvaluationApa"


class TraceSerializer(serializers.Serializer):
    rang = serializers.IntegerField(read_only=True)
    groupe = serializers.CharField(read_only=True)
    scores = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    codes = serializers.DictField(child=serializers.CharField(), read_only=True)
    sous_codes = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()), read_only=True
    )
    version = serializers.CharField(read_only=True, help_text="Version de la table de règles AGGIR.")

    class Meta:
        ref_name = "TraceAggir"


class EvaluationSanteSerializer(EvaluationSerializer):
    grille = serializers.JSONField(read_only=True, help_text="La grille AGGIR telle que saisie.")
    trace = TraceSerializer(source="resultat", read_only=True)

    class Meta:
        ref_name = "EvaluationApaDetaillee"


class LigneSerializer(serializers.Serializer):
    type_aide = serializers.ChoiceField(choices=TypeAideApa.choices, read_only=True)
    libelle = serializers.CharField(read_only=True)
    precision = serializers.CharField(read_only=True)
    quantite = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True)
    unite = serializers.ChoiceField(choices=UniteAideApa.choices, read_only=True)
    prix_unitaire = _montant()
    montant_mensuel = _montant()

    class Meta:
        ref_name = "LignePlanAideApa"


class PlanSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    propose_le = serializers.DateField(read_only=True)
    actuel = serializers.BooleanField(read_only=True)
    gir = serializers.IntegerField(read_only=True)
    ressources_mensuelles = _montant()
    couple = serializers.BooleanField(read_only=True)
    montant_plan = _montant()
    plafond = _montant("Plafond du GIR à la date (CASF R232-10).")
    plafonne = serializers.BooleanField(read_only=True)
    montant_retenu = _montant()
    participation = _montant("CASF R232-11.")
    montant_apa = _montant()
    seuil_versement = _montant("CASF D232-31.")
    verse = serializers.BooleanField(read_only=True)
    par = serializers.CharField(read_only=True)
    lignes = LigneSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "PlanAideApa"


class PropositionEtablissementSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    propose_le = serializers.DateField(read_only=True)
    calculee_au = serializers.DateField(
        read_only=True,
        help_text="Date du barème appliqué : l'ouverture des droits (dossier complet) pour une première "
        "demande, la date du calcul pour une révision (CASF R232-23).",
    )
    actuelle = serializers.BooleanField(read_only=True)
    etablissement = serializers.CharField(read_only=True)
    gir = serializers.IntegerField(read_only=True)
    tranche_gir = serializers.CharField(read_only=True, help_text="« 1-2 » ou « 3-4 » : le tarif appliqué.")
    tarif_gir = _montant("Tarif dépendance mensuel du GIR de la personne.")
    tarif_gir_5_6 = _montant("Tarif dépendance mensuel GIR 5-6.")
    ressources_mensuelles = _montant()
    couple = serializers.BooleanField(read_only=True)
    ressources_retenues = _montant("Celles d'un couple divisées par 2.")
    seuil_bas = _montant()
    seuil_haut = _montant()
    cas = serializers.ChoiceField(choices=CasParticipationEtablissement.choices, read_only=True)
    reste_a_vivre_applique = serializers.BooleanField(read_only=True)
    participation = _montant("CASF R232-19.")
    montant_apa = _montant("Tarif du GIR moins la participation.")
    par = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "PropositionEtablissementApa"


class DecisionPartenaireSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    sens = serializers.ChoiceField(choices=SensDecisionApa.choices, read_only=True)
    decidee_le = serializers.DateField(read_only=True)
    notifiee_le = serializers.DateField(read_only=True, allow_null=True)
    droits_ouverts_le = serializers.DateField(read_only=True, allow_null=True)
    actuelle = serializers.BooleanField(read_only=True)

    class Meta:
        ref_name = "DecisionApaPartenaire"


class DecisionSerializer(DecisionPartenaireSerializer):
    gir = serializers.IntegerField(read_only=True)
    montant_plan_retenu = _montant(allow_null=True)
    tarif_gir = _montant("En établissement : le tarif dépendance du GIR.", allow_null=True)
    participation = _montant(allow_null=True)
    montant_apa = _montant(allow_null=True)
    verse = serializers.BooleanField(read_only=True)
    motivation = serializers.CharField(read_only=True)
    voies_recours = serializers.CharField(read_only=True)
    par = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "DecisionApa"


class RevisionSerializer(serializers.Serializer):
    ouverte_le = serializers.DateField(read_only=True)
    origine = serializers.CharField(read_only=True)
    motif = serializers.CharField(read_only=True)

    class Meta:
        ref_name = "RevisionApa"


class FichePartenaireSerializer(serializers.Serializer):
    """What a designated partner sees of the APA file."""

    etat = serializers.CharField(read_only=True)
    libelle_etat = serializers.CharField(read_only=True)
    dossier = DossierPartenaireSerializer(read_only=True, allow_null=True)
    evaluations = EvaluationPartenaireSerializer(many=True, read_only=True)
    decisions = DecisionPartenaireSerializer(many=True, read_only=True)
    echeances = EcheanceSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "ParcoursApaPartenaire"


class FicheSerializer(FichePartenaireSerializer):
    """The APA file as the département's staff see it (no AGGIR grid)."""

    dossier = DossierSerializer(read_only=True, allow_null=True)
    evaluations = EvaluationSerializer(many=True, read_only=True)
    plans = PlanSerializer(many=True, read_only=True)
    propositions_etablissement = PropositionEtablissementSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    revisions = RevisionSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "ParcoursApa"


class FicheSanteSerializer(FicheSerializer):
    """The APA file with the AGGIR grids and traces (medico-social profiles)."""

    evaluations = EvaluationSanteSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "ParcoursApaDetaille"


FICHE = PolymorphicProxySerializer(
    component_name="ParcoursApaSelonLecteur",
    serializers=[FicheSanteSerializer, FicheSerializer, FichePartenaireSerializer],
    resource_type_field_name=None,
)


def representation(request: Request, parcours: Parcours) -> dict[str, Any]:
    user = utilisateur_connecte(request)
    fiche = fiche_apa(parcours=parcours, user=user)
    if can_view_grille_apa(user, parcours):
        classe: type[serializers.Serializer] = FicheSanteSerializer
    elif can_view_montants_apa(user, parcours):
        classe = FicheSerializer
    else:
        classe = FichePartenaireSerializer
    return dict(classe(fiche).data)


def _reponse(request: Request, parcours_id: int, code: int = status.HTTP_200_OK) -> Response:
    """The fresh file after a write (the pathway object of the request is stale)."""
    parcours = Parcours.objects.select_related("personne", "site", "referent").get(pk=parcours_id)
    return Response(representation(request, parcours), status=code)


def _operation(operation_id: str, description: str, entree: type[serializers.Serializer]) -> Any:
    return extend_schema(
        operation_id=operation_id,
        description=description,
        tags=["parcours"],
        request=entree,
        responses=reponses({201: FICHE}, 400, 401, 403, 404, 409),
    )


# --- Endpoints ------------------------------------------------------------------------------------------


class ParcoursApaApi(ApiView):
    """The APA file of a pathway: request, evaluations, plans, decisions, revisions, deadlines."""

    @extend_schema(
        operation_id="parcours_apa",
        description=(
            "Le dossier APA du parcours : demande, accusé de réception et pièces manquantes, dossier "
            "complet, évaluations, plans d'aide (ou APA calculée en établissement), décisions et échéances "
            "(accusé de réception sous 10 jours, notification sous 2 mois). Les partenaires désignés ne "
            "reçoivent que les étapes, leurs dates et le sens des décisions ; la grille AGGIR et sa trace "
            "sont réservées aux profils médico-sociaux."
        ),
        tags=["parcours"],
        responses=reponses({200: FICHE}, 401, 403, 404),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        return Response(representation(request, _obtenir_apa(request, public_id)))


class _EtapeApi(ApiView):
    """One step: parse the input, scoped fetch, one action, the fresh file."""

    class InputSerializer(serializers.Serializer):
        pass

    action: Callable[..., Any]

    def executer(self, request: Request, public_id: uuid.UUID) -> Response:
        parcours = _obtenir_apa(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        _executer(
            type(self).action,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **self.arguments(dict(entree.validated_data)),
        )
        return _reponse(request, parcours.pk, status.HTTP_201_CREATED)

    def arguments(self, donnees: dict[str, Any]) -> dict[str, Any]:
        return donnees


class ParcoursApaDemandeApi(_EtapeApi):
    class InputSerializer(serializers.Serializer):
        demande_le = serializers.DateField(help_text="Date de la demande (âge apprécié à cette date).")
        lieu = serializers.ChoiceField(choices=LieuApa.choices)

        class Meta:
            ref_name = "DemandeApaSaisie"

    action = staticmethod(actions.apa_demande_enregistrer)

    @_operation(
        "parcours_apa_demande",
        "Enregistre ou corrige la demande d'APA (avant l'accusé de réception).",
        InputSerializer,
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return self.executer(request, public_id)


class ParcoursApaAccuseApi(_EtapeApi):
    class InputSerializer(serializers.Serializer):
        accuse_le = serializers.DateField()
        pieces_manquantes = serializers.ListField(
            child=serializers.CharField(max_length=200),
            required=False,
            default=list,
            help_text="Vide : dossier complet, enregistré à cette date (point de départ des 2 mois).",
        )

        class Meta:
            ref_name = "AccuseReceptionApaSaisie"

    action = staticmethod(actions.apa_accuser_reception)

    @_operation(
        "parcours_apa_accuse_reception",
        "Accusé de réception sous 10 jours (CASF R232-23) : dossier complet, ou liste des pièces manquantes.",
        InputSerializer,
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return self.executer(request, public_id)


class ParcoursApaCompletApi(_EtapeApi):
    class InputSerializer(serializers.Serializer):
        complet_le = serializers.DateField()

        class Meta:
            ref_name = "DossierCompletApaSaisie"

    action = staticmethod(actions.apa_dossier_completer)

    @_operation(
        "parcours_apa_dossier_complet",
        "Enregistre le dossier complet (pièces reçues) : le délai de 2 mois pour notifier part de "
        "cette date.",
        InputSerializer,
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return self.executer(request, public_id)


class ParcoursApaUrgenceApi(_EtapeApi):
    class InputSerializer(serializers.Serializer):
        le = serializers.DateField()

        class Meta:
            ref_name = "UrgenceApaSaisie"

    action = staticmethod(actions.apa_urgence_attribuer)

    @_operation(
        "parcours_apa_urgence",
        "APA d'urgence à domicile : 50 % du plafond GIR 1 (CASF R232-19), par un encadrant du site.",
        InputSerializer,
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return self.executer(request, public_id)


class ParcoursApaEvaluationApi(_EtapeApi):
    class InputSerializer(serializers.Serializer):
        evaluee_le = serializers.DateField()
        grille = serializers.DictField(
            help_text=(
                "Les 10 variables discriminantes : un code A, B ou C, le détail des sous-variables, ou "
                "les quatre adverbes S, T, H, C."
            )
        )

        class Meta:
            ref_name = "EvaluationApaSaisie"

    action = staticmethod(actions.apa_evaluer)

    @_operation(
        "parcours_apa_evaluation",
        "Enregistre la grille AGGIR (profil médico-social) ; le GIR est calculé avec sa trace.",
        InputSerializer,
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return self.executer(request, public_id)


class LigneSaisieSerializer(serializers.Serializer):
    type_aide = serializers.ChoiceField(choices=TypeAideApa.choices)
    precision = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    quantite = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)
    unite = serializers.ChoiceField(choices=UniteAideApa.choices)
    prix_unitaire = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)

    class Meta:
        ref_name = "LignePlanAideApaSaisie"


class ParcoursApaPlanApi(_EtapeApi):
    class InputSerializer(serializers.Serializer):
        propose_le = serializers.DateField()
        lignes = LigneSaisieSerializer(many=True)
        ressources_mensuelles = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
        couple = serializers.BooleanField(required=False, default=False)

        class Meta:
            ref_name = "PlanAideApaSaisie"

    action = staticmethod(actions.apa_plan_proposer)

    def arguments(self, donnees: dict[str, Any]) -> dict[str, Any]:
        donnees["lignes"] = [LigneSaisie(**ligne) for ligne in donnees["lignes"]]
        return donnees

    @_operation(
        "parcours_apa_plan",
        "Propose le plan d'aide : plafond du GIR à la date (R232-10), participation (R232-11), seuil de "
        "versement (D232-31).",
        InputSerializer,
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return self.executer(request, public_id)


class ParcoursApaEtablissementApi(_EtapeApi):
    class InputSerializer(serializers.Serializer):
        propose_le = serializers.DateField()
        etablissement = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=200, help_text="Nom et commune."
        )
        tarif_gir = serializers.DecimalField(
            max_digits=10,
            decimal_places=2,
            min_value=0,
            help_text="Tarif dépendance mensuel de l'établissement pour le GIR de la personne (1-2 ou 3-4). "
            "Un tarif journalier se convertit avec le nombre de jours retenu par le règlement "
            "départemental.",
        )
        tarif_gir_5_6 = serializers.DecimalField(
            max_digits=10, decimal_places=2, min_value=0, help_text="Tarif dépendance mensuel GIR 5-6."
        )
        ressources_mensuelles = serializers.DecimalField(
            max_digits=10, decimal_places=2, min_value=0, help_text="Celles du couple si couple est vrai."
        )
        couple = serializers.BooleanField(required=False, default=False)

        class Meta:
            ref_name = "EtablissementApaSaisie"

    action = staticmethod(actions.apa_etablissement_proposer)

    def executer(self, request: Request, public_id: uuid.UUID) -> Response:
        """As every step, but the amounts' errors go on their own fields (no grid prefix)."""
        parcours = _obtenir_apa(request, public_id, ecriture=True)
        entree = self.InputSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        executer_action(
            actions.apa_etablissement_proposer,
            statuts=STATUTS,
            parcours=parcours,
            acting_user=utilisateur_connecte(request),
            **entree.validated_data,
        )
        return _reponse(request, parcours.pk, status.HTTP_201_CREATED)

    @_operation(
        "parcours_apa_etablissement",
        "En établissement (pas de plan d'aide) : tarifs dépendance mensuels de l'établissement et "
        "ressources ; participation et APA calculées et figées (CASF R232-19, règle APA-9) au barème de "
        "l'ouverture des droits.",
        InputSerializer,
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return self.executer(request, public_id)


class ParcoursApaDecisionApi(_EtapeApi):
    class InputSerializer(serializers.Serializer):
        sens = serializers.ChoiceField(choices=SensDecisionApa.choices)
        decidee_le = serializers.DateField()
        motivation = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            help_text="Obligatoire pour un rejet ou une réduction.",
        )

        class Meta:
            ref_name = "DecisionApaSaisie"

    action = staticmethod(actions.apa_decider)

    @_operation(
        "parcours_apa_decision",
        "Décision (encadrant du site) : accord sur le plan (ou sur l'APA calculée en établissement), ou "
        "rejet motivé ; voies de recours mentionnées.",
        InputSerializer,
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return self.executer(request, public_id)


class ParcoursApaNotificationApi(_EtapeApi):
    class InputSerializer(serializers.Serializer):
        notifiee_le = serializers.DateField()

        class Meta:
            ref_name = "NotificationApaSaisie"

    action = staticmethod(actions.apa_notifier)

    @_operation(
        "parcours_apa_notification",
        "Notification de la décision : à domicile, les droits s'ouvrent à cette date (R232-23).",
        InputSerializer,
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return self.executer(request, public_id)


class ParcoursApaRevisionApi(_EtapeApi):
    class InputSerializer(serializers.Serializer):
        origine = serializers.ChoiceField(choices=OrigineRevisionApa.choices)
        ouverte_le = serializers.DateField()
        motif = serializers.CharField()

        class Meta:
            ref_name = "RevisionApaSaisie"

    action = staticmethod(actions.apa_revision_ouvrir)

    @_operation(
        "parcours_apa_revision",
        "Ouvre une révision (à tout moment après une décision notifiée).",
        InputSerializer,
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        return self.executer(request, public_id)
