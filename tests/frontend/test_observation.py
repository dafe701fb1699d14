"""The observation dashboard and its exports, for each persona; figures read from the precomputed table."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from observation.actions import indicateurs_calculer
from observation.selectors import SEUIL_SECRET, pseudonyme
from social.enums import OperationJournal, PerimetreAffectation, RoleAgent
from social.models import JournalAcces, Utilisateur
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, texte, trouver, trouver_tous
from tests.observation.conftest import creer_direction, creer_parcours
from tests.observation.fabriques import orientations_de_la_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def direction(monde: Monde) -> Utilisateur:
    return creer_direction()


URL = "frontend:observation_tableau_de_bord"
PERIODE = {"du": "2025-01", "au": "2025-03"}


@pytest.fixture
def situation(monde: Monde) -> Monde:
    """7 pathways at Arras, 6 at Calais (opened in January 2025), computed."""
    for _ in range(7):
        creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    for _ in range(6):
        creer_parcours(site=monde.mds_calais, ouvert_le=datetime.date(2025, 1, 12))
    indicateurs_calculer(depuis=None)
    return monde


def _get(user: Utilisateur | None, nom: str = URL, *args: str, **params: str):  # type: ignore[no-untyped-def]
    return client_de(user).get(reverse(nom, args=args), params)


def _valeurs_table(reponse, code: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    table = trouver(document(reponse), "table", id=f"table-{code}")
    resultat = {}
    for ligne in trouver_tous(table, "tr")[1:]:
        entete = trouver(ligne, "th")
        resultat[dict(entete.attributes)["data-mois"]] = dict(trouver_tous(ligne, "td")[0].attributes)[
            "data-valeur"
        ]
    return resultat


def test_encadrant_voit_son_site_sans_chiffre_du_calaisis(situation: Monde) -> None:
    reponse = _get(situation.encadrant_arras, **PERIODE)

    assert reponse.status_code == 200
    assert _valeurs_table(reponse, "parcours_ouverts") == {
        "2025-01": "7.00",
        "2025-02": "7.00",
        "2025-03": "7.00",
    }
    contenu = reponse.content.decode()
    assert "Calaisis" not in contenu
    assert "MDS de l&#x27;Arrageois" in contenu or "MDS de l'Arrageois" in contenu


def test_graphique_svg_accessible_avec_titre_description_et_tableau(situation: Monde) -> None:
    racine = document(_get(situation.encadrant_arras, **PERIODE))

    graphiques = trouver_tous(racine, "svg", role="img")
    assert len(graphiques) >= 10
    svg = graphiques[0]
    etiquettes = dict(svg.attributes)["aria-labelledby"].split()
    assert len(trouver_tous(svg, "title", id=etiquettes[0])) == 1
    assert "tableau" in texte(trouver(svg, "desc", id=etiquettes[1]))
    assert "Comment ce chiffre est calculé" in texte(racine)


def test_direction_voit_le_departement_et_la_comparaison_des_territoires(
    situation: Monde, direction: Utilisateur
) -> None:
    reponse = _get(direction, **PERIODE)

    assert _valeurs_table(reponse, "parcours_ouverts")["2025-03"] == "13.00"
    comparaison = texte(trouver(document(reponse), "table", id="table-comparaison"))
    assert (
        "Arrageois" in comparaison and "Calaisis" in comparaison and "Moyenne départementale" in comparaison
    )
    assert "Extraction pseudonymisée" in reponse.content.decode()


def test_encadrant_de_territoire_voit_les_sites_du_territoire(situation: Monde) -> None:
    encadrant = f.AffectationFactory(
        site=situation.autonomie_arras, role=RoleAgent.ENCADRANT, perimetre=PerimetreAffectation.TERRITOIRE
    ).utilisateur

    reponse = _get(encadrant, **PERIODE)

    assert _valeurs_table(reponse, "parcours_ouverts")["2025-03"] == "7.00"
    assert "Sites du territoire" in reponse.content.decode()
    assert "Calaisis" not in reponse.content.decode()


def test_changer_la_periode(situation: Monde) -> None:
    reponse = _get(situation.encadrant_arras, du="2024-12", au="2025-01")

    assert _valeurs_table(reponse, "parcours_ouverts") == {"2024-12": "0", "2025-01": "7.00"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"du": "2025-05", "au": "2025-01"}, "Le mois de fin doit suivre le mois de début."),
        ({"du": "mars"}, "Saisissez un mois au format AAAA-MM"),
        ({"du": "2015-01", "au": "2025-01"}, "La période ne peut pas dépasser 60 mois."),
    ],
)
def test_periode_invalide(situation: Monde, params: dict[str, str], message: str) -> None:
    reponse = _get(situation.encadrant_arras, **params)

    assert reponse.status_code == 400
    assert message in texte(trouver(document(reponse), "div", role="alert"))


def test_un_territoire_hors_perimetre_est_refuse(situation: Monde) -> None:
    reponse = _get(situation.encadrant_arras, territoire="calaisis", **PERIODE)

    assert reponse.status_code == 400
    assert "pas dans votre périmètre" in reponse.content.decode()
    assert "Calaisis" not in reponse.content.decode()
    assert not trouver_tous(document(reponse), "table")


def test_un_site_hors_perimetre_est_refuse(situation: Monde) -> None:
    reponse = _get(situation.encadrant_arras, site=str(situation.mds_calais.pk), **PERIODE)

    assert reponse.status_code == 400
    assert "pas dans votre périmètre" in reponse.content.decode()


@pytest.mark.parametrize(
    "persona",
    ["ts_arras", "accueil_arras", "evaluateur_arras", "elu_arrageois", "admin"],
)
def test_les_autres_roles_recoivent_403(situation: Monde, persona: str) -> None:
    user = getattr(situation, persona)

    for nom, args in [
        (URL, ()),
        ("frontend:observation_export", ("parcours_ouverts", "csv")),
        ("frontend:observation_open_data", ()),
        ("frontend:observation_extrait", ()),
    ]:
        assert client_de(user).get(reverse(nom, args=args)).status_code == 403, nom


def test_anonyme_est_renvoye_a_la_connexion(situation: Monde) -> None:
    reponse = _get(None)

    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("frontend:connexion"))


def test_entree_de_navigation(situation: Monde) -> None:
    accueil = client_de(situation.encadrant_arras).get(reverse("frontend:accueil"))
    assert "Atlas des solidarités" in accueil.content.decode()
    accueil = client_de(situation.ts_arras).get(reverse("frontend:accueil"))
    assert "Atlas des solidarités" not in accueil.content.decode()


def _nombre_de_requetes(appel: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as requetes:
        appel()
    return len(requetes)


def test_nombre_de_requetes_independant_du_nombre_de_lignes(monde: Monde, direction: Utilisateur) -> None:
    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    indicateurs_calculer(depuis=None)
    client = client_de(direction)
    client.get(reverse(URL), PERIODE)
    une = _nombre_de_requetes(lambda: client.get(reverse(URL), PERIODE))
    for site in (monde.mds_calais, monde.autonomie_arras):
        for jour in (3, 20):
            creer_parcours(site=site, ouvert_le=datetime.date(2025, 2, jour))
    indicateurs_calculer(depuis=None)
    plusieurs = _nombre_de_requetes(lambda: client.get(reverse(URL), PERIODE))

    assert une == plusieurs == 16


def test_export_csv_et_xlsx_du_tableau(situation: Monde) -> None:
    csv_ = _get(
        situation.encadrant_arras, "frontend:observation_export", "parcours_ouverts", "csv", **PERIODE
    )
    xlsx = _get(
        situation.encadrant_arras, "frontend:observation_export", "parcours_ouverts", "xlsx", **PERIODE
    )

    lignes = list(csv.reader(io.StringIO(csv_.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0][0] == "Mois"
    assert [ligne[:2] for ligne in lignes[1:]] == [["2025-01", "7"], ["2025-02", "7"], ["2025-03", "7"]]
    feuille = load_workbook(io.BytesIO(xlsx.content)).active
    assert [list(r)[:2] for r in feuille.iter_rows(min_row=2, values_only=True)] == [
        ["2025-01", 7],
        ["2025-02", 7],
        ["2025-03", 7],
    ]
    assert "attachment" in xlsx["Content-Disposition"]


def test_export_de_l_encadrant_arrageois_sans_calaisis(situation: Monde) -> None:
    reponse = _get(situation.encadrant_arras, "frontend:observation_export", "comparaison", "csv", **PERIODE)
    assert "Calaisis" not in reponse.content.decode("utf-8-sig")
    reponse = _get(situation.encadrant_arras, "frontend:observation_open_data", **PERIODE)
    assert "calaisis" not in reponse.content.decode("utf-8-sig").lower()


def test_export_inconnu_404(situation: Monde) -> None:
    assert _get(situation.encadrant_arras, "frontend:observation_export", "inconnu", "csv").status_code == 404
    assert _get(situation.encadrant_arras, "frontend:observation_export", "entrees", "pdf").status_code == 404


def test_open_data_sans_effectif_inferieur_a_5_ni_identifiant(
    situation: Monde, direction: Utilisateur
) -> None:
    """Arras has 7 pathways, Calais 6, the Maison de l'Autonomie 2 (one without référent): every count
    below 5 is masked, and no person or pathway identifier leaves."""
    creer_parcours(site=situation.autonomie_arras, ouvert_le=datetime.date(2025, 2, 3))
    creer_parcours(
        site=situation.autonomie_arras,
        ouvert_le=datetime.date(2025, 2, 3),
        referent=situation.evaluateur_arras,
    )
    indicateurs_calculer(depuis=None)
    reponse = _get(direction, "frontend:observation_open_data", **PERIODE)

    contenu = reponse.content.decode("utf-8-sig")
    lignes = list(csv.DictReader(io.StringIO(contenu), delimiter=";"))
    assert lignes
    for ligne in lignes:
        for colonne in ("numerateur", "denominateur", "valeur"):
            if ligne[colonne] and ligne["unite"] == "nombre":
                assert float(ligne[colonne]) >= SEUIL_SECRET, ligne
        if ligne["indicateur"] == "sans_referent":
            assert ligne["valeur"] == "" or float(ligne["valeur"]) >= SEUIL_SECRET
    masquees = [ligne for ligne in lignes if ligne["secret_statistique"] == "oui"]
    assert {(ligne["indicateur"], ligne["site"]) for ligne in masquees} >= {
        ("parcours_ouverts", "Maison de l'Autonomie de l'Arrageois"),
        ("entrees", "Maison de l'Autonomie de l'Arrageois"),
    }
    from parcours.models import Parcours

    for parcours in Parcours.objects.select_related("personne"):
        assert str(parcours.public_id) not in contenu
        assert str(parcours.personne.public_id) not in contenu
        assert parcours.personne.nom not in contenu


def test_extrait_pseudonymise_reserve_a_la_direction_et_journalise(
    situation: Monde, direction: Utilisateur, settings: object
) -> None:
    settings.PROCHE_OBSERVATION_SEL = "sel-de-test"  # type: ignore[attr-defined]
    assert _get(situation.encadrant_arras, "frontend:observation_extrait", **PERIODE).status_code == 403

    reponse = _get(direction, "frontend:observation_extrait", **PERIODE)

    assert reponse.status_code == 200
    lignes = list(csv.DictReader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert len(lignes) == 13
    from social.models import Personne

    personne = Personne.objects.first()
    assert personne is not None
    attendus = {pseudonyme(p.public_id, sel="sel-de-test") for p in Personne.objects.all()}
    assert {ligne["pseudonyme"] for ligne in lignes} <= attendus
    assert set(lignes[0]) == {
        "pseudonyme", "annee_naissance", "sexe", "commune_insee", "dispositif",
        "date_reception", "date_ouverture", "date_cloture",
    }  # fmt: skip
    assert personne.nom not in reponse.content.decode()
    journal = JournalAcces.objects.get(operation=OperationJournal.EXPORT)
    assert journal.utilisateur_id == direction.pk
    assert len(journal.objet_ids) == 13
    assert journal.contexte == "frontend:observation_extrait"


def test_extrait_refuse_sans_sel(situation: Monde, direction: Utilisateur, settings: object) -> None:
    settings.PROCHE_OBSERVATION_SEL = ""  # type: ignore[attr-defined]

    reponse = _get(direction, "frontend:observation_extrait", **PERIODE)

    assert reponse.status_code == 503
    assert not JournalAcces.objects.filter(operation=OperationJournal.EXPORT).exists()


def test_aujourd_hui_par_defaut(situation: Monde) -> None:
    reponse = _get(situation.encadrant_arras)

    ce_mois = timezone.localdate().replace(day=1)
    assert f"{ce_mois:%Y-%m}" in _valeurs_table(reponse, "entrees")


@pytest.fixture
def orientations(situation: Monde) -> Monde:
    orientations_de_la_scene(situation)
    indicateurs_calculer(depuis=None)
    return situation


def test_partenaire_voit_seulement_les_statistiques_de_ses_orientations(orientations: Monde) -> None:
    reponse = _get(orientations.partenaire_ccas_arras, **PERIODE)

    assert reponse.status_code == 200
    assert _valeurs_table(reponse, "orientations") == {"2025-01": "6.00", "2025-02": "0", "2025-03": "0"}
    assert _valeurs_table(reponse, "orientations_acceptation")["2025-01"] == "100.00"
    assert _valeurs_table(reponse, "orientations_delai_reponse")["2025-01"] == "2.00"
    contenu = reponse.content.decode()
    assert "Mission locale" not in contenu and "Calaisis" not in contenu
    racine = document(reponse)
    assert not trouver_tous(racine, "table", id="table-parcours_ouverts")
    assert not trouver_tous(racine, "select", name="territoire")
    assert "Données ouvertes" not in contenu and "Extraction" not in contenu


def test_partenaire_ne_peut_ni_exporter_autre_chose_ni_choisir_une_autre_organisation(
    orientations: Monde,
) -> None:
    partenaire = orientations.partenaire_ccas_arras
    export = _get(partenaire, "frontend:observation_export", "orientations", "csv", **PERIODE)
    lignes = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [ligne[:2] for ligne in lignes[1:]] == [["2025-01", "6"], ["2025-02", "0"], ["2025-03", "0"]]

    assert (
        _get(partenaire, "frontend:observation_export", "parcours_ouverts", "csv", **PERIODE).status_code
        == 404
    )
    autre = _get(partenaire, organisation=str(orientations.ml_calais.pk), **PERIODE)
    assert autre.status_code == 400
    assert "Mission locale" not in autre.content.decode()
    assert _get(partenaire, "frontend:observation_extrait", **PERIODE).status_code == 403


def test_encadrant_arras_ne_voit_aucune_orientation_du_calaisis(orientations: Monde) -> None:
    reponse = _get(orientations.encadrant_arras, **PERIODE)

    assert _valeurs_table(reponse, "orientations") == {"2025-01": "6.00", "2025-02": "0", "2025-03": "0"}
    contenu = reponse.content.decode()
    assert "Calaisis" not in contenu and "Mission locale" not in contenu
    # No organisation to pick: the parameter is ignored, her own scope is shown.
    autre = _get(orientations.encadrant_arras, organisation=str(orientations.ml_calais.pk), **PERIODE)
    assert "Mission locale" not in autre.content.decode()
    export = _get(
        orientations.encadrant_arras, "frontend:observation_export", "organisations", "csv", **PERIODE
    )
    assert export.content.decode("utf-8-sig").strip().splitlines()[1:] == []


def test_direction_compare_les_organisations_et_les_thematiques(
    orientations: Monde, direction: Utilisateur
) -> None:
    """The organisations at the last month of the period (January: the CCAS only; February: the Mission
    locale only), the thématiques over the whole period."""
    janvier = document(_get(direction, du="2025-01", au="2025-01"))
    organisations = texte(trouver(janvier, "table", id="table-organisations"))
    assert "CCAS d'Arras" in organisations and "Mission locale du Calaisis" not in organisations
    racine = document(_get(direction, du="2025-01", au="2025-02"))
    organisations = texte(trouver(racine, "table", id="table-organisations"))
    assert "CCAS d'Arras" not in organisations and "Mission locale du Calaisis" in organisations
    lignes = [
        [texte(cellule) for cellule in trouver_tous(ligne, "th") + trouver_tous(ligne, "td")]
        for ligne in trouver_tous(trouver(racine, "table", id="table-thematiques"), "tr")[1:]
    ]
    assert sorted(ligne[1] for ligne in lignes) == ["5", "6"]
    ccas = _get(direction, organisation=str(orientations.ccas_arras.pk), **PERIODE)
    assert _valeurs_table(ccas, "orientations")["2025-01"] == "6.00"
