"""APA in an establishment (DOMAIN.md §2.6, rule APA-9, CASF R232-19), from the seeded dated parameters.

Figures computed by hand with the MTP of 1 April 2025 (1 288,13 €): the thresholds are 2,21 MTP =
2 846,7673 € and 3,40 MTP = 4 379,642 €. An establishment with monthly dependency tariffs of 600 € (GIR
1-2) and 180 € (GIR 5-6): the difference is 420 €.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parcours.apa.calculs import CODES_ETABLISSEMENT, ApaEtablissement, apa_etablissement
from social.exceptions import ParametreIntrouvable
from social.models import Parametre

pytestmark = pytest.mark.django_db

JANVIER_2026 = datetime.date(2026, 1, 15)


def calculer(
    ressources: str, *, couple: bool = False, gir: int = 2, tarif: str = "600", tarif_5_6: str = "180"
) -> ApaEtablissement:
    return apa_etablissement(
        gir=gir,
        ressources_mensuelles=Decimal(ressources),
        tarif_gir=Decimal(tarif),
        tarif_gir_5_6=Decimal(tarif_5_6),
        couple=couple,
        jour=JANVIER_2026,
    )


def test_apa_9_sous_2_21_mtp_la_participation_est_le_tarif_gir_5_6() -> None:
    resultat = calculer("2000")
    assert resultat.seuil_bas == Decimal("2846.7673") and resultat.seuil_haut == Decimal("4379.642")
    assert resultat.cas == "tarif_gir_5_6"
    assert resultat.participation == Decimal("180.00") and resultat.montant_apa == Decimal("420.00")
    # Exactly at the threshold: still the GIR 5-6 tariff.
    assert calculer("2846.7673").participation == Decimal("180.00")


def test_apa_9_entre_2_21_et_3_40_mtp_part_progressive_de_80_pour_cent_de_l_ecart() -> None:
    """R = 3 500 €: 180 + 420 × 80 % × (3 500 − 2 846,7673) / (4 379,642 − 2 846,7673) = 323,19 €."""
    resultat = calculer("3500")
    assert resultat.cas == "progressive"
    assert resultat.participation == Decimal("323.19")
    assert resultat.montant_apa == Decimal("276.81")
    assert not resultat.reste_a_vivre_applique


def test_apa_9_au_dela_de_3_40_mtp_80_pour_cent_de_l_ecart() -> None:
    resultat = calculer("5000")
    assert resultat.cas == "maximale"
    assert resultat.participation == Decimal("516.00")  # 180 + 0,8 × 420
    assert resultat.montant_apa == Decimal("84.00")


def test_apa_9_couple_ressources_divisees_par_2() -> None:
    """A couple with 7 000 € a month: 3 500 € retained, the progressive case above (not ÷ 1,7 as at home)."""
    resultat = calculer("7000", couple=True)
    assert resultat.ressources_retenues == Decimal("3500")
    assert resultat.participation == Decimal("323.19")
    assert calculer("7000", couple=False).participation == Decimal("516.00")


def test_apa_9_reste_a_vivre_la_participation_laisse_10_pour_cent_des_ressources() -> None:
    """150 € of resources: the GIR 5-6 tariff (180 €) would take everything; the resident keeps 10 %."""
    resultat = calculer("150")
    assert resultat.participation_bareme == Decimal("180")
    assert resultat.reste_a_vivre_applique
    assert resultat.participation == Decimal("135.00")
    assert resultat.montant_apa == Decimal("465.00")


def test_apa_9_gir_3_4_et_entrees_invalides_refusees_par_champ() -> None:
    assert calculer("2000", gir=4, tarif="380").montant_apa == Decimal("200.00")
    with pytest.raises(ValidationError) as refus:
        apa_etablissement(
            gir=5,
            ressources_mensuelles=Decimal("-1"),
            tarif_gir=Decimal("100"),
            tarif_gir_5_6=Decimal("180"),
            couple=False,
            jour=JANVIER_2026,
        )
    assert set(refus.value.message_dict) == {"gir", "ressources_mensuelles", "tarif_gir"}
    assert "tarif GIR 5-6" in refus.value.message_dict["tarif_gir"][0]


def test_apa_9_g_1_parametres_dates_avec_leur_source() -> None:
    resultat = calculer("3500")
    assert [p.code for p in resultat.parametres] == list(CODES_ETABLISSEMENT)
    assert all("R232-19" in p.source or "OpenFisca" in p.source for p in resultat.parametres[1:])
    Parametre.objects.filter(code="apa.etablissement.seuil_haut").update(date_debut=datetime.date(2027, 1, 1))
    with pytest.raises(ParametreIntrouvable):
        calculer("3500")
