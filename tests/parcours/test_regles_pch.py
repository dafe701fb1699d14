"""PCH rules (parcours.regles.pch): one test or more per rule PCH-1..PCH-6 of DOMAIN.md §10, with
the boundary days, the exact caps and the dated parameters (rule G-1)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from parcours.regles.enums import ElementPch
from parcours.regles.pch import (
    DecisionCdaph,
    VersementParentalite,
    VersementPch,
    pch_age_premiere_demande_verifier,
    pch_attribution_verifier,
    pch_decision_verifier,
    pch_parentalite_aide_humaine,
    pch_parentalite_aides_techniques,
    pch_plafond_etat,
    pch_plafond_verifier,
    pch_recours_echeances,
    pch_rejet_implicite_le,
    pch_versement_verifier,
)
from social.exceptions import DomainError, ParametreIntrouvable
from social.models import Parametre
from social.parametres import parametre_en_vigueur

pytestmark = pytest.mark.django_db

D = datetime.date
NBSP = "\u00a0"


def nouvelle_valeur(code: str, depuis: datetime.date, valeur: str) -> None:
    """A new value of ``code`` from ``depuis``: the row in force is closed the day before."""
    en_cours = parametre_en_vigueur(code, depuis)
    en_cours.date_fin = depuis - datetime.timedelta(days=1)
    en_cours.save(update_fields=["date_fin"])
    Parametre.objects.create(
        code=code,
        libelle=en_cours.libelle,
        valeur=Decimal(valeur),
        unite=en_cours.unite,
        date_debut=depuis,
        source="test",
    )


def versement(
    montant: str,
    verse_le: datetime.date,
    element: ElementPch = ElementPch.AIDES_TECHNIQUES,
    numero: str = "CDAPH-2024-001",
    periode: tuple[datetime.date, datetime.date] | None = None,
    heures: str | None = None,
) -> VersementPch:
    debut, fin = periode or (verse_le, verse_le)
    return VersementPch(
        decision_numero=numero,
        element=element,
        verse_le=verse_le,
        montant=Decimal(montant),
        periode_debut=debut,
        periode_fin=fin,
        heures=Decimal(heures) if heures is not None else None,
    )


# --- PCH-1 -------------------------------------------------------------------------------------


def test_pch_1_plafond_atteint_exactement_accepte() -> None:
    anterieurs = [versement("12000", D(2023, 5, 2))]
    pch_plafond_verifier(
        element=ElementPch.AIDES_TECHNIQUES,
        montant=Decimal("1200.00"),
        verse_le=D(2025, 3, 1),
        versements_anterieurs=anterieurs,
    )


def test_pch_1_depassement_refuse_avec_le_reste_disponible() -> None:
    anterieurs = [versement("12000", D(2023, 5, 2))]
    with pytest.raises(DomainError) as erreur:
        pch_plafond_verifier(
            element=ElementPch.AIDES_TECHNIQUES,
            montant=Decimal("1200.01"),
            verse_le=D(2025, 3, 1),
            versements_anterieurs=anterieurs,
        )
    assert erreur.value.code == "pch_plafond_depasse"
    message = erreur.value.message
    assert f"il reste 1{NBSP}200,00{NBSP}€ disponibles" in message
    assert f"13{NBSP}200,00{NBSP}€ sur 10 ans" in message
    assert "depuis le 02/03/2015" in message
    assert erreur.value.extra["disponible"] == "1200.0000"


def test_pch_1_fenetre_glissante_de_dix_ans_finissant_le_jour_du_versement() -> None:
    anterieurs = [versement("13200", D(2022, 3, 10))]
    # Exactly ten years later, the earlier payment has left the window...
    pch_plafond_verifier(
        element=ElementPch.AIDES_TECHNIQUES,
        montant=Decimal(1),
        verse_le=D(2032, 3, 10),
        versements_anterieurs=anterieurs,
    )
    # ...the day before, it still counts.
    with pytest.raises(DomainError) as erreur:
        pch_plafond_verifier(
            element=ElementPch.AIDES_TECHNIQUES,
            montant=Decimal(1),
            verse_le=D(2032, 3, 9),
            versements_anterieurs=anterieurs,
        )
    assert f"il reste 0,00{NBSP}€" in erreur.value.message


def test_pch_1_plafond_par_element_et_elements_sans_plafond() -> None:
    anterieurs = [versement("10000", D(2024, 1, 5), element=ElementPch.AMENAGEMENT_LOGEMENT)]
    pch_plafond_verifier(
        element=ElementPch.VEHICULE_TRANSPORT,
        montant=Decimal(10000),
        verse_le=D(2025, 1, 5),
        versements_anterieurs=anterieurs,
    )
    with pytest.raises(DomainError):
        pch_plafond_verifier(
            element=ElementPch.AMENAGEMENT_LOGEMENT,
            montant=Decimal("0.01"),
            verse_le=D(2025, 1, 5),
            versements_anterieurs=anterieurs,
        )
    for element, plafond in [
        (ElementPch.CHARGES_EXCEPTIONNELLES, Decimal(6000)),
        (ElementPch.AIDE_ANIMALIERE, Decimal(6000)),
        (ElementPch.AMENAGEMENT_LOGEMENT, Decimal(10000)),
    ]:
        etat = pch_plafond_etat(element=element, jour=D(2025, 1, 5), versements_anterieurs=[])
        assert etat is not None
        assert etat.plafond == plafond
    assert (
        pch_plafond_etat(element=ElementPch.AIDES_HUMAINES, jour=D(2025, 1, 5), versements_anterieurs=[])
        is None
    )


def test_pch_1_g1_plafond_en_vigueur_le_jour_du_versement() -> None:
    nouvelle_valeur("pch.plafond.aides_techniques", D(2030, 1, 1), "15000")
    anterieurs = [versement("13200", D(2025, 6, 1))]
    pch_plafond_verifier(
        element=ElementPch.AIDES_TECHNIQUES,
        montant=Decimal(1800),
        verse_le=D(2030, 1, 1),
        versements_anterieurs=anterieurs,
    )
    with pytest.raises(DomainError):
        pch_plafond_verifier(
            element=ElementPch.AIDES_TECHNIQUES,
            montant=Decimal(1),
            verse_le=D(2029, 12, 31),
            versements_anterieurs=anterieurs,
        )
    with pytest.raises(ParametreIntrouvable):  # the 10-year caps start on 1 January 2022
        pch_plafond_verifier(
            element=ElementPch.AIDES_TECHNIQUES,
            montant=Decimal(1),
            verse_le=D(2021, 12, 31),
            versements_anterieurs=[],
        )


def test_pch_1_duree_maximale_d_attribution_dix_ans() -> None:
    attribution = {"decidee_le": D(2021, 12, 15), "handicap_non_susceptible_evolution_favorable": False}
    with pytest.raises(ParametreIntrouvable):  # decided before 2022: the parameter starts then
        pch_attribution_verifier(debut=D(2022, 1, 1), fin=D(2031, 12, 31), **attribution)  # type: ignore[arg-type]
    attribution["decidee_le"] = D(2022, 1, 10)
    pch_attribution_verifier(debut=D(2022, 1, 1), fin=D(2031, 12, 31), **attribution)  # type: ignore[arg-type]
    with pytest.raises(DomainError) as erreur:
        pch_attribution_verifier(debut=D(2022, 1, 1), fin=D(2032, 1, 1), **attribution)  # type: ignore[arg-type]
    assert erreur.value.code == "pch_duree_maximale_depassee"
    assert "31/12/2031" in erreur.value.message
    with pytest.raises(DomainError) as erreur:
        pch_attribution_verifier(debut=D(2022, 1, 1), fin=D(2021, 12, 31), **attribution)  # type: ignore[arg-type]
    assert erreur.value.code == "pch_decision_dates"


# --- PCH-2 -------------------------------------------------------------------------------------


def test_pch_2_sans_date_de_fin_si_handicap_non_susceptible_d_evolution_favorable() -> None:
    pch_attribution_verifier(
        decidee_le=D(2025, 2, 1),
        debut=D(2025, 3, 1),
        fin=None,
        handicap_non_susceptible_evolution_favorable=True,
    )
    with pytest.raises(DomainError) as erreur:
        pch_attribution_verifier(
            decidee_le=D(2025, 2, 1),
            debut=D(2025, 3, 1),
            fin=None,
            handicap_non_susceptible_evolution_favorable=False,
        )
    assert erreur.value.code == "pch_date_fin_requise"
    decision = DecisionCdaph(
        numero="CDAPH-2025-042",
        decidee_le=D(2025, 2, 1),
        element=ElementPch.AIDES_HUMAINES,
        debut=D(2025, 3, 1),
        fin=None,
        heures_mensuelles=Decimal(60),
        handicap_non_susceptible_evolution_favorable=True,
    )
    pch_decision_verifier(decision)


# --- PCH-3 -------------------------------------------------------------------------------------


def verifier_age(
    naissance: datetime.date, demande_le: datetime.date, criteres: bool = False, actif: bool = False
) -> None:
    pch_age_premiere_demande_verifier(
        naissance=naissance,
        demande_le=demande_le,
        criteres_remplis_avant_age_limite=criteres,
        en_activite=actif,
    )


def test_pch_3_premiere_demande_avant_60_ans() -> None:
    verifier_age(D(1965, 3, 2), D(2025, 3, 1))  # the day before the 60th birthday
    with pytest.raises(DomainError) as erreur:
        verifier_age(D(1965, 3, 2), D(2025, 3, 2))
    assert erreur.value.code == "pch_age_depasse"
    assert "après 60 ans" in erreur.value.message


def test_pch_3_exceptions_criteres_avant_60_ans_ou_activite_sans_limite_depuis_2021() -> None:
    verifier_age(D(1950, 1, 1), D(2025, 3, 1), criteres=True)  # 75 years old
    verifier_age(D(1940, 1, 1), D(2025, 3, 1), actif=True)  # 85 years old


def test_pch_3_g1_limite_de_75_ans_pour_les_exceptions_jusqu_au_31_decembre_2020() -> None:
    naissance = D(1945, 6, 1)  # 75 years old in December 2020
    with pytest.raises(DomainError) as erreur:
        verifier_age(naissance, D(2020, 12, 31), criteres=True)
    assert erreur.value.code == "pch_age_limite_exceptions"
    verifier_age(naissance, D(2021, 1, 1), criteres=True)
    verifier_age(D(1946, 1, 1), D(2020, 12, 31), criteres=True)  # 74 years old


# --- PCH-4 -------------------------------------------------------------------------------------


def aide_humaine(naissances: list[datetime.date], mois: datetime.date, parent_isole: bool = False) -> Decimal:
    return pch_parentalite_aide_humaine(
        naissances_enfants=naissances, mois=mois, parent_isole=parent_isole, beneficiaire_aide_humaine=True
    )


def test_pch_4_aide_humaine_900_ou_450_selon_l_age_du_plus_jeune_enfant() -> None:
    naissance = D(2022, 5, 10)
    assert aide_humaine([naissance], D(2025, 5, 1)) == Decimal("900.00")  # 2 years old on 1 May
    assert aide_humaine([naissance], D(2025, 6, 1)) == Decimal("450.00")  # 3 years old on 1 June
    assert aide_humaine([naissance], D(2029, 5, 15)) == Decimal("450.00")  # 6 years old on 1 May 2029
    assert aide_humaine([naissance], D(2029, 6, 1)) == Decimal("0.00")  # 7th birthday passed


def test_pch_4_parent_isole_majoration_de_50_pour_cent() -> None:
    naissance = D(2022, 5, 10)
    assert aide_humaine([naissance], D(2025, 5, 1), parent_isole=True) == Decimal("1350.00")
    assert aide_humaine([naissance], D(2025, 6, 1), parent_isole=True) == Decimal("675.00")


def test_pch_4_un_montant_par_parent_selon_le_plus_jeune_enfant() -> None:
    aine, cadet = D(2019, 1, 15), D(2024, 2, 1)
    assert aide_humaine([aine, cadet], D(2025, 3, 1)) == Decimal("900.00")
    assert aide_humaine([aine], D(2025, 3, 1)) == Decimal("450.00")
    # A child born after the first day of the month counts from the following month.
    assert aide_humaine([aine, D(2025, 3, 2)], D(2025, 3, 1)) == Decimal("450.00")
    assert aide_humaine([aine, D(2025, 3, 2)], D(2025, 4, 1)) == Decimal("900.00")
    assert aide_humaine([], D(2025, 3, 1)) == Decimal("0.00")


def test_pch_4_reservee_aux_beneficiaires_de_l_aide_humaine() -> None:
    with pytest.raises(DomainError) as erreur:
        pch_parentalite_aide_humaine(
            naissances_enfants=[D(2024, 1, 1)],
            mois=D(2025, 3, 1),
            parent_isole=False,
            beneficiaire_aide_humaine=False,
        )
    assert erreur.value.code == "pch_parentalite_sans_aide_humaine"


def test_pch_4_aides_techniques_a_la_naissance_au_3e_et_au_6e_anniversaire() -> None:
    assert pch_parentalite_aides_techniques(naissance_enfant=D(2022, 5, 10)) == (
        VersementParentalite(D(2022, 5, 10), Decimal("1400.00")),
        VersementParentalite(D(2025, 5, 10), Decimal("1200.00")),
        VersementParentalite(D(2028, 5, 10), Decimal("1000.00")),
    )
    # Born before the scheme (1 January 2021): only the due days from then on, that day included.
    assert pch_parentalite_aides_techniques(naissance_enfant=D(2018, 1, 1)) == (
        VersementParentalite(D(2021, 1, 1), Decimal("1200.00")),
        VersementParentalite(D(2024, 1, 1), Decimal("1000.00")),
    )
    assert pch_parentalite_aides_techniques(naissance_enfant=D(2017, 12, 31)) == (
        VersementParentalite(D(2023, 12, 31), Decimal("1000.00")),
    )


def test_pch_4_g1_parentalite_depuis_2021_et_montant_du_mois() -> None:
    with pytest.raises(ParametreIntrouvable):
        aide_humaine([D(2020, 6, 1)], D(2020, 12, 1))
    assert aide_humaine([D(2020, 6, 1)], D(2021, 1, 1)) == Decimal("900.00")
    nouvelle_valeur("pch.parentalite.aide_humaine.premier_palier", D(2026, 1, 1), "950")
    assert aide_humaine([D(2025, 6, 1)], D(2025, 12, 1)) == Decimal("900.00")
    assert aide_humaine([D(2025, 6, 1)], D(2026, 1, 1)) == Decimal("950.00")


# --- PCH-5 -------------------------------------------------------------------------------------


def decision(**changes: object) -> DecisionCdaph:
    valeurs: dict[str, object] = {
        "numero": "CDAPH-2024-001",
        "decidee_le": D(2024, 9, 12),
        "element": ElementPch.AIDES_TECHNIQUES,
        "debut": D(2024, 10, 1),
        "fin": D(2027, 9, 30),
        "montant": Decimal(3000),
    }
    valeurs.update(changes)
    return DecisionCdaph(**valeurs)  # type: ignore[arg-type]


def test_pch_5_decision_cdaph_complete() -> None:
    with pytest.raises(DomainError) as erreur:
        decision(numero=" ")
    assert erreur.value.code == "pch_decision_numero_requis"
    with pytest.raises(DomainError) as erreur:
        decision(heures_mensuelles=Decimal(10))  # a total and hours
    assert erreur.value.code == "pch_decision_quantite"
    with pytest.raises(DomainError) as erreur:
        decision(montant=None)
    assert erreur.value.code == "pch_decision_quantite"
    with pytest.raises(DomainError) as erreur:
        decision(montant=Decimal(0))
    assert erreur.value.code == "pch_decision_quantite_negative"
    with pytest.raises(DomainError) as erreur:
        decision(fin=D(2024, 9, 30))
    assert erreur.value.code == "pch_decision_dates"


def test_pch_5_versement_rattache_a_la_decision_et_a_son_element() -> None:
    with pytest.raises(DomainError) as erreur:
        pch_versement_verifier(
            decision=decision(),
            versement=versement("100", D(2025, 1, 10), numero="AUTRE"),
            versements_anterieurs=[],
        )
    assert erreur.value.code == "pch_versement_decision_differente"
    with pytest.raises(DomainError) as erreur:
        pch_versement_verifier(
            decision=decision(),
            versement=versement("100", D(2025, 1, 10), element=ElementPch.AMENAGEMENT_LOGEMENT),
            versements_anterieurs=[],
        )
    assert erreur.value.code == "pch_versement_element_different"


def test_pch_5_versement_dans_les_dates_de_la_decision() -> None:
    pch_versement_verifier(
        decision=decision(), versement=versement("100", D(2024, 10, 1)), versements_anterieurs=[]
    )
    pch_versement_verifier(
        decision=decision(), versement=versement("100", D(2027, 9, 30)), versements_anterieurs=[]
    )
    for jour in (D(2024, 9, 30), D(2027, 10, 1)):
        with pytest.raises(DomainError) as erreur:
            pch_versement_verifier(
                decision=decision(), versement=versement("100", jour), versements_anterieurs=[]
            )
        assert erreur.value.code == "pch_versement_hors_periode"
        assert "du 01/10/2024 au 30/09/2027" in erreur.value.message


def test_pch_5_versements_cumules_dans_le_montant_accorde() -> None:
    anterieurs = [versement("2000", D(2024, 11, 5))]
    pch_versement_verifier(
        decision=decision(), versement=versement("1000", D(2025, 1, 10)), versements_anterieurs=anterieurs
    )
    with pytest.raises(DomainError) as erreur:
        pch_versement_verifier(
            decision=decision(),
            versement=versement("1000.01", D(2025, 1, 10)),
            versements_anterieurs=anterieurs,
        )
    assert erreur.value.code == "pch_versement_montant_depasse"
    assert f"il reste 1{NBSP}000,00{NBSP}€" in erreur.value.message


def test_pch_5_heures_mensuelles_au_prorata_et_une_seule_fois_par_periode() -> None:
    aides_humaines = decision(
        element=ElementPch.AIDES_HUMAINES, montant=None, heures_mensuelles=Decimal(60), fin=D(2027, 9, 30)
    )

    def payer(
        heures: str | None, debut: datetime.date, fin: datetime.date, anterieurs: list[VersementPch]
    ) -> None:
        paye = versement("1000", fin, element=ElementPch.AIDES_HUMAINES, periode=(debut, fin), heures=heures)
        pch_versement_verifier(decision=aides_humaines, versement=paye, versements_anterieurs=anterieurs)

    payer("60", D(2025, 4, 1), D(2025, 4, 30), [])
    payer("30", D(2025, 4, 16), D(2025, 4, 30), [])  # 15 of 30 days
    payer("120", D(2025, 4, 1), D(2025, 5, 31), [])  # a two-month lump sum
    with pytest.raises(DomainError) as erreur:
        payer("60.01", D(2025, 4, 1), D(2025, 4, 30), [])
    assert erreur.value.code == "pch_versement_heures_depassees"
    with pytest.raises(DomainError):
        payer(None, D(2025, 4, 1), D(2025, 4, 30), [])
    avril = versement(
        "1000",
        D(2025, 4, 30),
        element=ElementPch.AIDES_HUMAINES,
        periode=(D(2025, 4, 1), D(2025, 4, 30)),
        heures="60",
    )
    with pytest.raises(DomainError) as erreur:
        payer("10", D(2025, 4, 30), D(2025, 5, 5), [avril])
    assert erreur.value.code == "pch_versement_periode_deja_payee"
    payer("60", D(2025, 5, 1), D(2025, 5, 31), [avril])


def test_pch_5_montant_mensuel_au_prorata() -> None:
    charges = decision(
        element=ElementPch.CHARGES_SPECIFIQUES, montant=None, montant_mensuel=Decimal(100), fin=D(2027, 9, 30)
    )

    def payer(montant: str) -> None:
        paye = versement(
            montant,
            D(2025, 2, 28),
            element=ElementPch.CHARGES_SPECIFIQUES,
            periode=(D(2025, 2, 1), D(2025, 2, 28)),
        )
        pch_versement_verifier(decision=charges, versement=paye, versements_anterieurs=[])

    payer("100")
    with pytest.raises(DomainError) as erreur:
        payer("100.01")
    assert erreur.value.code == "pch_versement_montant_depasse"


def test_pch_5_le_plafond_pch_1_reste_applique_au_versement() -> None:
    grosse = decision(montant=Decimal(13200), numero="CDAPH-2025-007", debut=D(2025, 1, 1))
    anterieurs = [versement("12000", D(2024, 11, 5))]  # under another decision
    with pytest.raises(DomainError) as erreur:
        pch_versement_verifier(
            decision=grosse,
            versement=versement("1300", D(2025, 2, 1), numero="CDAPH-2025-007"),
            versements_anterieurs=anterieurs,
        )
    assert erreur.value.code == "pch_plafond_depasse"


# --- PCH-6 -------------------------------------------------------------------------------------


def test_pch_6_silence_de_la_cdaph_quatre_mois_vaut_rejet() -> None:
    assert pch_rejet_implicite_le(demande_deposee_le=D(2025, 1, 31)) == D(2025, 5, 31)
    assert pch_rejet_implicite_le(demande_deposee_le=D(2025, 2, 1)) == D(2025, 6, 1)


def test_pch_6_rapo_deux_mois_puis_pole_social_deux_mois() -> None:
    avant_rapo = pch_recours_echeances(decision_notifiee_le=D(2025, 3, 15))
    assert (avant_rapo.rapo, avant_rapo.rejet_implicite_rapo, avant_rapo.pole_social) == (
        D(2025, 5, 15),
        None,
        None,
    )
    silence = pch_recours_echeances(decision_notifiee_le=D(2025, 3, 15), rapo_recu_le=D(2025, 4, 1))
    assert (silence.rejet_implicite_rapo, silence.pole_social) == (D(2025, 6, 1), D(2025, 8, 1))
    reponse = pch_recours_echeances(
        decision_notifiee_le=D(2025, 3, 15),
        rapo_recu_le=D(2025, 4, 1),
        decision_rapo_notifiee_le=D(2025, 5, 20),
    )
    assert reponse.pole_social == D(2025, 7, 20)


def test_pch_6_g1_rapo_obligatoire_depuis_2019() -> None:
    with pytest.raises(ParametreIntrouvable):
        pch_recours_echeances(decision_notifiee_le=D(2018, 12, 31))
    assert pch_recours_echeances(decision_notifiee_le=D(2019, 1, 1)).rapo == D(2019, 3, 1)
