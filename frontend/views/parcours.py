"""Pathway pages: caseload ("mes parcours"), pathway page with its forms, opening, manager dashboard.

Every fetch is scoped (out of perimeter: 404; a role that may not use the page: 403) and journaled.
Each form of the pathway page posts to its own view, which calls one action: success redirects to the
page (post/redirect/get); a refusal re-renders the page with the form, its error summary and the
domain's message (status 400, 403 or 409), and nothing is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from frontend.forms_documents import DocumentForm, SuppressionDocumentForm
from frontend.forms_parcours import (
    AseForm,
    DesignationJeuneForm,
    FiltresParcoursForm,
    NoteForm,
    ObjectifProjetForm,
    OuvrirParcoursForm,
    ReferentForm,
    RendezVousForm,
    ResultatRendezVousForm,
    SuiteForm,
    TransitionForm,
)
from parcours import actions, workflows
from parcours.enums import Dispositif, EvenementParcours
from parcours.models import Parcours
from parcours.permissions import (
    can_add_note,
    can_change_referent,
    can_deposer_document,
    can_designate_partenaire,
    can_manage_plan,
    can_open_parcours,
    can_plan_rendez_vous,
    can_record_rendez_vous,
    can_record_suite,
    can_renseigner_ase,
    can_supprimer_document,
    can_view_caseload,
    can_view_parcours,
    can_view_tableau_de_bord,
)
from parcours.selectors import (
    alertes_de,
    chronologie_page,
    designations_actives,
    fiche_parcours,
    journaliser_parcours,
    parcours_obtenir,
    portefeuille,
    referents_possibles,
    rendez_vous_a_renseigner,
    rendez_vous_visibles,
    tableau_de_bord,
)
from parcours.selectors_jeunes import partenaires_jeunes_suggeres
from social.enums import OperationJournal
from social.exceptions import DomainError
from social.models import Site
from social.perimetre import perimetre_de
from social.selectors import personne_obtenir

PARCOURS_PAR_PAGE = 25
RENDEZ_VOUS_PAR_PAGE = 25
# The real-time events (``social.temps_reel.diffuser``) after which the caseload and the dashboard refetch.
EVENEMENTS_TEMPS_REEL = ", ".join(
    [
        *(f"proche:{evenement} from:body" for evenement in EvenementParcours.values),
        "proche:reconnexion from:body",
    ]
)
_STATUTS = {"interdit": 403, "transition_impossible": 409, "parcours_clos": 409, "referent_inchange": 409}


def _refus(form: Any, exc: DomainError) -> int:
    """Put the domain's refusal on the form (on its field when it names one) and give the HTTP status."""
    champ = exc.extra.get("champ")
    form.add_error(champ if champ in form.fields else None, exc.message)
    return _STATUTS.get(exc.code, 400)


# Caseload.


@require_GET
@connexion_requise
def parcours_liste(request: HttpRequest) -> HttpResponse:
    """ "Mes parcours": where the user is référent or team member, most urgent first, filtered by GET."""
    user = utilisateur(request)
    if not can_view_caseload(user):
        raise PermissionDenied
    form = FiltresParcoursForm(request.GET or None)
    page = Paginator(portefeuille(user=user, filtres=form.filtres()), PARCOURS_PAR_PAGE).get_page(
        request.GET.get("page")
    )
    lignes = list(page.object_list)
    journaliser_parcours(acces=contexte_acces(request), parcours=lignes)
    return render(
        request,
        "frontend/parcours/liste.html",
        {
            "form": form,
            "page": page,
            "lignes": [(p, alertes_de(p), url) for p, url in zip(lignes, _urls_fiches(lignes), strict=True)],
            "evenements_temps_reel": EVENEMENTS_TEMPS_REEL,
        },
    )


_ID_MODELE = uuid.UUID(int=0)


