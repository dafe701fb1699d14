"""The APA file of a pathway: one form page per step (request, acknowledgement, complete file, urgency,
evaluation, plan d'aide at home or the establishment's tariffs, decision, notification, revision).

The pathway page shows the section « Allocation personnalisée d'autonomie » (``parcours.selectors_apa``)
and links to these pages. Each is a form page (GET) that posts to itself and calls one action of
``parcours.actions.apa``: success redirects to the pathway page (post/redirect/get); a refusal re-renders
the form with its error summary and the domain's message (status 400, 403 or 409), and nothing is
written. Fetches are scoped (out of perimeter or not an APA pathway: 404; a role or a state that does not
allow the step: 403) and journaled.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from frontend.forms_apa_dossier import (
    AccuseReceptionApaForm,
    DecisionApaForm,
    DemandeApaForm,
    DossierCompletApaForm,
    EtablissementApaForm,
    EvaluationApaForm,
    NotificationApaForm,
    PlanAideApaForm,
    RevisionApaForm,
    UrgenceApaForm,
)
from parcours import actions
from parcours.enums import Dispositif
from parcours.models import Parcours
from parcours.permissions import can_view_parcours
from parcours.selectors import parcours_obtenir
from parcours.selectors_apa import FicheApa, fiche_apa
from social.enums import OperationJournal
from social.exceptions import DomainError
from social.models import Utilisateur

_STATUTS = {
    "interdit": 403,
    "transition_impossible": 409,
    "parcours_clos": 409,
    "apa_dossier_requis": 409,
    "apa_evaluation_requise": 409,
    "apa_urgence_deja": 409,
}


@dataclass(frozen=True)
class Etape:
    titre: Any
    bouton: Any
    succes: Any
    formulaire: type[forms.Form]
    permis: Callable[[FicheApa], bool]
    executer: Callable[[forms.Form, Parcours, Utilisateur], object]
    gabarit: str = "frontend/parcours/apa/etape.html"
    introduction: Any = ""
    # Keyword arguments of the form built from the file (labels, initial values).
    options: Callable[[FicheApa], dict[str, Any]] = lambda fiche: {}
    # The refusal's ``extra["erreurs"]`` (field → messages) go on each field of the form.
    erreurs_par_champ: bool = False


def _demande(form: forms.Form, parcours: Parcours, user: Utilisateur) -> object:
    d = form.cleaned_data
    return actions.apa_demande_enregistrer(
        parcours=parcours, demande_le=d["demande_le"], lieu=d["lieu"], acting_user=user
    )


def _accuse(form: forms.Form, parcours: Parcours, user: Utilisateur) -> object:
    assert isinstance(form, AccuseReceptionApaForm)
    return actions.apa_accuser_reception(
        parcours=parcours,
        accuse_le=form.cleaned_data["accuse_le"],
        pieces_manquantes=form.pieces(),
        acting_user=user,
    )


def _complet(form: forms.Form, parcours: Parcours, user: Utilisateur) -> object:
    return actions.apa_dossier_completer(
        parcours=parcours, complet_le=form.cleaned_data["complet_le"], acting_user=user
    )


def _urgence(form: forms.Form, parcours: Parcours, user: Utilisateur) -> object:
    return actions.apa_urgence_attribuer(parcours=parcours, le=form.cleaned_data["le"], acting_user=user)


def _evaluation(form: forms.Form, parcours: Parcours, user: Utilisateur) -> object:
    assert isinstance(form, EvaluationApaForm)
    return actions.apa_evaluer(
        parcours=parcours, evaluee_le=form.cleaned_data["evaluee_le"], grille=form.grille, acting_user=user
    )


def _plan(form: forms.Form, parcours: Parcours, user: Utilisateur) -> object:
    assert isinstance(form, PlanAideApaForm)
    d = form.cleaned_data
    return actions.apa_plan_proposer(
        parcours=parcours,
        propose_le=d["propose_le"],
        lignes=form.lignes_saisies,
        ressources_mensuelles=d["ressources_mensuelles"],
        couple=d["couple"],
        acting_user=user,
    )


def _etablissement(form: forms.Form, parcours: Parcours, user: Utilisateur) -> object:
    d = form.cleaned_data
    return actions.apa_etablissement_proposer(
        parcours=parcours,
        propose_le=d["propose_le"],
        etablissement=d.get("etablissement") or "",
        tarif_gir=d["tarif_gir"],
        tarif_gir_5_6=d["tarif_gir_5_6"],
        ressources_mensuelles=d["ressources_mensuelles"],
        couple=d["couple"],
        acting_user=user,
    )


def _options_etablissement(fiche: FicheApa) -> dict[str, Any]:
    """The tariff named after the current evaluation's GIR; a correction starts from the current amounts."""
    evaluation = fiche.evaluation_actuelle
    options: dict[str, Any] = {
        "tranche": ""
        if evaluation is None or evaluation.gir is None
        else ("1-2" if evaluation.gir <= 2 else "3-4")
    }
    actuelle = fiche.proposition_etablissement_actuelle
    if actuelle is not None:
        options["initial"] = {
            "etablissement": actuelle.etablissement,
            "tarif_gir": _montant_saisi(actuelle.tarif_gir),
            "tarif_gir_5_6": _montant_saisi(actuelle.tarif_gir_5_6),
            "ressources_mensuelles": _montant_saisi(actuelle.ressources_mensuelles),
            "couple": actuelle.couple,
        }
    return options


