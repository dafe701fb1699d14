"""The guide of services: search, entries, the partner's entries, moderation, imports.

Reading pages are open to guide readers (agents, partners, administrators; anyone when the public
guide is on). Entries are fetched through ``visible_by`` (out of scope: 404) and, for edition,
through ``modifiables_par`` (another organisation's entry: 404).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from frontend.forms_guide import (
    CoediteurForm,
    ImportationForm,
    MotifForm,
    RechercheGuideForm,
    RetraitForm,
    ServiceForm,
    StructureForm,
    decrire_commune,
)
from guide_ressources import actions, selectors
from guide_ressources.actions.publication import transitions_possibles
from guide_ressources.enums import Taxonomie
from guide_ressources.models import Service, Structure
from guide_ressources.permissions import (
    can_create_structure,
    can_edit_service,
    can_edit_structure,
    can_grant_coediteur,
    can_import_guide,
    can_manage_guide_entries,
    can_moderate_guide,
    can_view_guide,
)
from guide_ressources.selectors import Criteres
from guide_ressources.taxonomies import Taxonomies, taxonomies_lire
from social.exceptions import DomainError
from social.selectors import personne_obtenir

RESULTATS_PAR_PAGE = 20
_UUID_MODELE = uuid.UUID(int=0)
GENRES: dict[str, type[Structure] | type[Service]] = {"structure": Structure, "service": Service}


class PaginatorCompte(Paginator):
    """A paginator told its count (the facet query counts the results: no COUNT query of its own)."""

    def __init__(self, *args: Any, compte: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = compte  # fills the cached_property


def lecture_guide(vue: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Guide readers only: anonymous visitors go to the login page (unless the public guide is on),
    other roles get a 403."""
    protegee = connexion_requise(vue)

    @wraps(vue)
    def enveloppe(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if can_view_guide(request.user):
            return vue(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return protegee(request, *args, **kwargs)
        raise PermissionDenied

    return enveloppe


def _partiel(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


# --- Search and entries ------------------------------------------------------------------------------


@require_GET
@lecture_guide
def guide_recherche(request: HttpRequest) -> HttpResponse:
    """One box and facets; htmx refreshes the results as the agent types or picks a facet, and the
    plain form works without JavaScript. Nothing is listed before a word or a facet is given."""
    taxonomies = taxonomies_lire()
    form = RechercheGuideForm(request.GET or None, taxonomies=taxonomies)
    criteres = form.criteres() if form.is_bound else Criteres()
    page = None
    facettes = None
    lignes: list[selectors.LigneResultat] = []
    if form.is_bound and form.is_valid() and not criteres.vide:
        # The facet counts, the total and the page of results: one SQL statement (docs/decisions/0003).
        resultat = selectors.recherche_page(
            user=request.user,
            criteres=criteres,
            taxonomies=taxonomies,
            numero=request.GET.get("page"),
            par_page=RESULTATS_PAR_PAGE,
        )
        facettes = resultat.facettes
        lignes = resultat.lignes
        page = Page(lignes, resultat.numero, PaginatorCompte([], RESULTATS_PAR_PAGE, compte=facettes.total))
        form.afficher_facettes(facettes)
        if criteres.commune is not None and "commune" not in form.errors:
            # Shown back as resolved: « arras » becomes « Arras (62041) ».
            donnees = cast(QueryDict, form.data).copy()
            donnees["commune"] = decrire_commune(criteres.commune)
            form.data = donnees
    contexte = {
        "form": form,
        "page": page,
        "resultats": _lignes_resultats(lignes, taxonomies),
        "criteres": criteres,
        "facettes": facettes,
        "recherche_faite": page is not None,
        "parametres": form.parametres() if form.is_bound else "",
    }
    template = "frontend/guide/_resultats_htmx.html" if _partiel(request) else "frontend/guide/recherche.html"
    response = render(request, template, contexte)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _lignes_resultats(lignes: list[selectors.LigneResultat], taxonomies: Taxonomies) -> list[SafeString]:
    """The rows of the results table, built here rather than by a template loop (the page's main CPU
    cost after the search itself, docs/decisions/0003): the service's link, its structure, place,
    first three thématiques, fees and date (« À vérifier » when stale). Every value is escaped."""
    # One reverse() for the page: each link is the same path with the service's identifier.
    modele = reverse("frontend:guide_service_detail", args=[_UUID_MODELE])
    a_verifier = _("À vérifier")
    resultat = []
    for ligne in lignes:
        confirme_le = ligne.confirme_le.strftime("%d/%m/%Y")
        if ligne.perimee:
            mise_a_jour = format_html(
                '<strong class="a-verifier">{}</strong> – {}',
                a_verifier,
                _("confirmée le %(date)s") % {"date": confirme_le},
            )
        else:
            mise_a_jour = conditional_escape(confirme_le)
        thematiques = ", ".join(taxonomies.libelles(Taxonomie.THEMATIQUES, ligne.thematiques[:3]))
        resultat.append(
            format_html(
                "<tr>\n"
                '        <th scope="row"><a href="{}">{}</a></th>\n'
                "        <td>{}</td>\n"
                "        <td>{}</td>\n"
                "        <td>{}</td>\n"
                "        <td>{}</td>\n"
                "        <td>{}</td>\n"
                "      </tr>",
                modele.replace(str(_UUID_MODELE), ligne.public_id),
                ligne.nom,
                ligne.structure_nom,
                ligne.commune_nom or "–",
                thematiques or "–",
                (taxonomies.libelle(Taxonomie.FRAIS, ligne.frais) if ligne.frais else "") or "–",
                mise_a_jour,
            )
        )
    return resultat


@require_GET
@lecture_guide
def guide_pour_personne(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """« Trouver un service pour cette personne »: the search with her commune (scoped, journaled fetch)."""
    personne = personne_obtenir(user=request.user, public_id=public_id, acces=contexte_acces(request))
    commune = decrire_commune(personne.commune)
    return redirect(f"{reverse('frontend:guide_recherche')}?{urlencode({'commune': commune})}")


def _fiche_contexte(request: HttpRequest, fiche: Structure | Service, peut_modifier: bool) -> dict[str, Any]:
    moderateur = can_moderate_guide(request.user)
    return {
        "peut_modifier": peut_modifier,
        "moderateur": moderateur,
        "transitions": transitions_possibles(fiche) if moderateur else [],
        "historique": selectors.historique_fiche(fiche) if peut_modifier or moderateur else [],
        "refus": selectors.dernier_refus(fiche) if peut_modifier and fiche.statut == "refusee" else None,
        "motif_form": MotifForm(),
        # The partner's withdrawal, where the state machine allows one (administrators moderate instead).
        "retrait_form": (
            RetraitForm()
            if peut_modifier and not moderateur and "retirer" in transitions_possibles(fiche)
            else None
        ),
        "seuil": selectors.seuil_fraicheur(),
    }


@require_GET
@lecture_guide
def guide_service_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    service = selectors.service_obtenir(user=request.user, public_id=public_id)
    taxonomies = taxonomies_lire()
    libelles = {
        champ: taxonomies.libelles(taxonomie, getattr(service, champ))
        for champ, taxonomie in (
            ("thematiques", Taxonomie.THEMATIQUES),
            ("publics", Taxonomie.PUBLICS),
            ("modes_accueil", Taxonomie.MODES_ACCUEIL),
            ("modes_mobilisation", Taxonomie.MODES_MOBILISATION),
            ("mobilisable_par", Taxonomie.PERSONNES_MOBILISATRICES),
        )
    }
    return render(
        request,
        "frontend/guide/service.html",
        {
            "service": service,
            "fiche": service,
            "genre": "service",
            "libelles": libelles,
            "type": taxonomies.libelle(Taxonomie.TYPES_SERVICES, service.type) if service.type else "",
            "frais": taxonomies.libelle(Taxonomie.FRAIS, service.frais) if service.frais else "",
            "zone": selectors.zone_lisible(service),
            **_fiche_contexte(request, service, can_edit_service(request.user, service)),
        },
    )


@require_GET
@lecture_guide
def guide_structure_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    structure = selectors.structure_obtenir(user=request.user, public_id=public_id)
    taxonomies = taxonomies_lire()
    peut_modifier = can_edit_structure(request.user, structure)
    return render(
        request,
        "frontend/guide/structure.html",
        {
            "structure": structure,
            "fiche": structure,
            "genre": "structure",
            "reseaux": taxonomies.libelles(Taxonomie.RESEAUX_PORTEURS, structure.reseaux_porteurs),
            "services": selectors.services_de_structure(user=request.user, structure=structure),
            "peut_nommer": can_grant_coediteur(request.user, structure),
            **_fiche_contexte(request, structure, peut_modifier),
        },
    )


# --- The partner's entries ---------------------------------------------------------------------------


def _gerer(request: HttpRequest) -> None:
    if not can_manage_guide_entries(request.user):
        raise PermissionDenied


@require_GET
@connexion_requise
def guide_mes_fiches(request: HttpRequest) -> HttpResponse:
    """The entries the user may edit, with their publication state and freshness."""
    _gerer(request)
    return render(
        request,
        "frontend/guide/mes_fiches.html",
        {
            "structures": selectors.fiches_modifiables(user=request.user),
            "peut_creer": can_create_structure(request.user),
            "seuil": selectors.seuil_fraicheur(),
        },
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def guide_structure_creer(request: HttpRequest) -> HttpResponse:
    if not can_create_structure(request.user):
        raise PermissionDenied
    organisations = selectors.organisations_du_partenaire(user=request.user)
    form = StructureForm(
        request.POST if request.method == "POST" else None,
        taxonomies=taxonomies_lire(),
        organisations=organisations,
    )
    if form.is_bound and form.is_valid():
        organisation = form.organisation_choisie()
        if not can_create_structure(request.user, organisation):
            raise PermissionDenied
        try:
            structure = actions.structure_creer(
                acting_user=utilisateur(request), organisation=organisation, **form.donnees()
            )
        except ValidationError as exc:
            form.appliquer_erreurs(exc)
        else:
            messages.success(request, _message_creation(structure))
            return redirect("frontend:guide_structure_detail", public_id=structure.public_id)
    return render(request, "frontend/guide/formulaire_structure.html", {"form": form, "structure": None})


def _message_creation(fiche: Structure | Service) -> str:
    if fiche.est_publiee:
        return _("« %(nom)s » est publiée dans le guide.") % {"nom": fiche.nom}
    return _("« %(nom)s » est enregistrée ; elle sera publiée après validation par le Département.") % {
        "nom": fiche.nom
    }


@require_http_methods(["GET", "POST"])
@connexion_requise
def guide_structure_modifier(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    structure = selectors.structure_modifiable_obtenir(user=request.user, public_id=public_id)
    form = StructureForm(
        request.POST if request.method == "POST" else None,
        taxonomies=taxonomies_lire(),
        organisations=[],
        structure=structure,
    )
    if form.is_bound and form.is_valid():
        try:
            structure = actions.structure_modifier(
                structure=structure, acting_user=utilisateur(request), champs=form.donnees()
            )
        except ValidationError as exc:
            form.appliquer_erreurs(exc)
        else:
            messages.success(request, _("La structure « %(nom)s » a été modifiée.") % {"nom": structure.nom})
            return redirect("frontend:guide_structure_detail", public_id=structure.public_id)
    return render(request, "frontend/guide/formulaire_structure.html", {"form": form, "structure": structure})


def _adresse_de_la_structure(donnees: dict[str, Any], structure: Structure) -> dict[str, Any]:
    """A service without its own address is received at its structure's."""
    if donnees.get("commune") is None and not donnees.get("adresse"):
        donnees.update(
            adresse=structure.adresse,
            complement_adresse=structure.complement_adresse,
            code_postal=structure.code_postal,
            commune=structure.commune,
        )
    if donnees.get("commune") is None:
        donnees.pop("commune", None)
    return donnees


@require_http_methods(["GET", "POST"])
@connexion_requise
def guide_service_creer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    structure = selectors.structure_modifiable_obtenir(user=request.user, public_id=public_id)
    form = ServiceForm(request.POST if request.method == "POST" else None, taxonomies=taxonomies_lire())
    if form.is_bound and form.is_valid():
        donnees = _adresse_de_la_structure(form.donnees(), structure)
        try:
            service = actions.service_creer(acting_user=utilisateur(request), structure=structure, **donnees)
        except ValidationError as exc:
            form.appliquer_erreurs(
                exc, {"zone_codes": "zone_communes", "zone_territoires": "zone_territoires"}
            )
        else:
            messages.success(request, _message_creation(service))
            return redirect("frontend:guide_service_detail", public_id=service.public_id)
    return render(
        request,
        "frontend/guide/formulaire_service.html",
        {"form": form, "structure": structure, "service": None},
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def guide_service_modifier(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    service = selectors.service_modifiable_obtenir(user=request.user, public_id=public_id)
    form = ServiceForm(
        request.POST if request.method == "POST" else None, taxonomies=taxonomies_lire(), service=service
    )
    if form.is_bound and form.is_valid():
        donnees = form.donnees()
        if donnees.get("commune") is None:
            donnees.pop("commune", None)
        try:
            service = actions.service_modifier(
                service=service, acting_user=utilisateur(request), champs=donnees
            )
        except ValidationError as exc:
            form.appliquer_erreurs(
                exc, {"zone_codes": "zone_communes", "zone_territoires": "zone_territoires"}
            )
        else:
            messages.success(request, _("Le service « %(nom)s » a été modifié.") % {"nom": service.nom})
            return redirect("frontend:guide_service_detail", public_id=service.public_id)
    return render(
        request,
        "frontend/guide/formulaire_service.html",
        {"form": form, "structure": service.structure, "service": service},
    )


def _fiche_modifiable(request: HttpRequest, genre: str, public_id: uuid.UUID) -> Structure | Service:
    if genre == "structure":
        return selectors.structure_modifiable_obtenir(user=request.user, public_id=public_id)
    if genre == "service":
        return selectors.service_modifiable_obtenir(user=request.user, public_id=public_id)
    raise Http404


def _retour(fiche: Structure | Service) -> str:
    nom = (
        "frontend:guide_structure_detail" if isinstance(fiche, Structure) else "frontend:guide_service_detail"
    )
    return reverse(nom, kwargs={"public_id": fiche.public_id})


@require_POST
@connexion_requise
def guide_fiche_confirmer(request: HttpRequest, genre: str, public_id: uuid.UUID) -> HttpResponse:
    """The partner confirms the entry is still accurate."""
    fiche = _fiche_modifiable(request, genre, public_id)
    actions.fiche_confirmer(fiche=fiche, acting_user=utilisateur(request))
    messages.success(request, _("« %(nom)s » est confirmée à jour.") % {"nom": fiche.nom})
    return redirect(_retour(fiche))


@require_POST
@connexion_requise
def guide_fiche_soumettre(request: HttpRequest, genre: str, public_id: uuid.UUID) -> HttpResponse:
    """The partner submits a refused or withdrawn entry to moderation again."""
    fiche = _fiche_modifiable(request, genre, public_id)
    try:
        actions.fiche_soumettre(fiche=fiche, acting_user=utilisateur(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("« %(nom)s » est soumise à la validation du Département.") % {"nom": fiche.nom}
        )
    return redirect(_retour(fiche))


@require_POST
@connexion_requise
def guide_fiche_retirer(request: HttpRequest, genre: str, public_id: uuid.UUID) -> HttpResponse:
    """The partner withdraws her entry from the guide (a structure with its services), with an optional
    reason; she may resubmit it later."""
    fiche = _fiche_modifiable(request, genre, public_id)
    form = RetraitForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(erreur) for erreur in form.errors["motif"]))
        return redirect(_retour(fiche))
    try:
        retirees = actions.fiche_retirer_par_editeur(
            fiche=fiche, acting_user=utilisateur(request), motif=form.cleaned_data["motif"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        services = len(retirees) - 1
        if services:
            message = ngettext(
                "« %(nom)s » est retirée du guide, avec son service.",
                "« %(nom)s » est retirée du guide, avec ses %(nombre)d services.",
                services,
            ) % {"nom": fiche.nom, "nombre": services}
        else:
            message = _("« %(nom)s » est retirée du guide.") % {"nom": fiche.nom}
        messages.success(request, message)
    return redirect(_retour(fiche))


# --- Co-editors --------------------------------------------------------------------------------------


def _structure_pour_coediteurs(request: HttpRequest, public_id: uuid.UUID) -> Structure:
    """A structure the user may edit (others: 404) and whose co-editors she may name (else 403: a
    co-editor edits the structure but does not name others)."""
    structure = selectors.structure_modifiable_obtenir(user=request.user, public_id=public_id)
    if not can_grant_coediteur(request.user, structure):
        raise PermissionDenied
    return structure


def _fin_de_journee(jour: datetime.date | None) -> datetime.datetime | None:
    """A grant « until 31/12 » lasts the whole of that day."""
    if jour is None:
        return None
    return timezone.make_aware(
        datetime.datetime.combine(jour + datetime.timedelta(days=1), datetime.time.min)
    )


@require_http_methods(["GET", "POST"])
@connexion_requise
def guide_coediteurs(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The co-editors of a structure: list, add one by the e-mail address of her account, remove."""
    structure = _structure_pour_coediteurs(request, public_id)
    form = CoediteurForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            coediteur = actions.coediteur_trouver(courriel=form.cleaned_data["courriel"])
            actions.coediteur_autoriser(
                structure=structure,
                utilisateur=coediteur,
                acting_user=utilisateur(request),
                expire_le=_fin_de_journee(form.cleaned_data["expire_le"]),
                motif=form.cleaned_data["motif"],
            )
        except ValidationError as exc:
            form.appliquer_erreurs(exc)
        else:
            messages.success(
                request,
                _("%(nom)s peut maintenant modifier « %(structure)s » et ses services.")
                % {"nom": coediteur, "structure": structure.nom},
            )
            return redirect("frontend:guide_coediteurs", public_id=structure.public_id)
    return render(
        request,
        "frontend/guide/coediteurs.html",
        {"structure": structure, "coediteurs": selectors.coediteurs_de(structure=structure), "form": form},
    )


@require_POST
@connexion_requise
def guide_coediteur_retirer(request: HttpRequest, public_id: uuid.UUID, autorisation_id: int) -> HttpResponse:
    structure = _structure_pour_coediteurs(request, public_id)
    autorisation = selectors.coediteur_obtenir(structure=structure, autorisation_id=autorisation_id)
    actions.coediteur_retirer(
        structure=structure, utilisateur=autorisation.user, acting_user=utilisateur(request)
    )
    messages.success(
        request,
        _("%(nom)s ne peut plus modifier « %(structure)s ».")
        % {"nom": autorisation.user, "structure": structure.nom},
    )
    return redirect("frontend:guide_coediteurs", public_id=structure.public_id)


# --- Moderation --------------------------------------------------------------------------------------


@require_GET
@connexion_requise
def guide_moderation(request: HttpRequest) -> HttpResponse:
    if not can_moderate_guide(request.user):
        raise PermissionDenied
    return render(
        request,
        "frontend/guide/moderation.html",
        {"a_moderer": selectors.fiches_a_moderer(), "motif_form": MotifForm()},
    )


@require_POST
@connexion_requise
def guide_moderer(request: HttpRequest, genre: str, public_id: uuid.UUID, decision: str) -> HttpResponse:
    """Publish, refuse (with a reason) or withdraw an entry; back to the page the form came from."""
    if not can_moderate_guide(request.user):
        raise PermissionDenied
    modele = GENRES.get(genre)
    if modele is None or decision not in {"publier", "refuser", "retirer"}:
        raise Http404
    fiche = selectors.fiche_obtenir(user=request.user, modele=modele, public_id=public_id)
    form = MotifForm(request.POST)
    motif = form.cleaned_data["motif"] if form.is_valid() else ""
    try:
        if decision == "publier":
            actions.fiche_publier(fiche=fiche, acting_user=utilisateur(request))
        elif decision == "refuser":
            actions.fiche_refuser(fiche=fiche, acting_user=utilisateur(request), motif=motif)
        else:
            actions.fiche_retirer(fiche=fiche, acting_user=utilisateur(request), motif=motif)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        libelles = {"publier": _("publiée"), "refuser": _("refusée"), "retirer": _("retirée du guide")}
        messages.success(
            request, _("« %(nom)s » est %(etat)s.") % {"nom": fiche.nom, "etat": libelles[decision]}
        )
    suivant = request.POST.get("suivant", "")
    if suivant not in {"moderation", "fiche"}:
        suivant = "moderation"
    return redirect(_retour(fiche) if suivant == "fiche" else reverse("frontend:guide_moderation"))


# --- Imports -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@connexion_requise
def guide_importation_creer(request: HttpRequest) -> HttpResponse:
    """Upload data·inclusion files; the import runs in the background and its page shows the progress."""
    if not can_import_guide(request.user):
        raise PermissionDenied
    form = ImportationForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        importation = actions.importation_creer(
            acting_user=utilisateur(request),
            fichiers=[(fichier.name, fichier.read()) for fichier in form.cleaned_data["fichiers"]],
        )
        return redirect("frontend:guide_importation_detail", public_id=importation.public_id)
    return render(
        request,
        "frontend/guide/importation_creer.html",
        {"form": form, "importations": selectors.importations_recentes()},
    )


@require_GET
@connexion_requise
def guide_importation_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """An import's progress and report; htmx polls the progress fragment every second while it runs."""
    if not can_import_guide(request.user):
        raise PermissionDenied
    importation = selectors.importation_obtenir(public_id=public_id)
    template = (
        "frontend/guide/_importation_etat.html" if _partiel(request) else "frontend/guide/importation.html"
    )
    response = render(request, template, {"importation": importation})
    patch_vary_headers(response, ["HX-Request"])
    return response
