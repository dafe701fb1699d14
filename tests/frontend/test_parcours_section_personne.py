"""The "Parcours" section for the person's file (``frontend/parcours/_section_personne.html``), rendered
with what ``personne_detail`` is to pass it, and the real-time refresh of the caseload."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours.models import Parcours
from parcours.permissions import can_open_parcours
from parcours.selectors import parcours_de_la_personne
from social.models import Personne, Utilisateur
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, texte, trouver, trouver_tous
from tests.parcours.factories import DesignationPartenaireFactory, MembreEquipeFactory, ParcoursFactory


def _section(user: Utilisateur, personne: Personne) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "frontend/parcours/_section_personne.html",
        {
            "personne": personne,
            "parcours_personne": parcours_de_la_personne(user=user, personne=personne),
            "peut_ouvrir_parcours": can_open_parcours(user, personne),
        },
        request=request,
    )


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    parcours = ParcoursFactory(personne=personne_arras, site=monde.mds_arras, referent=monde.ts_arras)
    DesignationPartenaireFactory(parcours=parcours, organisation=monde.ccas_arras)
    ParcoursFactory(personne=personne_arras, site=monde.mds_arras, jeunes=True, clos=True)
    return parcours


@pytest.mark.parametrize(
    ("persona", "lignes", "liens", "ouvrir"),
    [
        ("ts_arras", 2, 2, True),
        ("encadrant_arras", 2, 2, True),
        ("accueil_arras", 2, 0, False),  # sees that pathways exist, cannot open them
        ("partenaire_ccas_arras", 1, 1, False),  # the designated one only
        ("evaluateur_arras", 0, 0, True),  # another site's pathways; may open an APA one
    ],
)
def test_section_par_persona(
    monde: Monde, rsa: Parcours, persona: str, lignes: int, liens: int, ouvrir: bool
) -> None:
    page = parse_html(_section(getattr(monde, persona), rsa.personne))
    assert texte(trouver(page, "h2")) == "Parcours"
    corps = trouver_tous(page, "tbody")
    assert (len(trouver_tous(corps[0], "tr")) if corps else 0) == lignes
    assert (
        len([a for a in trouver_tous(page, "a") if "parcours/" in (attributs(a)["href"] or "")])
        == liens + ouvrir
    )
    if lignes == 0:
        assert "Aucun parcours pour le moment." in texte(page)


def test_en_cours_d_abord_et_membre_d_equipe(monde: Monde, rsa: Parcours) -> None:
    MembreEquipeFactory(parcours=rsa, utilisateur=monde.evaluateur_arras)
    page = parse_html(_section(monde.evaluateur_arras, rsa.personne))
    premiere = [texte(td) for td in trouver_tous(trouver_tous(page, "tr")[1], "td")]
    assert premiere[0] == "À orienter"
    assert len(trouver_tous(page, "tr")) == 2  # the team member sees her pathway only


def test_section_en_une_requete(monde: Monde, personne_arras: Personne) -> None:
    for _ in range(5):
        ParcoursFactory(personne=personne_arras, site=monde.mds_arras, clos=True)
    user = monde.ts_arras
    from social.perimetre import perimetre_de

    perimetre_de(user)
    with CaptureQueriesContext(connection) as requetes:
        parcours_de_la_personne(user=user, personne=personne_arras)
    assert len(requetes) == 2  # the follow-up sites, then the pathways


def test_le_portefeuille_se_rafraichit_en_temps_reel(monde: Monde) -> None:
    page = document(client_de(monde.ts_arras).get(reverse("frontend:parcours_liste"), {"dispositif": "rsa"}))
    region = trouver(page, "div", id="portefeuille")
    assert attributs(region)["hx-get"] == "?dispositif=rsa"
    declencheurs = attributs(region)["hx-trigger"] or ""
    assert "proche:parcours.referent_change from:body" in declencheurs
    assert "proche:parcours.echeance_depassee from:body" in declencheurs
    assert "proche:reconnexion from:body" in declencheurs
    tableau = document(client_de(monde.encadrant_arras).get(reverse("frontend:parcours_tableau_de_bord")))
    assert attributs(trouver(tableau, "div", id="tableau-de-bord"))["hx-select"] == "#tableau-de-bord"
