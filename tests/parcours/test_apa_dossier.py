"""The APA file through its actions (parcours.actions.apa): rules APA-1 to APA-11 and G-2 named after their
ids, refusals (wrong state, role, missing reasons) that change nothing, the deadlines and their states.

Helpers here (``parcours_apa``, ``jusqu_au_plan``, ``jusqu_aux_montants_etablissement``…) are reused by
the API and page tests."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.utils import timezone

from parcours import actions
from parcours.actions.apa import LigneSaisie
from parcours.apa.procedure import VOIES_RECOURS
from parcours.enums import (
    EtatApa,
    LieuApa,
    SensDecisionApa,
    StatutEcheance,
    TypeAideApa,
    TypeEcheance,
    UniteAideApa,
)
from parcours.models import (
    DecisionApa,
    DossierApa,
    Echeance,
    EvaluationApa,
    Parcours,
    PlanAide,
    PropositionEtablissementApa,
    RevisionApa,
)
from social.enums import RoleAgent
from social.exceptions import DomainError
from social.models import Personne, Utilisateur
from social.parametres import ajouter_mois
from tests import factories as f
from tests.conftest import Monde

VARIABLES = (
    "coherence",
    "orientation",
    "toilette",
    "habillage",
    "alimentation",
    "elimination",
    "transferts",
    "deplacements_interieur",
    "deplacements_exterieur",
    "communication",
)
GRILLE_GIR_2: dict[str, Any] = {
    "coherence": "B",
    "orientation": "B",
    "toilette": {"haut": "B", "bas": "C"},
    "habillage": "C",
    "alimentation": "B",
    "elimination": "C",
    "transferts": "C",
    "deplacements_interieur": "B",
    "deplacements_exterieur": "C",
    "communication": {"S": True, "T": True, "H": True, "C": True},
}
GRILLE_GIR_6: dict[str, Any] = dict.fromkeys(VARIABLES, "A")
GRILLE_GIR_4: dict[str, Any] = {**GRILLE_GIR_6, "toilette": "B", "habillage": "B"}


def il_y_a(jours: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=jours)


def encadrant_autonomie(monde: Monde) -> Utilisateur:
    """encadrant.arras also manages the Maison de l'Autonomie of the Arrageois (APA decisions)."""
    f.AffectationFactory(
        utilisateur=monde.encadrant_arras, site=monde.autonomie_arras, role=RoleAgent.ENCADRANT
    )
    return monde.encadrant_arras


def personne_agee(monde: Monde) -> Personne:
    personne = f.PersonneFactory(
        nom="Duhamel", prenoms="Lucienne", date_naissance=datetime.date(1941, 3, 2), commune=monde.arras
    )
    f.RattachementFactory(personne=personne, site=monde.mds_arras)
    return personne


def parcours_apa(monde: Monde, personne: Personne | None = None, *, recu: int = 60) -> Parcours:
    """An APA pathway at the Maison de l'Autonomie of Arras, evaluateur.arras référent, received ``recu``
    days ago, encadrant.arras encadrant of the site."""
    encadrant_autonomie(monde)
    return actions.parcours_ouvrir(
        personne=personne or personne_agee(monde),
        dispositif="apa",
        acting_user=monde.evaluateur_arras,
        site=monde.autonomie_arras,
        referent=monde.evaluateur_arras,
        date_reception=il_y_a(recu),
    )


def ligne(
    quantite: str = "60", prix: str = "25.00", type_aide: str = TypeAideApa.AIDE_HUMAINE_PRESTATAIRE
) -> LigneSaisie:
    return LigneSaisie(
        type_aide=type_aide,
        quantite=Decimal(quantite),
        unite=UniteAideApa.HEURES,
        prix_unitaire=Decimal(prix),
    )


def jusqu_a_l_evaluation(
    monde: Monde, parcours: Parcours, *, grille: dict[str, Any] | None = None, lieu: str = LieuApa.DOMICILE
) -> EvaluationApa:
    par = monde.evaluateur_arras
    actions.apa_demande_enregistrer(parcours=parcours, demande_le=il_y_a(62), lieu=lieu, acting_user=par)
    actions.apa_accuser_reception(
        parcours=parcours, accuse_le=il_y_a(55), pieces_manquantes=[], acting_user=par
    )
    return actions.apa_evaluer(
        parcours=parcours, evaluee_le=il_y_a(40), grille=grille or GRILLE_GIR_2, acting_user=par
    )


