"""Pages of the councils' work: the social worker's aid requests (create with the budget, submit,
follow), the secretariat's sessions (create, build the agenda, convoke) and the members' « Mes
séances » with the agenda files (pseudonymised when the instance is set so).

Thin views: parse the form, scoped fetch (404 out of scope; 403 for a role that may not use the page),
one action, post/redirect/get; a refusal re-renders the form with the domain's message."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from frontend.forms_instances import (
    ConvocationForm,
    DecisionForm,
    DemandeAideForm,
    PointCourantForm,
    PointForm,
    PresencesForm,
    SeanceForm,
)
from instances import actions
from instances.actions.seances import quorum_de
from instances.enums import EtatSeance
from instances.models import Decision, DemandeAide, Seance
from instances.permissions import (
    can_create_demande_aide,
    can_manage_seances,
    can_submit_demande_aide,
    can_view_demandes_aide,
    can_view_detail_demandes_aide,
    can_view_seances,
)
from instances.selectors import (
    decisions_rapportees,
    demande_detail,
    demande_obtenir,
    demandes_a_inscrire,
    demandes_du_parcours,
    instances_gerees,
    membres_de_seance,
    ordre_du_jour,
    presences_de,
    proces_verbal_lire,
    resumes_demandes_du_parcours,
    seance_obtenir,
    seances_visibles,
    types_aide_proposes,
    votants_de,
)
from parcours.models import Parcours
from parcours.permissions import can_view_parcours
from parcours.selectors import parcours_obtenir
from social.enums import OperationJournal
from social.exceptions import DomainError

STATUTS = {"interdit": 403, "transition_impossible": 409, "ordre_du_jour_vide": 409}


def _refus(form: Any, exc: DomainError) -> int:
    champ = exc.extra.get("champ")
    champ = champ if isinstance(champ, str) and champ in form.fields else None
    form.add_error(champ, exc.message)
    return STATUTS.get(exc.code, 400)


def _parcours(request: HttpRequest, public_id: uuid.UUID) -> Parcours:
    parcours = parcours_obtenir(
        user=request.user,
        public_id=public_id,
        acces=contexte_acces(request),
        operation=OperationJournal.MODIFICATION
        if request.method == "POST"
        else OperationJournal.CONSULTATION,
    )
    if not can_view_parcours(request.user, parcours) or not can_view_demandes_aide(request.user, parcours):
        raise PermissionDenied
    return parcours


# --- Social worker ----------------------------------------------------------------------------------


@require_GET
@connexion_requise
def demandes_parcours(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The aid requests of a pathway, to follow them: in full for the département's staff of the
    pathway, their partner-facing summary for a designated partner (no budget, amount or reason)."""
    parcours = _parcours(request, public_id)
    complet = can_view_detail_demandes_aide(request.user, parcours)
    return render(
        request,
        "frontend/instances/demandes_parcours.html",
        {
            "parcours": parcours,
            "demandes": demandes_du_parcours(user=request.user, parcours=parcours) if complet else [],
            "resumes": [] if complet else resumes_demandes_du_parcours(user=request.user, parcours=parcours),
            "resume_partenaire": not complet,
            "peut_creer": can_create_demande_aide(request.user, parcours),
        },
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def demande_creer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A new aid request with the household budget (draft; the reste à vivre is computed)."""
    user = utilisateur(request)
    parcours = _parcours(request, public_id)
    if not can_create_demande_aide(user, parcours):
        raise PermissionDenied
    form = DemandeAideForm(request.POST if request.method == "POST" else None, types=types_aide_proposes())
    statut = 200
    if form.is_bound:
        statut = 400
        if form.is_valid():
            try:
                demande = actions.demande_aide_creer(parcours=parcours, acting_user=user, **form.arguments())
            except DomainError as exc:
                statut = _refus(form, exc)
            else:
                messages.success(
                    request, _("La demande a été enregistrée en brouillon : vérifiez-la puis déposez-la.")
                )
                return redirect("frontend:demande_aide", public_id=demande.public_id)
    return render(
        request, "frontend/instances/demande_creer.html", {"parcours": parcours, "form": form}, status=statut
    )


def _demande_page(
    request: HttpRequest, demande: DemandeAide, statut: int = 200, erreur: str = ""
) -> HttpResponse:
    return render(
        request,
        "frontend/instances/demande.html",
        {
            "demande": demande,
            "erreur": erreur,
            "peut_deposer": can_submit_demande_aide(request.user, demande),
            **demande_detail(demande=demande),
        },
        status=statut,
    )


@require_GET
@connexion_requise
def demande_aide(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """An aid request: budget and reste à vivre per consumption unit, state, log, decisions."""
    demande = demande_obtenir(user=request.user, public_id=public_id, acces=contexte_acces(request))
    return _demande_page(request, demande)


@require_POST
@connexion_requise
def demande_deposer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Submit the request: eligibility, frequency and caps are checked (refusal: the page says why)."""
    demande = demande_obtenir(
        user=request.user,
        public_id=public_id,
        acces=contexte_acces(request),
        operation=OperationJournal.MODIFICATION,
    )
    if not can_submit_demande_aide(request.user, demande):
        raise PermissionDenied
    try:
        actions.demande_aide_deposer(demande=demande, acting_user=utilisateur(request))
    except DomainError as exc:
        return _demande_page(request, demande, STATUTS.get(exc.code, 400), exc.message)
    messages.success(request, _("La demande a été déposée : elle attend son inscription à l'ordre du jour."))
    return redirect("frontend:demande_aide", public_id=demande.public_id)


# --- Secretariat and members ------------------------------------------------------------------------


@require_GET
@connexion_requise
def seances(request: HttpRequest) -> HttpResponse:
    """« Mes séances »: the sessions of the user's instances (all of them for the secretariat)."""
    if not can_view_seances(request.user):
        raise PermissionDenied
    return render(
        request,
        "frontend/instances/seances.html",
        {
            "seances": list(seances_visibles(user=request.user)[:100]),
            "peut_creer": can_manage_seances(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def seance_creer(request: HttpRequest) -> HttpResponse:
    user = utilisateur(request)
    instances = instances_gerees(user=user)
    if not instances:
        raise PermissionDenied
    form = SeanceForm(request.POST if request.method == "POST" else None, instances=instances)
    statut = 200
    if form.is_bound:
        statut = 400
        if form.is_valid():
            donnees = form.cleaned_data
            try:
                seance = actions.seance_creer(
                    organe=donnees["instance"],
                    date=donnees["date"],
                    lieu=donnees["lieu"],
                    duree_minutes=donnees["duree_minutes"],
                    acting_user=user,
                )
            except DomainError as exc:
                statut = _refus(form, exc)
            else:
                messages.success(request, _("La séance a été créée : inscrivez les dossiers puis convoquez."))
                return redirect("frontend:seance", public_id=seance.public_id)
    return render(request, "frontend/instances/seance_creer.html", {"form": form}, status=statut)


def _seance_page(
    request: HttpRequest,
    seance: Seance,
    *,
    statut: int = 200,
    point_form: PointForm | None = None,
    convocation_form: ConvocationForm | None = None,
) -> HttpResponse:
    gestion = can_manage_seances(request.user, seance.organe_id)
    preparation = seance.etat in (EtatSeance.CREEE, EtatSeance.REPORTEE)
    if gestion and preparation and point_form is None:
        point_form = PointForm(demandes=demandes_a_inscrire(seance=seance, user=request.user))
    if gestion and preparation and convocation_form is None:
        convocation_form = ConvocationForm()
    return render(
        request,
        "frontend/instances/seance.html",
        {
            "seance": seance,
            "lignes": ordre_du_jour(seance=seance, user=request.user, acces=contexte_acces(request)),
            "rapportees": decisions_rapportees(seance=seance),
            "gestion": gestion,
            "point_form": point_form if gestion and preparation else None,
            "convocation_form": convocation_form if gestion and preparation else None,
            "form": point_form or convocation_form,
            "courriers": gestion
            and seance.etat in (EtatSeance.CLOTUREE, EtatSeance.VALIDEE, EtatSeance.NOTIFIEE),
        },
        status=statut,
    )


@require_GET
@connexion_requise
def seance(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A session and its agenda: the files the user may read, pseudonymised when the instance is set so."""
    return _seance_page(request, seance_obtenir(user=request.user, public_id=public_id))


def _seance_geree(request: HttpRequest, public_id: uuid.UUID) -> Seance:
    """Managing a session (agenda, convocation, live conduct, minutes, letters, notification): the
    secretariat and the chair of its instance. A user who sees the session (another member) but may not
    manage it: 403; one who does not see it: 404 (``seance_obtenir``)."""
    une_seance = seance_obtenir(user=request.user, public_id=public_id)
    if not can_manage_seances(request.user, une_seance.organe_id):
        raise PermissionDenied
    return une_seance


@require_POST
@connexion_requise
def seance_point_ajouter(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    une_seance = _seance_geree(request, public_id)
    form = PointForm(request.POST, demandes=demandes_a_inscrire(seance=une_seance, user=request.user))
    if form.is_valid():
        demande = demande_obtenir(
            user=request.user,
            public_id=form.cleaned_data["demande"],
            acces=contexte_acces(request),
            operation=OperationJournal.MODIFICATION,
        )
        try:
            actions.seance_point_ajouter(seance=une_seance, demande=demande, acting_user=utilisateur(request))
        except DomainError as exc:
            return _seance_page(request, une_seance, statut=_refus(form, exc), point_form=form)
        messages.success(request, _("Le dossier a été inscrit à l'ordre du jour."))
        return redirect("frontend:seance", public_id=une_seance.public_id)
    return _seance_page(request, une_seance, statut=400, point_form=form)


@require_POST
@connexion_requise
def seance_convoquer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    une_seance = _seance_geree(request, public_id)
    form = ConvocationForm(request.POST)
    if form.is_valid():
        try:
            actions.seance_convoquer(
                seance=une_seance,
                acting_user=utilisateur(request),
                urgence_motif=form.cleaned_data["urgence_motif"],
                nouvelle_date=form.cleaned_data["nouvelle_date"],
            )
        except DomainError as exc:
            statut = _refus(form, exc)
            une_seance.refresh_from_db()
            return _seance_page(request, une_seance, statut=statut, convocation_form=form)
        messages.success(request, _("La convocation et l'ordre du jour ont été envoyés aux membres."))
        return redirect("frontend:seance", public_id=une_seance.public_id)
    return _seance_page(request, une_seance, statut=400, convocation_form=form)


def _executer(
    request: HttpRequest, une_seance: Seance, action: Any, succes: str, *, direct: bool = False, **kwargs: Any
) -> HttpResponse:
    """Run a session action for the page's form, report its outcome as a message, and go back to the
    session's page (or its live page)."""
    try:
        action(acting_user=utilisateur(request), **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, succes)
    return _vers_direct(une_seance) if direct else redirect("frontend:seance", public_id=une_seance.public_id)


@require_POST
@connexion_requise
def seance_proces_verbal_produire(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    une_seance = _seance_geree(request, public_id)
    return _executer(
        request,
        une_seance,
        actions.proces_verbal_produire,
        _("Le procès-verbal a été produit."),
        seance=une_seance,
    )


@require_GET
@connexion_requise
def seance_proces_verbal(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The minutes' PDF, as an attachment, never cached."""
    une_seance = _seance_geree(request, public_id)
    contenu = proces_verbal_lire(seance=une_seance, acces=contexte_acces(request))
    if not contenu:
        raise Http404
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="proces-verbal-{une_seance.jour:%Y-%m-%d}.pdf"'
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse


@require_POST
@connexion_requise
def seance_lettre_produire(request: HttpRequest, public_id: uuid.UUID, point_id: uuid.UUID) -> HttpResponse:
    une_seance = _seance_geree(request, public_id)
    decision = Decision.objects.filter(point__seance=une_seance, point__public_id=point_id).first()
    if decision is None:
        raise Http404
    return _executer(
        request,
        une_seance,
        actions.lettre_notification_produire,
        _("La lettre de notification a été produite et classée dans les documents du parcours."),
        decision=decision,
    )


@require_POST
@connexion_requise
def seance_decisions_notifier(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    une_seance = _seance_geree(request, public_id)
    return _executer(
        request,
        une_seance,
        actions.seance_decisions_notifier,
        _("Les décisions de la séance sont notifiées."),
        seance=une_seance,
    )


# --- Live session -----------------------------------------------------------------------------------

MESSAGE_VERSION = _(
    "Une autre personne a modifié cette décision pendant votre saisie. Votre saisie est conservée "
    "ci-dessous : comparez-la à la décision enregistrée (dans « En direct »), puis enregistrez à nouveau "
    "si elle doit la remplacer."
)


def _direct_contexte(request: HttpRequest, une_seance: Seance) -> dict[str, Any]:
    """The live state as the user sees it: the agenda (scoped, pseudonymised for members, journaled)
    with its decisions and the file under examination."""
    lignes = ordre_du_jour(seance=une_seance, user=request.user, acces=contexte_acces(request))
    courant = next((ligne for ligne in lignes if ligne.point.pk == une_seance.point_courant_id), None)
    return {"seance": une_seance, "lignes": lignes, "courant": courant}


def _direct_page(
    request: HttpRequest,
    une_seance: Seance,
    *,
    statut: int = 200,
    presences_form: PresencesForm | None = None,
    decision_form: DecisionForm | None = None,
    point_form: PointCourantForm | None = None,
) -> HttpResponse:
    contexte = _direct_contexte(request, une_seance)
    gestion = can_manage_seances(request.user, une_seance.organe_id)
    contexte["gestion"] = gestion
    if gestion and une_seance.etat in (EtatSeance.CONVOQUEE, EtatSeance.OUVERTE):
        membres = membres_de_seance(seance=une_seance)
        presences = presences_de(seance=une_seance)
        if presences_form is None:
            presences_form = PresencesForm(mandats=membres, presences=presences)
        contexte["presences_form"] = presences_form
        if une_seance.etat == EtatSeance.CONVOQUEE:
            contexte["quorum"] = quorum_de(une_seance)
        if une_seance.etat == EtatSeance.OUVERTE:
            choix = [
                (
                    str(ligne.point.public_id),
                    f"{ligne.point.ordre}. "
                    + (ligne.demande.reference if ligne.demande else _("dossier non consultable")),
                )
                for ligne in contexte["lignes"]
            ]
            if point_form is None:
                courant_id = str(contexte["courant"].point.public_id) if contexte["courant"] else ""
                point_form = PointCourantForm(points=choix, initial={"point": courant_id})
            else:  # a refused choice, shown again with its error and the same labels
                point_form.fields["point"].choices = choix  # type: ignore[attr-defined]
            contexte["point_form"] = point_form
            courant = contexte["courant"]
            if courant is not None and decision_form is None:
                decision_form = DecisionForm(
                    votants=votants_de(membres=membres, presences=presences, point=courant.point),
                    initial=_decision_initiale(courant.decision),
                )
            contexte["decision_form"] = decision_form
    contexte["form"] = point_form or decision_form or presences_form
    return render(request, "frontend/instances/seance_direct.html", contexte, status=statut)


def _decision_initiale(decision: Decision | None) -> dict[str, Any]:
    if decision is None:
        return {"version": ""}
    return {
        "issue": decision.issue,
        "montant": decision.montant,
        "forme": decision.forme,
        "tiers": decision.tiers,
        "motivation": decision.motivation,
        "motif_ajournement": decision.motif_ajournement,
        "date_reexamen": decision.date_reexamen,
        "version": decision.version,
        **{f"vote_{v.mandat_id}": v.sens for v in decision.votes.all()},
    }


@require_GET
@connexion_requise
def seance_direct(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The live session: every member follows the file under examination and the decisions (the page
    listens on the session's socket and refetches its fragment); the secretariat and the chair record
    the attendance, open, move through the agenda, record the decisions and close."""
    return _direct_page(request, seance_obtenir(user=request.user, public_id=public_id))


@require_GET
@connexion_requise
def seance_direct_etat(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The live fragment (refetched on each event of the session's socket), scoped as the page."""
    une_seance = seance_obtenir(user=request.user, public_id=public_id)
    return render(
        request, "frontend/instances/_seance_direct_etat.html", _direct_contexte(request, une_seance)
    )


def _vers_direct(une_seance: Seance) -> HttpResponse:
    return redirect("frontend:seance_direct", public_id=une_seance.public_id)


@require_POST
@connexion_requise
def seance_direct_presences(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    une_seance = _seance_geree(request, public_id)
    form = PresencesForm(
        request.POST, mandats=membres_de_seance(seance=une_seance), presences=presences_de(seance=une_seance)
    )
    if not form.is_valid():
        return _direct_page(request, une_seance, statut=400, presences_form=form)
    try:
        actions.seance_presences_enregistrer(
            seance=une_seance,
            presences=[actions.PresenceSaisie(**saisie) for saisie in form.saisies()],
            acting_user=utilisateur(request),
        )
    except DomainError as exc:
        statut = _refus(form, exc)
        return _direct_page(request, une_seance, statut=statut, presences_form=form)
    messages.success(request, _("Les présences ont été enregistrées."))
    return _vers_direct(une_seance)


@require_POST
@connexion_requise
def seance_direct_ouvrir(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    une_seance = _seance_geree(request, public_id)
    try:
        ouverte, quorum = actions.seance_ouvrir(seance=une_seance, acting_user=utilisateur(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if ouverte.etat == EtatSeance.OUVERTE:
            messages.success(request, _("La séance est ouverte."))
        else:
            messages.error(
                request,
                _(
                    "Quorum non atteint (%(comptes)s membre(s) présent(s) ou représenté(s) sur %(requis)s "
                    "requis) : la séance est reportée et doit être convoquée à nouveau."
                )
                % {"comptes": quorum.comptes, "requis": quorum.requis},
            )
    return _vers_direct(une_seance)


@require_POST
@connexion_requise
def seance_direct_point_courant(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    une_seance = _seance_geree(request, public_id)
    points = {str(point.public_id): point for point in une_seance.points.order_by("ordre")}
    form = PointCourantForm(request.POST, points=[(cle, str(point.ordre)) for cle, point in points.items()])
    if not form.is_valid():
        return _direct_page(request, une_seance, statut=400, point_form=form)
    return _executer(
        request,
        une_seance,
        actions.seance_point_courant_definir,
        _("Le dossier examiné a changé pour tous les membres."),
        direct=True,
        seance=une_seance,
        point=points[form.cleaned_data["point"]],
    )


@require_POST
@connexion_requise
def seance_direct_decision(request: HttpRequest, public_id: uuid.UUID, point_id: uuid.UUID) -> HttpResponse:
    une_seance = _seance_geree(request, public_id)
    point = une_seance.points.select_related("seance", "demande").filter(public_id=point_id).first()
    if point is None:
        raise Http404
    membres = membres_de_seance(seance=une_seance)
    form = DecisionForm(
        request.POST,
        votants=votants_de(membres=membres, presences=presences_de(seance=une_seance), point=point),
    )
    if not form.is_valid():
        return _direct_page(request, une_seance, statut=400, decision_form=form)
    try:
        actions.decision_enregistrer(point=point, acting_user=utilisateur(request), **form.arguments())
    except DomainError as exc:
        if exc.code == "version_perimee":
            # Nothing is lost: the form keeps what was typed; it now names the current version, so
            # saving again (after comparing) replaces the decision knowingly.
            donnees = request.POST.copy()
            donnees["version"] = str(exc.extra.get("version") or "")
            form.data = donnees
            form.add_error(None, MESSAGE_VERSION)
            return _direct_page(request, une_seance, statut=409, decision_form=form)
        statut = _refus(form, exc)
        return _direct_page(request, une_seance, statut=statut, decision_form=form)
    messages.success(request, _("La décision a été enregistrée : les membres la voient."))
    return _vers_direct(une_seance)


@require_POST
@connexion_requise
def seance_direct_cloturer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    une_seance = _seance_geree(request, public_id)
    return _executer(
        request,
        une_seance,
        actions.seance_cloturer,
        _("La séance est close."),
        direct=True,
        seance=une_seance,
    )