def _montant_saisi(montant: Decimal) -> str:
    """An amount as the agent types it (« 600,00 »), which ``ChampMontant`` reads back."""
    return f"{montant:.2f}".replace(".", ",")


def _decision(form: forms.Form, parcours: Parcours, user: Utilisateur) -> object:
    d = form.cleaned_data
    return actions.apa_decider(
        parcours=parcours,
        sens=d["sens"],
        decidee_le=d["decidee_le"],
        motivation=d.get("motivation") or "",
        acting_user=user,
    )


def _notification(form: forms.Form, parcours: Parcours, user: Utilisateur) -> object:
    return actions.apa_notifier(
        parcours=parcours, notifiee_le=form.cleaned_data["notifiee_le"], acting_user=user
    )


def _revision(form: forms.Form, parcours: Parcours, user: Utilisateur) -> object:
    d = form.cleaned_data
    return actions.apa_revision_ouvrir(
        parcours=parcours,
        origine=d["origine"],
        ouverte_le=d["ouverte_le"],
        motif=d["motif"],
        acting_user=user,
    )


ETAPES: dict[str, Etape] = {
    "demande": Etape(
        _("Enregistrer la demande d'APA"),
        _("Enregistrer la demande"),
        _("La demande d'APA a été enregistrée."),
        DemandeApaForm,
        lambda fiche: fiche.peut_enregistrer_demande,
        _demande,
    ),
    "accuse": Etape(
        _("Envoyer l'accusé de réception"),
        _("Enregistrer l'accusé de réception"),
        _("L'accusé de réception a été enregistré."),
        AccuseReceptionApaForm,
        lambda fiche: fiche.peut_accuser_reception,
        _accuse,
        introduction=_(
            "Dans les 10 jours de la réception : l'accusé de réception enregistre le dossier complet, ou "
            "indique le nombre et la nature des pièces manquantes (CASF R232-23)."
        ),
    ),
    "complet": Etape(
        _("Enregistrer le dossier complet"),
        _("Enregistrer le dossier complet"),
        _("Le dossier complet a été enregistré."),
        DossierCompletApaForm,
        lambda fiche: fiche.peut_completer,
        _complet,
    ),
    "urgence": Etape(
        _("Attribuer une APA d'urgence"),
        _("Attribuer l'APA d'urgence"),
        _("L'APA d'urgence a été attribuée."),
        UrgenceApaForm,
        lambda fiche: fiche.peut_attribuer_urgence,
        _urgence,
    ),
    "evaluation": Etape(
        _("Évaluation médico-sociale : grille AGGIR"),
        _("Enregistrer l'évaluation"),
        _("L'évaluation a été enregistrée."),
        EvaluationApaForm,
        lambda fiche: fiche.peut_evaluer,
        _evaluation,
        gabarit="frontend/parcours/apa/evaluation.html",
        options=lambda fiche: {"en_etablissement": fiche.en_etablissement},
    ),
    "plan": Etape(
        _("Proposer le plan d'aide"),
        _("Proposer le plan d'aide"),
        _("Le plan d'aide a été proposé."),
        PlanAideApaForm,
        lambda fiche: fiche.peut_proposer_plan,
        _plan,
        gabarit="frontend/parcours/apa/plan.html",
    ),
    "etablissement": Etape(
        _("Calculer l'APA en établissement"),
        _("Calculer et enregistrer"),
        _("L'APA en établissement a été calculée."),
        EtablissementApaForm,
        lambda fiche: fiche.peut_proposer_etablissement,
        _etablissement,
        gabarit="frontend/parcours/apa/etablissement.html",
        options=_options_etablissement,
        erreurs_par_champ=True,
    ),
    "decision": Etape(
        _("Enregistrer la décision"),
        _("Enregistrer la décision"),
        _("La décision a été enregistrée."),
        DecisionApaForm,
        lambda fiche: fiche.peut_decider,
        _decision,
        introduction=_(
            "Un accord porte sur le plan d'aide proposé (à domicile) ou sur l'APA calculée en établissement, "
            "et sur leurs montants. Un rejet, ou une réduction de l'APA lors d'une révision, doit être "
            "motivé. La décision mentionne les voies et délais de recours."
        ),
    ),
    "notification": Etape(
        _("Enregistrer la notification de la décision"),
        _("Enregistrer la notification"),
        _("La notification a été enregistrée."),
        NotificationApaForm,
        lambda fiche: fiche.peut_notifier,
        _notification,
    ),
    "revision": Etape(
        _("Ouvrir une révision"),
        _("Ouvrir la révision"),
        _("La révision a été ouverte."),
        RevisionApaForm,
        lambda fiche: fiche.peut_reviser,
        _revision,
        introduction=_(
            "À tout moment, à la demande de la personne ou du Département : une nouvelle évaluation, un "
            "nouveau plan et une nouvelle décision suivront ; les précédents restent consultables."
        ),
    ),
}