def jusqu_au_plan(
    monde: Monde,
    parcours: Parcours,
    *,
    lignes: list[LigneSaisie] | None = None,
    ressources: str = "1800",
    couple: bool = False,
    lieu: str = LieuApa.DOMICILE,
) -> PlanAide:
    jusqu_a_l_evaluation(monde, parcours, lieu=lieu)
    return actions.apa_plan_proposer(
        parcours=parcours,
        propose_le=il_y_a(35),
        lignes=lignes or [ligne("60", "25.00")],  # 1 500 €
        ressources_mensuelles=Decimal(ressources),
        couple=couple,
        acting_user=monde.evaluateur_arras,
    )


def jusqu_a_la_decision(monde: Monde, parcours: Parcours, **plan: Any) -> DecisionApa:
    jusqu_au_plan(monde, parcours, **plan)
    return actions.apa_decider(
        parcours=parcours,
        sens=SensDecisionApa.ACCORD,
        decidee_le=il_y_a(30),
        acting_user=monde.encadrant_arras,
    )


def jusqu_aux_montants_etablissement(
    monde: Monde,
    parcours: Parcours,
    *,
    tarif: str | None = "600",
    tarif_5_6: str | None = "180",
    ressources: str = "3500",
    couple: bool = False,
    grille: dict[str, Any] | None = None,
) -> PropositionEtablissementApa:
    """In an establishment (APA-9): the request, the complete file 55 days ago, the evaluation (GIR 2), and
    the tariffs of the EHPAD (600 € GIR 1-2, 180 € GIR 5-6 a month) with 3 500 € of resources: with the
    MTP of 1 288,13 €, participation 323,19 €, APA 276,81 € (tests/parcours/test_apa_etablissement.py)."""
    jusqu_a_l_evaluation(monde, parcours, lieu=LieuApa.ETABLISSEMENT, grille=grille)
    return actions.apa_etablissement_proposer(
        parcours=parcours,
        propose_le=il_y_a(35),
        etablissement="EHPAD Les Tilleuls, Arras",
        tarif_gir=None if tarif is None else Decimal(tarif),
        tarif_gir_5_6=None if tarif_5_6 is None else Decimal(tarif_5_6),
        ressources_mensuelles=Decimal(ressources),
        couple=couple,
        acting_user=monde.evaluateur_arras,
    )


def jusqu_a_la_decision_en_etablissement(monde: Monde, parcours: Parcours, **montants: Any) -> DecisionApa:
    jusqu_aux_montants_etablissement(monde, parcours, **montants)
    return actions.apa_decider(
        parcours=parcours,
        sens=SensDecisionApa.ACCORD,
        decidee_le=il_y_a(30),
        acting_user=monde.encadrant_arras,
    )


def etat_fige(parcours: Parcours) -> tuple[object, ...]:
    """Everything an APA action may write: a refusal leaves it as it was."""
    parcours.refresh_from_db()
    return (
        parcours.etat,
        parcours.updated_at,
        parcours.transitions.count(),
        list(DossierApa.objects.filter(parcours=parcours).values()),
        EvaluationApa.objects.filter(parcours=parcours).count(),
        PlanAide.objects.filter(parcours=parcours).count(),
        PropositionEtablissementApa.objects.filter(parcours=parcours).count(),
        list(DecisionApa.objects.filter(parcours=parcours).values()),
        RevisionApa.objects.filter(parcours=parcours).count(),
        list(Echeance.objects.filter(parcours=parcours).order_by("type").values()),
    )


def echeance(parcours: Parcours, type_echeance: str) -> Echeance:
    return Echeance.objects.get(parcours=parcours, type=type_echeance)


@pytest.fixture
def apa(monde: Monde) -> Parcours:
    return parcours_apa(monde)


# --- APA-2, APA-3: acknowledgement and decision clocks -------------------------------------------------


