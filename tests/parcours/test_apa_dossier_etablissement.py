"""APA in an establishment through the APA file's actions (rule APA-9, CASF R232-19; DOMAIN.md §2.6): the
establishment's tariffs instead of a plan d'aide, the participation and amount computed with the parameters
in force on the day the rights open (the complete file, R232-23, APA-3) and frozen, the decision carrying
them; refusals (state, role, place of life, missing or inconsistent tariffs) that change nothing; the
database constraint of an accord.

Figures: tariffs 600 € (GIR 1-2) and 180 € (GIR 5-6) a month, MTP 1 288,13 € (thresholds 2 846,77 € and
4 379,64 €): 3 500 € of resources ⇒ participation 323,19 €, APA 276,81 € (test_apa_etablissement.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from parcours import actions, workflows
from parcours.enums import CasParticipationEtablissement, Dispositif, EtatApa, LieuApa, SensDecisionApa
from parcours.models import DecisionApa, DossierApa, Parcours, PropositionEtablissementApa
from social.exceptions import DomainError
from social.models import Parametre
from tests.conftest import Monde
from tests.parcours.test_apa_dossier import (
    GRILLE_GIR_2,
    GRILLE_GIR_4,
    GRILLE_GIR_6,
    etat_fige,
    il_y_a,
    jusqu_a_l_evaluation,
    jusqu_a_la_decision_en_etablissement,
    jusqu_au_plan,
    jusqu_aux_montants_etablissement,
    ligne,
    parcours_apa,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def apa(monde: Monde) -> Parcours:
    return parcours_apa(monde)


def proposer(monde: Monde, parcours: Parcours, **saisie: object) -> PropositionEtablissementApa:
    arguments: dict[str, object] = {
        "parcours": parcours,
        "propose_le": il_y_a(35),
        "tarif_gir": Decimal("600"),
        "tarif_gir_5_6": Decimal("180"),
        "ressources_mensuelles": Decimal("3500"),
        "couple": False,
        "acting_user": monde.evaluateur_arras,
    }
    arguments.update(saisie)
    return actions.apa_etablissement_proposer(**arguments)  # type: ignore[arg-type]


def revaloriser_mtp(le: datetime.date, valeur: str) -> None:
    """A new MTP from ``le`` (the one in force until the day before is closed)."""
    en_vigueur = Parametre.objects.get(code="mtp", date_fin__isnull=True)
    en_vigueur.date_fin = le - datetime.timedelta(days=1)
    en_vigueur.save(update_fields=["date_fin"])
    Parametre.objects.create(
        code="mtp",
        libelle=en_vigueur.libelle,
        valeur=Decimal(valeur),
        unite=en_vigueur.unite,
        date_debut=le,
        source="Revalorisation fictive du test",
    )


# --- APA-9 end to end ------------------------------------------------------------------------------------


def test_apa_9_decision_en_etablissement_porte_les_montants_figes_droits_au_dossier_complet(
    monde: Monde, apa: Parcours
) -> None:
    proposition = jusqu_aux_montants_etablissement(monde, apa)
    apa.refresh_from_db()
    assert apa.etat == EtatApa.PROPOSITION_ETABLISSEMENT
    assert apa.libelle_etat == "APA en établissement calculée"
    transition = apa.transitions.order_by("-id").first()
    assert (transition.depuis, transition.vers, transition.acting_user) == (
        EtatApa.EVALUATION,
        EtatApa.PROPOSITION_ETABLISSEMENT,
        monde.evaluateur_arras,
    )
    # No plan at home; the computation of R232-19 on the scale in force when the rights open.
    assert not apa.plans_aide_apa.exists()
    assert (proposition.gir, proposition.tarif_gir, proposition.tarif_gir_5_6) == (
        2,
        Decimal("600.00"),
        Decimal("180.00"),
    )
    assert proposition.calculee_au == DossierApa.objects.get(parcours=apa).complet_le == il_y_a(55)
    assert (proposition.seuil_bas, proposition.seuil_haut) == (Decimal("2846.77"), Decimal("4379.64"))
    assert proposition.cas == CasParticipationEtablissement.PROGRESSIVE
    assert (proposition.participation, proposition.montant_apa) == (Decimal("323.19"), Decimal("276.81"))
    assert proposition.etablissement == "EHPAD Les Tilleuls, Arras"

    decision = actions.apa_decider(
        parcours=apa, sens=SensDecisionApa.ACCORD, decidee_le=il_y_a(30), acting_user=monde.encadrant_arras
    )
    assert decision.proposition_etablissement == proposition
    assert decision.plan is None and decision.montant_plan_retenu is None
    assert (decision.participation, decision.montant_apa, decision.verse) == (
        Decimal("323.19"),
        Decimal("276.81"),
        True,
    )
    assert (
        apa.transitions.order_by("-id").first().motif == "Accord : APA en établissement de 276.81 € par mois."
    )
    decision = actions.apa_notifier(parcours=apa, notifiee_le=il_y_a(28), acting_user=monde.evaluateur_arras)
    assert decision.droits_ouverts_le == il_y_a(55)  # APA-3: the complete file, not the notification

    # Frozen: a later revaluation of the MTP changes neither the proposal nor the decision.
    revaloriser_mtp(il_y_a(10), "1400.00")
    decision.refresh_from_db()
    proposition.refresh_from_db()
    assert (decision.participation, decision.montant_apa) == (Decimal("323.19"), Decimal("276.81"))
    assert (proposition.seuil_bas, proposition.participation) == (Decimal("2846.77"), Decimal("323.19"))


def test_apa_9_bareme_de_l_ouverture_des_droits_pas_du_jour_du_calcul(monde: Monde, apa: Parcours) -> None:
    """The MTP changes between the complete file (55 days ago) and the computation (35 days ago): a first
    request is computed on the MTP of the complete file, the day the rights open (R232-23)."""
    revaloriser_mtp(il_y_a(45), "1400.00")  # 2,21 × 1 400 = 3 094 €: 3 500 € would give another amount
    proposition = jusqu_aux_montants_etablissement(monde, apa)
    assert proposition.calculee_au == il_y_a(55)
    assert proposition.seuil_bas == Decimal("2846.77")
    assert proposition.participation == Decimal("323.19")


def test_apa_9_couple_ressources_divisees_par_2_et_reste_a_vivre(monde: Monde, apa: Parcours) -> None:
    proposition = jusqu_aux_montants_etablissement(monde, apa, ressources="7000", couple=True)
    assert (proposition.couple, proposition.ressources_retenues) == (True, Decimal("3500.00"))
    assert proposition.participation == Decimal("323.19")
    # A new computation (in the same state) replaces the current one; the previous is kept.
    nouvelle = proposer(monde, apa, ressources_mensuelles=Decimal("150"), propose_le=il_y_a(34))
    assert nouvelle.cas == CasParticipationEtablissement.TARIF_GIR_5_6
    assert nouvelle.reste_a_vivre_applique is True
    assert (nouvelle.participation, nouvelle.montant_apa) == (Decimal("135.00"), Decimal("465.00"))
    assert PropositionEtablissementApa.objects.filter(parcours=apa).count() == 2
    assert apa.transitions.filter(vers=EtatApa.PROPOSITION_ETABLISSEMENT).count() == 1
    decision = actions.apa_decider(
        parcours=apa, sens=SensDecisionApa.ACCORD, decidee_le=il_y_a(30), acting_user=monde.encadrant_arras
    )
    assert decision.proposition_etablissement == nouvelle


def test_apa_9_gir_3_4_tarif_de_la_tranche_et_revision_au_bareme_du_jour(monde: Monde, apa: Parcours) -> None:
    """A revision (APA-10): new evaluation in GIR 4, the tariff GIR 3-4, the scale of the day of the
    computation (the revision's rights open on its notification); a lower amount needs reasons (G-2)."""
    premiere = jusqu_a_la_decision_en_etablissement(monde, apa)
    actions.apa_notifier(parcours=apa, notifiee_le=il_y_a(28), acting_user=monde.evaluateur_arras)
    actions.apa_revision_ouvrir(
        parcours=apa,
        origine="departement",
        ouverte_le=il_y_a(20),
        motif="Révision périodique.",
        acting_user=monde.evaluateur_arras,
    )
    actions.apa_evaluer(
        parcours=apa, evaluee_le=il_y_a(15), grille=GRILLE_GIR_4, acting_user=monde.evaluateur_arras
    )
    proposition = proposer(monde, apa, tarif_gir=Decimal("400"), propose_le=il_y_a(12))
    assert (proposition.gir, proposition.calculee_au) == (4, il_y_a(12))
    assert proposition.montant_apa < premiere.montant_apa
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:
        actions.apa_decider(
            parcours=apa,
            sens=SensDecisionApa.ACCORD,
            decidee_le=il_y_a(10),
            acting_user=monde.encadrant_arras,
        )
    assert refus.value.code == "motif_requis"
    assert etat_fige(apa) == avant
    nouvelle = actions.apa_decider(
        parcours=apa,
        sens=SensDecisionApa.ACCORD,
        decidee_le=il_y_a(10),
        motivation="GIR 4 après réévaluation : tarif dépendance GIR 3-4 de l'établissement.",
        acting_user=monde.encadrant_arras,
    )
    assert (nouvelle.remplace, nouvelle.proposition_etablissement) == (premiere, proposition)
    nouvelle = actions.apa_notifier(parcours=apa, notifiee_le=il_y_a(8), acting_user=monde.evaluateur_arras)
    assert nouvelle.droits_ouverts_le == il_y_a(8)  # a revision's rights open on its notification


# --- Refusals: nothing written ---------------------------------------------------------------------------


def test_apa_9_refuse_hors_de_l_etape_d_evaluation(monde: Monde, apa: Parcours) -> None:
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu=LieuApa.ETABLISSEMENT, acting_user=monde.evaluateur_arras
    )
    actions.apa_accuser_reception(
        parcours=apa, accuse_le=il_y_a(55), pieces_manquantes=[], acting_user=monde.evaluateur_arras
    )
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:  # before the evaluation
        proposer(monde, apa)
    assert refus.value.code == "transition_impossible"
    assert "Dossier complet enregistré" in refus.value.message
    assert etat_fige(apa) == avant
    actions.apa_evaluer(
        parcours=apa, evaluee_le=il_y_a(40), grille=GRILLE_GIR_2, acting_user=monde.evaluateur_arras
    )
    proposer(monde, apa)
    actions.apa_decider(
        parcours=apa, sens=SensDecisionApa.ACCORD, decidee_le=il_y_a(30), acting_user=monde.encadrant_arras
    )
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:  # once decided
        proposer(monde, apa, propose_le=il_y_a(29))
    assert refus.value.code == "transition_impossible"
    assert etat_fige(apa) == avant


