"""Aid files through the actions: eligibility (FAJ-1, FSL-1), the FSL's purposes and forms (FSL-2),
frequency and caps on submission and on decision; a refusal changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from instances.actions import decision_urgence_prendre, demande_aide_creer, demande_aide_deposer
from instances.enums import (
    CategorieBudget,
    EtatDemande,
    FondsAide,
    FormeAide,
    IssueDecision,
    SensBudget,
    SourceBudget,
)
from instances.models import Decision, DemandeAide, LigneBudget, TransitionDemande, TypeAide
from instances.regles.budget import LigneBudgetaire
from social.exceptions import DomainError
from social.parametres import parametre_en_vigueur
from tests import factories as f
from tests.instances.fabriques import Conseils, demande, parcours_de, type_aide

pytestmark = pytest.mark.django_db


def _etat_inchange(creee: DemandeAide) -> None:
    creee.refresh_from_db()
    assert creee.etat == EtatDemande.BROUILLON
    assert creee.deposee_le is None
    assert list(TransitionDemande.objects.filter(demande=creee).values_list("vers", flat=True)) == [
        "brouillon"
    ]


def test_creer_calcule_et_enregistre_le_reste_a_vivre_par_unite_de_consommation(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    creee = demande(
        parcours,
        deposer=False,
        personnes_14_ans_et_plus=2,
        enfants_moins_14_ans=1,
        lignes=[
            LigneBudgetaire(
                sens=SensBudget.RESSOURCE, categorie=CategorieBudget.SALAIRES, montant=Decimal("1400")
            ),
            LigneBudgetaire(sens=SensBudget.CHARGE, categorie=CategorieBudget.LOYER, montant=Decimal("600")),
            LigneBudgetaire(sens=SensBudget.CHARGE, categorie=CategorieBudget.EAU, montant=Decimal("0")),
        ],
    )
    creee.refresh_from_db()
    assert creee.etat == EtatDemande.BROUILLON
    assert creee.unites_consommation == Decimal("1.80")
    assert creee.reste_a_vivre_par_uc == Decimal("444.44")  # 800 / 1,8
    assert LigneBudget.objects.filter(demande=creee).count() == 2  # zero lines are not kept
    assert creee.rapporteur == conseils.monde.ts_arras


def test_faj_1_age_verifie_au_depot_de_la_demande(conseils: Conseils) -> None:
    # 25 when the youth pathway was opened a month ago (FAJ-1 at the opening), 26 on the deposit day.
    trop_age = f.PersonneFactory(
        commune=conseils.monde.arras, date_naissance=f.age_de(26) - datetime.timedelta(days=10)
    )
    il_y_a_un_mois = timezone.localdate() - datetime.timedelta(days=30)
    creee = demande(
        parcours_de(conseils.monde, trop_age, date_reception=il_y_a_un_mois),
        code="faj_aide_projet",
        montant="300",
        deposer=False,
    )
    with pytest.raises(DomainError) as erreur:
        demande_aide_deposer(demande=creee, acting_user=conseils.monde.ts_arras)
    assert erreur.value.code == "faj_age_hors_bornes"
    assert "de 18 à 25 ans révolus" in erreur.value.message
    assert "le demandeur a 26 ans" in erreur.value.message
    _etat_inchange(creee)
    # A young person of 22 is eligible.
    assert (
        demande(parcours_de(conseils.monde), code="faj_aide_projet", montant="300").etat
        == EtatDemande.DEPOSEE
    )


def test_faj_3_ressources_des_parents_ignorees_par_la_demande(conseils: Conseils) -> None:
    creee = demande(
        parcours_de(conseils.monde),
        code="faj_aide_projet",
        montant="400",
        lignes=[
            LigneBudgetaire(
                sens=SensBudget.RESSOURCE,
                categorie=CategorieBudget.SALAIRES,
                montant=Decimal("300"),
                source=SourceBudget.JEUNE,
            ),
            LigneBudgetaire(
                sens=SensBudget.RESSOURCE,
                categorie=CategorieBudget.SALAIRES,
                montant=Decimal("4000"),
                source=SourceBudget.PARENT,
            ),
        ],
    )
    assert creee.etat == EtatDemande.DEPOSEE
    assert creee.ressources == Decimal("300.00")
    assert creee.ressources_ignorees == Decimal("4000.00")
    assert creee.reste_a_vivre_par_uc == Decimal("300.00")


def test_fsl_1_eligibilite_sur_les_ressources_et_les_charges_de_logement_sans_condition_d_age(
    conseils: Conseils,
) -> None:
    # 26 on the deposit day: too old for the FAJ (FAJ-1), which is no condition of the FSL.
    personne = f.PersonneFactory(
        commune=conseils.monde.arras, date_naissance=f.age_de(26) - datetime.timedelta(days=10)
    )
    il_y_a_un_mois = timezone.localdate() - datetime.timedelta(days=30)
    parcours = parcours_de(conseils.monde, personne, date_reception=il_y_a_un_mois)
    faj = demande(parcours, code="faj_aide_projet", montant="300", deposer=False)
    with pytest.raises(DomainError) as erreur:
        demande_aide_deposer(demande=faj, acting_user=conseils.monde.ts_arras)
    assert erreur.value.code == "faj_age_hors_bornes"
    # The FSL weighs the household's resources against its housing and energy charges, per consumption
    # unit (the scale's coefficients are parameters: 1 + 0,5 for two adults).
    fsl = demande(
        parcours,
        code="fsl_energie",
        montant="300",
        personnes_14_ans_et_plus=2,
        lignes=[
            LigneBudgetaire(
                sens=SensBudget.RESSOURCE, categorie=CategorieBudget.SALAIRES, montant=Decimal("1100")
            ),
            LigneBudgetaire(
                sens=SensBudget.RESSOURCE, categorie=CategorieBudget.AIDES_LOGEMENT, montant=Decimal("200")
            ),
            LigneBudgetaire(sens=SensBudget.CHARGE, categorie=CategorieBudget.LOYER, montant=Decimal("550")),
            LigneBudgetaire(
                sens=SensBudget.CHARGE, categorie=CategorieBudget.ENERGIE, montant=Decimal("180")
            ),
        ],
    )
    assert fsl.etat == EtatDemande.DEPOSEE
    assert (fsl.ressources, fsl.charges) == (Decimal("1300.00"), Decimal("730.00"))
    assert fsl.reste_a_vivre_par_uc == Decimal("380.00")  # 570 / 1,5


@pytest.mark.parametrize(
    ("code", "forme"),
    [
        ("fsl_acces", FormeAide.CAUTIONNEMENT),
        ("fsl_maintien", FormeAide.PRET),
        ("fsl_energie", FormeAide.SUBVENTION),
        ("fsl_eau", FormeAide.AVANCE),
        ("fsl_telephone_internet", FormeAide.PAIEMENT_TIERS),
        ("fsl_asll", FormeAide.PAIEMENT_TIERS),
    ],
)
def test_fsl_2_aides_du_fsl_par_objet_et_par_forme(conseils: Conseils, code: str, forme: FormeAide) -> None:
    tiers = "Association d'accompagnement au logement" if forme == FormeAide.PAIEMENT_TIERS else ""
    creee = demande(parcours_de(conseils.monde), code=code, montant="100", forme=forme, tiers=tiers)
    creee.refresh_from_db()
    assert (creee.type_aide.fonds, creee.forme, creee.etat) == (FondsAide.FSL, forme, EtatDemande.DEPOSEE)


def test_fsl_2_le_catalogue_couvre_les_six_objets_du_fsl_avec_leurs_parametres() -> None:
    """Access, maintenance, energy, water, telephone and internet, ASLL (loi n° 90-449 art. 6 and 6-1): each
    a type of the catalogue with the règlement's caps in force (rule G-1)."""
    codes = set(TypeAide.objects.filter(fonds=FondsAide.FSL).values_list("code", flat=True))
    assert codes == {
        "fsl_acces",
        "fsl_maintien",
        "fsl_energie",
        "fsl_eau",
        "fsl_telephone_internet",
        "fsl_asll",
    }
    for code in codes:
        for nom in ("plafond_demande", "plafond_annuel", "frequence", "procedure_urgence"):
            assert parametre_en_vigueur(f"aide.{code}.{nom}", timezone.localdate()).valeur >= 0


