"""The PCH on the pathway page (section « PCH : décisions de la CDAPH et versements ») and its three form
pages: each page and POST per persona, what partners never see (the decision detail is health data),
refusals with the remaining amount on the field and an error summary (nothing changed), query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours import actions
from parcours.enums import ElementDecisionPch
from parcours.models import DecisionPch, Parcours, VersementPch
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, texte, trouver, trouver_tous
from tests.parcours import fabriques_sections as fabriques
from tests.parcours.test_pch import decider, etat_fige, parcours_pch, verser

PERSONAS = [
    "referent",
    "encadrant",
    "meme_site",
    "autre_territoire",
    "partenaire_designe",
    "partenaire_non_designe",
    "elu",
    "anonyme",
]
HORS_PERIMETRE = {"autre_territoire": 404, "partenaire_non_designe": 404, "elu": 404}
ECRITURE = {"referent": "ok", "encadrant": "ok", "meme_site": 403, "partenaire_designe": 403}
D = datetime.date


def acteur(monde: Monde, persona: str) -> Utilisateur | None:
    return fabriques.acteur(monde, persona)


@pytest.fixture
def pch(monde: Monde, personne_arras: Personne) -> Parcours:
    return fabriques.scene_pch(monde, personne_arras)


def page(parcours: Parcours) -> str:
    return reverse("frontend:parcours_detail", args=[parcours.public_id])


def donnees_decision(**autres: Any) -> dict[str, Any]:
    return {
        "numero": "CDAPH-2024-009",
        "decidee_le": "2024-02-01",
        "notifiee_le": "2024-02-05",
        "element": ElementDecisionPch.AMENAGEMENT_LOGEMENT,
        "montant": "4000",
        "debut": "2024-02-01",
        "fin": "2026-01-31",
    } | autres


def donnees_versement(parcours: Parcours, **autres: Any) -> dict[str, Any]:
    decision = DecisionPch.objects.filter(parcours=parcours).first()
    assert decision is not None
    return {
        "decision": str(decision.public_id),
        "verse_le": "2024-03-01",
        "montant": "2500",
        "periode_debut": "2024-03-01",
        "periode_fin": "2024-03-01",
    } | autres


def donnees_demande(parcours: Parcours | None = None) -> dict[str, Any]:
    return {"deposee_le": "2024-09-02"}


PAGES = {
    "demande": ("frontend:parcours_pch_demande", lambda p: donnees_demande()),
    "decision": ("frontend:parcours_pch_decision", lambda p: donnees_decision()),
    "versement": ("frontend:parcours_pch_versement", donnees_versement),
}


def section(client: Client, parcours: Parcours) -> str:
    reponse = client.get(page(parcours))
    assert reponse.status_code == 200
    return texte(trouver(document(reponse), "section", aria_labelledby="titre-pch"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("formulaire", PAGES)
def test_chaque_page_par_persona(monde: Monde, pch: Parcours, formulaire: str, persona: str) -> None:
    nom, _donnees = PAGES[formulaire]
    reponse = client_de(acteur(monde, persona)).get(reverse(nom, args=[pch.public_id]))
    attendu = {**HORS_PERIMETRE, **ECRITURE}.get(persona)
    if persona == "anonyme":
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))
    elif attendu == "ok":
        assert reponse.status_code == 200
        assert len(trouver_tous(document(reponse), "h1")) == 1
        assert trouver_tous(document(reponse), "label")
    else:
        assert reponse.status_code == attendu


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("formulaire", PAGES)
def test_chaque_formulaire_par_persona(monde: Monde, pch: Parcours, formulaire: str, persona: str) -> None:
    nom, donnees = PAGES[formulaire]
    avant = etat_fige(pch)
    reponse = client_de(acteur(monde, persona)).post(reverse(nom, args=[pch.public_id]), donnees(pch))
    attendu = {**HORS_PERIMETRE, **ECRITURE}.get(persona)
    if persona == "anonyme":
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))
    elif attendu == "ok":
        assert reponse.status_code == 302, reponse.content.decode()[:3000]
        assert reponse.url == page(pch)
        assert etat_fige(pch) != avant
        return
    else:
        assert reponse.status_code == attendu
    assert etat_fige(pch) == avant


def test_section_pour_l_equipe_avec_plafonds_et_recours(monde: Monde, pch: Parcours) -> None:
    verser(DecisionPch.objects.get(parcours=pch), monde.ts_arras, "2500")
    contenu = section(client_de(monde.ts_arras), pch)
    assert "n° CDAPH-2024-001 du 01/02/2024" in contenu
    assert "Aides techniques" in contenu and "reste 7 500,00 €" in contenu
    assert "jusqu'au 05/04/2024" in contenu
    assert "Enregistrer un versement" in contenu


def test_le_partenaire_designe_ne_voit_aucun_detail_de_sante(monde: Monde, pch: Parcours) -> None:
    reponse = client_de(monde.partenaire_ccas_arras).get(page(pch))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "CDAPH-2024-001" not in contenu and "Aides techniques" not in contenu
    assert "Plafonds sur 10 ans" not in contenu


def test_plafond_depasse_message_sur_le_champ_avec_le_reste(monde: Monde, pch: Parcours) -> None:
    decision = DecisionPch.objects.get(parcours=pch)
    verser(decision, monde.ts_arras, "9000")
    seconde = decider(
        pch,
        monde.ts_arras,
        numero="CDAPH-2025-002",
        decidee_le=D(2025, 1, 6),
        debut=D(2025, 1, 6),
        fin=D(2026, 12, 31),
        montant=Decimal("8000"),
    )
    avant = etat_fige(pch)
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_pch_versement", args=[pch.public_id]),
        donnees_versement(
            pch,
            decision=str(seconde.public_id),
            verse_le="2025-02-03",
            periode_debut="2025-02-03",
            periode_fin="2025-02-03",
            montant="4500",
        ),
    )
    assert reponse.status_code == 400
    html = document(reponse)
    erreurs = reponse.content.decode()
    assert "il reste 4\u00a0200,00\u00a0€ disponibles" in erreurs
    assert trouver_tous(html, "a", href="#id_montant")
    assert etat_fige(pch) == avant


def test_saisie_invalide_erreur_par_champ(monde: Monde, pch: Parcours) -> None:
    avant = etat_fige(pch)
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_pch_decision", args=[pch.public_id]),
        donnees_decision(decidee_le="pas une date", montant="abc", fin=""),
    )
    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert "Saisissez une date valide" in contenu and "Saisissez un montant en euros" in contenu
    assert etat_fige(pch) == avant

    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_pch_decision", args=[pch.public_id]), donnees_decision(fin="")
    )
    assert reponse.status_code == 400
    assert "Une date de fin est requise" in reponse.content.decode()
    assert etat_fige(pch) == avant


def test_pas_de_section_pch_hors_pch_et_pages_introuvables(monde: Monde, personne_arras: Personne) -> None:
    from tests.parcours.factories import ouvrir

    rsa = ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    reponse = client_de(monde.ts_arras).get(page(rsa))
    assert "titre-pch" not in reponse.content.decode()
    assert (
        client_de(monde.ts_arras)
        .get(reverse("frontend:parcours_pch_decision", args=[rsa.public_id]))
        .status_code
        == 404
    )


# The whole pathway page (other sections included): update when another section adds a query.
REQUETES = {"referent": 27, "partenaire_designe": 19}


def _requetes(client: Client, parcours: Parcours) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(page(parcours)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


@pytest.mark.parametrize("persona", ["referent", "partenaire_designe"])
def test_nombre_de_requetes_independant_du_nombre_de_decisions(monde: Monde, persona: str) -> None:
    f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras)
    parcours = []
    for n in (1, 12):
        personne = f.PersonneFactory(commune=monde.arras)
        f.RattachementFactory(personne=personne, site=monde.mds_arras)
        p = parcours_pch(monde, personne)
        actions.partenaire_designer(parcours=p, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
        for i in range(n):
            d = decider(p, monde.ts_arras, numero=f"CDAPH-{i}", montant=Decimal("100"))
            VersementPch.objects.create(
                decision=d,
                verse_le=D(2024, 3, 1),
                montant=Decimal("10"),
                periode_debut=D(2024, 3, 1),
                periode_fin=D(2024, 3, 1),
            )
        parcours.append(p)
    client = client_de(acteur(monde, persona))
    assert _requetes(client, parcours[1]) == _requetes(client, parcours[0]) == REQUETES[persona]


def test_pch_4_parentalite_saisie_avec_la_naissance_de_l_enfant(monde: Monde, pch: Parcours) -> None:
    """The decision form asks the child's birth date; a lump sum not due in the period is refused on its
    field, with the summary of errors, and nothing is written."""
    client = client_de(monde.ts_arras)
    url = reverse("frontend:parcours_pch_decision", args=[pch.public_id])
    formulaire = document(client.get(url))
    assert trouver(formulaire, "input", name="naissance_enfant") is not None
    assert trouver(formulaire, "input", name="parent_isole") is not None
    avant = etat_fige(pch)
    donnees = donnees_decision(
        element=ElementDecisionPch.PARENTALITE_AIDES_TECHNIQUES,
        montant="1400",
        naissance_enfant="2020-09-15",
        fin="2026-01-31",
    )
    reponse = client.post(url, donnees)
    assert reponse.status_code == 400
    assert "parentalité dus pendant la période accordée totalisent 0,00" in reponse.content.decode()
    assert trouver_tous(document(reponse), "a", href="#id_montant")
    assert etat_fige(pch) == avant
    assert client.post(url, donnees | {"fin": "2026-12-31", "montant": "1000"}).status_code == 302
    assert DecisionPch.objects.get(
        parcours=pch, element="parentalite_aides_techniques"
    ).naissance_enfant == D(2020, 9, 15)


def test_pch_3_la_page_demande_l_exception_apres_60_ans(monde: Monde) -> None:
    """A first request after 60 without an exception: the message on the date field, nothing saved; with
    the box ticked, recorded."""
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=datetime.date(1950, 5, 10))
    pch = parcours_pch(monde, personne)
    avant = etat_fige(pch)
    client = client_de(monde.ts_arras)
    adresse = reverse("frontend:parcours_pch_demande", args=[pch.public_id])

    reponse = client.post(adresse, donnees_demande())
    assert reponse.status_code == 400
    erreurs = texte(trouver(document(reponse), id="id_deposee_le-erreurs"))
    assert "Une première demande de PCH après 60 ans suppose" in erreurs
    assert etat_fige(pch) == avant

    reponse = client.post(adresse, donnees_demande() | {"en_activite": "on"})
    assert reponse.status_code == 302 and reponse.url == page(pch)
    assert etat_fige(pch) != avant