@pytest.mark.parametrize("persona", ["ts_arras", "partenaire_ccas_arras"])
def test_apa_9_refuse_au_mauvais_role(monde: Monde, apa: Parcours, persona: str) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:
        proposer(monde, apa, acting_user=getattr(monde, persona))
    assert refus.value.code == "interdit"
    assert etat_fige(apa) == avant


def test_apa_9_l_encadrant_du_site_peut_calculer(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    proposition = proposer(monde, apa, acting_user=monde.encadrant_arras)
    assert proposition.created_by == monde.encadrant_arras


def test_apa_9_refuse_sans_tarif_ou_avec_des_tarifs_incoherents_par_champ(
    monde: Monde, apa: Parcours
) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:
        proposer(monde, apa, tarif_gir=None, tarif_gir_5_6=None)
    assert (refus.value.code, refus.value.extra["champ"]) == ("apa_etablissement_invalide", "tarif_gir")
    assert refus.value.extra["erreurs"] == {
        "tarif_gir": ["Indiquez le tarif dépendance GIR 1-2 de l'établissement."],
        "tarif_gir_5_6": ["Indiquez le tarif dépendance GIR 5-6 de l'établissement."],
    }
    with pytest.raises(DomainError) as refus:
        proposer(monde, apa, tarif_gir=Decimal("150"))  # below the GIR 5-6 tariff (180 €)
    assert refus.value.extra["champ"] == "tarif_gir"
    assert "inférieur au tarif GIR 5-6" in refus.value.message
    with pytest.raises(DomainError) as refus:
        proposer(monde, apa, tarif_gir=Decimal("0"), tarif_gir_5_6=Decimal("0"))
    assert refus.value.extra["champ"] == "tarif_gir" and "positif" in refus.value.message
    with pytest.raises(DomainError) as refus:
        proposer(monde, apa, ressources_mensuelles=Decimal("-1"), tarif_gir_5_6=Decimal("180.555"))
    assert set(refus.value.extra["erreurs"]) == {"tarif_gir_5_6", "ressources_mensuelles"}
    assert etat_fige(apa) == avant


def test_apa_9_a_domicile_pas_de_tarifs_en_etablissement_pas_de_plan(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.DOMICILE)
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:
        proposer(monde, apa)
    assert refus.value.code == "apa_etablissement_a_domicile"
    assert etat_fige(apa) == avant
    autre = parcours_apa(monde)
    jusqu_a_l_evaluation(monde, autre, lieu=LieuApa.ETABLISSEMENT)
    avant = etat_fige(autre)
    with pytest.raises(DomainError) as refus:
        actions.apa_plan_proposer(
            parcours=autre,
            propose_le=il_y_a(35),
            lignes=[ligne()],
            ressources_mensuelles=Decimal("1800"),
            couple=False,
            acting_user=monde.evaluateur_arras,
        )
    assert refus.value.code == "apa_plan_en_etablissement"
    assert etat_fige(autre) == avant


def test_apa_9_accord_sans_montants_refuse_gir_5_6_sans_apa(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:
        actions.apa_decider(
            parcours=apa,
            sens=SensDecisionApa.ACCORD,
            decidee_le=il_y_a(30),
            acting_user=monde.encadrant_arras,
        )
    assert (refus.value.code, refus.value.extra["champ"]) == ("apa_etablissement_requis", "sens")
    assert etat_fige(apa) == avant
    gir_6 = parcours_apa(monde)
    jusqu_a_l_evaluation(monde, gir_6, lieu=LieuApa.ETABLISSEMENT, grille=GRILLE_GIR_6)
    with pytest.raises(DomainError) as refus:
        proposer(monde, gir_6)
    assert refus.value.code == "apa_gir_hors_apa"


def test_apa_9_pas_d_etape_en_etablissement_par_simple_transition(monde: Monde, apa: Parcours) -> None:
    """Without its tariffs the state means nothing: never a bare move, with or without the APA file."""
    flux = workflows.workflow(Dispositif.APA)
    assert flux.transition(EtatApa.EVALUATION, EtatApa.PROPOSITION_ETABLISSEMENT) is not None
    assert flux.transition(EtatApa.PROPOSITION_ETABLISSEMENT, EtatApa.DECIDE) is not None
    sans_dossier = parcours_apa(monde)
    for etat in (EtatApa.DOSSIER_COMPLET, EtatApa.EVALUATION):
        actions.parcours_transitionner(parcours=sans_dossier, vers=etat, acting_user=monde.evaluateur_arras)
    with pytest.raises(DomainError) as refus:
        actions.parcours_transitionner(
            parcours=sans_dossier, vers=EtatApa.PROPOSITION_ETABLISSEMENT, acting_user=monde.evaluateur_arras
        )
    assert refus.value.code == "action_dediee_requise"
    jusqu_a_l_evaluation(monde, apa, lieu=LieuApa.ETABLISSEMENT)
    with pytest.raises(DomainError) as refus:
        actions.parcours_transitionner(
            parcours=apa, vers=EtatApa.PROPOSITION_ETABLISSEMENT, acting_user=monde.evaluateur_arras
        )
    assert refus.value.code == "action_dediee_requise"


# --- The constraint in the database ----------------------------------------------------------------------


def test_contrainte_un_accord_porte_sur_un_plan_ou_sur_les_montants_en_etablissement(
    monde: Monde, apa: Parcours
) -> None:
    decision = jusqu_a_la_decision_en_etablissement(monde, apa)
    autre = parcours_apa(monde)
    plan = jusqu_au_plan(monde, autre)
    for modifications in (
        {"proposition_etablissement": None},  # an accord with no amounts
        {"plan": plan},  # both a plan and the amounts in an establishment
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            DecisionApa.objects.filter(pk=decision.pk).update(**modifications)
    decision.refresh_from_db()
    assert decision.proposition_etablissement is not None and decision.plan is None