def test_apa_2_accuse_de_reception_sous_10_jours(monde: Monde, apa: Parcours) -> None:
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu=LieuApa.DOMICILE, acting_user=monde.evaluateur_arras
    )
    accuse = echeance(apa, TypeEcheance.APA_ACCUSE_RECEPTION)
    assert (accuse.date_depart, accuse.date_limite) == (il_y_a(60), il_y_a(50))
    actions.apa_accuser_reception(
        parcours=apa, accuse_le=il_y_a(55), pieces_manquantes=[], acting_user=monde.evaluateur_arras
    )
    accuse.refresh_from_db()
    assert (accuse.statut, accuse.tenue_le) == (StatutEcheance.TENUE, il_y_a(55))
    dossier = DossierApa.objects.get(parcours=apa)
    assert (dossier.accuse_le, dossier.complet_le, dossier.recue_le) == (il_y_a(55), il_y_a(55), il_y_a(60))
    apa.refresh_from_db()
    assert apa.etat == EtatApa.DOSSIER_COMPLET


def test_apa_2_pieces_manquantes_nombre_et_nature(monde: Monde, apa: Parcours) -> None:
    par = monde.evaluateur_arras
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(61), lieu=LieuApa.DOMICILE, acting_user=par
    )
    actions.apa_accuser_reception(
        parcours=apa,
        accuse_le=il_y_a(52),
        pieces_manquantes=["Avis d'imposition", " ", "Justificatif de domicile"],
        acting_user=par,
    )
    apa.refresh_from_db()
    dossier = DossierApa.objects.get(parcours=apa)
    assert apa.etat == EtatApa.DOSSIER_INCOMPLET
    assert dossier.pieces_manquantes == ["Avis d'imposition", "Justificatif de domicile"]
    assert dossier.complet_le is None
    assert apa.transitions.order_by("-id").first().motif == (
        "2 pièce(s) manquante(s) : Avis d'imposition ; Justificatif de domicile."
    )
    assert echeance(apa, TypeEcheance.APA_ACCUSE_RECEPTION).statut == StatutEcheance.TENUE
    assert not Echeance.objects.filter(parcours=apa, type=TypeEcheance.APA_DECISION).exists()
    actions.apa_dossier_completer(parcours=apa, complet_le=il_y_a(45), acting_user=par)
    decision = echeance(apa, TypeEcheance.APA_DECISION)
    assert (decision.date_depart, decision.date_limite) == (il_y_a(45), ajouter_mois(il_y_a(45), 2))


def test_apa_2_accuse_de_reception_tardif_depasse(monde: Monde) -> None:
    apa = parcours_apa(monde, recu=30)
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(30), lieu=LieuApa.DOMICILE, acting_user=monde.evaluateur_arras
    )
    assert echeance(apa, TypeEcheance.APA_ACCUSE_RECEPTION).statut == StatutEcheance.DEPASSEE


def test_apa_3_decision_notifiee_sous_2_mois_du_dossier_complet_droits_a_la_notification(
    monde: Monde, apa: Parcours
) -> None:
    jusqu_a_la_decision(monde, apa)
    limite = echeance(apa, TypeEcheance.APA_DECISION)
    assert (limite.date_depart, limite.date_limite, limite.statut) == (
        il_y_a(55),
        ajouter_mois(il_y_a(55), 2),
        StatutEcheance.OUVERTE,
    )
    decision = actions.apa_notifier(parcours=apa, notifiee_le=il_y_a(28), acting_user=monde.evaluateur_arras)
    assert (decision.notifiee_le, decision.droits_ouverts_le) == (il_y_a(28), il_y_a(28))
    limite.refresh_from_db()
    assert (limite.statut, limite.tenue_le) == (StatutEcheance.TENUE, il_y_a(28))
    apa.refresh_from_db()
    assert apa.etat == EtatApa.NOTIFIE


def test_apa_3_en_etablissement_droits_a_l_enregistrement_du_dossier_complet(
    monde: Monde, apa: Parcours
) -> None:
    jusqu_a_la_decision_en_etablissement(monde, apa)
    decision = actions.apa_notifier(parcours=apa, notifiee_le=il_y_a(28), acting_user=monde.evaluateur_arras)
    assert decision.droits_ouverts_le == il_y_a(55)


# --- APA-4, APA-5: silence and urgency ------------------------------------------------------------------


