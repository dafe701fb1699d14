"""Public pages and the home page of each persona."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from instances import selectors as instances_selectors
from social import selectors
from social.enums import RoleAgent
from social.perimetre import perimetre_de
from social.permissions import can_create_personne, can_manage_referentiel, can_search_personnes
from social.selectors import journaliser_liste


@require_GET
def accessibilite(request: HttpRequest) -> HttpResponse:
    """Accessibility statement (public; loi n° 2005-102 art. 47, décret n° 2019-768)."""
    return render(
        request,
        "frontend/accessibilite.html",
        {"contact": settings.PROCHE_ACCESSIBILITE_CONTACT},
    )


@require_GET
@connexion_requise
def accueil(request: HttpRequest) -> HttpResponse:
    """The home page shows one section per persona the user holds (several roles: several sections)."""
    user = utilisateur(request)
    perimetre = perimetre_de(user)
    espaces = {
        "accueil": RoleAgent.ACCUEIL in perimetre.roles,
        "suivi": bool(perimetre.roles & {RoleAgent.TRAVAILLEUR_SOCIAL, RoleAgent.EVALUATEUR_MEDICO_SOCIAL}),
        "encadrement": perimetre.est_encadrant,
        "partenaire": perimetre.est_partenaire,
        "instance": False,
        "administration": can_manage_referentiel(user),
    }
    mandats = instances_selectors.mandats_actifs(user=user)
    espaces["instance"] = bool(mandats)

    personnes_site = (
        selectors.personnes_rattachees_aux_sites(user=user)
        if espaces["suivi"] or espaces["encadrement"]
        else []
    )
    personnes_designees = selectors.personnes_designees(user=user) if espaces["partenaire"] else []
    contexte = {
        "espaces": espaces,
        "titre": _titre(espaces),
        "peut_rechercher": can_search_personnes(user),
        "peut_creer": can_create_personne(user),
        "personnes_site": personnes_site,
        "personnes_designees": personnes_designees,
        "sites": selectors.synthese_sites(user=user) if espaces["encadrement"] else [],
        "organisations": selectors.organisations_de(user=user) if espaces["partenaire"] else [],
        "mandats": mandats,
        "compteurs": selectors.compteurs_referentiel() if espaces["administration"] else None,
    }
    # One journal row for the page, with every person shown.
    vus = {p.pk: p for p in [*personnes_site, *personnes_designees]}
    journaliser_liste(acces=contexte_acces(request), personnes=list(vus.values()))
    return render(request, "frontend/accueil.html", contexte)


def _titre(espaces: dict[str, bool]) -> str:
    titres = {
        "accueil": _("Accueil du public"),
        "suivi": _("Mon suivi"),
        "encadrement": _("Pilotage du site"),
        "partenaire": _("Espace partenaire"),
        "instance": _("Espace membre d'instance"),
        "administration": _("Administration fonctionnelle"),
    }
    actifs = [cle for cle, actif in espaces.items() if actif]
    return titres[actifs[0]] if len(actifs) == 1 else _("Mon espace")
