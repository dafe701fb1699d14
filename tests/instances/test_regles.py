"""The councils' pure rules, each test named after its rule."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from instances.enums import CategorieBudget, SensBudget, SensVote, SourceBudget
from instances.ics import invitation
from instances.regles.budget import LigneBudgetaire, budget_calculer, unites_consommation
from instances.regles.decisions import DelegationRegles, g_5_delegation_verifier
from instances.regles.seances import com_1_convocation_verifier, com_2_quorum, com_4_resultat_vote
from social.exceptions import DomainError
from tests.instances.fabriques import semer_instances

pytestmark = pytest.mark.django_db
D = datetime.date
JOUR = D(2026, 3, 2)


@pytest.fixture(autouse=True)
def _parametres() -> None:
    semer_instances()


def R(categorie: CategorieBudget, montant: str, source: SourceBudget = SourceBudget.FOYER) -> LigneBudgetaire:
    return LigneBudgetaire(
        sens=SensBudget.RESSOURCE, categorie=categorie, montant=Decimal(montant), source=source
    )


def C(categorie: CategorieBudget, montant: str) -> LigneBudgetaire:
    return LigneBudgetaire(sens=SensBudget.CHARGE, categorie=categorie, montant=Decimal(montant))


def test_budget_reste_a_vivre_par_unite_de_consommation_echelle_ocde_modifiee() -> None:
    # A couple with one teenager (15) and two children under 14: 1 + 0,5 + 0,5 + 0,3 + 0,3 = 2,6 UC.
    assert unites_consommation(personnes_14_ans_et_plus=3, enfants_moins_14_ans=2, jour=JOUR) == Decimal(
        "2.6"
    )
    budget = budget_calculer(
        lignes=[
            R(CategorieBudget.SALAIRES, "1500"),
            R(CategorieBudget.PRESTATIONS_FAMILIALES, "400"),
            C(CategorieBudget.LOYER, "650"),
            C(CategorieBudget.ENERGIE, "120"),
        ],
        personnes_14_ans_et_plus=3,
        enfants_moins_14_ans=2,
        jour=JOUR,
    )
    assert budget.ressources == Decimal("1900.00")
    assert budget.charges == Decimal("770.00")
    assert budget.reste_a_vivre == Decimal("1130.00")
    assert budget.reste_a_vivre_par_uc == Decimal("434.62")  # 1130 / 2,6


def test_budget_reste_a_vivre_negatif_possible_et_personne_seule_une_uc() -> None:
    budget = budget_calculer(
        lignes=[R(CategorieBudget.RSA, "600"), C(CategorieBudget.LOYER, "700")],
        personnes_14_ans_et_plus=1,
        enfants_moins_14_ans=0,
        jour=JOUR,
    )
    assert budget.unites_consommation == 1
    assert budget.reste_a_vivre_par_uc == Decimal("-100.00")


def test_faj_3_ressources_des_parents_ignorees_dans_le_budget() -> None:
    lignes = [
        R(CategorieBudget.SALAIRES, "500", SourceBudget.JEUNE),
        R(CategorieBudget.SALAIRES, "3000", SourceBudget.PARENT),
        R(CategorieBudget.AUTRES_RESSOURCES, "200", SourceBudget.AUTRE_OBLIGE_ALIMENTAIRE),
        C(CategorieBudget.LOYER, "300"),
    ]
    faj = budget_calculer(
        lignes=lignes,
        personnes_14_ans_et_plus=1,
        enfants_moins_14_ans=0,
        jour=JOUR,
        obligation_alimentaire_ignoree=True,
    )
    assert faj.ressources == Decimal("500.00")
    assert faj.ressources_ignorees == Decimal("3200.00")
    assert faj.reste_a_vivre_par_uc == Decimal("200.00")


def test_budget_categorie_du_mauvais_sens_refusee() -> None:
    with pytest.raises(DomainError) as erreur:
        LigneBudgetaire(sens=SensBudget.RESSOURCE, categorie=CategorieBudget.LOYER, montant=Decimal(1))
    assert erreur.value.code == "budget_categorie_invalide"


def test_com_1_convocation_cinq_jours_avant() -> None:
    com_1_convocation_verifier(convoquee_le=D(2026, 3, 2), seance_le=D(2026, 3, 7))
    with pytest.raises(DomainError) as erreur:
        com_1_convocation_verifier(convoquee_le=D(2026, 3, 3), seance_le=D(2026, 3, 7))
    assert erreur.value.code == "convocation_tardive"
    assert "au moins 5 jours avant" in erreur.value.message
    assert "au plus tard le 02/03/2026" in erreur.value.message
    # An urgent case, recorded with its reason, is the exception.
    com_1_convocation_verifier(convoquee_le=D(2026, 3, 6), seance_le=D(2026, 3, 7), urgence=True)


def test_com_2_quorum_moitie_des_votants_presents_ou_representes() -> None:
    assert com_2_quorum(votants=5, presents=2, representes=1, taux=Decimal("0.5")).atteint
    quorum = com_2_quorum(votants=5, presents=2, representes=0, taux=Decimal("0.5"))
    assert not quorum.atteint and quorum.requis == 3
    assert com_2_quorum(votants=4, presents=2, representes=0, taux=Decimal("0.5")).atteint


def test_com_4_voix_preponderante_du_president_en_cas_de_partage() -> None:
    assert com_4_resultat_vote(pour=2, contre=2, abstention=1, voix_president=SensVote.POUR).adopte
    assert not com_4_resultat_vote(pour=2, contre=2, abstention=0, voix_president=SensVote.CONTRE).adopte
    with pytest.raises(DomainError) as erreur:
        com_4_resultat_vote(pour=2, contre=2, abstention=0, voix_president=SensVote.ABSTENTION)
    assert erreur.value.code == "partage_des_voix"
    assert com_4_resultat_vote(pour=3, contre=1, abstention=0, voix_president=None).adopte


def test_g_5_delegation_montant_superieur_refuse() -> None:
    delegation = DelegationRegles(
        acte_reference="Arrêté 2025-062",
        types_codes={"faj_secours_urgence"},
        montant_maximum=Decimal("150"),
        date_debut=D(2025, 1, 1),
        date_fin=D(2026, 12, 31),
    )
    arguments = {"type_code": "faj_secours_urgence", "libelle_type": "FAJ – secours d'urgence", "jour": JOUR}
    assert (
        g_5_delegation_verifier(delegations=[delegation], montant=Decimal("150"), **arguments) == delegation
    )
    with pytest.raises(DomainError) as erreur:
        g_5_delegation_verifier(delegations=[delegation], montant=Decimal("150.01"), **arguments)
    assert erreur.value.code == "delegation_montant_depasse"
    with pytest.raises(DomainError) as erreur:
        g_5_delegation_verifier(
            delegations=[delegation], montant=Decimal("10"), **{**arguments, "jour": D(2027, 1, 1)}
        )
    assert erreur.value.code == "delegation_absente"


def test_invitation_ics_conforme_et_pliee() -> None:
    texte = invitation(
        uid="seance-1@proche",
        sequence=2,
        debut=datetime.datetime(2026, 3, 10, 13, 0, tzinfo=datetime.UTC),
        fin=datetime.datetime(2026, 3, 10, 15, 0, tzinfo=datetime.UTC),
        titre="Convocation : commission, séance du 10/03/2026",
        lieu="MDS, salle 1; 2e étage",
        description="x" * 200,
        organisateur="secretariat@example.org",
        participants=["a@example.org"],
    )
    assert texte.startswith("BEGIN:VCALENDAR\r\n") and texte.endswith("END:VCALENDAR\r\n")
    assert all(len(ligne.encode()) <= 75 for ligne in texte.split("\r\n"))
    deplie = texte.replace("\r\n ", "")
    champs = dict(ligne.split(":", 1) for ligne in deplie.split("\r\n") if ":" in ligne)
    assert champs["METHOD"] == "REQUEST"
    assert champs["DTSTART"] == "20260310T130000Z"
    assert champs["SEQUENCE"] == "2"
    assert champs["LOCATION"] == "MDS\\, salle 1\\; 2e étage"
    assert champs["DESCRIPTION"] == "x" * 200