def test_apa_4_silence_de_2_mois_accord_repute_et_montant_forfaitaire(monde: Monde) -> None:
    apa = parcours_apa(monde, recu=90)
    par = monde.evaluateur_arras
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(90), lieu=LieuApa.DOMICILE, acting_user=par
    )
    actions.apa_accuser_reception(parcours=apa, accuse_le=il_y_a(85), pieces_manquantes=[], acting_user=par)
    limite = ajouter_mois(il_y_a(85), 2)
    assert actions.apa_silence_constater(parcours=apa, jour=limite) is None  # not yet: the last day
    dossier = actions.apa_silence_constater(parcours=apa)
    assert dossier is not None
    assert dossier.accord_repute_le == limite + datetime.timedelta(days=1)
    # 50 % of the GIR 1 ceiling (2 080,33 € in 2026, R232-10), L232-14.
    annee = dossier.accord_repute_le.year
    attendu = {2026: Decimal("1040.17"), 2025: Decimal("1022.78")}.get(annee)
    if attendu is not None:
        assert dossier.montant_forfaitaire == attendu
    assert dossier.montant_forfaitaire > 0
    assert echeance(apa, TypeEcheance.APA_DECISION).statut == StatutEcheance.DEPASSEE
    # Idempotent.
    assert actions.apa_silence_constater(parcours=apa).accord_repute_le == dossier.accord_repute_le


def test_apa_4_pas_de_silence_en_etablissement_ni_apres_notification(monde: Monde, apa: Parcours) -> None:
    jusqu_a_la_decision(monde, apa)
    actions.apa_notifier(parcours=apa, notifiee_le=il_y_a(28), acting_user=monde.evaluateur_arras)
    assert actions.apa_silence_constater(parcours=apa, jour=il_y_a(-90)) is None
    autre = parcours_apa(monde, recu=90)
    actions.apa_demande_enregistrer(
        parcours=autre, demande_le=il_y_a(90), lieu=LieuApa.ETABLISSEMENT, acting_user=monde.evaluateur_arras
    )
    actions.apa_accuser_reception(
        parcours=autre, accuse_le=il_y_a(85), pieces_manquantes=[], acting_user=monde.evaluateur_arras
    )
    assert actions.apa_silence_constater(parcours=autre) is None


def test_apa_5_urgence_moitie_du_plafond_gir_1(monde: Monde, apa: Parcours) -> None:
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu=LieuApa.DOMICILE, acting_user=monde.evaluateur_arras
    )
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:  # a decision of the département: encadrants only
        actions.apa_urgence_attribuer(parcours=apa, le=il_y_a(58), acting_user=monde.evaluateur_arras)
    assert refus.value.code == "interdit"
    assert etat_fige(apa) == avant
    dossier = actions.apa_urgence_attribuer(parcours=apa, le=il_y_a(58), acting_user=monde.encadrant_arras)
    from parcours.apa.calculs import plafond

    assert dossier.montant_urgence == (plafond(1, il_y_a(58)) / 2).quantize(Decimal("0.01"), ROUND_HALF_UP)
    with pytest.raises(DomainError) as refus:
        actions.apa_urgence_attribuer(parcours=apa, le=il_y_a(57), acting_user=monde.encadrant_arras)
    assert refus.value.code == "apa_urgence_deja"


# --- Evaluation: the grid, its GIR, its trace; health data entered by a medico-social profile -----------


def test_evaluation_grille_saisie_gir_trace_et_version(monde: Monde, apa: Parcours) -> None:
    evaluation = jusqu_a_l_evaluation(monde, apa)
    assert evaluation.gir == 2
    assert evaluation.grille == GRILLE_GIR_2  # as entered: sub-variables and adverbs
    assert evaluation.trace["codes"]["toilette"] == "B"  # BC → B (AGGIR.md §2)
    assert evaluation.trace["sous_codes"]["toilette"] == {"haut": "B", "bas": "C"}
    assert set(evaluation.trace) == {"rang", "groupe", "scores", "codes", "sous_codes"}
    assert evaluation.version_regles
    assert evaluation.evaluateur == monde.evaluateur_arras
    apa.refresh_from_db()
    assert apa.etat == EtatApa.EVALUATION
    # A new grid during the evaluation replaces the current one; the previous is kept.
    actions.apa_evaluer(
        parcours=apa, evaluee_le=il_y_a(39), grille=GRILLE_GIR_4, acting_user=monde.evaluateur_arras
    )
    assert list(EvaluationApa.objects.filter(parcours=apa).values_list("gir", flat=True)) == [2, 4]


