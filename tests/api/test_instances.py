"""The councils' endpoints, persona by persona: aid files of a pathway, sessions, agenda, decisions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from instances.actions import (
    PresenceSaisie,
    decision_notifier,
    decision_urgence_prendre,
    lettre_notification_produire,
    seance_convoquer,
    seance_ouvrir,
    seance_presences_enregistrer,
)
from instances.enums import EtatDemande, EtatSeance, FormeAide, IssueDecision, StatutPresence
from instances.models import Decision, DemandeAide, Seance
from tests.api.outils import verifier_erreur
from tests.conftest import client_de
from tests.instances.fabriques import Conseils, conseils, demande, inscrire, parcours_de, seance
from tests.parcours.factories import DesignationPartenaireFactory

pytestmark = pytest.mark.django_db
__all__ = ["conseils"]

CORPS_DEMANDE = {
    "type_aide": "fsl_energie",
    "montant_demande": "250.00",
    "forme": "paiement_tiers",
    "tiers": "EDF Solidarité",
    "objet": "Facture de régularisation",
    "motivation": "Baisse de ressources après une séparation.",
    "personnes_14_ans_et_plus": 1,
    "enfants_moins_14_ans": 2,
    "lignes": [
        {"sens": "ressource", "categorie": "salaires", "montant": "1100"},
        {"sens": "charge", "categorie": "loyer", "montant": "500"},
    ],
}


def _json(client, nom: str, donnees: object, methode: str = "post", **kwargs: object):  # type: ignore[no-untyped-def]
    return getattr(client, methode)(reverse(nom, kwargs=kwargs), donnees, content_type="application/json")


# --- Aid files of a pathway ---------------------------------------------------------------------------


def test_creer_et_deposer_une_demande(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    client = client_de(conseils.monde.ts_arras)
    reponse = _json(client, "api:parcours_demandes_aide", CORPS_DEMANDE, public_id=parcours.public_id)
    assert reponse.status_code == 201, reponse.content
    corps = reponse.json()
    assert corps["etat"] == "brouillon"
    assert corps["unites_consommation"] == "1.60"
    assert corps["reste_a_vivre_par_uc"] == "375.00"  # 600 / 1,6
    reponse = client.post(reverse("api:demande_aide_depot", kwargs={"public_id": corps["public_id"]}))
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["etat"] == "deposee"


def test_creer_refus_en_francais_et_rien_d_enregistre(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    client = client_de(conseils.monde.ts_arras)
    reponse = _json(
        client, "api:parcours_demandes_aide", {**CORPS_DEMANDE, "tiers": ""}, public_id=parcours.public_id
    )
    erreur = verifier_erreur(reponse, 400, "tiers_requis")
    assert erreur["champs"] == {"tiers": ["Un paiement à un tiers nomme le tiers payé."]}
    reponse = _json(
        client,
        "api:parcours_demandes_aide",
        {**CORPS_DEMANDE, "type_aide": "inconnu"},
        public_id=parcours.public_id,
    )
    assert verifier_erreur(reponse, 400, "donnees_invalides")["champs"]["type_aide"] == [
        "Type d'aide inconnu : inconnu."
    ]
    assert not DemandeAide.objects.exists()


def test_depot_refuse_au_dela_du_plafond_409_ou_400_sans_changement(conseils: Conseils) -> None:
    brouillon = demande(parcours_de(conseils.monde), montant="450", deposer=False)
    reponse = client_de(conseils.monde.ts_arras).post(
        reverse("api:demande_aide_depot", kwargs={"public_id": brouillon.public_id})
    )
    erreur = verifier_erreur(reponse, 400, "plafond_aide_depasse")
    assert "400,00" in erreur["message"]
    brouillon.refresh_from_db()
    assert brouillon.etat == EtatDemande.BROUILLON


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("ts_arras", 200),
        ("encadrant_arras", 200),
        ("accueil_arras", 403),
        ("ts_calais", 404),
        ("partenaire_ccas_arras", 200),  # designated on the pathway: the summary (below)
        ("partenaire_ml_calais", 404),
        ("elu_arrageois", 404),
        ("elu_calaisis", 404),
        (None, 401),
    ],
)
def test_liste_des_demandes_du_parcours_par_persona(
    conseils: Conseils, persona: str | None, statut: int
) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    demande(parcours)
    user = getattr(conseils.monde, persona) if persona else None
    reponse = client_de(user).get(
        reverse("api:parcours_demandes_aide", kwargs={"public_id": parcours.public_id})
    )
    assert reponse.status_code == statut, reponse.content
    if statut == 200:
        assert len(reponse.json()) == 1


@pytest.mark.parametrize(
    ("persona", "statut"), [("ts_arras", 201), ("accueil_arras", 403), ("ts_calais", 404), (None, 401)]
)
def test_creer_par_persona(conseils: Conseils, persona: str | None, statut: int) -> None:
    parcours = parcours_de(conseils.monde)
    user = getattr(conseils.monde, persona) if persona else None
    reponse = _json(
        client_de(user), "api:parcours_demandes_aide", CORPS_DEMANDE, public_id=parcours.public_id
    )
    assert reponse.status_code == statut, reponse.content
    assert DemandeAide.objects.count() == (1 if statut == 201 else 0)


def test_liste_des_demandes_nombre_de_requetes_constant(
    conseils: Conseils, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    parcours = parcours_de(conseils.monde)
    demande(parcours)
    client = client_de(conseils.monde.ts_arras)
    url = reverse("api:parcours_demandes_aide", kwargs={"public_id": parcours.public_id})
    client.get(url)
    with django_assert_num_queries(16) as une:
        assert len(client.get(url).json()) == 1
    for _ in range(3):
        demande(parcours, code="fsl_eau", montant="50")
    with django_assert_num_queries(len(une.captured_queries)):
        assert len(client.get(url).json()) == 4


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("ts_arras", 200),
        ("ts_calais", 404),
        ("partenaire_ccas_arras", 404),  # designated on the pathway: the summary only, never the file
        ("partenaire_ml_calais", 404),
        ("elu_calaisis", 404),
        (None, 401),
    ],
)
def test_detail_d_une_demande_par_persona(conseils: Conseils, persona: str | None, statut: int) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    une = demande(parcours)
    user = getattr(conseils.monde, persona) if persona else None
    reponse = client_de(user).get(reverse("api:demande_aide", kwargs={"public_id": une.public_id}))
    assert reponse.status_code == statut


# --- Designated partners: the summary of a pathway's aid files ------------------------------------------

CHAMPS_RESUME = {
    "reference",
    "type_aide",
    "libelle_type_aide",
    "etat",
    "libelle_etat",
    "deposee_le",
    "issue",
    "libelle_issue",
    "decidee_le",
    "notifiee_le",
}
CHAMPS_RESERVES = {
    "public_id",
    "montant_demande",
    "forme",
    "tiers",
    "objet",
    "motivation",
    "urgence",
    "personnes_14_ans_et_plus",
    "enfants_moins_14_ans",
    "ressources",
    "ressources_ignorees",
    "charges",
    "unites_consommation",
    "reste_a_vivre_par_uc",
    "decisions",
    "montant",
    "motif_ajournement",
    "votes_pour",
    "votes_contre",
    "abstentions",
    "lettre_produite",
}


def test_partenaire_designe_recoit_le_resume_sans_les_champs_reserves(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    urgente = demande(parcours, code="secours_urgence_departement", montant="100", urgence=True)
    demande(parcours, deposer=False)  # a draft: not shown to the partner
    decision = decision_urgence_prendre(
        demande=urgente,
        issue=IssueDecision.ACCORD_PARTIEL,
        montant=Decimal("80"),
        forme=FormeAide.SUBVENTION,
        motivation="Besoin limité.",
        acting_user=conseils.delegataire,
    )
    adresse = reverse("api:parcours_demandes_aide", kwargs={"public_id": parcours.public_id})
    partenaire = client_de(conseils.monde.partenaire_ccas_arras)
    # Decided, not yet notified: the person learns the outcome from her letter first (G-3).
    [resume] = partenaire.get(adresse).json()
    assert resume["etat"] == "decidee" and resume["issue"] == "" and resume["decidee_le"] is None
    lettre_notification_produire(decision=decision, acting_user=conseils.delegataire)
    decision_notifier(decision=decision, acting_user=conseils.delegataire)
    reponse = partenaire.get(adresse)
    assert reponse.status_code == 200, reponse.content
    [resume] = reponse.json()
    assert set(resume) == CHAMPS_RESUME
    assert not set(resume) & CHAMPS_RESERVES
    # The amount, as the API writes decimals ("80.00"): a bare "80" may occur in an id or a date.
    contenu = reponse.content.decode()
    assert "Besoin limité" not in contenu and "80.00" not in contenu and "80,00" not in contenu
    assert resume["reference"] == urgente.reference
    assert resume["etat"] == "notifiee" and resume["issue"] == "accord_partiel"
    assert resume["libelle_issue"] == "Accord partiel"
    assert resume["deposee_le"] == urgente.deposee_le.isoformat()  # type: ignore[union-attr]
    assert resume["decidee_le"] == resume["notifiee_le"] == timezone.localdate().isoformat()
    # The département's staff still receive the files in full.
    complet = client_de(conseils.monde.ts_arras).get(
        reverse("api:parcours_demandes_aide", kwargs={"public_id": parcours.public_id})
    )
    assert {"montant_demande", "motivation", "reste_a_vivre_par_uc", "decisions"} <= set(complet.json()[0])


@pytest.mark.parametrize("terminee", [True, False], ids=["designation_terminee", "non_designe"])
def test_partenaire_sans_designation_en_cours_404(conseils: Conseils, terminee: bool) -> None:
    parcours = parcours_de(conseils.monde)
    if terminee:
        DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras, terminee=True)
    demande(parcours)
    reponse = client_de(conseils.monde.partenaire_ccas_arras).get(
        reverse("api:parcours_demandes_aide", kwargs={"public_id": parcours.public_id})
    )
    verifier_erreur(reponse, 404, "introuvable")


@pytest.mark.parametrize(
    ("nom", "corps"),
    [
        ("api:demande_aide_depot", None),
        ("api:demande_aide_decision_urgence", {"issue": "refus", "motivation": "x"}),
    ],
)
def test_partenaire_designe_n_agit_pas_sur_une_demande_404(
    conseils: Conseils, nom: str, corps: dict | None
) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    une = demande(parcours, deposer=nom != "api:demande_aide_depot")
    reponse = _json(client_de(conseils.monde.partenaire_ccas_arras), nom, corps, public_id=une.public_id)
    assert reponse.status_code == 404
    une.refresh_from_db()
    assert une.etat == (EtatDemande.BROUILLON if nom == "api:demande_aide_depot" else EtatDemande.DEPOSEE)


def test_liste_partenaire_nombre_de_requetes_constant(
    conseils: Conseils, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    demande(parcours)
    client = client_de(conseils.monde.partenaire_ccas_arras)
    url = reverse("api:parcours_demandes_aide", kwargs={"public_id": parcours.public_id})
    client.get(url)
    with django_assert_num_queries(13) as une:
        assert len(client.get(url).json()) == 1
    for code in ("fsl_eau", "fsl_maintien"):
        demande(parcours, code=code, montant="50")
    with django_assert_num_queries(len(une.captured_queries)):
        assert len(client.get(url).json()) == 3


def test_g_5_decision_d_urgence_au_dela_de_la_delegation_refusee(conseils: Conseils) -> None:
    urgente = demande(
        parcours_de(conseils.monde), code="secours_urgence_departement", montant="180", urgence=True
    )
    # The delegate sees the file? Not through the pathway: she is no agent of the site. Give her one.
    from tests import factories as f

    f.AffectationFactory(utilisateur=conseils.delegataire, site=conseils.monde.mds_arras, role="encadrant")
    client = client_de(conseils.delegataire)
    url = reverse("api:demande_aide_decision_urgence", kwargs={"public_id": urgente.public_id})
    reponse = client.post(
        url, {"issue": "accord", "montant": "180", "forme": "subvention"}, content_type="application/json"
    )
    verifier_erreur(reponse, 400, "delegation_montant_depasse")
    assert not Decision.objects.exists()
    reponse = client.post(
        url,
        {
            "issue": "accord_partiel",
            "montant": "150",
            "forme": "subvention",
            "motivation": "Plafond de la délégation.",
        },
        content_type="application/json",
    )
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["decisions"][0]["par_delegation"] is True


# --- Sessions -------------------------------------------------------------------------------------------


def _seance_convoquee(conseils: Conseils) -> Seance:
    une_seance = seance(conseils)
    inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
    return seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)


def test_secretariat_cree_construit_et_convoque(conseils: Conseils, mailoutbox: list) -> None:
    client = client_de(conseils.secretaire)
    date = (timezone.now() + datetime.timedelta(days=12)).replace(microsecond=0)
    reponse = _json(
        client, "api:seances", {"instance": conseils.commission.pk, "date": date.isoformat(), "lieu": "Arras"}
    )
    assert reponse.status_code == 201, reponse.content
    public_id = reponse.json()["public_id"]
    une = demande(parcours_de(conseils.monde))
    reponse = _json(client, "api:seance_ordre_du_jour", {"demande": str(une.public_id)}, public_id=public_id)
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["ordre_du_jour"][0]["personne"] == "Martin Léa"  # the secretariat sees names
    with pytest.MonkeyPatch.context():
        reponse = _json(client, "api:seance_convocation", {}, public_id=public_id)
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["etat"] == "convoquee"


def test_convocation_tardive_refusee(conseils: Conseils) -> None:
    une_seance = seance(conseils, dans_jours=3)
    inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
    reponse = _json(
        client_de(conseils.secretaire), "api:seance_convocation", {}, public_id=une_seance.public_id
    )
    erreur = verifier_erreur(reponse, 400, "convocation_tardive")
    assert erreur["champs"]["date"]
    une_seance.refresh_from_db()
    assert une_seance.etat == EtatSeance.CREEE


@pytest.mark.parametrize(
    ("persona", "statut", "pseudonyme"),
    [
        ("secretaire", 200, False),
        ("elu", 200, True),
        ("elu_calaisis", 404, None),
        ("ts_arras", 404, None),
        ("partenaire_ccas_arras", 404, None),
        (None, 401, None),
    ],
)
def test_detail_de_seance_par_persona(
    conseils: Conseils, persona: str | None, statut: int, pseudonyme: bool | None
) -> None:
    une_seance = _seance_convoquee(conseils)
    users = {"secretaire": conseils.secretaire, "elu": conseils.monde.elu_arrageois}
    user = users.get(persona or "") or (getattr(conseils.monde, persona) if persona else None)
    reponse = client_de(user).get(reverse("api:seance", kwargs={"public_id": une_seance.public_id}))
    assert reponse.status_code == statut
    if statut == 200:
        [point] = reponse.json()["ordre_du_jour"]
        assert (point["personne"] == "L.M. (né·e en 2004)") is pseudonyme
        assert point["demande"]["montant_demande"] == "300.00"


def test_membre_ne_gere_pas_la_seance_403(conseils: Conseils) -> None:
    une_seance = _seance_convoquee(conseils)
    reponse = client_de(conseils.monde.elu_arrageois).post(
        reverse("api:seance_ouverture", kwargs={"public_id": une_seance.public_id})
    )
    verifier_erreur(reponse, 403, "interdit")
    reponse = client_de(conseils.monde.elu_calaisis).post(
        reverse("api:seance_ouverture", kwargs={"public_id": une_seance.public_id})
    )
    verifier_erreur(reponse, 404, "introuvable")


def test_ouverture_sans_quorum_reporte_la_seance(conseils: Conseils) -> None:
    une_seance = _seance_convoquee(conseils)
    client = client_de(conseils.secretaire)
    reponse = _json(
        client,
        "api:seance_presences",
        {
            "presences": [
                {"mandat": conseils.president.pk, "statut": "present"},
                {"mandat": conseils.elu.pk, "statut": "excuse"},
            ]
        },
        methode="put",
        public_id=une_seance.public_id,
    )
    assert reponse.status_code == 200, reponse.content
    reponse = client.post(reverse("api:seance_ouverture", kwargs={"public_id": une_seance.public_id}))
    verifier_erreur(reponse, 409, "quorum_non_atteint")
    une_seance.refresh_from_db()
    assert une_seance.etat == EtatSeance.REPORTEE


def test_decision_avec_version_et_motivation(conseils: Conseils) -> None:
    une_seance = _seance_convoquee(conseils)
    seance_presences_enregistrer(
        seance=une_seance,
        presences=[
            PresenceSaisie(mandat=conseils.president, statut=StatutPresence.PRESENT),
            PresenceSaisie(mandat=conseils.elu, statut=StatutPresence.PRESENT),
        ],
        acting_user=conseils.secretaire,
    )
    seance_ouvrir(seance=une_seance, acting_user=conseils.secretaire)
    point = une_seance.points.get()
    client = client_de(conseils.secretaire)
    arguments = {"public_id": une_seance.public_id, "point": point.public_id}
    reponse = _json(
        client, "api:seance_decision", {"issue": "refus", "version": None}, methode="put", **arguments
    )
    erreur = verifier_erreur(reponse, 400, "motivation_requise")
    assert "motivation" in erreur["champs"]
    corps = {
        "issue": "refus",
        "motivation": "Ressources au-dessus du barème.",
        "version": None,
        "votes": [
            {"mandat": conseils.president.pk, "sens": "pour"},
            {"mandat": conseils.elu.pk, "sens": "contre"},
        ],
    }
    reponse = _json(client, "api:seance_decision", corps, methode="put", **arguments)
    assert reponse.status_code == 200, reponse.content
    decision = reponse.json()["ordre_du_jour"][0]["decision"]
    assert decision["version"] == 1 and decision["voix_preponderante"] is True
    # A second writer who read no version (or an old one) is refused.
    reponse = _json(
        client_de(conseils.presidente),
        "api:seance_decision",
        {**corps, "version": None},
        methode="put",
        **arguments,
    )
    erreur = verifier_erreur(reponse, 409, "version_perimee")
    assert "rechargez-la" in erreur["message"]
    assert Decision.objects.get().version == 1


def test_liste_des_seances_nombre_de_requetes_constant(
    conseils: Conseils, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _seance_convoquee(conseils)
    client = client_de(conseils.monde.elu_arrageois)
    url = reverse("api:seances")
    client.get(url)
    with django_assert_num_queries(7) as une:
        assert client.get(url).json()["count"] == 1
    for jours in (20, 30):
        autre = seance(conseils, dans_jours=jours)
        inscrire(
            conseils, autre, demande(parcours_de(conseils.monde), code="fsl_eau", montant=str(Decimal(50)))
        )
        seance_convoquer(seance=autre, acting_user=conseils.secretaire)
    with django_assert_num_queries(len(une.captured_queries)):
        assert client.get(url).json()["count"] == 3
    assert client_de(conseils.monde.elu_calaisis).get(url).json()["count"] == 0


def test_point_courant_par_l_api(conseils: Conseils) -> None:
    from tests.instances.fabriques import seance_ouverte

    une_seance, points = seance_ouverte(conseils, dossiers=2)
    url = reverse("api:seance_point_courant", kwargs={"public_id": une_seance.public_id})
    client = client_de(conseils.presidente)
    reponse = client.post(url, {"point": str(points[1].public_id)}, content_type="application/json")
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["point_courant"] == str(points[1].public_id)
    detail = client_de(conseils.monde.elu_arrageois).get(
        reverse("api:seance", kwargs={"public_id": une_seance.public_id})
    )
    assert detail.json()["point_courant"] == str(points[1].public_id)
    inconnu = client.post(
        url, {"point": "00000000-0000-0000-0000-000000000000"}, content_type="application/json"
    )
    assert inconnu.status_code == 404
