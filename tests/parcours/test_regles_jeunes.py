"""Youth rules (parcours.regles.jeunes): one test or more per rule FAJ-1..FAJ-5 and ASE-1 of
DOMAIN.md §10, with the boundary days, the exact caps and the dated parameters (rule G-1)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from parcours.regles.commun import age_revolu, anniversaire
from parcours.regles.enums import (
    CircuitDecisionFaj,
    NatureConditionFaj,
    SourceRessourceFaj,
    StructureReferentFaj,
    TypeAideFaj,
)
from parcours.regles.jeunes import (
    AideFaj,
    ConditionReglementFaj,
    ReferentSuiviFaj,
    RessourceFaj,
    ase_accompagnement_jeune_majeur_droit,
    ase_entretien_date_limite,
    faj_age_verifier,
    faj_aide_verifier,
    faj_circuit_decision,
    faj_referent_verifier,
    faj_reglement_verifier,
    faj_ressources,
    faj_seance_de_rapport,
    jeunes_public_verifier,
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


def test_age_revolu_et_anniversaire_du_29_fevrier() -> None:
    naissance = D(2008, 2, 29)
    assert anniversaire(naissance, 18) == D(2026, 2, 28)
    assert age_revolu(naissance, D(2026, 2, 27)) == 17
    assert age_revolu(naissance, D(2026, 2, 28)) == 18
    assert age_revolu(naissance, D(2028, 2, 29)) == 20
    with pytest.raises(DomainError) as erreur:
        age_revolu(naissance, D(2008, 2, 28))
    assert erreur.value.code == "date_avant_naissance"


# --- FAJ-1 -------------------------------------------------------------------------------------


def test_faj_1_dix_huit_ans_le_jour_de_l_anniversaire() -> None:
    faj_age_verifier(naissance=D(2007, 4, 15), demande_le=D(2025, 4, 15))
    with pytest.raises(DomainError) as erreur:
        faj_age_verifier(naissance=D(2007, 4, 15), demande_le=D(2025, 4, 14))
    assert erreur.value.code == "faj_age_hors_bornes"
    assert "de 18 à 25 ans révolus" in erreur.value.message
    assert "le demandeur a 17 ans" in erreur.value.message


def test_faj_1_vingt_cinq_ans_revolus_jusqu_a_la_veille_des_26_ans() -> None:
    faj_age_verifier(naissance=D(1999, 4, 15), demande_le=D(2025, 4, 14))
    with pytest.raises(DomainError) as erreur:
        faj_age_verifier(naissance=D(1999, 4, 15), demande_le=D(2025, 4, 15))
    assert erreur.value.extra["age"] == 26


def test_faj_1_g1_bornes_d_age_du_reglement_en_vigueur_le_jour_de_la_demande() -> None:
    nouvelle_valeur("faj.age_maximum", D(2027, 1, 1), "24")
    naissance = D(2001, 6, 1)  # 25 years old from 1 June 2026
    faj_age_verifier(naissance=naissance, demande_le=D(2026, 12, 31))
    with pytest.raises(DomainError):
        faj_age_verifier(naissance=naissance, demande_le=D(2027, 1, 1))


def test_faj_1_public_du_parcours_jeunes_message_du_parcours() -> None:
    jeunes_public_verifier(naissance=D(2007, 4, 15), jour=D(2025, 4, 15))
    with pytest.raises(DomainError) as erreur:
        jeunes_public_verifier(naissance=D(1999, 4, 15), jour=D(2025, 4, 15))
    assert (erreur.value.code, erreur.value.extra["champ"], erreur.value.extra["age"]) == (
        "jeunes_age_hors_bornes",
        "date_reception",
        26,
    )
    assert erreur.value.message == (
        "Le parcours jeunes s'adresse aux jeunes de 18 à 25 ans révolus à la date de réception "
        "(15/04/2025) ; cette personne a alors 26 ans."
    )


def test_faj_1_public_du_parcours_jeunes_sans_date_de_naissance() -> None:
    with pytest.raises(DomainError) as erreur:
        jeunes_public_verifier(naissance=None, jour=D(2025, 4, 15))
    assert (erreur.value.code, erreur.value.extra["champ"]) == (
        "jeunes_date_naissance_requise",
        "date_naissance",
    )


def test_ase_1_un_ancien_de_l_ase_de_moins_de_21_ans_reste_dans_le_public() -> None:
    """Should the FAJ règlement raise its lower bound to 19, an 18-year-old formerly in ASE care still
    enters the youth pathway (accompaniment jeune majeur, CASF L222-5 5°); the others do not."""
    nouvelle_valeur("faj.age_minimum", D(2025, 1, 1), "19")
    naissance, jour = D(2007, 3, 1), D(2025, 4, 15)  # 18 years old
    jeunes_public_verifier(naissance=naissance, jour=jour, confie_ase_avant_majorite=True)
    with pytest.raises(DomainError):
        jeunes_public_verifier(naissance=naissance, jour=jour, confie_ase_avant_majorite=False)
    with pytest.raises(DomainError):  # 17: still a minor, outside both publics
        jeunes_public_verifier(naissance=D(2008, 3, 1), jour=jour, confie_ase_avant_majorite=True)


def test_ase_1_avant_la_loi_de_2022_seules_les_bornes_du_faj() -> None:
    """No jeune-majeur limit in force before 9 February 2022: the FAJ bounds alone decide."""
    nouvelle_valeur("faj.age_minimum", D(2021, 1, 1), "19")
    with pytest.raises(DomainError) as erreur:
        jeunes_public_verifier(naissance=D(2003, 1, 1), jour=D(2021, 6, 1), confie_ase_avant_majorite=True)
    assert erreur.value.code == "jeunes_age_hors_bornes"


# --- FAJ-2 -------------------------------------------------------------------------------------


def test_faj_2_aucune_duree_minimale_de_residence_quelle_qu_elle_soit() -> None:
    for mois in (Decimal(6), Decimal(0), None):
        with pytest.raises(DomainError) as erreur:
            faj_reglement_verifier(
                [
                    ConditionReglementFaj(nature=NatureConditionFaj.AGE, libelle="18 à 25 ans"),
                    ConditionReglementFaj(
                        nature=NatureConditionFaj.DUREE_MINIMALE_RESIDENCE,
                        libelle="Résider dans le Pas-de-Calais depuis au moins 6 mois",
                        valeur=mois,
                    ),
                ]
            )
        assert erreur.value.code == "faj_condition_duree_residence_interdite"
        assert "durée minimale de résidence" in erreur.value.message


def test_faj_2_domicile_dans_le_departement_et_plafond_de_ressources_admis() -> None:
    faj_reglement_verifier(
        [
            ConditionReglementFaj(
                nature=NatureConditionFaj.DOMICILE_DEPARTEMENT, libelle="Domicilié dans le 62"
            ),
            ConditionReglementFaj(
                nature="plafond_ressources",  # type: ignore[arg-type]  # as stored
                libelle="Ressources inférieures à 50 % du SMIC",
            ),
        ]
    )


# --- FAJ-3 -------------------------------------------------------------------------------------


def test_faj_3_ressources_des_parents_ignorees() -> None:
    ressources = [
        RessourceFaj(source=SourceRessourceFaj.JEUNE, montant=Decimal("320.50")),
        RessourceFaj(source=SourceRessourceFaj.CONJOINT, montant=Decimal("400")),
        RessourceFaj(source=SourceRessourceFaj.PARENT, montant=Decimal("2500")),
        RessourceFaj(source="autre_oblige_alimentaire", montant=Decimal("1800")),  # type: ignore[arg-type]
    ]
    assert faj_ressources(ressources) == Decimal("720.50")
    assert faj_ressources([]) == Decimal(0)
    en_couples = [(SourceRessourceFaj.JEUNE, Decimal(300)), (SourceRessourceFaj.PARENT, Decimal(900))]
    assert faj_ressources(en_couples) == Decimal(300)


def test_faj_3_un_reglement_ne_peut_pas_compter_l_obligation_alimentaire() -> None:
    with pytest.raises(DomainError) as erreur:
        faj_reglement_verifier(
            [
                ConditionReglementFaj(
                    nature=NatureConditionFaj.RESSOURCES_OBLIGES_ALIMENTAIRES,
                    libelle="Ressources des parents inférieures à 2 SMIC",
                )
            ]
        )
    assert erreur.value.code == "faj_condition_obligation_alimentaire_interdite"
    with pytest.raises(DomainError) as erreur:
        RessourceFaj(source=SourceRessourceFaj.JEUNE, montant=Decimal(-1))
    assert erreur.value.code == "faj_ressource_negative"


# --- FAJ-4 -------------------------------------------------------------------------------------


def test_faj_4_un_referent_de_suivi_pour_chaque_beneficiaire() -> None:
    faj_referent_verifier(
        ReferentSuiviFaj(structure=StructureReferentFaj.MISSION_LOCALE, nom="Inès Martin", organisation_id=4)
    )
    for absent in (None, ReferentSuiviFaj(structure=StructureReferentFaj.MDS, nom="  ")):
        with pytest.raises(DomainError) as erreur:
            faj_referent_verifier(absent)
        assert erreur.value.code == "faj_referent_requis"
        assert "référent de suivi" in erreur.value.message


# --- FAJ-5 -------------------------------------------------------------------------------------


def aide(type_aide: TypeAideFaj, montant: str, le: datetime.date, en_commission: bool = True) -> AideFaj:
    return AideFaj(type_aide=type_aide, montant=Decimal(montant), decidee_le=le, en_commission=en_commission)


SECOURS = TypeAideFaj.SECOURS_URGENCE
PROJET = TypeAideFaj.AIDE_PROJET_INSERTION


def test_faj_5_secours_d_urgence_hors_commission_projet_en_commission() -> None:
    assert faj_circuit_decision(SECOURS) == CircuitDecisionFaj.HORS_COMMISSION_A_RAPPORTER
    assert faj_circuit_decision(PROJET) == CircuitDecisionFaj.COMMISSION
    faj_aide_verifier(aide=aide(SECOURS, "90", D(2025, 3, 3), en_commission=False), aides_anterieures=[])
    with pytest.raises(DomainError) as erreur:
        faj_aide_verifier(aide=aide(PROJET, "300", D(2025, 3, 3), en_commission=False), aides_anterieures=[])
    assert erreur.value.code == "faj_commission_requise"


def test_faj_5_secours_rapporte_a_la_seance_suivante() -> None:
    seances = [D(2025, 3, 6), D(2025, 3, 20), D(2025, 2, 20)]
    assert faj_seance_de_rapport(decidee_le=D(2025, 3, 6), seances=seances) == D(2025, 3, 6)
    assert faj_seance_de_rapport(decidee_le=D(2025, 3, 7), seances=seances) == D(2025, 3, 20)
    assert faj_seance_de_rapport(decidee_le=D(2025, 3, 21), seances=seances) is None


def test_faj_5_plafond_par_aide_selon_le_type() -> None:
    faj_aide_verifier(aide=aide(SECOURS, "150", D(2025, 3, 3)), aides_anterieures=[])
    with pytest.raises(DomainError) as erreur:
        faj_aide_verifier(aide=aide(SECOURS, "150.01", D(2025, 3, 3)), aides_anterieures=[])
    assert erreur.value.code == "faj_plafond_aide_depasse"
    assert f"150,00{NBSP}€" in erreur.value.message
    faj_aide_verifier(aide=aide(PROJET, "800", D(2025, 3, 3)), aides_anterieures=[])
    with pytest.raises(DomainError):
        faj_aide_verifier(aide=aide(PROJET, "800.01", D(2025, 3, 3)), aides_anterieures=[])
    with pytest.raises(DomainError) as erreur:
        aide(SECOURS, "0", D(2025, 3, 3))
    assert erreur.value.code == "faj_montant_invalide"


def test_faj_5_plafond_annuel_par_type_sur_douze_mois_glissants() -> None:
    anterieures = [
        aide(SECOURS, "150", D(2024, 3, 3)),  # exactly 12 months earlier: out of the window
        aide(SECOURS, "150", D(2024, 3, 4)),
        aide(SECOURS, "150", D(2025, 1, 10)),
        aide(PROJET, "800", D(2025, 1, 10)),  # another type
    ]
    faj_aide_verifier(aide=aide(SECOURS, "150", D(2025, 3, 3)), aides_anterieures=anterieures)
    with pytest.raises(DomainError) as erreur:
        faj_aide_verifier(aide=aide(SECOURS, "150", D(2025, 3, 2)), aides_anterieures=anterieures)
    assert erreur.value.code == "faj_plafond_annuel_depasse"
    assert f"450,00{NBSP}€ par an" in erreur.value.message
    assert "depuis le 03/03/2024" in erreur.value.message
    assert f"il reste 0,00{NBSP}€" in erreur.value.message


def test_faj_5_g1_plafonds_du_reglement_en_vigueur_le_jour_de_la_decision() -> None:
    nouvelle_valeur("faj.plafond.secours_urgence", D(2026, 1, 1), "200")
    faj_aide_verifier(aide=aide(SECOURS, "200", D(2026, 1, 1)), aides_anterieures=[])
    with pytest.raises(DomainError):
        faj_aide_verifier(aide=aide(SECOURS, "200", D(2025, 12, 31)), aides_anterieures=[])
    assert (
        "[à vérifier: règlement intérieur du FAJ]"
        in parametre_en_vigueur("faj.plafond_annuel.secours_urgence", D(2025, 1, 1)).source
    )


# --- ASE-1 -------------------------------------------------------------------------------------


def droit(naissance: datetime.date, jour: datetime.date, **changes: bool) -> bool:
    conditions = {
        "confie_ase_avant_majorite": True,
        "ressources_suffisantes": False,
        "soutien_familial_suffisant": False,
        "mineur_emancipe": False,
    }
    conditions.update(changes)
    return ase_accompagnement_jeune_majeur_droit(naissance=naissance, jour=jour, **conditions)


def test_ase_1_jeune_majeur_de_moins_de_21_ans_ancien_de_l_ase_sans_appui() -> None:
    naissance = D(2005, 9, 1)
    assert droit(naissance, D(2023, 9, 1))  # 18th birthday
    assert droit(naissance, D(2026, 8, 31))  # the day before the 21st birthday
    assert not droit(naissance, D(2026, 9, 1))
    assert not droit(naissance, D(2023, 8, 31))  # still a minor, not emancipated


def test_ase_1_droit_au_retour_apres_une_rupture() -> None:
    """Only the care before majority counts: a young adult who left ASE at 18 can come back at 20."""
    assert droit(D(2005, 9, 1), D(2025, 10, 1), confie_ase_avant_majorite=True)
    assert not droit(D(2005, 9, 1), D(2025, 10, 1), confie_ase_avant_majorite=False)


def test_ase_1_ressources_ou_soutien_familial_insuffisants() -> None:
    naissance, jour = D(2005, 9, 1), D(2025, 10, 1)
    assert droit(naissance, jour, ressources_suffisantes=True, soutien_familial_suffisant=False)
    assert droit(naissance, jour, ressources_suffisantes=False, soutien_familial_suffisant=True)
    assert not droit(naissance, jour, ressources_suffisantes=True, soutien_familial_suffisant=True)


def test_ase_1_mineur_emancipe() -> None:
    assert droit(D(2008, 9, 1), D(2025, 10, 1), mineur_emancipe=True)


def test_ase_1_g1_droit_ouvert_par_la_loi_du_7_fevrier_2022() -> None:
    with pytest.raises(ParametreIntrouvable):
        droit(D(2002, 9, 1), D(2022, 2, 8))
    assert droit(D(2002, 9, 1), D(2022, 2, 9))


def test_ase_1_entretien_au_plus_tard_au_17e_anniversaire() -> None:
    assert ase_entretien_date_limite(naissance=D(2010, 5, 20), jour=D(2025, 1, 1)) == D(2027, 5, 20)
    assert ase_entretien_date_limite(naissance=D(2008, 2, 29), jour=D(2025, 1, 1)) == D(2025, 2, 28)