def test_evaluation_refusee_a_un_profil_non_medico_social_et_grille_invalide(
    monde: Monde, apa: Parcours
) -> None:
    par = monde.evaluateur_arras
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu=LieuApa.DOMICILE, acting_user=par
    )
    actions.apa_accuser_reception(parcours=apa, accuse_le=il_y_a(55), pieces_manquantes=[], acting_user=par)
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:
        actions.apa_evaluer(
            parcours=apa, evaluee_le=il_y_a(40), grille=GRILLE_GIR_2, acting_user=monde.encadrant_arras
        )
    assert refus.value.code == "interdit"
    with pytest.raises(DomainError) as refus:
        actions.apa_evaluer(
            parcours=apa, evaluee_le=il_y_a(40), grille={**GRILLE_GIR_2, "transferts": "D"}, acting_user=par
        )
    assert refus.value.code == "aggir_invalide"
    assert "transferts" in refus.value.extra["erreurs"]
    assert etat_fige(apa) == avant


# --- APA-6, APA-7, APA-8: the plan ---------------------------------------------------------------------


def test_apa_7_participation_exemple_298_39_par_l_action(monde: Monde, apa: Parcours) -> None:
    """DOMAIN §2.5: single person, R = 1 800 €, GIR 2, plan 1 500 €, MTP 1 288,13 € ⇒ P = 298,39 €."""
    plan = jusqu_au_plan(monde, apa)
    assert (plan.gir, plan.montant_plan, plan.montant_retenu) == (2, Decimal("1500.00"), Decimal("1500.00"))
    assert plan.participation == Decimal("298.39")
    assert plan.montant_apa == Decimal("1201.61")
    assert plan.verse is True
    assert plan.lignes.get().montant_mensuel == Decimal("1500.00")
    apa.refresh_from_db()
    assert apa.etat == EtatApa.PLAN_PROPOSE


def test_apa_7_couple_ressources_divisees_par_1_7(monde: Monde, apa: Parcours) -> None:
    plan = jusqu_au_plan(monde, apa, ressources="3060", couple=True)  # 3 060 ÷ 1,7 = 1 800
    assert plan.participation == Decimal("298.39")
    assert plan.couple is True


def test_apa_6_plan_plafonne_au_plafond_du_gir_a_la_date(monde: Monde, apa: Parcours) -> None:
    from parcours.apa.calculs import plafond

    plan = jusqu_au_plan(
        monde, apa, lignes=[ligne("80", "25.00"), ligne("30", "1.50", TypeAideApa.PORTAGE_REPAS)]
    )
    attendu = plafond(2, il_y_a(35))
    assert plan.montant_plan == Decimal("2045.00")
    assert (plan.plafond, plan.montant_retenu, plan.plafonne) == (attendu, attendu, True)
    assert plan.montant_apa == plan.montant_retenu - plan.participation


def test_apa_8_non_versee_sous_le_seuil(monde: Monde, apa: Parcours) -> None:
    plan = jusqu_au_plan(monde, apa, lignes=[ligne("2", "15.00")], ressources="5000")  # 30 € − 90 %
    assert plan.montant_apa == Decimal("3.00")
    assert plan.verse is False
    assert plan.seuil_versement >= Decimal("36.06")


def test_plan_refuse_en_gir_5_6_et_sans_ligne(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa, grille=GRILLE_GIR_6)
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:
        actions.apa_plan_proposer(
            parcours=apa,
            propose_le=il_y_a(35),
            lignes=[ligne()],
            ressources_mensuelles=Decimal("1800"),
            couple=False,
            acting_user=monde.evaluateur_arras,
        )
    assert refus.value.code == "apa_gir_hors_apa"
    assert etat_fige(apa) == avant


# --- APA-1, G-2, APA-11: the decision ------------------------------------------------------------------


def test_apa_11_accord_avec_montants_et_voies_de_recours(monde: Monde, apa: Parcours) -> None:
    decision = jusqu_a_la_decision(monde, apa)
    assert (decision.sens, decision.gir, decision.montant_apa, decision.participation) == (
        SensDecisionApa.ACCORD,
        2,
        Decimal("1201.61"),
        Decimal("298.39"),
    )
    assert decision.voies_recours == VOIES_RECOURS
    assert "recours administratif préalable" in decision.voies_recours
    assert "tribunal administratif" in decision.voies_recours
    apa.refresh_from_db()
    assert apa.etat == EtatApa.DECIDE