def _obtenir(request: HttpRequest, public_id: uuid.UUID) -> Parcours:
    parcours = parcours_obtenir(
        user=request.user,
        public_id=public_id,
        acces=contexte_acces(request),
        operation=OperationJournal.MODIFICATION
        if request.method == "POST"
        else OperationJournal.CONSULTATION,
    )
    if parcours.dispositif != Dispositif.APA:
        raise Http404("Parcours APA introuvable")
    if not can_view_parcours(request.user, parcours):
        raise PermissionDenied
    return parcours


def _etape(request: HttpRequest, public_id: uuid.UUID, nom: str) -> HttpResponse:
    etape = ETAPES[nom]
    user = utilisateur(request)
    parcours = _obtenir(request, public_id)
    fiche = fiche_apa(parcours=parcours, user=user)
    if not etape.permis(fiche):
        raise PermissionDenied
    form = etape.formulaire(request.POST if request.method == "POST" else None, **etape.options(fiche))
    statut = 200
    if form.is_bound:
        statut = 400
        if form.is_valid():
            try:
                etape.executer(form, parcours, user)
            except DomainError as exc:
                _erreurs_sur_le_formulaire(form, exc, par_champ=etape.erreurs_par_champ)
                statut = _STATUTS.get(exc.code, 400)
            else:
                messages.success(request, str(etape.succes))
                return redirect("frontend:parcours_detail", public_id=parcours.public_id)
    return render(
        request,
        etape.gabarit,
        {"parcours": parcours, "apa": fiche, "form": form, "etape": etape},
        status=statut,
    )


def _erreurs_sur_le_formulaire(form: forms.Form, exc: DomainError, *, par_champ: bool) -> None:
    """The refusal on the field it names (or every field of ``extra["erreurs"]``), else on the form."""
    erreurs = exc.extra.get("erreurs")
    if par_champ and isinstance(erreurs, dict) and set(erreurs) <= set(form.fields):
        for nom, messages in erreurs.items():
            for message in messages:
                form.add_error(nom, message)
        return
    champ = exc.extra.get("champ")
    form.add_error(champ if isinstance(champ, str) and champ in form.fields else None, exc.message)


def _vue(nom: str) -> Callable[[HttpRequest, uuid.UUID], HttpResponse]:
    @require_http_methods(["GET", "POST"])
    @connexion_requise
    def vue(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
        return _etape(request, public_id, nom)

    vue.__name__ = f"parcours_apa_{nom}"
    vue.__doc__ = f"The APA step « {nom} » of a pathway (form page)."
    return vue


parcours_apa_demande = _vue("demande")
parcours_apa_accuse = _vue("accuse")
parcours_apa_complet = _vue("complet")
parcours_apa_urgence = _vue("urgence")
parcours_apa_evaluation = _vue("evaluation")
parcours_apa_plan = _vue("plan")
parcours_apa_etablissement = _vue("etablissement")
parcours_apa_decision = _vue("decision")
parcours_apa_notification = _vue("notification")
parcours_apa_revision = _vue("revision")