def _urls_fiches(lignes: list[Parcours]) -> list[str]:
    """The pathway pages' URLs: one ``reverse`` per list, not one ``{% url %}`` per row."""
    modele = reverse("frontend:parcours_detail", args=[_ID_MODELE])
    return [modele.replace(str(_ID_MODELE), str(p.public_id)) for p in lignes]


# The pathway page.


def _obtenir(request: HttpRequest, public_id: uuid.UUID, *, ecriture: bool = False) -> Parcours:
    parcours = parcours_obtenir(
        user=request.user,
        public_id=public_id,
        acces=contexte_acces(request),
        operation=OperationJournal.MODIFICATION if ecriture else OperationJournal.CONSULTATION,
    )
    if not can_view_parcours(request.user, parcours):
        raise PermissionDenied
    return parcours


def _page(
    request: HttpRequest, parcours: Parcours, *, statut: int = 200, lies: dict[str, Any] | None = None
) -> HttpResponse:
    """Render the pathway page; ``lies`` holds the bound form(s) in error, which replace the blank ones."""
    user = utilisateur(request)
    lies = lies or {}
    fiche = fiche_parcours(parcours=parcours, user=user)
    transitions = [
        lies.get(f"t-{t.vers}") or TransitionForm(transition=t) for t in fiche.transitions_possibles
    ]
    contexte: dict[str, Any] = {
        "parcours": parcours,
        "fiche": fiche,
        "alertes": alertes_de(parcours),
        "formulaires_transition": transitions,
        "form_referent": (
            lies.get("referent") or ReferentForm(referents=referents_possibles(parcours=parcours))
            if can_change_referent(user, parcours)
            else None
        ),
        "form_note": lies.get("note") or NoteForm() if can_add_note(user, parcours) else None,
        "form_rdv": (
            lies.get("rdv") or RendezVousForm(designations=fiche.designations)
            if can_plan_rendez_vous(user, parcours)
            else None
        ),
        "formulaires_resultat": [
            (rdv, lies.get(f"res-{rdv.public_id}") or ResultatRendezVousForm(prefix=f"res-{rdv.public_id}"))
            for rdv in fiche.rendez_vous_a_renseigner
            if can_record_rendez_vous(user, rdv)
        ],
        "form_suite": lies.get("suite") or SuiteForm() if can_record_suite(user, parcours) else None,
        "form_objectif": (
            lies.get("objectif") or ObjectifProjetForm()
            if fiche.jeunes is not None and fiche.jeunes.peut_gerer_projet
            else None
        ),
        "form_ase": (
            lies.get("ase")
            or AseForm(
                initial={
                    "confie_ase_avant_majorite": fiche.ase.confie_ase_avant_majorite,
                    "entretien_autonomie_le": fiche.ase.entretien_autonomie_le,
                }
            )
            if fiche.ase is not None and fiche.ase.peut_renseigner
            else None
        ),
        "form_designation_jeune": (
            lies.get("designation") or DesignationJeuneForm(organisations=fiche.jeunes.suggestions)
            if fiche.jeunes is not None and fiche.jeunes.peut_designer and fiche.jeunes.suggestions
            else None
        ),
        "form_document": (
            lies.get("document") or DocumentForm() if can_deposer_document(user, parcours) else None
        ),
        "documents": [
            (
                document,
                lies.get(f"sup-{document.public_id}")
                or SuppressionDocumentForm(prefix=f"sup-{document.public_id}")
                if can_supprimer_document(user, parcours, document.depose_par_id)
                else None,
            )
            for document in fiche.documents
        ],
        "form_en_erreur": next(iter(lies.values()), None),
    }
    contexte["peut_supprimer_documents"] = any(form for _document, form in contexte["documents"])
    affiches = [*transitions, contexte["form_referent"], contexte["form_note"], contexte["form_rdv"]]
    affiches += [form for _rdv, form in contexte["formulaires_resultat"]] + [contexte["form_suite"]]
    affiches += [contexte["form_document"], *(form for _document, form in contexte["documents"])]
    affiches += [contexte["form_objectif"], contexte["form_designation_jeune"], contexte["form_ase"]]
    # A refusal on a form the page does not offer this user (a transition from another state, one her
    # role may not trigger): its message goes at the top of the page.
    contexte["erreur_isolee"] = next((form for form in lies.values() if form not in affiches), None)
    return render(request, "frontend/parcours/detail.html", contexte, status=statut)