def test_apa_1_gir_5_6_refus_motive_apres_l_evaluation(monde: Monde, apa: Parcours) -> None:
    jusqu_a_l_evaluation(monde, apa, grille=GRILLE_GIR_6)
    encadrant = monde.encadrant_arras
    with pytest.raises(DomainError) as refus:
        actions.apa_decider(
            parcours=apa, sens=SensDecisionApa.ACCORD, decidee_le=il_y_a(30), acting_user=encadrant
        )
    assert refus.value.code == "apa_plan_requis"
    decision = actions.apa_decider(
        parcours=apa,
        sens=SensDecisionApa.REJET,
        decidee_le=il_y_a(30),
        motivation="GIR 6 : pas de droit à l'APA. Orientation vers la caisse de retraite.",
        acting_user=encadrant,
    )
    assert (decision.sens, decision.gir, decision.plan, decision.montant_apa) == (
        SensDecisionApa.REJET,
        6,
        None,
        None,
    )


def test_apa_1_age_60_ans_a_la_date_de_la_demande(monde: Monde) -> None:
    jeune = f.PersonneFactory(date_naissance=il_y_a(365 * 50), commune=monde.arras)
    apa = parcours_apa(monde, jeune)
    jusqu_au_plan(monde, apa)
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:
        actions.apa_decider(
            parcours=apa,
            sens=SensDecisionApa.ACCORD,
            decidee_le=il_y_a(30),
            acting_user=monde.encadrant_arras,
        )
    assert refus.value.code == "apa_non_eligible"
    assert "au moins 60 ans" in refus.value.message
    assert etat_fige(apa) == avant


def test_g_2_rejet_sans_motivation_refuse_rien_ne_change(monde: Monde, apa: Parcours) -> None:
    jusqu_au_plan(monde, apa)
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:
        actions.apa_decider(
            parcours=apa,
            sens=SensDecisionApa.REJET,
            decidee_le=il_y_a(30),
            motivation="   ",
            acting_user=monde.encadrant_arras,
        )
    assert (refus.value.code, refus.value.extra["champ"]) == ("motif_requis", "motivation")
    assert etat_fige(apa) == avant


@pytest.mark.parametrize("persona", ["evaluateur_arras", "ts_arras", "partenaire_ccas_arras"])
def test_decision_reservee_aux_encadrants_du_site(monde: Monde, apa: Parcours, persona: str) -> None:
    jusqu_au_plan(monde, apa)
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as refus:
        actions.apa_decider(
            parcours=apa,
            sens=SensDecisionApa.ACCORD,
            decidee_le=il_y_a(30),
            acting_user=getattr(monde, persona),
        )
    assert refus.value.code == "interdit"
    assert etat_fige(apa) == avant


def test_etape_dans_le_mauvais_etat_refusee_rien_ne_change(monde: Monde, apa: Parcours) -> None:
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu=LieuApa.DOMICILE, acting_user=monde.evaluateur_arras
    )
    avant = etat_fige(apa)
    tentatives = [
        lambda: actions.apa_evaluer(
            parcours=apa, evaluee_le=il_y_a(40), grille=GRILLE_GIR_2, acting_user=monde.evaluateur_arras
        ),
        lambda: actions.apa_plan_proposer(
            parcours=apa,
            propose_le=il_y_a(35),
            lignes=[ligne()],
            ressources_mensuelles=Decimal("1800"),
            couple=False,
            acting_user=monde.evaluateur_arras,
        ),
        lambda: actions.apa_decider(
            parcours=apa,
            sens=SensDecisionApa.ACCORD,
            decidee_le=il_y_a(30),
            acting_user=monde.encadrant_arras,
        ),
        lambda: actions.apa_notifier(
            parcours=apa, notifiee_le=il_y_a(28), acting_user=monde.evaluateur_arras
        ),
        lambda: actions.apa_dossier_completer(
            parcours=apa, complet_le=il_y_a(28), acting_user=monde.evaluateur_arras
        ),
    ]
    for tentative in tentatives:
        with pytest.raises(DomainError) as refus:
            tentative()
        assert refus.value.code == "transition_impossible"
    assert etat_fige(apa) == avant


