"""APA amounts at home (DOMAIN.md §2, rules APA-1, APA-5..APA-8, G-1), from the seeded dated parameters."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from parcours.apa.calculs import (
    SimulationApa,
    eligibilite_apa,
    montant_urgence,
    plafond,
    plafond_detail,
    simuler_apa,
)
from social.exceptions import ParametreIntrouvable
from social.models import Parametre

pytestmark = pytest.mark.django_db

D = datetime.date
JANVIER_2026 = D(2026, 1, 15)


def simuler(
    *,
    gir: int = 2,
    ressources: str = "1800",
    plan: str = "1500",
    couple: bool = False,
    jour: datetime.date = JANVIER_2026,
) -> SimulationApa:
    return simuler_apa(
        gir=gir,
        ressources_mensuelles=Decimal(ressources),
        montant_plan=Decimal(plan),
        couple=couple,
        jour=jour,
    )


# --- APA-7: participation, R232-11 ---


def test_apa_participation_r232_11() -> None:
    """DOMAIN.md §2.5 worked example: single, R = 1 800 €, GIR 2, plan 1 500 €, MTP 1 288,13 €."""
    simulation = simuler()

    assert simulation.plafond.montant == Decimal("1682.30")
    assert simulation.montant_plan_retenu == Decimal("1500")
    assert simulation.plan_plafonne is False
    assert simulation.participation.montant == Decimal("298.39")
    assert simulation.montant_apa == Decimal("1201.61")
    assert simulation.taux_participation == Decimal("0.1989")  # a fraction, 4 decimals (19,89 %)
    assert simulation.verse is True
    detail = simulation.participation
    assert detail.cas == "progressive"
    assert detail.mtp == Decimal("1288.13")
    assert round(detail.seuil_bas, 2) == Decimal("933.89")
    assert round(detail.seuil_haut, 2) == Decimal("3439.31")
    assert round(detail.x, 5) == Decimal("0.34569")
    assert (round(detail.a1, 2), round(detail.a2, 2), round(detail.a3, 2)) == (
        Decimal("408.34"),
        Decimal("233.15"),
        Decimal("858.51"),
    )


def test_apa_7_couple_ressources_du_couple_divisees_par_1_7() -> None:
    """3 060 € for the couple ÷ 1,7 = 1 800 €: the same participation as the single person."""
    simulation = simuler(ressources="3060", couple=True)
    assert simulation.participation.ressources_retenues == Decimal("1800")
    assert simulation.participation.montant == Decimal("298.39")
    assert simulation.montant_apa == Decimal("1201.61")
    # The same resources for a single person pay much more.
    assert simuler(ressources="3060").participation.montant > Decimal("298.39")


def test_apa_7_sans_participation_jusqu_a_s1() -> None:
    """R ≤ S1 = 0,725 × MTP = 933,89425 € → no participation; the whole plan is paid."""
    simulation = simuler(ressources="933.89")
    assert simulation.participation.cas == "sans_participation"
    assert simulation.participation.montant == Decimal("0.00")
    assert simulation.montant_apa == Decimal("1500.00")
    assert simulation.taux_participation == Decimal("0.0000")
    assert simuler(ressources="0").participation.montant == Decimal("0.00")
    # Just above S1: progressive, a fraction of a cent, rounded once at the end.
    juste_au_dessus = simuler(ressources="933.90")
    assert juste_au_dessus.participation.cas == "progressive"
    assert juste_au_dessus.participation.montant == Decimal("0.00")


def test_apa_7_participation_maximale_90_pour_cent_a_partir_de_s2() -> None:
    """R ≥ S2 = 2,67 × MTP = 3 439,3071 € → 90 % of the plan."""
    simulation = simuler(ressources="3439.31")
    assert simulation.participation.cas == "maximale"
    assert simulation.participation.montant == Decimal("1350.00")
    assert simulation.montant_apa == Decimal("150.00")
    assert simulation.taux_participation == Decimal("0.9000")
    assert simuler(ressources="3439.30").participation.cas == "progressive"


def test_apa_7_petit_plan_dans_la_premiere_tranche() -> None:
    """A plan under 0,317 MTP is all in A1: P = 0,9 · x · A (R = 1 200 €, x = 0,10621…)."""
    simulation = simuler(ressources="1200", plan="300")
    assert (simulation.participation.a2, simulation.participation.a3) == (Decimal(0), Decimal(0))
    assert simulation.participation.montant == Decimal("28.68")
    assert simulation.montant_apa == Decimal("271.32")


# --- APA-6: ceilings ---


def test_apa_6_plafonds_2026() -> None:
    """Coefficients 1,615 / 1,306 / 0,944 / 0,630 × MTP of 1 January 2026 (1 288,13 €)."""
    assert [plafond(gir, JANVIER_2026) for gir in (1, 2, 3, 4)] == [
        Decimal("2080.33"),
        Decimal("1682.30"),
        Decimal("1215.99"),
        Decimal("811.52"),
    ]


def test_apa_6_plan_plafonne() -> None:
    """A plan above the ceiling is retained at the ceiling, and the result says so."""
    simulation = simuler(gir=4, plan="1000")
    assert simulation.plan_plafonne is True
    assert simulation.montant_plan == Decimal("1000")
    assert simulation.montant_plan_retenu == Decimal("811.52")
    # The participation is computed on the retained plan.
    assert simulation.participation.montant == Decimal("196.32")
    assert simulation.montant_apa == Decimal("615.20")
    # At the ceiling exactly: not capped.
    assert simuler(gir=4, plan="811.52").plan_plafonne is False


def test_g_1_plafonds_2025_et_2026() -> None:
    """G-1: the ceilings of a year use the MTP in force on its 1 January (CNSA publication), even after
    the MTP changes on 1 April (1 288,13 € since 1 April 2025): 2025 ceilings all year with 1 266,60 €."""
    for jour in (D(2025, 1, 15), D(2025, 6, 15), D(2025, 12, 31)):
        assert [plafond(gir, jour) for gir in (1, 2, 3, 4)] == [
            Decimal("2045.56"),
            Decimal("1654.18"),
            Decimal("1195.67"),
            Decimal("797.96"),
        ], jour
    assert plafond(1, D(2024, 6, 1)) == Decimal("1955.60")  # MTP 1 210,90 € on 1 January 2024
    assert plafond(1, D(2026, 1, 1)) == Decimal("2080.33")
    detail = plafond_detail(2, D(2025, 6, 15))
    assert (detail.mtp.valeur, detail.mtp.jour) == (Decimal("1266.60"), D(2025, 1, 1))


def test_g_1_la_participation_suit_la_mtp_du_jour_le_plafond_celle_du_1er_janvier() -> None:
    """June 2025: ceiling with the MTP of 1 January (1 266,60 €), participation with the MTP of the
    day (1 288,13 €); both rows are listed among the parameters used."""
    simulation = simuler(jour=D(2025, 6, 15))
    assert simulation.plafond.montant == Decimal("1654.18")
    assert simulation.participation.mtp == Decimal("1288.13")
    assert simulation.participation.montant == Decimal("298.39")
    mtp = [p for p in simulation.parametres if p.code == "mtp"]
    assert [(p.valeur, p.jour) for p in mtp] == [
        (Decimal("1266.60"), D(2025, 1, 1)),
        (Decimal("1288.13"), D(2025, 6, 15)),
    ]


def test_g_1_une_nouvelle_valeur_saisie_s_applique_a_partir_de_sa_date() -> None:
    """An administrator closes the MTP row and enters a new value: no code change, and the 2026
    ceilings stay those of 1 January."""
    Parametre.objects.filter(code="mtp", date_fin__isnull=True).update(date_fin=D(2026, 3, 31))
    Parametre.objects.create(
        code="mtp",
        libelle="Majoration pour aide constante d'une tierce personne (MTP)",
        valeur=Decimal("1300.00"),
        unite="euro",
        date_debut=D(2026, 4, 1),
        source="Essai",
    )
    avant, apres = simuler(jour=D(2026, 3, 31)), simuler(jour=D(2026, 4, 15))
    assert avant.participation.montant == Decimal("298.39")
    assert apres.participation.montant == Decimal("291.77")
    assert apres.plafond.montant == avant.plafond.montant == Decimal("1682.30")


# --- APA-8: payment threshold ---


def test_apa_8_seuil_de_versement_d232_31() -> None:
    """Not paid under 3 × SMIC horaire brut: 36,06 € until 31 May 2026 (12,02 €), 36,93 € from
    1 June 2026 (12,31 €). A plan of 36,50 € without participation is paid in May, not in June."""
    mai = simuler(ressources="900", plan="36.50", jour=D(2026, 5, 31))
    juin = simuler(ressources="900", plan="36.50", jour=D(2026, 6, 1))
    assert mai.montant_apa == juin.montant_apa == Decimal("36.50")
    assert (mai.seuil_versement, mai.verse) == (Decimal("36.06"), True)
    assert (juin.seuil_versement, juin.verse) == (Decimal("36.93"), False)
    # At the threshold exactly, it is paid ("under" the threshold is not paid).
    assert simuler(ressources="900", plan="36.06", jour=D(2026, 5, 31)).verse is True


# --- APA-5: urgence ---


def test_apa_5_urgence_moitie_du_plafond_gir_1() -> None:
    assert montant_urgence(JANVIER_2026) == Decimal("1040.17")  # 50 % × 2 080,33 € (1 040,165, rounded up)
    assert montant_urgence(D(2025, 3, 1)) == Decimal("1022.78")  # 50 % × 2 045,56 €


# --- APA-1: eligibility ---


def test_apa_1_eligibilite_gir_1_a_4() -> None:
    for gir in (1, 2, 3, 4):
        eligibilite = eligibilite_apa(gir=gir, date_demande=JANVIER_2026)
        assert (eligibilite.eligible, eligibilite.motifs) == (True, ())
    for gir in (5, 6):
        eligibilite = eligibilite_apa(gir=gir, date_demande=JANVIER_2026)
        assert eligibilite.eligible is False
        assert len(eligibilite.motifs) == 1
        assert "GIR 1 à 4" in eligibilite.motifs[0]
        assert "caisse de retraite" in eligibilite.motifs[0]


def test_apa_1_age_60_ans_a_la_date_de_la_demande() -> None:
    soixante_ans_le_jour_meme = eligibilite_apa(
        gir=2, date_demande=JANVIER_2026, date_naissance=D(1966, 1, 15)
    )
    assert soixante_ans_le_jour_meme.eligible is True
    la_veille = eligibilite_apa(gir=2, date_demande=JANVIER_2026, date_naissance=D(1966, 1, 16))
    assert la_veille.eligible is False
    assert la_veille.motifs == (
        "L'APA est réservée aux personnes âgées d'au moins 60 ans à la date de la demande ; "
        "la personne avait 59 ans le 15/01/2026.",
    )
    deux_motifs = eligibilite_apa(gir=5, date_demande=JANVIER_2026, date_naissance=D(1970, 1, 1))
    assert len(deux_motifs.motifs) == 2


# --- Input errors and missing parameters ---


def test_gir_5_et_montants_negatifs_refuses_par_champ() -> None:
    with pytest.raises(ValidationError) as exc:
        simuler(gir=5, ressources="-1", plan="-0.01")
    assert exc.value.message_dict == {
        "gir": ["L'APA concerne les GIR 1 à 4."],
        "ressources_mensuelles": ["Les ressources ne peuvent pas être négatives."],
        "montant_plan": ["Le montant du plan ne peut pas être négatif."],
    }
    with pytest.raises(ValidationError):
        plafond(5, JANVIER_2026)


def test_aucun_parametre_en_vigueur_a_la_date() -> None:
    """No MTP before 1 April 2023 in the seeded table: a domain error in French, never a guess."""
    with pytest.raises(ParametreIntrouvable) as exc:
        simuler(jour=D(2020, 1, 15))
    assert exc.value.message == "Aucune valeur du paramètre « mtp » n'est en vigueur le 01/01/2020."


def test_chaque_valeur_utilisee_est_listee_avec_sa_source() -> None:
    simulation = simuler()
    codes = [p.code for p in simulation.parametres]
    assert codes == [
        "apa.plafond.coefficient.gir2",
        "mtp",
        "apa.participation.seuil_bas",
        "apa.participation.seuil_haut",
        "apa.participation.tranche_1",
        "apa.participation.tranche_2",
        "apa.participation.taux_maximal",
        "apa.participation.diviseur_couple",
        "apa.versement.seuil_smic_horaire",
        "smic.horaire_brut",
    ]
    assert all(p.source and p.libelle for p in simulation.parametres)
    assert simulation.parametres[0].source.startswith("CASF R232-10")


def test_une_simulation_fait_trois_requetes(django_assert_num_queries: Any) -> None:
    """Coefficient on the day, MTP on 1 January, the other values on the day: one query each."""
    with django_assert_num_queries(3):
        simuler()