def test_plafond_par_demande_selon_le_type(conseils: Conseils) -> None:
    creee = demande(parcours_de(conseils.monde), code="fsl_energie", montant="450", deposer=False)
    with pytest.raises(DomainError) as erreur:
        demande_aide_deposer(demande=creee, acting_user=conseils.monde.ts_arras)
    assert erreur.value.code == "plafond_aide_depasse"
    assert "400,00" in erreur.value.message
    _etat_inchange(creee)
    # FAJ: the FAJ règlement's cap (secours d'urgence 150 €).
    faj = demande(parcours_de(conseils.monde), code="faj_secours_urgence", montant="160", deposer=False)
    with pytest.raises(DomainError) as erreur:
        demande_aide_deposer(demande=faj, acting_user=conseils.monde.ts_arras)
    assert erreur.value.code == "faj_plafond_aide_depasse"


def test_plafond_annuel_par_type_sur_douze_mois_glissants(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    premiere = demande(parcours, code="fsl_energie", montant="400")
    Decision.objects.create(
        demande=premiere,
        delegation=conseils.delegation,
        issue=IssueDecision.ACCORD,
        montant=Decimal("400"),
        forme=FormeAide.SUBVENTION,
        decidee_le=timezone.localdate() - datetime.timedelta(days=100),
    )
    seconde = demande(parcours, code="fsl_energie", montant="250", deposer=False)
    with pytest.raises(DomainError) as erreur:
        demande_aide_deposer(demande=seconde, acting_user=conseils.monde.ts_arras)
    assert erreur.value.code == "plafond_annuel_depasse"
    assert "600,00" in erreur.value.message and "il reste 200,00" in erreur.value.message
    _etat_inchange(seconde)
    # Another type has its own cap.
    assert demande(parcours, code="fsl_eau", montant="250").etat == EtatDemande.DEPOSEE


def test_fsl_3_une_aide_acces_par_cinq_ans(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    ancienne = demande(parcours, code="fsl_acces", montant="800")
    Decision.objects.create(
        demande=ancienne,
        delegation=conseils.delegation,
        issue=IssueDecision.ACCORD,
        montant=Decimal("800"),
        forme=FormeAide.SUBVENTION,
        decidee_le=timezone.localdate() - datetime.timedelta(days=4 * 365),
    )
    nouvelle = demande(parcours, code="fsl_acces", montant="500", deposer=False)
    with pytest.raises(DomainError) as erreur:
        demande_aide_deposer(demande=nouvelle, acting_user=conseils.monde.ts_arras)
    assert erreur.value.code == "frequence_depassee"
    assert "qu'après 5 ans" in erreur.value.message
    _etat_inchange(nouvelle)
    Decision.objects.filter(demande=ancienne).update(
        decidee_le=timezone.localdate() - datetime.timedelta(days=5 * 366)
    )
    assert (
        demande_aide_deposer(demande=nouvelle, acting_user=conseils.monde.ts_arras).etat
        == EtatDemande.DEPOSEE
    )


def test_urgence_seulement_pour_les_types_qui_la_prevoient(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    with pytest.raises(DomainError) as erreur:
        demande(parcours, code="fsl_acces", montant="500", urgence=True)
    assert erreur.value.code == "urgence_non_prevue"
    assert not DemandeAide.objects.filter(parcours=parcours).exists()


def test_paiement_a_un_tiers_nomme_le_tiers(conseils: Conseils) -> None:
    with pytest.raises(DomainError) as erreur:
        demande(parcours_de(conseils.monde), forme=FormeAide.PAIEMENT_TIERS)
    assert erreur.value.code == "tiers_requis"


@pytest.mark.parametrize("persona", ["partenaire_ccas_arras", "ts_calais", "accueil_arras", "elu_arrageois"])
def test_seule_l_equipe_du_parcours_cree_une_demande(conseils: Conseils, persona: str) -> None:
    parcours = parcours_de(conseils.monde)
    with pytest.raises(DomainError) as erreur:
        demande_aide_creer(
            parcours=parcours,
            type_aide=type_aide("fsl_eau"),
            montant_demande=Decimal("100"),
            forme=FormeAide.SUBVENTION,
            objet="Eau",
            motivation="Dette d'eau",
            acting_user=getattr(conseils.monde, persona),
        )
    assert erreur.value.code == "interdit"


def test_faj_5_projet_d_insertion_non_decide_hors_commission(conseils: Conseils) -> None:
    """Urgent procedure: the FAJ project aid cannot even be filed as urgent (it is decided in committee)."""
    with pytest.raises(DomainError) as erreur:
        demande(parcours_de(conseils.monde), code="faj_aide_projet", montant="300", urgence=True)
    assert erreur.value.code == "urgence_non_prevue"


def test_decision_d_urgence_verifie_les_plafonds_le_jour_de_la_decision(conseils: Conseils) -> None:
    urgente = demande(parcours_de(conseils.monde), code="faj_secours_urgence", montant="150", urgence=True)
    with pytest.raises(DomainError) as erreur:
        decision_urgence_prendre(
            demande=urgente,
            issue=IssueDecision.ACCORD,
            montant=Decimal("150"),
            forme=FormeAide.SUBVENTION,
            acting_user=conseils.monde.ts_arras,
        )
    assert erreur.value.code == "interdit"
    decision = decision_urgence_prendre(
        demande=urgente,
        issue=IssueDecision.ACCORD,
        montant=Decimal("150"),
        forme=FormeAide.SUBVENTION,
        acting_user=conseils.delegataire,
    )
    assert decision.delegation == conseils.delegation
    assert decision.delegation_acte.startswith("Arrêté n° 2025-062")
    urgente.refresh_from_db()
    assert urgente.etat == EtatDemande.DECIDEE


def test_faj_4_referent_de_suivi_requis_au_depot(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    creee = demande(parcours, code="faj_aide_projet", montant="300", deposer=False)
    parcours.referent = None
    parcours.save(update_fields=["referent"])
    with pytest.raises(DomainError) as erreur:
        demande_aide_deposer(demande=creee, acting_user=conseils.monde.encadrant_arras)
    assert erreur.value.code == "faj_referent_requis"
    _etat_inchange(creee)