def test_dossier_requis_et_dates_controlees(monde: Monde, apa: Parcours) -> None:
    with pytest.raises(DomainError) as refus:
        actions.apa_accuser_reception(
            parcours=apa, accuse_le=il_y_a(55), pieces_manquantes=[], acting_user=monde.evaluateur_arras
        )
    assert refus.value.code == "apa_dossier_requis"
    with pytest.raises(DomainError) as refus:
        actions.apa_demande_enregistrer(
            parcours=apa, demande_le=il_y_a(10), lieu=LieuApa.DOMICILE, acting_user=monde.evaluateur_arras
        )
    assert refus.value.code == "apa_demande_apres_reception"
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu=LieuApa.DOMICILE, acting_user=monde.evaluateur_arras
    )
    with pytest.raises(DomainError) as refus:
        actions.apa_accuser_reception(
            parcours=apa, accuse_le=il_y_a(-1), pieces_manquantes=[], acting_user=monde.evaluateur_arras
        )
    assert refus.value.code == "date_future"


def test_action_refusee_sur_un_parcours_non_apa(monde: Monde, personne_arras: Personne) -> None:
    rsa = actions.parcours_ouvrir(
        personne=personne_arras, dispositif="rsa", acting_user=monde.ts_arras, site=monde.mds_arras
    )
    with pytest.raises(DomainError) as refus:
        actions.apa_demande_enregistrer(
            parcours=rsa, demande_le=il_y_a(0), lieu=LieuApa.DOMICILE, acting_user=monde.ts_arras
        )
    assert refus.value.code == "dispositif_incompatible"


# --- APA-10: revision ----------------------------------------------------------------------------------


def test_apa_10_revision_nouvelle_evaluation_plan_et_decision_historique_garde(
    monde: Monde, apa: Parcours
) -> None:
    premiere = jusqu_a_la_decision(monde, apa)
    actions.apa_notifier(parcours=apa, notifiee_le=il_y_a(28), acting_user=monde.evaluateur_arras)
    with pytest.raises(DomainError) as refus:
        actions.apa_revision_ouvrir(
            parcours=apa,
            origine="beneficiaire",
            ouverte_le=il_y_a(20),
            motif="",
            acting_user=monde.evaluateur_arras,
        )
    assert refus.value.code == "motif_requis"
    actions.apa_revision_ouvrir(
        parcours=apa,
        origine="beneficiaire",
        ouverte_le=il_y_a(20),
        motif="Chute et hospitalisation : aggravation.",
        acting_user=monde.evaluateur_arras,
    )
    apa.refresh_from_db()
    assert apa.etat == EtatApa.REVISION
    actions.apa_evaluer(
        parcours=apa, evaluee_le=il_y_a(15), grille=GRILLE_GIR_4, acting_user=monde.evaluateur_arras
    )
    actions.apa_plan_proposer(
        parcours=apa,
        propose_le=il_y_a(12),
        lignes=[ligne("20", "25.00")],
        ressources_mensuelles=Decimal("1800"),
        couple=False,
        acting_user=monde.evaluateur_arras,
    )
    # A reduction of the amount needs written reasons (G-2, APA-10).
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
        motivation="GIR 4 après réévaluation : le plan d'aide est réduit à 20 heures par mois.",
        acting_user=monde.encadrant_arras,
    )
    assert nouvelle.remplace == premiere
    assert nouvelle.gir == 4
    actions.apa_notifier(parcours=apa, notifiee_le=il_y_a(8), acting_user=monde.evaluateur_arras)
    assert DecisionApa.objects.filter(parcours=apa).count() == 2
    assert EvaluationApa.objects.filter(parcours=apa).count() == 2
    assert PlanAide.objects.filter(parcours=apa).count() == 2
    premiere.refresh_from_db()
    assert premiere.remplacee_par == nouvelle


def test_apa_2_pas_d_etape_du_dossier_par_simple_transition(monde: Monde, apa: Parcours) -> None:
    """Once the APA file exists, its steps are recorded by their actions (acknowledgement with the
    missing documents, APA-2; evaluation; plan…), never as a bare state change; nothing changes."""
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(62), lieu=LieuApa.DOMICILE, acting_user=monde.evaluateur_arras
    )
    avant = etat_fige(apa)
    with pytest.raises(DomainError) as erreur:
        actions.parcours_transitionner(
            parcours=apa, vers=EtatApa.DOSSIER_COMPLET, acting_user=monde.evaluateur_arras
        )
    assert erreur.value.code == "action_dediee_requise"
    assert "dossier APA" in erreur.value.message
    assert etat_fige(apa) == avant
