"""PCH parentalité against the children's ages (rule PCH-4; décret n° 2020-1826, arrêté du 17 décembre 2020):
the CDAPH decision of each parentalité element is recorded with the child's birth date and checked, and the
payments of the aide humaine follow the youngest child's age month by month. Refusals write nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from parcours.enums import ElementDecisionPch
from parcours.models import DecisionPch, Parcours
from social.exceptions import DomainError
from social.models import Personne
from tests.conftest import Monde
from tests.parcours.test_pch import decider, etat_fige, parcours_pch, verser

pytestmark = pytest.mark.django_db

D = datetime.date
AH = ElementDecisionPch.PARENTALITE_AIDE_HUMAINE
AT = ElementDecisionPch.PARENTALITE_AIDES_TECHNIQUES


@pytest.fixture
def pch(monde: Monde, personne_arras: Personne) -> Parcours:
    """A PCH pathway whose beneficiary receives the aide humaine from 1 February 2024 (60 h a month)."""
    parcours = parcours_pch(monde, personne_arras)
    decider(
        parcours,
        monde.ts_arras,
        numero="CDAPH-2024-AH",
        element=ElementDecisionPch.AIDES_HUMAINES,
        montant=None,
        heures_mensuelles=Decimal("60"),
        tarif_horaire=Decimal("19.34"),
    )
    return parcours


def parentalite(parcours: Parcours, monde: Monde, **autres: Any) -> DecisionPch:
    valeurs: dict[str, Any] = {
        "numero": "CDAPH-2024-PAR",
        "element": AH,
        "montant": None,
        "montant_mensuel": Decimal("900"),
        "naissance_enfant": D(2023, 6, 10),
        "fin": D(2029, 1, 31),
    }
    return decider(parcours, monde.ts_arras, **(valeurs | autres))


def refus(parcours: Parcours, monde: Monde, **autres: Any) -> DomainError:
    avant = etat_fige(parcours)
    with pytest.raises(DomainError) as erreur:
        parentalite(parcours, monde, **autres)
    assert etat_fige(parcours) == avant
    assert not DecisionPch.objects.filter(parcours=parcours, element__in=[AH, AT]).exists()
    return erreur.value


def test_pch_4_aide_humaine_900_euros_plus_jeune_enfant_de_moins_de_3_ans(
    monde: Monde, pch: Parcours
) -> None:
    erreur = refus(pch, monde, montant_mensuel=Decimal("450"))
    assert erreur.code == "pch_parentalite_montant_incorrect" and erreur.extra["champ"] == "montant_mensuel"
    assert "900,00\u00a0€" in erreur.message
    decision = parentalite(pch, monde)
    assert (decision.naissance_enfant, decision.parent_isole, decision.montant_mensuel) == (
        D(2023, 6, 10),
        False,
        Decimal("900"),
    )


def test_pch_4_parent_isole_majoration_de_50_pour_cent(monde: Monde, pch: Parcours) -> None:
    assert refus(pch, monde, parent_isole=True).extra["attendu"] == "1350.00"
    assert parentalite(pch, monde, parent_isole=True, montant_mensuel=Decimal("1350")).parent_isole


def test_pch_4_450_euros_de_3_ans_au_7e_anniversaire(monde: Monde, pch: Parcours) -> None:
    naissance = D(2020, 9, 15)  # 3 years old on 1 February 2024
    assert refus(pch, monde, naissance_enfant=naissance, fin=D(2027, 9, 30)).extra["attendu"] == "450.00"
    assert parentalite(
        pch, monde, naissance_enfant=naissance, montant_mensuel=Decimal("450"), fin=D(2027, 9, 30)
    )


def test_pch_4_l_attribution_prend_fin_au_7e_anniversaire_du_plus_jeune(monde: Monde, pch: Parcours) -> None:
    """7th birthday on 15 September 2027: September is still paid, nothing from October."""
    naissance = D(2020, 9, 15)
    erreur = refus(pch, monde, naissance_enfant=naissance, montant_mensuel=Decimal("450"), fin=D(2027, 10, 1))
    assert erreur.code == "pch_parentalite_fin_depassee" and erreur.extra["champ"] == "fin"
    assert erreur.extra["fin_maximale"] == "2027-09-30"
    assert (
        refus(pch, monde, naissance_enfant=naissance, montant_mensuel=Decimal("450"), fin=None).extra["champ"]
        == "fin"
    )


def test_pch_4_plus_rien_pour_un_plus_jeune_enfant_de_7_ans(monde: Monde, pch: Parcours) -> None:
    erreur = refus(pch, monde, naissance_enfant=D(2016, 1, 1), montant_mensuel=Decimal("450"))
    assert erreur.code == "pch_parentalite_enfant_trop_age" and erreur.extra["champ"] == "naissance_enfant"


def test_pch_4_aide_humaine_reservee_aux_beneficiaires_de_l_aide_humaine(
    monde: Monde, personne_arras: Personne
) -> None:
    sans = parcours_pch(monde, personne_arras)
    assert refus(sans, monde).code == "pch_parentalite_sans_aide_humaine"


def test_pch_4_la_date_de_naissance_est_requise_et_propre_a_la_parentalite(
    monde: Monde, pch: Parcours
) -> None:
    erreur = refus(pch, monde, naissance_enfant=None)
    assert erreur.code == "pch_parentalite_naissance_requise" and erreur.extra["champ"] == "naissance_enfant"
    with pytest.raises(DomainError) as autre:
        decider(pch, monde.ts_arras, numero="CDAPH-2024-LOG", naissance_enfant=D(2023, 6, 10))
    assert autre.value.code == "pch_parentalite_seulement"


def test_pch_4_aides_techniques_forfaits_dus_pendant_la_periode(monde: Monde, pch: Parcours) -> None:
    """Born 15 September 2020: from February 2024 to January 2029, only the 6th birthday's 1 000 € is due
    (the 1 400 € of the birth and the 1 200 € of the 3rd birthday fell before)."""
    naissance = D(2020, 9, 15)
    erreur = refus(
        pch, monde, element=AT, montant=Decimal("1400"), montant_mensuel=None, naissance_enfant=naissance
    )
    assert erreur.code == "pch_parentalite_montant_depasse" and erreur.extra["maximum"] == "1000.00"
    assert "1\u00a0000,00\u00a0€ le 15/09/2026" in erreur.message
    decision = parentalite(
        pch, monde, element=AT, montant=Decimal("1000"), montant_mensuel=None, naissance_enfant=naissance
    )
    assert decision.montant == Decimal("1000")


def test_pch_4_les_versements_suivent_l_age_du_plus_jeune_enfant(monde: Monde, pch: Parcours) -> None:
    """Born 15 March 2021: 900 € a month until March 2024 (2 years old on 1 March), 450 € from April."""
    decision = parentalite(pch, monde, naissance_enfant=D(2021, 3, 15), fin=D(2028, 3, 31))
    mars = {"verse_le": D(2024, 4, 2), "periode_debut": D(2024, 3, 1), "periode_fin": D(2024, 3, 31)}
    assert verser(decision, monde.ts_arras, "900", **mars).montant == Decimal("900")
    avril = {"verse_le": D(2024, 5, 2), "periode_debut": D(2024, 4, 1), "periode_fin": D(2024, 4, 30)}
    with pytest.raises(DomainError) as erreur:
        verser(decision, monde.ts_arras, "900", **avril)
    assert (
        erreur.value.code == "pch_parentalite_versement_depasse" and erreur.value.extra["accorde"] == "450.00"
    )
    assert verser(decision, monde.ts_arras, "450", **avril).montant == Decimal("450")
