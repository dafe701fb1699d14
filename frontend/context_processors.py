from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from guide_ressources.permissions import can_manage_guide_entries, can_moderate_guide, can_view_guide
from instances.permissions import can_view_seances
from observation.permissions import can_view_observation
from parcours.apa.permissions import can_use_simulateur_apa
from parcours.permissions import can_view_boite_orientations, can_view_caseload, can_view_tableau_de_bord
from social.permissions import can_create_personne, can_manage_referentiel, can_search_personnes


@dataclass(frozen=True)
class LienNavigation:
    libelle: str
    url: str
    courant: bool


def proche(request: HttpRequest) -> dict[str, object]:
    return {
        "PROCHE_DEPARTEMENT_NOM": settings.PROCHE_DEPARTEMENT_NOM,
        "PROCHE_ACCESSIBILITE_CONFORMITE": settings.PROCHE_ACCESSIBILITE_CONFORMITE,
        # Lazy: computed only by the pages that show the main navigation (not by the admin, say).
        "navigation": SimpleLazyObject(lambda: navigation(request)),
    }


def navigation(request: HttpRequest) -> list[LienNavigation]:
    """The main navigation adapted to the persona: only the pages the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    courante = request.resolver_match.view_name if request.resolver_match else ""
    liens = [("frontend:accueil", _("Accueil"))]
    if can_search_personnes(user):
        liens.append(("frontend:personne_recherche", _("Rechercher une personne")))
    if can_create_personne(user):
        liens.append(("frontend:personne_creer", _("Créer une fiche")))
    if can_view_caseload(user):
        liens.append(("frontend:parcours_liste", _("Mes parcours")))
    if can_view_tableau_de_bord(user):
        liens.append(("frontend:parcours_tableau_de_bord", _("Tableau de bord des parcours")))
    if can_view_observation(user):
        liens.append(("frontend:observation_tableau_de_bord", _("Atlas des solidarités")))
    if can_use_simulateur_apa(user):
        liens.append(("frontend:apa_simulateur", _("Simulateur APA")))
    if can_view_guide(user):
        liens.append(("frontend:guide_recherche", _("Guide des ressources")))
    if can_view_boite_orientations(user):
        liens.append(("frontend:orientations_recues", _("Orientations reçues")))
    if can_manage_guide_entries(user):
        liens.append(("frontend:guide_mes_fiches", _("Mes fiches du guide")))
    if can_moderate_guide(user):
        liens.append(("frontend:guide_moderation", _("Modération du guide")))
        liens.append(("frontend:guide_importation_creer", _("Importer (data·inclusion)")))
    if can_view_seances(user):
        liens.append(("frontend:seances", _("Mes séances")))
    if can_manage_referentiel(user):
        liens.append(("frontend:organisation_creer", _("Créer une organisation")))
    resultat = [LienNavigation(libelle, reverse(nom), nom == courante) for nom, libelle in liens]
    if can_manage_referentiel(user):
        resultat.append(LienNavigation(_("Administration"), reverse("admin:index"), False))
    return resultat
