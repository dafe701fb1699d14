"""RSA sanctions and reorientation requests of an RSA pathway: the section « Sanctions et réorientation »
of the pathway page (``frontend/parcours/rsa/sanctions.html``) and one form page per step.

Each step page posts to itself and calls one action of ``parcours.actions.rsa_sanctions``; same shape as
``frontend.views.pch`` (scoped fetch, 404 out of perimeter or not an RSA pathway, 403 for a role that may
never use the step, refusals on the form with their status, nothing written).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from frontend.acces import utilisateur
from frontend.decorators import connexion_requise
from frontend.forms_parcours_rsa import CHAMPS, OrientationRsaForm
from frontend.forms_rsa_sanctions import (
    AvisEpForm,
    DateForm,
    DecisionSanctionForm,
    DemandeReorientationForm,
    ManquementForm,
    NotificationForm,
    ObservationsDemanderForm,
    ObservationsForm,
    RadiationForm,
    RecoursDecisionForm,
    RecoursForm,
    RefusReorientationForm,
)
from frontend.views.pch import formulaire, obtenir
from parcours.actions import rsa_sanctions as a
from parcours.enums import Dispositif
from parcours.models import DemandeReorientationRsa, Parcours, ProcedureSanctionRsa
from parcours.selectors import organismes_referents_possibles
from social.exceptions import DomainError
from social.models import Utilisateur

GABARIT = "frontend/parcours/rsa/sanction_formulaire.html"


@dataclass(frozen=True)
class Etape:
    """One step of the procedure: its form, its action, who may (the table's roles), its texts."""

    form: type[forms.Form]
    action: Callable[..., object]
    peut: Callable[[Utilisateur, Parcours], bool]
    titre: Any
    bouton: Any
    succes: Any


ETAPES: dict[str, Etape] = {
    "observations-demandees": Etape(
        ObservationsDemanderForm,
        a.sanction_observations_demander,
        a.can_suivre_sanction_rsa,
        gettext_lazy("Inviter la personne à présenter ses observations"),
        gettext_lazy("Enregistrer l'invitation"),
        gettext_lazy("L'invitation à présenter des observations a été enregistrée."),
    ),
    "observations": Etape(
        ObservationsForm,
        a.sanction_observations_enregistrer,
        a.can_suivre_sanction_rsa,
        gettext_lazy("Enregistrer les observations de la personne"),
        gettext_lazy("Enregistrer les observations"),
        gettext_lazy("Les observations ont été enregistrées."),
    ),
    "delai-expire": Etape(
        DateForm,
        a.sanction_delai_observations_constater,
        a.can_suivre_sanction_rsa,
        gettext_lazy("Constater l'expiration du délai d'observations"),
        gettext_lazy("Constater"),
        gettext_lazy("L'expiration du délai a été enregistrée."),
    ),
    "avis-ep": Etape(
        AvisEpForm,
        a.sanction_avis_ep_enregistrer,
        a.can_suivre_sanction_rsa,
        gettext_lazy("Enregistrer l'avis de l'équipe pluridisciplinaire"),
        gettext_lazy("Enregistrer l'avis"),
        gettext_lazy("L'avis de l'équipe pluridisciplinaire a été enregistré."),
    ),
    "decision": Etape(
        DecisionSanctionForm,
        a.sanction_decider,
        a.can_decider_sanction_rsa,
        gettext_lazy("Décider la sanction"),
        gettext_lazy("Enregistrer la décision"),
        gettext_lazy("La décision a été enregistrée."),
    ),
    "notification": Etape(
        NotificationForm,
        a.sanction_notifier,
        a.can_suivre_sanction_rsa,
        gettext_lazy("Enregistrer la notification de la décision"),
        gettext_lazy("Enregistrer la notification"),
        gettext_lazy("La notification a été enregistrée avec les voies et délais de recours."),
    ),
    "recours": Etape(
        RecoursForm,
        a.sanction_recours_enregistrer,
        a.can_suivre_sanction_rsa,
        gettext_lazy("Enregistrer un recours administratif préalable"),
        gettext_lazy("Enregistrer le recours"),
        gettext_lazy("Le recours a été enregistré."),
    ),
    "recours-decision": Etape(
        RecoursDecisionForm,
        a.sanction_recours_statuer,
        a.can_decider_sanction_rsa,
        gettext_lazy("Statuer sur le recours administratif préalable"),
        gettext_lazy("Enregistrer la décision sur le recours"),
        gettext_lazy("La décision sur le recours a été enregistrée."),
    ),
    "conformite": Etape(
        DateForm,
        a.sanction_mise_en_conformite_enregistrer,
        a.can_suivre_sanction_rsa,
        gettext_lazy("Enregistrer la mise en conformité (levée automatique)"),
        gettext_lazy("Enregistrer la mise en conformité"),
        gettext_lazy("La sanction est levée ; les sommes à restituer sont calculées."),
    ),
    "radiation": Etape(
        RadiationForm,
        a.sanction_radier,
        a.can_decider_sanction_rsa,
        gettext_lazy("Mettre fin au droit et radier du RSA"),
        gettext_lazy("Enregistrer la fin de droit"),
        gettext_lazy("La fin de droit a été enregistrée ; le parcours est clos."),
    ),
}


def _donnees(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_rsa_sanction_constater(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Open a sanction procedure on a failure (RSA-8 step 1)."""
    parcours = obtenir(request, public_id, Dispositif.RSA)
    user = utilisateur(request)
    if not a.can_suivre_sanction_rsa(user, parcours):
        raise PermissionDenied
    return formulaire(
        request,
        parcours,
        ManquementForm(_donnees(request)),
        lambda d: a.sanction_manquement_constater(parcours=parcours, acting_user=user, **d),
        gabarit=GABARIT,
        titre=_("Constater un manquement"),
        bouton=_("Ouvrir la procédure"),
        succes=_("Le manquement a été enregistré : invitez la personne à présenter ses observations."),
        intro=_(
            "Aucune sanction ne peut être prise avant que la personne ait pu présenter ses observations."
        ),
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_rsa_sanction_etape(
    request: HttpRequest, public_id: uuid.UUID, procedure: uuid.UUID, etape: str
) -> HttpResponse:
    """One step of an open procedure (table ``ETAPES``)."""
    parcours = obtenir(request, public_id, Dispositif.RSA)
    user = utilisateur(request)
    definition = ETAPES.get(etape)
    if definition is None:
        raise Http404("Étape inconnue")
    ligne = get_object_or_404(ProcedureSanctionRsa, parcours=parcours, public_id=procedure)
    if not definition.peut(user, parcours):
        raise PermissionDenied
    form = definition.form(_donnees(request))

    def executer(donnees: dict[str, Any]) -> object:
        arguments = form.arguments() if isinstance(form, DecisionSanctionForm) else donnees
        return definition.action(procedure=ligne, acting_user=user, **arguments)

    return formulaire(
        request,
        parcours,
        form,
        executer,
        gabarit=GABARIT,
        titre=str(definition.titre),
        bouton=str(definition.bouton),
        succes=str(definition.succes),
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_rsa_reorientation_demander(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record a reorientation request of the référent or of the person."""
    parcours = obtenir(request, public_id, Dispositif.RSA)
    user = utilisateur(request)
    if not a.can_demander_reorientation(user, parcours):
        raise PermissionDenied
    return formulaire(
        request,
        parcours,
        DemandeReorientationForm(_donnees(request)),
        lambda d: a.reorientation_demander(parcours=parcours, acting_user=user, **d),
        gabarit=GABARIT,
        titre=_("Demander une réorientation"),
        bouton=_("Enregistrer la demande"),
        succes=_("La demande de réorientation a été enregistrée : un encadrant la décidera."),
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_rsa_reorientation_refuser(
    request: HttpRequest, public_id: uuid.UUID, demande: uuid.UUID
) -> HttpResponse:
    """Refuse a reorientation request, with a motivation. (Acceptance is the orientation form, which
    records the new orientation through ``rsa_orienter`` and answers the pending request.)"""
    parcours = obtenir(request, public_id, Dispositif.RSA)
    user = utilisateur(request)
    ligne = get_object_or_404(DemandeReorientationRsa, parcours=parcours, public_id=demande)
    if not a.can_decider_reorientation(user, parcours):
        raise PermissionDenied
    return formulaire(
        request,
        parcours,
        RefusReorientationForm(_donnees(request)),
        lambda d: a.reorientation_decider(demande=ligne, acceptee=False, acting_user=user, **d),
        gabarit=GABARIT,
        titre=_("Refuser la demande de réorientation"),
        bouton=_("Enregistrer le refus"),
        succes=_("Le refus de la demande de réorientation a été enregistré."),
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_rsa_reorientation_accepter(
    request: HttpRequest, public_id: uuid.UUID, demande: uuid.UUID
) -> HttpResponse:
    """Accept a reorientation request: the new orientation (parcours, criteria, organisme référent, dates)
    is recorded by ``rsa_orienter`` through ``reorientation_decider``; the form's motif is the motivation."""
    parcours = obtenir(request, public_id, Dispositif.RSA)
    user = utilisateur(request)
    ligne = get_object_or_404(DemandeReorientationRsa, parcours=parcours, public_id=demande)
    if not a.can_decider_reorientation(user, parcours):
        raise PermissionDenied
    form = OrientationRsaForm(
        _donnees(request),
        organismes=organismes_referents_possibles(parcours=parcours),
        site=parcours.site.nom,
        reorientation=True,
    )

    def executer(d: dict[str, Any]) -> object:
        try:
            return a.reorientation_decider(
                demande=ligne,
                acceptee=True,
                decidee_le=d["decidee_le"],
                motivation=d.get("motif", ""),
                criteres=form.criteres(),
                parcours_type=d["parcours_type"],
                organisme_referent=form.organisme(),
                notifiee_le=d["notifiee_le"],
                vulnerabilites=d["vulnerabilites"],
                acting_user=user,
            )
        except DomainError as exc:
            champ = exc.extra.get("champ")
            exc.extra["champ"] = (
                {"motivation": "motif", **CHAMPS}.get(champ, champ) if isinstance(champ, str) else None
            )
            raise

    return formulaire(
        request,
        parcours,
        form,
        executer,
        gabarit=GABARIT,
        titre=_("Accepter la demande de réorientation"),
        bouton=_("Enregistrer la nouvelle orientation"),
        succes=_("La réorientation a été enregistrée."),
    )
