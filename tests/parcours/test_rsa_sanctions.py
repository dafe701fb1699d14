"""RSA sanctions and reorientation requests through their actions: rules RSA-7 to RSA-14 on the models, COM-5
(the EP's opinion, then the decision of the PCD's delegate), the procedure's state machine and its log, the
pathway moved where its workflow allows, refusals that change nothing.

The helpers at the top (``accompagne``, ``jusqu_a_la_decision``…) are shared with the page and API tests.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from parcours import actions
from parcours.actions import rsa_sanctions as s
from parcours.enums import (
    DemandeurReorientation,
    EtatRsa,
    EtatSanctionRsa,
    StatutEcheance,
    StatutReorientation,
    TypeEcheance,
)
from parcours.models import (
    DemandeReorientationRsa,
    Echeance,
    OrientationRsa,
    Parcours,
    PassageSanctionRsa,
    ProcedureSanctionRsa,
)
from parcours.regles.enums import (
    DeposantRecours,
    DestinataireRecours,
    IssueRecours,
    MotifManquement,
    NatureDecisionSanction,
    ParcoursRsa,
    RangManquement,
    SuiteSuppression,
)
from parcours.selectors_rsa_sanctions import fiche_sanctions
from social.exceptions import DomainError
from social.models import Personne
from tests.conftest import Monde
from tests.parcours.test_parcours_rsa import criteres, dossier, orienter, parcours_rsa, signer

pytestmark = pytest.mark.django_db

D = datetime.date
S = EtatSanctionRsa


def accompagne(monde: Monde, personne: Personne, *, soumis: bool = True) -> Parcours:
    """An RSA pathway « En accompagnement »: file, orientation, contract, ts.arras référent."""
    parcours = parcours_rsa(monde, personne)
    dossier(parcours, monde.ts_arras, soumis=soumis)
    if soumis:
        orienter(parcours, monde.ts_arras)
        signer(parcours, monde.ts_arras)
        actions.parcours_transitionner(
            parcours=parcours, vers=EtatRsa.EN_ACCOMPAGNEMENT, acting_user=monde.ts_arras
        )
    return parcours


def constater(parcours: Parcours, monde: Monde, **autres: Any) -> ProcedureSanctionRsa:
    valeurs: dict[str, Any] = {
        "motif": MotifManquement.MANQUEMENT_OBLIGATIONS,
        "rang": RangManquement.PREMIER,
        "constate_le": D(2026, 1, 5),
        "faits": "Trois rendez-vous manqués sans excuse.",
    }
    return s.sanction_manquement_constater(
        parcours=parcours, acting_user=monde.ts_arras, **(valeurs | autres)
    )


def jusqu_a_l_avis(parcours: Parcours, monde: Monde, **autres: Any) -> ProcedureSanctionRsa:
    procedure = constater(parcours, monde, **autres)
    s.sanction_observations_demander(
        procedure=procedure, demandees_le=D(2026, 1, 6), acting_user=monde.ts_arras
    )
    s.sanction_observations_enregistrer(
        procedure=procedure,
        recues_le=D(2026, 1, 12),
        observations="Difficultés de garde.",
        acting_user=monde.ts_arras,
    )
    return s.sanction_avis_ep_enregistrer(
        procedure=procedure,
        le=D(2026, 1, 20),
        avis="Avis favorable à une suspension.",
        acting_user=monde.ts_arras,
    )


def decider(procedure: ProcedureSanctionRsa, monde: Monde, **autres: Any) -> ProcedureSanctionRsa:
    valeurs: dict[str, Any] = {
        "nature": NatureDecisionSanction.SUSPENSION,
        "decidee_le": D(2026, 1, 26),
        "motivation": "CASF L262-37 : manquement aux obligations du contrat, trois absences non excusées.",
        "taux": Decimal("0.5"),
        "duree_mois": 2,
        "debut": D(2026, 2, 1),
        "personnes_foyer": 1,
    }
    return s.sanction_decider(procedure=procedure, acting_user=monde.encadrant_arras, **(valeurs | autres))


def jusqu_a_la_notification(
    parcours: Parcours, monde: Monde, *, rang: str = RangManquement.PREMIER, **autres: Any
) -> ProcedureSanctionRsa:
    procedure = decider(jusqu_a_l_avis(parcours, monde, rang=rang), monde, **autres)
    return s.sanction_notifier(procedure=procedure, notifiee_le=D(2026, 1, 30), acting_user=monde.ts_arras)


RECOURS_FORME_LE = D(2026, 2, 10)


def former_recours(
    procedure: ProcedureSanctionRsa, monde: Monde, forme_le: datetime.date = RECOURS_FORME_LE
) -> ProcedureSanctionRsa:
    """The person contests the notified decision (on 10/02/2026 by default), before the PCD."""
    return s.sanction_recours_enregistrer(
        procedure=procedure,
        forme_le=forme_le,
        destinataire=DestinataireRecours.PRESIDENT_CONSEIL_DEPARTEMENTAL,
        depose_par=DeposantRecours.BENEFICIAIRE,
        motifs="Les absences étaient justifiées par une hospitalisation.",
        acting_user=monde.ts_arras,
    )


def jusqu_au_recours(parcours: Parcours, monde: Monde, **autres: Any) -> ProcedureSanctionRsa:
    """A suspension of 50 % for February and March 2026, notified on 30/01, contested on 10/02."""
    return former_recours(jusqu_a_la_notification(parcours, monde, **autres), monde)


def statuer(procedure: ProcedureSanctionRsa, monde: Monde, **autres: Any) -> ProcedureSanctionRsa:
    valeurs: dict[str, Any] = {
        "statue_le": D(2026, 3, 2),
        "issue": IssueRecours.ADMIS,
        "motivation": "Les absences étaient justifiées : le manquement n'est pas établi.",
    }
    return s.sanction_recours_statuer(
        procedure=procedure, acting_user=monde.encadrant_arras, **(valeurs | autres)
    )


def etat_fige(parcours: Parcours) -> tuple[object, ...]:
    parcours.refresh_from_db()
    return (
        parcours.etat,
        parcours.transitions.count(),
        list(ProcedureSanctionRsa.objects.filter(parcours=parcours).values()),
        PassageSanctionRsa.objects.filter(procedure__parcours=parcours).count(),
        list(DemandeReorientationRsa.objects.filter(parcours=parcours).values()),
        OrientationRsa.objects.filter(parcours=parcours).count(),
        list(Echeance.objects.filter(parcours=parcours).order_by("type").values()),
    )


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    return accompagne(monde, personne_arras)


# RSA-8: the procedure, step by step, with its log.


def test_rsa_8_procedure_pas_a_pas_avec_journal_et_echeance_d_observations(
    monde: Monde, rsa: Parcours
) -> None:
    procedure = constater(rsa, monde)
    procedure = s.sanction_observations_demander(
        procedure=procedure, demandees_le=D(2026, 1, 6), acting_user=monde.ts_arras
    )
    assert procedure.observations_limite == D(2026, 1, 16)
    ligne = Echeance.objects.get(parcours=rsa, type=TypeEcheance.RSA_SANCTION_OBSERVATIONS)
    assert (ligne.date_limite, ligne.statut) == (D(2026, 1, 16), StatutEcheance.DEPASSEE)

    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        s.sanction_delai_observations_constater(
            procedure=procedure, le=D(2026, 1, 16), acting_user=monde.ts_arras
        )
    assert refus.value.code == "rsa_sanction_delai_observations_en_cours"
    assert "16/01/2026" in refus.value.message
    assert etat_fige(rsa) == avant

    s.sanction_delai_observations_constater(
        procedure=procedure, le=D(2026, 1, 17), acting_user=monde.ts_arras
    )
    ligne.refresh_from_db()
    assert (ligne.statut, ligne.tenue_le) == (StatutEcheance.TENUE, D(2026, 1, 17))
    assert list(procedure.passages.values_list("depuis", "vers", "acting_user")) == [
        ("", S.MANQUEMENT_CONSTATE, monde.ts_arras.pk),
        (S.MANQUEMENT_CONSTATE, S.OBSERVATIONS_DEMANDEES, monde.ts_arras.pk),
        (S.OBSERVATIONS_DEMANDEES, S.DELAI_OBSERVATIONS_EXPIRE, monde.ts_arras.pk),
    ]


def test_rsa_8_suppression_sans_avis_ep_refusee(monde: Monde, rsa: Parcours) -> None:
    procedure = constater(rsa, monde, rang=RangManquement.PERSISTANCE_OU_REPETITION)
    s.sanction_observations_demander(
        procedure=procedure, demandees_le=D(2026, 1, 6), acting_user=monde.ts_arras
    )
    s.sanction_observations_enregistrer(
        procedure=procedure, recues_le=D(2026, 1, 8), observations="Aucune.", acting_user=monde.ts_arras
    )
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        decider(procedure, monde, nature=NatureDecisionSanction.SUPPRESSION)
    assert refus.value.code == "rsa_sanction_avis_ep_requis"
    assert "équipe pluridisciplinaire" in refus.value.message
    assert etat_fige(rsa) == avant


def test_rsa_8_decision_avant_observations_refusee(monde: Monde, rsa: Parcours) -> None:
    procedure = constater(rsa, monde)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        decider(procedure, monde)
    assert refus.value.code == "transition_impossible"
    assert "« Manquement constaté »" in refus.value.message
    assert etat_fige(rsa) == avant


def test_rsa_7_personne_non_soumise_aux_droits_et_devoirs(monde: Monde, personne_arras: Personne) -> None:
    parcours = accompagne(monde, personne_arras, soumis=False)
    with pytest.raises(DomainError) as refus:
        constater(parcours, monde)
    assert refus.value.code == "rsa_non_soumis_droits_devoirs" and "droits et devoirs" in refus.value.message
    assert not ProcedureSanctionRsa.objects.exists()


# RSA-9 and RSA-10: the decision within the scale.


def test_rsa_10_foyer_de_plus_d_une_personne_plafonne_a_50_pourcent(monde: Monde, rsa: Parcours) -> None:
    procedure = jusqu_a_l_avis(rsa, monde)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        decider(procedure, monde, taux=Decimal("0.6"), personnes_foyer=2)
    assert refus.value.code == "rsa_sanction_taux_hors_bornes" and refus.value.extra["champ"] == "taux"
    assert "entre 30\u00a0% et 50\u00a0%" in refus.value.message
    assert etat_fige(rsa) == avant

    procedure = decider(procedure, monde, taux=Decimal("0.5"), personnes_foyer=2)
    assert (procedure.etat, procedure.debut, procedure.fin) == (S.DECIDEE, D(2026, 2, 1), D(2026, 3, 31))
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.SUSPENDU
    assert "Suspension de 50 %" in rsa.transitions.order_by("-id").first().motif  # type: ignore[union-attr]


def test_rsa_9_premier_manquement_duree_au_plus_2_mois(monde: Monde, rsa: Parcours) -> None:
    procedure = jusqu_a_l_avis(rsa, monde)
    with pytest.raises(DomainError) as refus:
        decider(procedure, monde, duree_mois=3)
    assert refus.value.code == "rsa_sanction_duree_hors_bornes" and refus.value.extra["champ"] == "duree_mois"
    assert "entre 1 et 2 mois" in refus.value.message


def test_decision_sans_motivation_ou_par_le_referent_refusee(monde: Monde, rsa: Parcours) -> None:
    procedure = jusqu_a_l_avis(rsa, monde)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        decider(procedure, monde, motivation="  ")
    assert refus.value.code == "motif_requis" and refus.value.extra["champ"] == "motivation"
    with pytest.raises(DomainError) as refus:
        s.sanction_decider(
            procedure=procedure,
            nature=NatureDecisionSanction.SUSPENSION,
            decidee_le=D(2026, 1, 26),
            motivation="Motif.",
            taux=Decimal("0.3"),
            duree_mois=1,
            personnes_foyer=1,
            acting_user=monde.ts_arras,
        )
    assert refus.value.code == "interdit" and "encadrants" in refus.value.message
    for user in (monde.ts_calais, monde.partenaire_ccas_arras):
        with pytest.raises(DomainError) as refus:
            s.sanction_observations_demander(
                procedure=procedure, demandees_le=D(2026, 1, 6), acting_user=user
            )
        assert refus.value.code in {"interdit", "transition_impossible"}
    assert etat_fige(rsa) == avant


def test_sans_suite_classe_la_procedure(monde: Monde, rsa: Parcours) -> None:
    procedure = decider(
        jusqu_a_l_avis(rsa, monde), monde, nature=NatureDecisionSanction.SANS_SUITE, taux=None
    )
    assert procedure.etat == S.CLASSEE and procedure.taux is None
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.EN_ACCOMPAGNEMENT
    constater(rsa, monde, constate_le=D(2026, 3, 2))  # a new procedure may start


# RSA-14: notification with the voies et délais de recours, recours within 2 months.


def test_rsa_14_notification_avec_voies_et_delais_puis_recours_dans_les_2_mois(
    monde: Monde, rsa: Parcours
) -> None:
    procedure = jusqu_a_la_notification(rsa, monde)
    assert procedure.recours_limite == D(2026, 3, 30)
    assert "président du conseil départemental" in procedure.mentions_recours
    assert "30/03/2026" in procedure.mentions_recours and "mandat écrit" in procedure.mentions_recours

    def recours(**autres: Any) -> ProcedureSanctionRsa:
        valeurs: dict[str, Any] = {
            "forme_le": D(2026, 3, 30),
            "destinataire": DestinataireRecours.PRESIDENT_CONSEIL_DEPARTEMENTAL,
            "depose_par": DeposantRecours.BENEFICIAIRE,
            "motifs": "Les absences étaient justifiées.",
        }
        return s.sanction_recours_enregistrer(
            procedure=procedure, acting_user=monde.ts_arras, **(valeurs | autres)
        )

    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        recours(forme_le=D(2026, 3, 31))
    assert refus.value.code == "rsa_recours_tardif" and "30/03/2026" in refus.value.message
    with pytest.raises(DomainError) as refus:
        recours(depose_par=DeposantRecours.ASSOCIATION)
    assert refus.value.code == "rsa_recours_mandat_requis"
    with pytest.raises(DomainError) as refus:
        recours(destinataire=DestinataireRecours.ORGANISME_PAYEUR)
    assert refus.value.code == "rsa_recours_mauvais_destinataire"
    assert etat_fige(rsa) == avant
    procedure = recours()
    assert procedure.recours_decision_limite == D(2026, 5, 30)


def test_rsa_14_decision_sur_le_recours_motivee_par_un_encadrant_et_echeance(
    monde: Monde, rsa: Parcours
) -> None:
    procedure = jusqu_a_la_notification(rsa, monde)
    with pytest.raises(DomainError) as refus:
        statuer(procedure, monde)
    assert refus.value.code == "rsa_recours_absent"

    procedure = former_recours(procedure, monde)
    # The PCD's deadline (2 months without the CRA) is followed as a deadline of the pathway (G-4).
    ligne = Echeance.objects.get(parcours=rsa, type=TypeEcheance.RSA_RECOURS_DECISION)
    assert (ligne.date_depart, ligne.date_limite, ligne.statut) == (
        D(2026, 2, 10),
        D(2026, 4, 10),
        StatutEcheance.DEPASSEE,
    )
    avant = etat_fige(rsa)
    for autres, code, champ in [
        ({"motivation": "  "}, "motif_requis", "motivation"),
        ({"statue_le": D(2026, 2, 9)}, "rsa_recours_decision_anterieure", "statue_le"),
        ({"statue_le": D(2099, 1, 1)}, "date_future", "statue_le"),
    ]:
        with pytest.raises(DomainError) as refus:
            statuer(procedure, monde, issue=IssueRecours.REJETE, **autres)
        assert (refus.value.code, refus.value.extra["champ"]) == (code, champ)
    for user in (monde.ts_arras, monde.ts_calais):
        with pytest.raises(DomainError) as refus:
            s.sanction_recours_statuer(
                procedure=procedure,
                statue_le=D(2026, 3, 2),
                issue=IssueRecours.REJETE,
                motivation="Manquement établi.",
                acting_user=user,
            )
        assert refus.value.code == "interdit" and "encadrants" in refus.value.message
    assert etat_fige(rsa) == avant

    procedure = statuer(
        procedure, monde, issue=IssueRecours.REJETE, motivation="Aucun justificatif des absences."
    )
    assert (procedure.etat, procedure.recours_statue_le, procedure.recours_issue) == (
        S.NOTIFIEE,
        D(2026, 3, 2),
        IssueRecours.REJETE,
    )
    # G-3: the rejection carries its own voies et délais de recours (the tribunal administratif, 2 months).
    assert "tribunal administratif" in procedure.recours_decision_mentions
    assert "deux mois" in procedure.recours_decision_mentions
    ligne.refresh_from_db()
    assert (ligne.statut, ligne.tenue_le) == (StatutEcheance.TENUE, D(2026, 3, 2))
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.SUSPENDU
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        statuer(procedure, monde)
    assert refus.value.code == "rsa_recours_deja_statue" and "02/03/2026" in refus.value.message
    assert etat_fige(rsa) == avant


def test_rsa_14_silence_du_president_vaut_rejet_implicite(monde: Monde, rsa: Parcours) -> None:
    procedure = jusqu_a_la_notification(rsa, monde)
    # A recours formed in time may reach the file later (by post): it can be recorded after the 2 months,
    # the action checks the day it was formed. One recours per decision.
    fiche = fiche_sanctions(parcours=rsa, user=monde.ts_arras, jour=D(2026, 4, 11))
    assert fiche is not None and fiche.procedures[0].recours_possible
    former_recours(procedure, monde)
    fiche = fiche_sanctions(parcours=rsa, user=monde.ts_arras, jour=D(2026, 2, 11))
    assert fiche is not None and not fiche.procedures[0].recours_possible
    le_dernier_jour = fiche_sanctions(parcours=rsa, user=monde.encadrant_arras, jour=D(2026, 4, 10))
    le_lendemain = fiche_sanctions(parcours=rsa, user=monde.encadrant_arras, jour=D(2026, 4, 11))
    assert le_dernier_jour is not None and le_lendemain is not None
    (avant_le_delai,), (apres,) = le_dernier_jour.procedures, le_lendemain.procedures
    assert (avant_le_delai.recours_a_statuer, avant_le_delai.recours_rejet_implicite) == (True, False)
    assert (apres.recours_a_statuer, apres.recours_rejet_implicite) == (True, True)


# RSA-13: a sanction decided on a wrong ground, annulled on recours, is regularised in full.


def test_rsa_13_recours_admis_annule_la_sanction_et_regularise_depuis_son_debut(
    monde: Monde, rsa: Parcours
) -> None:
    procedure = statuer(jusqu_au_recours(rsa, monde), monde)
    assert procedure.etat == S.ANNULEE and procedure.recours_issue == IssueRecours.ADMIS
    # February and March 2026 in full: 2 × 646,52 € × 50 %.
    assert (procedure.regularisation, procedure.restitution) == (Decimal("646.52"), None)
    assert list(
        procedure.passages.order_by("-id").values_list("depuis", "vers", "le", "acting_user")[:1]
    ) == [(S.NOTIFIEE, S.ANNULEE, D(2026, 3, 2), monde.encadrant_arras.pk)]
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.EN_ACCOMPAGNEMENT
    assert "646,52" in rsa.transitions.order_by("-id").first().motif  # type: ignore[union-attr]
    fiche = fiche_sanctions(parcours=rsa, user=monde.encadrant_arras, jour=D(2026, 3, 3))
    assert fiche is not None and fiche.en_cours is None and fiche.procedures[0].etapes_possibles == []
    constater(rsa, monde, constate_le=D(2026, 3, 9))  # the file goes on; a new procedure may start


def test_rsa_13_recours_admis_apres_la_levee_ne_leve_pas_la_sanction_suivante(
    monde: Monde, rsa: Parcours
) -> None:
    """A lifted sanction whose recours still waits, then a second procedure suspends the pathway and is
    contested too: admitting the first recours regularises the first sanction in full and leaves the second
    in force; the deadline then follows the second recours (G-4)."""
    premiere = s.sanction_mise_en_conformite_enregistrer(
        procedure=jusqu_au_recours(rsa, monde), le=D(2026, 3, 16), acting_user=monde.ts_arras
    )
    assert premiere.restitution == Decimal("166.84")
    seconde = constater(rsa, monde, constate_le=D(2026, 3, 20))
    s.sanction_observations_demander(
        procedure=seconde, demandees_le=D(2026, 3, 23), acting_user=monde.ts_arras
    )
    s.sanction_observations_enregistrer(
        procedure=seconde, recues_le=D(2026, 3, 25), observations="Aucune.", acting_user=monde.ts_arras
    )
    s.sanction_avis_ep_enregistrer(
        procedure=seconde, le=D(2026, 3, 26), avis="Suspension.", acting_user=monde.ts_arras
    )
    decider(seconde, monde, decidee_le=D(2026, 3, 27), debut=D(2026, 4, 1))
    s.sanction_notifier(procedure=seconde, notifiee_le=D(2026, 3, 30), acting_user=monde.ts_arras)
    former_recours(seconde, monde, forme_le=D(2026, 4, 2))
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.SUSPENDU
    ligne = Echeance.objects.get(parcours=rsa, type=TypeEcheance.RSA_RECOURS_DECISION)
    assert ligne.date_limite == D(2026, 4, 10)  # the first recours, due first

    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        statuer(premiere, monde, statue_le=D(2026, 3, 10))
    assert (refus.value.code, refus.value.extra["champ"]) == ("rsa_sanction_etape_anterieure", "statue_le")
    assert etat_fige(rsa) == avant
    premiere = statuer(premiere, monde, statue_le=D(2026, 4, 3))
    assert (premiere.etat, premiere.regularisation, premiere.restitution) == (
        S.ANNULEE,
        Decimal("646.52"),
        Decimal("166.84"),
    )
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.SUSPENDU  # the second sanction stands
    ligne.refresh_from_db()
    assert (ligne.date_depart, ligne.date_limite, ligne.tenue_le) == (D(2026, 4, 2), D(2026, 6, 2), None)
    assert ligne.statut == StatutEcheance.DEPASSEE


# COM-5: the équipe pluridisciplinaire only gives an opinion; the PCD or its delegate decides before any
# notification.


def test_com_5_avis_de_l_ep_notifie_seulement_apres_la_decision_du_delegue_du_pcd(
    monde: Monde, rsa: Parcours
) -> None:
    procedure = jusqu_a_l_avis(rsa, monde)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        s.sanction_notifier(procedure=procedure, notifiee_le=D(2026, 1, 30), acting_user=monde.ts_arras)
    assert refus.value.code == "transition_impossible"
    # The référent who recorded the opinion does not decide: an encadrant, delegate of the PCD, does.
    with pytest.raises(DomainError) as refus:
        s.sanction_decider(
            procedure=procedure,
            nature=NatureDecisionSanction.SANS_SUITE,
            decidee_le=D(2026, 1, 26),
            motivation="Motif légitime.",
            acting_user=monde.ts_arras,
        )
    assert refus.value.code == "interdit"
    assert etat_fige(rsa) == avant
    procedure = decider(procedure, monde)
    assert procedure.etat == S.DECIDEE
    procedure = s.sanction_notifier(
        procedure=procedure, notifiee_le=D(2026, 1, 30), acting_user=monde.ts_arras
    )
    assert procedure.etat == S.NOTIFIEE
    assert list(procedure.passages.values_list("vers", "acting_user"))[-3:] == [
        (S.AVIS_EP, monde.ts_arras.pk),
        (S.DECIDEE, monde.encadrant_arras.pk),
        (S.NOTIFIEE, monde.ts_arras.pk),
    ]


# RSA-11: automatic lifting on compliance, restitution computed.


def test_rsa_11_levee_automatique_a_la_mise_en_conformite_et_restitution(monde: Monde, rsa: Parcours) -> None:
    procedure = jusqu_a_la_notification(rsa, monde)
    procedure = s.sanction_mise_en_conformite_enregistrer(
        procedure=procedure, le=D(2026, 3, 16), acting_user=monde.ts_arras
    )
    assert (procedure.etat, procedure.levee_le) == (S.LEVEE, D(2026, 3, 16))
    # March 2026: 646,52 € × 50 % × 16/31 days.
    assert procedure.restitution == Decimal("166.84")
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.EN_ACCOMPAGNEMENT
    assert "166,84" in rsa.transitions.order_by("-id").first().motif  # type: ignore[union-attr]


def test_rsa_11_mise_en_conformite_apres_la_fin_refusee(monde: Monde, rsa: Parcours) -> None:
    procedure = jusqu_a_la_notification(rsa, monde)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        s.sanction_mise_en_conformite_enregistrer(
            procedure=procedure, le=D(2026, 4, 2), acting_user=monde.ts_arras
        )
    assert refus.value.code == "rsa_sanction_terminee" and "31/03/2026" in refus.value.message
    assert etat_fige(rsa) == avant


# RSA-12: after a total suppression of 4 months.


def suppression_totale_notifiee(parcours: Parcours, monde: Monde) -> ProcedureSanctionRsa:
    """RSA-12: a total suppression of 4 months from 1 February 2026, run out on 31 May."""
    return jusqu_a_la_notification(
        parcours,
        monde,
        rang=RangManquement.PERSISTANCE_OU_REPETITION,
        nature=NatureDecisionSanction.SUPPRESSION,
        taux=Decimal("1"),
        duree_mois=4,
        debut=D(2026, 2, 1),
    )


def test_rsa_12_radiation_seulement_apres_suppression_totale_de_4_mois(monde: Monde, rsa: Parcours) -> None:
    procedure = suppression_totale_notifiee(rsa, monde)
    assert procedure.suite == SuiteSuppression.PROPOSITION_RADIATION_FRANCE_TRAVAIL
    fiche = fiche_sanctions(parcours=rsa, user=monde.ts_arras, jour=D(2026, 3, 1))
    assert (
        fiche is not None
        and fiche.procedures[0].suite == SuiteSuppression.PROPOSITION_RADIATION_FRANCE_TRAVAIL
    )

    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        s.sanction_radier(
            procedure=procedure,
            le=D(2026, 5, 31),
            motivation="Pas de reprise.",
            acting_user=monde.encadrant_arras,
        )
    assert refus.value.code == "rsa_radiation_prematuree" and "31/05/2026" in refus.value.message
    with pytest.raises(DomainError) as refus:
        s.sanction_radier(
            procedure=procedure, le=D(2026, 6, 2), motivation="", acting_user=monde.encadrant_arras
        )
    assert refus.value.code == "motif_requis"
    with pytest.raises(DomainError) as refus:
        s.sanction_radier(
            procedure=procedure, le=D(2026, 6, 2), motivation="Fin.", acting_user=monde.ts_arras
        )
    assert refus.value.code == "interdit"
    assert etat_fige(rsa) == avant

    procedure = s.sanction_radier(
        procedure=procedure,
        le=D(2026, 6, 2),
        motivation="Aucune mise en conformité.",
        acting_user=monde.encadrant_arras,
    )
    assert procedure.etat == S.RADIEE
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.SORTIE and rsa.date_cloture is not None


def test_rsa_12_suspension_partielle_pas_de_radiation(monde: Monde, rsa: Parcours) -> None:
    procedure = jusqu_a_la_notification(rsa, monde)
    assert procedure.suite == SuiteSuppression.AUCUNE
    with pytest.raises(DomainError) as refus:
        s.sanction_radier(
            procedure=procedure, le=D(2026, 6, 2), motivation="Fin.", acting_user=monde.encadrant_arras
        )
    assert refus.value.code == "rsa_radiation_prematuree"


# Reorientation: request, then decision through the orientation action.


def test_reorientation_demandee_par_la_personne_acceptee_par_l_encadrant(monde: Monde, rsa: Parcours) -> None:
    demande = s.reorientation_demander(
        parcours=rsa,
        demandeur=DemandeurReorientation.PERSONNE,
        demandee_le=D(2026, 11, 2),
        motifs="Souhaite un accompagnement vers l'emploi.",
        acting_user=monde.ts_arras,
    )
    with pytest.raises(DomainError) as refus:
        s.reorientation_demander(
            parcours=rsa,
            demandeur="referent",
            demandee_le=D(2026, 11, 3),
            motifs="x",
            acting_user=monde.ts_arras,
        )
    assert refus.value.code == "rsa_reorientation_en_attente"

    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        s.reorientation_decider(
            demande=demande,
            acceptee=False,
            decidee_le=D(2026, 11, 4),
            motivation="Non.",
            acting_user=monde.ts_arras,
        )
    assert refus.value.code == "interdit"
    with pytest.raises(DomainError) as refus:
        s.reorientation_decider(
            demande=demande,
            acceptee=False,
            decidee_le=D(2026, 11, 4),
            motivation=" ",
            acting_user=monde.encadrant_arras,
        )
    assert refus.value.code == "motif_requis"
    assert etat_fige(rsa) == avant

    demande = s.reorientation_decider(
        demande=demande,
        acceptee=True,
        decidee_le=rsa.transitions.order_by("-date_effet").first().date_effet,  # type: ignore[union-attr]
        notifiee_le=rsa.transitions.order_by("-date_effet").first().date_effet,  # type: ignore[union-attr]
        motivation="Avis de l'équipe pluridisciplinaire favorable.",
        criteres=criteres(),
        parcours_type=ParcoursRsa.EMPLOI,
        acting_user=monde.encadrant_arras,
    )
    assert demande.statut == StatutReorientation.ACCEPTEE
    assert demande.orientation is not None and demande.orientation.parcours_type == ParcoursRsa.EMPLOI
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.ORIENTE


def test_reorientation_refusee_motivee(monde: Monde, rsa: Parcours) -> None:
    demande = s.reorientation_demander(
        parcours=rsa,
        demandeur="referent",
        demandee_le=D(2026, 11, 2),
        motifs="Freins de santé.",
        acting_user=monde.ts_arras,
    )
    demande = s.reorientation_decider(
        demande=demande,
        acceptee=False,
        decidee_le=D(2026, 11, 4),
        motivation="Parcours adapté.",
        acting_user=monde.encadrant_arras,
    )
    assert demande.statut == StatutReorientation.REFUSEE and demande.orientation is None
    assert OrientationRsa.objects.filter(parcours=rsa).count() == 1


def test_chronologie_des_etapes_pour_l_equipe_pas_pour_le_partenaire(monde: Monde, rsa: Parcours) -> None:
    from parcours.selectors import fiche_parcours

    constater(rsa, monde)
    actions.partenaire_designer(parcours=rsa, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    titres = [e.titre for e in fiche_parcours(parcours=rsa, user=monde.ts_arras).chronologie]
    assert "Procédure de sanction : Manquement constaté" in titres
    titres = [e.titre for e in fiche_parcours(parcours=rsa, user=monde.partenaire_ccas_arras).chronologie]
    assert not any("sanction" in titre for titre in titres)


def test_rsa_11_pas_de_levee_de_suspension_par_simple_transition(monde: Monde, rsa: Parcours) -> None:
    """While a sanction is in force, the suspension ends with the compliance recorded (RSA-11), which
    dates the lifting and computes the sums to pay back, never by a bare transition."""
    decider(jusqu_a_l_avis(rsa, monde), monde, taux=Decimal("0.5"), personnes_foyer=2)
    rsa.refresh_from_db()
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        actions.parcours_transitionner(
            parcours=rsa, vers=EtatRsa.EN_ACCOMPAGNEMENT, acting_user=monde.encadrant_arras, motif="Reprise"
        )
    assert refus.value.code == "action_dediee_requise"
    assert "mise en conformité" in refus.value.message
    assert etat_fige(rsa) == avant