@require_GET
@connexion_requise
def parcours_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _page(request, _obtenir(request, public_id))


def _numero_page(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


@require_GET
@connexion_requise
def parcours_chronologie(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The full timeline, newest first, page by page (constant queries per page: one per source)."""
    parcours = _obtenir(request, public_id)
    page = chronologie_page(parcours=parcours, user=utilisateur(request), numero=_numero_page(request))
    return render(request, "frontend/parcours/chronologie.html", {"parcours": parcours, "page": page})


@require_GET
@connexion_requise
def parcours_rendez_vous_a_renseigner(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Every past appointment whose outcome is still to record, oldest first, with its form."""
    parcours = _obtenir(request, public_id)
    user = utilisateur(request)
    page = Paginator(rendez_vous_a_renseigner(parcours=parcours, user=user), RENDEZ_VOUS_PAR_PAGE).get_page(
        request.GET.get("page")
    )
    lignes = list(page.object_list)
    for rdv in lignes:
        rdv.parcours = parcours  # permissions read the pathway (and its cached roles): no query per row
    return render(
        request,
        "frontend/parcours/rendez_vous_a_renseigner.html",
        {
            "parcours": parcours,
            "page": page,
            "formulaires_resultat": [
                (
                    rdv,
                    ResultatRendezVousForm(prefix=f"res-{rdv.public_id}")
                    if can_record_rendez_vous(user, rdv)
                    else None,
                )
                for rdv in lignes
            ],
        },
    )


def _soumettre(
    request: HttpRequest,
    parcours: Parcours,
    form: Any,
    *,
    lie: str,
    executer: Callable[[dict[str, Any]], object],
    succes: str | Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """A form of the pathway page: valid, it runs the action; done, the success message and back to the
    pathway; invalid or refused (``_refus``: the message on its field), the page again with this form
    bound under ``lie``, status 400 or the refusal's."""
    statut = 400
    if form.is_valid():
        try:
            executer(form.cleaned_data)
        except DomainError as exc:
            statut = _refus(form, exc)
        else:
            messages.success(request, succes if isinstance(succes, str) else succes(form.cleaned_data))
            return redirect("frontend:parcours_detail", public_id=parcours.public_id)
    return _page(request, parcours, statut=statut, lies={lie: form})


@require_POST
@connexion_requise
def parcours_transitionner(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    parcours = _obtenir(request, public_id, ecriture=True)
    flux = workflows.workflow(parcours.dispositif)
    vers = request.POST.get("vers", "")
    # An unknown or impossible target still goes to the action, which refuses it with its message; the
    # form (whose prefix ends up in HTML ids) only takes a state name of the table.
    transition = flux.transition(parcours.etat, vers) or workflows.Transition(
        parcours.etat, vers if vers in flux.etats.values else "inconnu", _("Transition"), frozenset(), ""
    )
    form = TransitionForm(request.POST, transition=transition)
    return _soumettre(
        request,
        parcours,
        form,
        lie=form.prefix or "",
        executer=lambda d: actions.parcours_transitionner(
            parcours=parcours,
            vers=vers,
            acting_user=utilisateur(request),
            motif=d["motif"],
            suite_prevue=d.get("suite_prevue", ""),
            date_effet=d["date_effet"],
        ),
        succes=lambda d: (
            _("Le parcours est passé à l'état « %(etat)s ».")
            % {"etat": workflows.libelle_etat(parcours.dispositif, vers)}
        ),
    )


@require_POST
@connexion_requise
def parcours_referent_changer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    parcours = _obtenir(request, public_id, ecriture=True)
    if not can_change_referent(request.user, parcours):
        raise PermissionDenied
    return _soumettre(
        request,
        parcours,
        ReferentForm(request.POST, referents=referents_possibles(parcours=parcours)),
        lie="referent",
        executer=lambda d: actions.referent_changer(
            parcours=parcours, nouveau=d["referent"], acting_user=utilisateur(request), motif=d["motif"]
        ),
        succes=_("Le référent a été changé ; l'ancien et le nouveau sont prévenus."),
    )


@require_POST
@connexion_requise
def parcours_note_ajouter(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    parcours = _obtenir(request, public_id, ecriture=True)
    if not can_add_note(request.user, parcours):
        raise PermissionDenied
    return _soumettre(
        request,
        parcours,
        NoteForm(request.POST),
        lie="note",
        executer=lambda d: actions.note_ajouter(
            parcours=parcours,
            auteur=utilisateur(request),
            texte=d["texte"],
            confidentialite=d["confidentialite"],
        ),
        succes=_("La note a été ajoutée."),
    )


@require_POST
@connexion_requise
def parcours_rendez_vous_planifier(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    parcours = _obtenir(request, public_id, ecriture=True)
    if not can_plan_rendez_vous(request.user, parcours):
        raise PermissionDenied
    form = RendezVousForm(request.POST, designations=designations_actives(parcours=parcours))
    return _soumettre(
        request,
        parcours,
        form,
        lie="rdv",
        executer=lambda d: actions.rendez_vous_planifier(
            parcours=parcours,
            acting_user=utilisateur(request),
            date_heure=form.date_heure(),
            modalite=d["modalite"],
            lieu=d["lieu"],
            objet=d["objet"],
            organisation=form.organisations.get(d["organisation"]),
        ),
        succes=_("Le rendez-vous a été planifié."),
    )


@require_POST
@connexion_requise
def parcours_rendez_vous_renseigner(
    request: HttpRequest, public_id: uuid.UUID, rendez_vous: uuid.UUID
) -> HttpResponse:
    parcours = _obtenir(request, public_id, ecriture=True)
    rdv = get_object_or_404(
        rendez_vous_visibles(parcours=parcours, user=utilisateur(request)), public_id=rendez_vous
    )
    rdv.parcours = parcours
    if not can_record_rendez_vous(request.user, rdv):
        raise PermissionDenied
    prefixe = f"res-{rdv.public_id}"
    return _soumettre(
        request,
        parcours,
        ResultatRendezVousForm(request.POST, prefix=prefixe),
        lie=prefixe,
        executer=lambda d: actions.rendez_vous_renseigner(
            rendez_vous=rdv, acting_user=utilisateur(request), resultat=d["resultat"]
        ),
        succes=_("Le résultat du rendez-vous a été enregistré."),
    )


@require_POST
@connexion_requise
def parcours_suite_renseigner(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    parcours = _obtenir(request, public_id, ecriture=True)
    if not can_record_suite(request.user, parcours):
        raise PermissionDenied
    return _soumettre(
        request,
        parcours,
        SuiteForm(request.POST),
        lie="suite",
        executer=lambda d: actions.parcours_renseigner_suite(
            parcours=parcours, suite_prevue=d["suite_prevue"], acting_user=utilisateur(request)
        ),
        succes=_("La suite prévue a été enregistrée."),
    )


@require_POST
@connexion_requise
def parcours_objectif_ajouter(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Add an objective to the young person's project towards autonomy (youth pathway only)."""
    parcours = _obtenir(request, public_id, ecriture=True)
    if parcours.dispositif != Dispositif.JEUNES:
        raise Http404("Parcours jeunes introuvable")
    if not can_manage_plan(request.user, parcours):
        raise PermissionDenied
    return _soumettre(
        request,
        parcours,
        ObjectifProjetForm(request.POST),
        lie="objectif",
        executer=lambda d: actions.objectif_ajouter(
            parcours=parcours,
            acting_user=utilisateur(request),
            axe=d["axe"],
            libelle=d["libelle"],
            date_echeance=d["date_echeance"],
        ),
        succes=_("L'objectif a été ajouté au projet."),
    )


@require_POST
@connexion_requise
def parcours_jeunes_partenaire_designer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Designate a mission locale or a Maison des adolescents serving the young person (youth pathway)."""
    parcours = _obtenir(request, public_id, ecriture=True)
    if parcours.dispositif != Dispositif.JEUNES:
        raise Http404("Parcours jeunes introuvable")
    if not can_designate_partenaire(request.user, parcours):
        raise PermissionDenied
    form = DesignationJeuneForm(request.POST, organisations=partenaires_jeunes_suggeres(parcours=parcours))
    return _soumettre(
        request,
        parcours,
        form,
        lie="designation",
        executer=lambda d: actions.partenaire_designer(
            parcours=parcours,
            organisation=form.organisations[d["organisation"]],
            acting_user=utilisateur(request),
            motif=d["motif"],
        ),
        succes=lambda d: (
            _("%(organisation)s est désignée sur le parcours.")
            % {"organisation": form.organisations[d["organisation"]].nom}
        ),
    )


@require_POST
@connexion_requise
def parcours_ase_renseigner(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Record the person's ASE facts from one of her pathways (the pathway's team only, DP-4)."""
    parcours = _obtenir(request, public_id, ecriture=True)
    if not can_renseigner_ase(request.user, parcours):
        raise PermissionDenied
    return _soumettre(
        request,
        parcours,
        AseForm(request.POST),
        lie="ase",
        executer=lambda d: actions.personne_ase_renseigner(
            parcours=parcours,
            acting_user=utilisateur(request),
            confie_ase_avant_majorite=d["confie_ase_avant_majorite"],
            entretien_autonomie_le=d["entretien_autonomie_le"],
        ),
        succes=_("Les informations d'aide sociale à l'enfance ont été enregistrées."),
    )


# Opening.


@require_http_methods(["GET", "POST"])
@connexion_requise
def parcours_ouvrir(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Open a pathway from a person's file, at one of the user's sites."""
    user = utilisateur(request)
    personne = personne_obtenir(user=user, public_id=public_id, acces=contexte_acces(request))
    if not can_open_parcours(user, personne):
        raise PermissionDenied
    sites = Site.objects.filter(pk__in=perimetre_de(user).site_ids).order_by("nom")
    form = OuvrirParcoursForm(request.POST if request.method == "POST" else None, sites=sites)
    statut = 200
    if form.is_bound:
        statut = 400
        if form.is_valid():
            donnees = form.cleaned_data
            try:
                parcours = actions.parcours_ouvrir(
                    personne=personne,
                    dispositif=donnees["dispositif"],
                    acting_user=user,
                    site=donnees["site"],
                    referent=user if donnees["je_suis_referent"] else None,
                    date_reception=donnees["date_reception"],
                )
            except DomainError as exc:
                statut = _refus(form, exc)
            else:
                messages.success(
                    request,
                    _("Le parcours %(dispositif)s a été ouvert.")
                    % {"dispositif": Dispositif(parcours.dispositif).label},
                )
                return redirect("frontend:parcours_detail", public_id=parcours.public_id)
    return render(
        request, "frontend/parcours/ouvrir.html", {"personne": personne, "form": form}, status=statut
    )


# Manager dashboard.


@require_GET
@connexion_requise
def parcours_tableau_de_bord(request: HttpRequest) -> HttpResponse:
    user = utilisateur(request)
    if not can_view_tableau_de_bord(user):
        raise PermissionDenied
    tableau = tableau_de_bord(user=user)
    journaliser_parcours(
        acces=contexte_acces(request), parcours=[*tableau.sans_referent, *tableau.echeances_proches]
    )
    return render(
        request,
        "frontend/parcours/tableau_de_bord.html",
        {
            "tableau": tableau,
            "echeances_proches": [(p, alertes_de(p)) for p in tableau.echeances_proches],
            "evenements_temps_reel": EVENEMENTS_TEMPS_REEL,
        },
    )
