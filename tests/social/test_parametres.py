"""Dated parameters (rule G-1): values looked up at the legally relevant date."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from social.enums import UniteParametre
from social.exceptions import ParametreIntrouvable
from social.models import Parametre
from social.parametres import ajouter_mois, echeance, parametre_en_vigueur, valeurs_en_vigueur

pytestmark = pytest.mark.django_db

D = datetime.date


def test_g1_rsa_mars_et_avril_2025() -> None:
    """G-1: the RSA for March 2025 uses 635.71 € and for April 2025 646.52 € (seeded values)."""
    assert parametre_en_vigueur("rsa.montant_forfaitaire", D(2025, 3, 15)).valeur == Decimal("635.71")
    assert parametre_en_vigueur("rsa.montant_forfaitaire", D(2025, 4, 1)).valeur == Decimal("646.52")


def test_g1_plafonds_apa_2026_avec_la_mtp_du_1er_janvier() -> None:
    valeurs = valeurs_en_vigueur(
        ["mtp", "apa.plafond.coefficient.gir1", "apa.plafond.coefficient.gir4"], D(2026, 1, 1)
    )
    assert (valeurs["mtp"] * valeurs["apa.plafond.coefficient.gir1"]).quantize(Decimal("0.01")) == Decimal(
        "2080.33"
    )
    assert (valeurs["mtp"] * valeurs["apa.plafond.coefficient.gir4"]).quantize(Decimal("0.01")) == Decimal(
        "811.52"
    )


def test_chaque_valeur_semee_a_une_source() -> None:
    assert Parametre.objects.exists()
    assert not Parametre.objects.filter(source="").exists()


def test_valeur_absente_a_cette_date() -> None:
    with pytest.raises(ParametreIntrouvable) as erreur:
        parametre_en_vigueur("mtp", D(2000, 1, 1))
    assert "mtp" in erreur.value.message
    assert "01/01/2000" in erreur.value.message
    with pytest.raises(ParametreIntrouvable):
        valeurs_en_vigueur(["mtp", "inconnu"], D(2026, 1, 1))


def test_les_periodes_d_un_meme_code_ne_se_chevauchent_pas() -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        Parametre.objects.create(
            code="mtp",
            libelle="MTP",
            valeur=Decimal("1300"),
            unite=UniteParametre.EURO,
            date_debut=D(2026, 1, 1),
            source="test",
        )
    # A new value from a date is a new row once the previous one is closed.
    en_cours = parametre_en_vigueur("mtp", D(2026, 3, 31))
    en_cours.date_fin = D(2026, 3, 31)
    en_cours.save(update_fields=["date_fin"])
    Parametre.objects.create(
        code="mtp",
        libelle="MTP",
        valeur=Decimal("1300.00"),
        unite=UniteParametre.EURO,
        date_debut=D(2026, 4, 1),
        source="test",
    )
    assert parametre_en_vigueur("mtp", D(2026, 3, 31)).valeur == Decimal("1288.13")
    assert parametre_en_vigueur("mtp", D(2026, 4, 1)).valeur == Decimal("1300.00")


def test_rsa_1_delai_d_orientation_six_semaines_depuis_2025_deux_mois_avant() -> None:
    assert echeance("rsa.delai.orientation", D(2025, 2, 3)) == D(2025, 3, 17)
    assert echeance("rsa.delai.orientation", D(2024, 6, 10)) == D(2024, 8, 10)


def test_apa_2_accuse_de_reception_sous_dix_jours() -> None:
    assert echeance("apa.delai.accuse_reception", D(2026, 1, 26)) == D(2026, 2, 5)


def test_ajouter_mois_en_fin_de_mois() -> None:
    assert ajouter_mois(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert ajouter_mois(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert ajouter_mois(D(2026, 11, 30), 2) == D(2027, 1, 30)
