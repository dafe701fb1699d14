"""The councils' pages, persona by persona: aid requests (social worker), sessions (secretariat),
« Mes séances » and the agenda files (members, pseudonymised)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from instances.actions import seance_convoquer
from instances.enums import EtatDemande, EtatSeance
from instances.models import DemandeAide, Seance
from tests.conftest import client_de
from tests.frontend.outils import document, texte, trouver_tous
from tests.instances.fabriques import Conseils, conseils, demande, inscrire, parcours_de, seance
from tests.parcours.factories import DesignationPartenaireFactory

pytestmark = pytest.mark.django_db
__all__ = ["conseils"]


def _user(conseils: Conseils, persona: str | None):  # type: ignore[no-untyped-def]
    if persona is None:
        return None
    if persona in ("secretaire", "presidente"):
        return getattr(conseils, persona)
    return getattr(conseils.monde, persona)


def _statut(reponse) -> int:  # type: ignore[no-untyped-def]
    if reponse.status_code == 302 and reverse("frontend:connexion") in reponse["Location"]:
        return 401
    return reponse.status_code


PERSONAS_PARCOURS = [
    ("ts_arras", 200),
    ("encadrant_arras", 200),
    ("accueil_arras", 403),
    ("ts_calais", 404),
    ("partenaire_ccas_arras", 403),
    ("partenaire_ml_calais", 404),
    ("elu_arrageois", 404),
    ("elu_calaisis", 404),
    (None, 401),
]


# The designated partner reads the summary of the aid files (below); she may not create one (403).
PERSONAS_LISTE = [
    (persona, 200 if persona == "partenaire_ccas_arras" else statut) for persona, statut in PERSONAS_PARCOURS
]


@pytest.mark.parametrize(("persona", "statut"), PERSONAS_LISTE)
def test_demandes_du_parcours_par_persona(conseils: Conseils, persona: str | None, statut: int) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    une = demande(parcours)
    reponse = client_de(_user(conseils, persona)).get(
        reverse("frontend:demandes_parcours", args=[parcours.public_id])
    )
    assert _statut(reponse) == statut
    if statut == 200:
        assert une.reference in reponse.content.decode()


def test_partenaire_designe_voit_le_resume_sans_montant_ni_motivation(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    une = demande(parcours, montant="275", motivation="Séparation récente, dettes de loyer.")
    brouillon = demande(parcours, code="fsl_eau", montant="60", deposer=False)
    reponse = client_de(conseils.monde.partenaire_ccas_arras).get(
        reverse("frontend:demandes_parcours", args=[parcours.public_id])
    )
    assert reponse.status_code == 200
    page = document(reponse)
    contenu = texte(page)
    assert une.reference in contenu and une.type_aide.libelle in contenu
    assert f"{une.deposee_le:%d/%m/%Y}" in contenu and "Déposée, en attente d'inscription" in contenu
    # Never the amount, the motivation, the budget, nor a link to the file's page; not the draft.
    assert "275" not in contenu and "Séparation" not in contenu and "Reste à vivre" not in contenu
    assert "Montant" not in contenu
    assert brouillon.reference not in contenu
    assert reverse("frontend:demande_aide", args=[une.public_id]) not in reponse.content.decode()
    assert "Nouvelle demande d'aide" not in contenu
    # The pathway page leads to it.
    fiche = client_de(conseils.monde.partenaire_ccas_arras).get(
        reverse("frontend:parcours_detail", args=[parcours.public_id])
    )
    assert reverse("frontend:demandes_parcours", args=[parcours.public_id]) in fiche.content.decode()


def test_partenaire_designation_terminee_404(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras, terminee=True)
    demande(parcours)
    client = client_de(conseils.monde.partenaire_ccas_arras)
    assert client.get(reverse("frontend:demandes_parcours", args=[parcours.public_id])).status_code == 404
    assert client.get(reverse("frontend:parcours_detail", args=[parcours.public_id])).status_code == 404


@pytest.mark.parametrize(("persona", "statut"), PERSONAS_PARCOURS)
def test_formulaire_de_demande_par_persona(conseils: Conseils, persona: str | None, statut: int) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    reponse = client_de(_user(conseils, persona)).get(
        reverse("frontend:demande_creer", args=[parcours.public_id])
    )
    assert _statut(reponse) == statut
    if statut == 200:
        page = document(reponse)
        # Every field has its label.
        for champ in (
            trouver_tous(page, "input") + trouver_tous(page, "select") + trouver_tous(page, "textarea")
        ):
            attrs = dict(champ.attributes)
            if attrs.get("type") in ("hidden",):
                continue
            assert trouver_tous(page, "label", for_=attrs["id"]), attrs


def test_creer_puis_deposer_une_demande_avec_le_reste_a_vivre(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    client = client_de(conseils.monde.ts_arras)
    donnees = {
        "type_aide": "faj_aide_projet",
        "montant_demande": "400",
        "forme": "subvention",
        "objet": "Permis de conduire",
        "motivation": "Entrée en formation conditionnée au permis.",
        "personnes_14_ans_et_plus": "1",
        "enfants_moins_14_ans": "0",
        "budget_salaires": "350",
        "budget_loyer": "150",
        "ressources_parents": "2800",
    }
    reponse = client.post(reverse("frontend:demande_creer", args=[parcours.public_id]), donnees)
    assert reponse.status_code == 302
    une = DemandeAide.objects.get()
    assert une.reste_a_vivre_par_uc == 200 and une.ressources_ignorees == 2800
    page = client.get(reponse["Location"])
    contenu = texte(document(page))
    assert "Reste à vivre par unité de consommation 200,00 € par mois" in contenu
    assert "Ressources non retenues (obligés alimentaires, CASF L263-3) 2800,00 €" in contenu
    reponse = client.post(reverse("frontend:demande_deposer", args=[une.public_id]))
    assert reponse.status_code == 302
    une.refresh_from_db()
    assert une.etat == EtatDemande.DEPOSEE


def test_formulaire_invalide_resume_des_erreurs_et_rien_d_enregistre(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    reponse = client_de(conseils.monde.ts_arras).post(
        reverse("frontend:demande_creer", args=[parcours.public_id]),
        {
            "type_aide": "fsl_eau",
            "montant_demande": "abc",
            "forme": "paiement_tiers",
            "objet": "",
            "motivation": "x",
        },
    )
    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert 'role="alert"' in contenu and "Saisissez un montant en euros" in contenu
    assert "<title>Erreur :" in contenu
    assert not DemandeAide.objects.exists()


def test_depot_refuse_affiche_le_motif(conseils: Conseils) -> None:
    trop_cher = demande(parcours_de(conseils.monde), code="fsl_eau", montant="350", deposer=False)
    reponse = client_de(conseils.monde.ts_arras).post(
        reverse("frontend:demande_deposer", args=[trop_cher.public_id])
    )
    assert reponse.status_code == 400
    assert "ne peut pas dépasser 300,00" in reponse.content.decode()
    trop_cher.refresh_from_db()
    assert trop_cher.etat == EtatDemande.BROUILLON


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("ts_arras", 200),
        ("ts_calais", 404),
        ("partenaire_ccas_arras", 404),  # designated on the pathway: the summary only, never the file
        ("partenaire_ml_calais", 404),
        ("elu_arrageois", 404),
        (None, 401),
    ],
)
def test_page_d_une_demande_par_persona(conseils: Conseils, persona: str | None, statut: int) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    une = demande(parcours, deposer=False)
    client = client_de(_user(conseils, persona))
    reponse = client.get(reverse("frontend:demande_aide", args=[une.public_id]))
    assert _statut(reponse) == statut
    if persona and persona.startswith("partenaire"):
        # Nor may she submit it.
        assert client.post(reverse("frontend:demande_deposer", args=[une.public_id])).status_code == 404
        une.refresh_from_db()
        assert une.etat == EtatDemande.BROUILLON


# --- Sessions -------------------------------------------------------------------------------------------


def _convoquee(conseils: Conseils) -> Seance:
    une_seance = seance(conseils)
    inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
    return seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)


@pytest.mark.parametrize(
    ("persona", "statut", "lignes"),
    [
        ("secretaire", 200, 1),
        ("elu_arrageois", 200, 1),
        ("elu_calaisis", 200, 0),
        ("ts_arras", 403, 0),
        ("partenaire_ccas_arras", 403, 0),
        (None, 401, 0),
    ],
)
def test_mes_seances_par_persona(conseils: Conseils, persona: str | None, statut: int, lignes: int) -> None:
    _convoquee(conseils)
    reponse = client_de(_user(conseils, persona)).get(reverse("frontend:seances"))
    assert _statut(reponse) == statut
    if statut == 200:
        assert len(trouver_tous(document(reponse), "tr")) == (lignes + 1 if lignes else 0)


def test_mes_seances_meme_nombre_de_requetes_pour_1_et_3(conseils: Conseils) -> None:
    _convoquee(conseils)
    client = client_de(conseils.monde.elu_arrageois)
    client.get(reverse("frontend:seances"))

    def requetes() -> int:
        with CaptureQueriesContext(connection) as contexte:
            assert client.get(reverse("frontend:seances")).status_code == 200
        return sum(1 for r in contexte.captured_queries if "SAVEPOINT" not in r["sql"])

    une = requetes()
    for jours in (20, 30):
        autre = seance(conseils, dans_jours=jours)
        inscrire(conseils, autre, demande(parcours_de(conseils.monde), code="fsl_eau", montant="50"))
        seance_convoquer(seance=autre, acting_user=conseils.secretaire)
    assert requetes() == une


@pytest.mark.parametrize(
    ("persona", "statut", "libelle"),
    [
        ("secretaire", 200, "Martin Léa"),
        ("presidente", 200, "L.M. (né·e en 2004)"),
        ("elu_arrageois", 200, "L.M. (né·e en 2004)"),
        ("elu_calaisis", 404, None),
        ("ts_arras", 404, None),
        ("partenaire_ccas_arras", 404, None),
        (None, 401, None),
    ],
)
def test_seance_et_dossiers_de_l_ordre_du_jour_par_persona(
    conseils: Conseils, persona: str | None, statut: int, libelle: str | None
) -> None:
    une_seance = _convoquee(conseils)
    reponse = client_de(_user(conseils, persona)).get(reverse("frontend:seance", args=[une_seance.public_id]))
    assert _statut(reponse) == statut
    if libelle:
        contenu = reponse.content.decode()
        assert libelle in contenu
        if persona != "secretaire":
            assert "Martin" not in contenu


def test_secretariat_cree_inscrit_et_convoque(conseils: Conseils, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = client_de(conseils.secretaire)
    assert client.get(reverse("frontend:seance_creer")).status_code == 200
    date = timezone.localtime() + datetime.timedelta(days=9)
    reponse = client.post(
        reverse("frontend:seance_creer"),
        {
            "instance": conseils.commission.pk,
            "date": date.strftime("%Y-%m-%dT%H:%M"),
            "lieu": "Arras",
            "duree_minutes": "90",
        },
    )
    assert reponse.status_code == 302, reponse.content
    une_seance = Seance.objects.get()
    une = demande(parcours_de(conseils.monde))
    page = client.get(reverse("frontend:seance", args=[une_seance.public_id]))
    assert une.reference in page.content.decode()
    reponse = client.post(
        reverse("frontend:seance_point_ajouter", args=[une_seance.public_id]), {"demande": str(une.public_id)}
    )
    assert reponse.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("frontend:seance_convoquer", args=[une_seance.public_id]), {"urgence_motif": ""}
        )
    assert reponse.status_code == 302
    une_seance.refresh_from_db()
    assert une_seance.etat == EtatSeance.CONVOQUEE
    assert len(mail.outbox) == 1


def test_convocation_tardive_refusee_sur_la_page(conseils: Conseils) -> None:
    une_seance = seance(conseils, dans_jours=2)
    inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
    reponse = client_de(conseils.secretaire).post(
        reverse("frontend:seance_convoquer", args=[une_seance.public_id]), {}
    )
    assert reponse.status_code == 400
    assert "au moins 5 jours avant" in reponse.content.decode()
    une_seance.refresh_from_db()
    assert une_seance.etat == EtatSeance.CREEE


@pytest.mark.parametrize(("persona", "statut"), [("elu_arrageois", 403), ("ts_arras", 403), (None, 401)])
def test_creer_une_seance_reserve_au_secretariat(
    conseils: Conseils, persona: str | None, statut: int
) -> None:
    assert _statut(client_de(_user(conseils, persona)).get(reverse("frontend:seance_creer"))) == statut


def test_navigation_mes_seances_pour_les_membres(conseils: Conseils) -> None:
    page = client_de(conseils.monde.elu_arrageois).get(reverse("frontend:accueil"))
    assert reverse("frontend:seances") in page.content.decode()
    page = client_de(conseils.monde.ts_arras).get(reverse("frontend:accueil"))
    assert reverse("frontend:seances") not in page.content.decode()


def test_demandes_du_parcours_meme_nombre_de_requetes_pour_1_et_4(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    demande(parcours)
    client = client_de(conseils.monde.ts_arras)
    url = reverse("frontend:demandes_parcours", args=[parcours.public_id])
    client.get(url)

    def requetes() -> int:
        with CaptureQueriesContext(connection) as contexte:
            assert client.get(url).status_code == 200
        return sum(1 for r in contexte.captured_queries if "SAVEPOINT" not in r["sql"])

    une = requetes()
    for _ in range(3):
        demande(parcours, code="fsl_eau", montant="50")
    assert requetes() == une


def test_demandes_du_parcours_partenaire_meme_nombre_de_requetes_pour_1_et_3(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    demande(parcours)
    client = client_de(conseils.monde.partenaire_ccas_arras)
    url = reverse("frontend:demandes_parcours", args=[parcours.public_id])
    client.get(url)

    def requetes() -> int:
        with CaptureQueriesContext(connection) as contexte:
            assert client.get(url).status_code == 200
        return sum(1 for r in contexte.captured_queries if "SAVEPOINT" not in r["sql"])

    une = requetes()
    assert une == NOMBRE_REQUETES_PARTENAIRE
    for code in ("fsl_eau", "fsl_maintien"):
        demande(parcours, code=code, montant="50")
    assert requetes() == une


# Session, user, perimeter (2), parameters, pathway, journal (3), designation, files, decisions, and the
# page frame's own query.
NOMBRE_REQUETES_PARTENAIRE = 12
