"""RSA rules (parcours.regles.rsa): one test or more per rule RSA-1..RSA-14 of DOMAIN.md §10, with
the boundary days and the dated parameters (rule G-1)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from parcours.regles.enums import (
    DeposantRecours,
    DestinataireRecours,
    EtapeSanction,
    FreinOrientation,
    IssueRecours,
    MotifHeuresReduites,
    MotifManquement,
    NatureDecisionSanction,
    NiveauQualification,
    OperationDroitsDevoirs,
    ParcoursRsa,
    RangManquement,
    SituationEmploi,
    StatutOrientation,
    StatutTransitionContrat,
    SuiteSuppression,
    Vulnerabilite,
)
from parcours.regles.rsa import (
    TRANSITIONS_SANCTION,
    CriteresOrientation,
    DecisionOrientation,
    DecisionRecoursRsa,
    JustificationHeures,
    PassageEtape,
    RecoursRsa,
    SanctionRsa,
    rsa_contrat_echeance,
    rsa_contrat_en_retard,
    rsa_contrat_verifier,
    rsa_diagnostic_conjoint_echeance,
    rsa_droits_devoirs_verifier,
    rsa_orientation_echeance,
    rsa_orientation_statut,
    rsa_orientation_verifier,
    rsa_recours_decision_verifier,
    rsa_recours_echeances,
    rsa_recours_verifier,
    rsa_sanction_etape_verifier,
    rsa_sanction_levee_le,
    rsa_sanction_regularisation,
    rsa_sanction_restitution,
    rsa_sanction_suites,
    rsa_sanction_verifier,
    rsa_transition_date_limite,
    rsa_transition_statut,
)
from social.enums import UniteParametre
from social.exceptions import DomainError, ParametreIntrouvable
from social.models import Parametre
from social.parametres import parametre_en_vigueur

pytestmark = pytest.mark.django_db

D = datetime.date


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


def test_les_parametres_rsa_ajoutes_ont_une_source() -> None:
    codes = Parametre.objects.filter(code__startswith="rsa.sanction.")
    assert codes.count() == 12
    assert not codes.filter(source="").exists()
    assert "[à vérifier" in parametre_en_vigueur("rsa.sanction.delai_observations", D(2025, 6, 1)).source
    assert (
        parametre_en_vigueur("rsa.sanction.delai_observations", D(2025, 6, 1)).unite == UniteParametre.JOURS
    )


# --- RSA-1 -------------------------------------------------------------------------------------


def test_rsa_1_echeance_a_six_semaines_de_la_reception_depuis_2025() -> None:
    assert rsa_orientation_echeance(information_recue_le=D(2025, 2, 3)) == D(2025, 3, 17)


def test_rsa_1_g1_deux_mois_pour_une_information_recue_jusqu_au_31_decembre_2024() -> None:
    # The regime in force on the day of receipt applies: a later receipt can fall due earlier.
    assert rsa_orientation_echeance(information_recue_le=D(2024, 12, 31)) == D(2025, 2, 28)
    assert rsa_orientation_echeance(information_recue_le=D(2025, 1, 1)) == D(2025, 2, 12)


def test_rsa_1_orientation_par_france_travail_le_lendemain_de_l_echeance() -> None:
    recue = D(2025, 2, 3)  # due 17/03/2025
    assert rsa_orientation_statut(information_recue_le=recue, orientee_le=None, jour=D(2025, 3, 17)) == (
        StatutOrientation.A_ORIENTER
    )
    assert rsa_orientation_statut(information_recue_le=recue, orientee_le=None, jour=D(2025, 3, 18)) == (
        StatutOrientation.ORIENTATION_FRANCE_TRAVAIL
    )


def test_rsa_1_orientation_le_dernier_jour_est_dans_le_delai() -> None:
    recue = D(2025, 2, 3)
    statut = rsa_orientation_statut(
        information_recue_le=recue, orientee_le=D(2025, 3, 17), jour=D(2025, 6, 1)
    )
    assert statut == StatutOrientation.ORIENTE
    tardive = rsa_orientation_statut(
        information_recue_le=recue, orientee_le=D(2025, 3, 18), jour=D(2025, 6, 1)
    )
    assert tardive == StatutOrientation.ORIENTATION_FRANCE_TRAVAIL


def test_rsa_1_une_orientation_posterieure_au_jour_ne_compte_pas_encore() -> None:
    statut = rsa_orientation_statut(
        information_recue_le=D(2025, 2, 3), orientee_le=D(2025, 3, 1), jour=D(2025, 2, 20)
    )
    assert statut == StatutOrientation.A_ORIENTER


# --- RSA-2 -------------------------------------------------------------------------------------


def criteres(**changes: object) -> CriteresOrientation:
    valeurs: dict[str, object] = {
        "situation_emploi": SituationEmploi.SANS_ACTIVITE,
        "duree_sans_activite_mois": 18,
        "niveau_qualification": NiveauQualification.NIVEAU_3,
        "aspirations": "Reprendre un emploi dans la logistique",
        "freins": {FreinOrientation.MOBILITE, FreinOrientation.GARDE_ENFANT},
    }
    valeurs.update(changes)
    return CriteresOrientation(**valeurs)  # type: ignore[arg-type]


def test_rsa_2_criteres_structures_et_valeurs_stockees_acceptees() -> None:
    orientation = DecisionOrientation(
        parcours="socio_professionnel",  # type: ignore[arg-type]  # as read from a model field
        criteres=criteres(freins=["sante", "autre"], frein_autre_precision="Surendettement"),
        organisme_referent_id=12,
        decidee_le=D(2025, 3, 1),
    )
    assert orientation.parcours is ParcoursRsa.SOCIO_PROFESSIONNEL
    assert orientation.criteres.freins == frozenset({FreinOrientation.SANTE, FreinOrientation.AUTRE})
    rsa_orientation_verifier(soumis_droits_devoirs=True, orientation=orientation)


def test_rsa_2_un_seul_des_trois_parcours() -> None:
    assert set(ParcoursRsa.values) == {"emploi", "socio_professionnel", "social"}
    with pytest.raises(DomainError) as erreur:
        DecisionOrientation(
            parcours="insertion",  # type: ignore[arg-type]
            criteres=criteres(),
            organisme_referent_id=1,
            decidee_le=D(2025, 3, 1),
        )
    assert erreur.value.code == "valeur_inconnue"
    assert "parcours" in erreur.value.message


def test_rsa_2_frein_autre_a_preciser_et_duree_sans_activite_requise() -> None:
    with pytest.raises(DomainError) as erreur:
        criteres(freins={FreinOrientation.AUTRE})
    assert erreur.value.code == "rsa_frein_autre_a_preciser"
    with pytest.raises(DomainError) as erreur:
        criteres(duree_sans_activite_mois=None)
    assert erreur.value.code == "rsa_duree_sans_activite_requise"
    with pytest.raises(DomainError):
        criteres(duree_sans_activite_mois=-1)
    # In employment, no length of inactivity is asked.
    assert criteres(situation_emploi=SituationEmploi.EN_EMPLOI, duree_sans_activite_mois=None)


# --- RSA-3 -------------------------------------------------------------------------------------


def test_rsa_3_contrat_dans_le_mois_de_la_notification() -> None:
    assert rsa_contrat_echeance(notifications_orientation=[D(2025, 1, 31)]) == D(2025, 2, 28)


def test_rsa_3_une_nouvelle_orientation_relance_le_delai() -> None:
    notifications = [D(2025, 2, 10), D(2025, 3, 5)]
    assert rsa_contrat_echeance(notifications_orientation=notifications) == D(2025, 4, 5)
    assert rsa_contrat_echeance(notifications_orientation=list(reversed(notifications))) == D(2025, 4, 5)


def test_rsa_3_pas_de_delai_sans_orientation_notifiee() -> None:
    with pytest.raises(DomainError) as erreur:
        rsa_contrat_echeance(notifications_orientation=[])
    assert erreur.value.code == "rsa_orientation_non_notifiee"


def test_rsa_3_retard_le_lendemain_de_l_echeance_et_contrat_anterieur_a_la_reorientation() -> None:
    notifications = [D(2025, 2, 10)]
    assert not rsa_contrat_en_retard(
        notifications_orientation=notifications, contrat_signe_le=None, jour=D(2025, 3, 10)
    )
    assert rsa_contrat_en_retard(
        notifications_orientation=notifications, contrat_signe_le=None, jour=D(2025, 3, 11)
    )
    assert not rsa_contrat_en_retard(
        notifications_orientation=notifications, contrat_signe_le=D(2025, 3, 1), jour=D(2025, 6, 1)
    )
    # A contract signed before a new orientation does not answer it.
    reorientee = [D(2025, 2, 10), D(2025, 5, 2)]
    assert rsa_contrat_en_retard(
        notifications_orientation=reorientee, contrat_signe_le=D(2025, 3, 1), jour=D(2025, 6, 3)
    )
    # A notification still to come is ignored.
    assert not rsa_contrat_en_retard(
        notifications_orientation=reorientee, contrat_signe_le=D(2025, 3, 1), jour=D(2025, 4, 1)
    )


# --- RSA-4 -------------------------------------------------------------------------------------


def test_rsa_4_quinze_heures_sans_justification() -> None:
    rsa_contrat_verifier(
        soumis_droits_devoirs=True,
        signe_le=D(2025, 3, 1),
        heures_hebdomadaires=Decimal(15),
        justification=None,
    )


def test_rsa_4_moins_de_quinze_heures_sans_justification_refuse() -> None:
    with pytest.raises(DomainError) as erreur:
        rsa_contrat_verifier(
            soumis_droits_devoirs=True,
            signe_le=D(2025, 3, 1),
            heures_hebdomadaires=Decimal("14.5"),
            justification=None,
        )
    assert erreur.value.code == "rsa_heures_reduites_sans_justification"
    assert "moins de 15 heures" in erreur.value.message


def test_rsa_4_zero_heure_avec_justification_de_la_liste() -> None:
    for motif in MotifHeuresReduites:
        precision = "Hospitalisation du conjoint" if motif == MotifHeuresReduites.AUTRE else ""
        rsa_contrat_verifier(
            soumis_droits_devoirs=True,
            signe_le=D(2025, 3, 1),
            heures_hebdomadaires=Decimal(0),
            justification=JustificationHeures(motif=motif, precision=precision),
        )


def test_rsa_4_motif_autre_a_preciser_et_heures_negatives() -> None:
    with pytest.raises(DomainError) as erreur:
        JustificationHeures(motif=MotifHeuresReduites.AUTRE, precision="  ")
    assert erreur.value.code == "rsa_heures_motif_a_preciser"
    with pytest.raises(DomainError) as erreur:
        rsa_contrat_verifier(
            soumis_droits_devoirs=True,
            signe_le=D(2025, 3, 1),
            heures_hebdomadaires=Decimal(-1),
            justification=JustificationHeures(motif=MotifHeuresReduites.SANTE),
        )
    assert erreur.value.code == "rsa_heures_negatives"


def test_rsa_4_g1_le_minimum_d_heures_est_celui_du_jour_de_signature() -> None:
    nouvelle_valeur("rsa.contrat.heures_hebdomadaires", D(2027, 1, 1), "12")
    douze = {"soumis_droits_devoirs": True, "heures_hebdomadaires": Decimal(12), "justification": None}
    rsa_contrat_verifier(signe_le=D(2027, 1, 1), **douze)  # type: ignore[arg-type]
    with pytest.raises(DomainError):
        rsa_contrat_verifier(signe_le=D(2026, 12, 31), **douze)  # type: ignore[arg-type]
    with pytest.raises(ParametreIntrouvable):  # no contrat d'engagement before the 2025 reform
        rsa_contrat_verifier(signe_le=D(2024, 12, 31), **douze)  # type: ignore[arg-type]


# --- RSA-5 -------------------------------------------------------------------------------------


def test_rsa_5_date_limite_au_1er_janvier_2027() -> None:
    assert rsa_transition_date_limite(jour=D(2025, 6, 1)) == D(2027, 1, 1)


def test_rsa_5_non_converti_au_lendemain_de_la_date_limite() -> None:
    accompagne = D(2024, 5, 1)
    statut = rsa_transition_statut(
        accompagne_depuis=accompagne, contrat_engagement_signe_le=None, jour=D(2027, 1, 1)
    )
    assert statut == StatutTransitionContrat.A_CONVERTIR
    statut = rsa_transition_statut(
        accompagne_depuis=accompagne, contrat_engagement_signe_le=None, jour=D(2027, 1, 2)
    )
    assert statut == StatutTransitionContrat.NON_CONVERTI
    signe = rsa_transition_statut(
        accompagne_depuis=accompagne, contrat_engagement_signe_le=D(2026, 3, 1), jour=D(2027, 1, 2)
    )
    assert signe == StatutTransitionContrat.CONVERTI


def test_rsa_5_seules_les_personnes_accompagnees_au_1er_janvier_2025() -> None:
    concerne = rsa_transition_statut(
        accompagne_depuis=D(2025, 1, 1), contrat_engagement_signe_le=None, jour=D(2027, 2, 1)
    )
    assert concerne == StatutTransitionContrat.NON_CONVERTI
    apres = rsa_transition_statut(
        accompagne_depuis=D(2025, 1, 2), contrat_engagement_signe_le=None, jour=D(2027, 2, 1)
    )
    assert apres == StatutTransitionContrat.NON_CONCERNE


def test_rsa_5_g1_une_prolongation_du_delai_s_applique_aux_memes_personnes() -> None:
    nouvelle_valeur("rsa.delai.transition_contrat_engagement", D(2026, 6, 1), "3")
    assert rsa_transition_date_limite(jour=D(2026, 5, 31)) == D(2027, 1, 1)
    assert rsa_transition_date_limite(jour=D(2026, 6, 1)) == D(2028, 1, 1)
    statut = rsa_transition_statut(
        accompagne_depuis=D(2024, 5, 1), contrat_engagement_signe_le=None, jour=D(2027, 6, 1)
    )
    assert statut == StatutTransitionContrat.A_CONVERTIR


# --- RSA-6 -------------------------------------------------------------------------------------


def test_rsa_6_diagnostic_conjoint_a_six_mois_douze_si_vulnerable() -> None:
    entree = D(2025, 8, 31)
    assert rsa_diagnostic_conjoint_echeance(
        parcours=ParcoursRsa.SOCIAL, entree_parcours_social_le=entree, vulnerabilites=[]
    ) == D(2026, 2, 28)
    assert rsa_diagnostic_conjoint_echeance(
        parcours=ParcoursRsa.SOCIAL,
        entree_parcours_social_le=entree,
        vulnerabilites={Vulnerabilite.HANDICAP_INVALIDITE},
    ) == D(2026, 8, 31)


def test_rsa_6_seulement_dans_le_parcours_social() -> None:
    with pytest.raises(DomainError) as erreur:
        rsa_diagnostic_conjoint_echeance(
            parcours=ParcoursRsa.EMPLOI, entree_parcours_social_le=D(2025, 3, 1), vulnerabilites=[]
        )
    assert erreur.value.code == "rsa_diagnostic_hors_parcours_social"


# --- RSA-7 -------------------------------------------------------------------------------------


def test_rsa_7_ni_orientation_ni_contrat_ni_sanction_hors_droits_devoirs() -> None:
    for operation in OperationDroitsDevoirs:
        with pytest.raises(DomainError) as erreur:
            rsa_droits_devoirs_verifier(soumis_droits_devoirs=False, operation=operation)
        assert erreur.value.code == "rsa_non_soumis_droits_devoirs"
        assert "droits et devoirs" in erreur.value.message
    orientation = DecisionOrientation(
        parcours=ParcoursRsa.SOCIAL, criteres=criteres(), organisme_referent_id=1, decidee_le=D(2025, 3, 1)
    )
    with pytest.raises(DomainError):
        rsa_orientation_verifier(soumis_droits_devoirs=False, orientation=orientation)
    with pytest.raises(DomainError):
        rsa_contrat_verifier(
            soumis_droits_devoirs=False,
            signe_le=D(2025, 3, 1),
            heures_hebdomadaires=Decimal(15),
            justification=None,
        )
    with pytest.raises(DomainError):
        rsa_sanction_verifier(
            sanction=suspension(), soumis_droits_devoirs=False, personnes_foyer=1, majoration_isolement=False
        )
    with pytest.raises(DomainError):
        rsa_sanction_etape_verifier(historique=[], suivante=manquement(), soumis_droits_devoirs=False)


# --- RSA-8 -------------------------------------------------------------------------------------


CONSTAT = D(2025, 6, 2)


def manquement(le: datetime.date = CONSTAT) -> PassageEtape:
    return PassageEtape(
        etape=EtapeSanction.MANQUEMENT_CONSTATE, le=le, motif=MotifManquement.MANQUEMENT_OBLIGATIONS
    )


def passage(
    etape: EtapeSanction, le: datetime.date, nature: NatureDecisionSanction | None = None
) -> PassageEtape:
    return PassageEtape(etape=etape, le=le, nature_decision=nature)


def derouler(*passages: PassageEtape, soumis_droits_devoirs: bool = True) -> list[PassageEtape]:
    """Validate each step after the previous ones, as the actions will."""
    historique: list[PassageEtape] = []
    for suivant in passages:
        rsa_sanction_etape_verifier(
            historique=historique, suivante=suivant, soumis_droits_devoirs=soumis_droits_devoirs
        )
        historique.append(suivant)
    return historique


JUSQU_AUX_OBSERVATIONS = (
    manquement(),
    passage(EtapeSanction.OBSERVATIONS_DEMANDEES, D(2025, 6, 2)),
    passage(EtapeSanction.OBSERVATIONS_RECUES, D(2025, 6, 9)),
)


def test_rsa_8_la_table_des_transitions_est_une_donnee_complete() -> None:
    assert set(TRANSITIONS_SANCTION) == {None, *EtapeSanction}
    assert TRANSITIONS_SANCTION[None] == {EtapeSanction.MANQUEMENT_CONSTATE}
    assert TRANSITIONS_SANCTION[EtapeSanction.LEVEE] == frozenset()
    for depuis in (None, EtapeSanction.MANQUEMENT_CONSTATE, EtapeSanction.OBSERVATIONS_DEMANDEES):
        assert EtapeSanction.DECISION not in TRANSITIONS_SANCTION[depuis]
        assert EtapeSanction.AVIS_EP not in TRANSITIONS_SANCTION[depuis]


def test_rsa_8_procedure_complete_jusqu_a_la_levee() -> None:
    derouler(
        *JUSQU_AUX_OBSERVATIONS,
        passage(EtapeSanction.AVIS_EP, D(2025, 6, 20)),
        passage(EtapeSanction.DECISION, D(2025, 6, 25), NatureDecisionSanction.SUPPRESSION),
        passage(EtapeSanction.LEVEE, D(2025, 8, 4)),
    )


def test_rsa_8_pas_de_decision_avant_la_fin_de_l_etape_des_observations() -> None:
    historique = derouler(manquement(), passage(EtapeSanction.OBSERVATIONS_DEMANDEES, D(2025, 6, 2)))
    for etape in (EtapeSanction.DECISION, EtapeSanction.AVIS_EP):
        with pytest.raises(DomainError) as erreur:
            rsa_sanction_etape_verifier(
                historique=historique,
                suivante=passage(etape, D(2025, 6, 5), NatureDecisionSanction.SUSPENSION),
                soumis_droits_devoirs=True,
            )
        assert erreur.value.code == "rsa_sanction_etape_interdite"
    with pytest.raises(DomainError) as erreur:
        derouler(
            manquement(), passage(EtapeSanction.DECISION, D(2025, 6, 5), NatureDecisionSanction.SANS_SUITE)
        )
    assert "ne peut pas suivre l'étape « Manquement constaté »" in erreur.value.message


def test_rsa_8_delai_d_observations_expire_seulement_apres_son_dernier_jour() -> None:
    debut = (manquement(), passage(EtapeSanction.OBSERVATIONS_DEMANDEES, D(2025, 6, 2)))  # 10 days: 12/06
    with pytest.raises(DomainError) as erreur:
        derouler(*debut, passage(EtapeSanction.DELAI_OBSERVATIONS_EXPIRE, D(2025, 6, 12)))
    assert erreur.value.code == "rsa_sanction_delai_observations_en_cours"
    assert "12/06/2025" in erreur.value.message
    derouler(
        *debut,
        passage(EtapeSanction.DELAI_OBSERVATIONS_EXPIRE, D(2025, 6, 13)),
        passage(EtapeSanction.AVIS_EP, D(2025, 6, 20)),
        passage(EtapeSanction.DECISION, D(2025, 6, 25), NatureDecisionSanction.SUSPENSION),
    )


def test_rsa_8_suppression_et_reorientation_exigent_l_avis_de_l_ep() -> None:
    for nature in (NatureDecisionSanction.SUPPRESSION, NatureDecisionSanction.REORIENTATION):
        with pytest.raises(DomainError) as erreur:
            derouler(*JUSQU_AUX_OBSERVATIONS, passage(EtapeSanction.DECISION, D(2025, 6, 25), nature))
        assert erreur.value.code == "rsa_sanction_avis_ep_requis"
        assert "équipe pluridisciplinaire" in erreur.value.message


def test_rsa_8_avis_ep_avant_suspension_selon_le_reglement() -> None:
    decision = passage(EtapeSanction.DECISION, D(2025, 6, 25), NatureDecisionSanction.SUSPENSION)
    with pytest.raises(DomainError):
        derouler(*JUSQU_AUX_OBSERVATIONS, decision)
    nouvelle_valeur("rsa.sanction.avis_ep_avant_suspension", D(2025, 6, 20), "0")
    derouler(*JUSQU_AUX_OBSERVATIONS, decision)
    # The suppression still needs it.
    with pytest.raises(DomainError):
        derouler(
            *JUSQU_AUX_OBSERVATIONS,
            passage(EtapeSanction.DECISION, D(2025, 6, 25), NatureDecisionSanction.SUPPRESSION),
        )


def test_rsa_8_sans_suite_sans_avis_et_sans_levee() -> None:
    historique = derouler(
        *JUSQU_AUX_OBSERVATIONS,
        passage(EtapeSanction.DECISION, D(2025, 6, 25), NatureDecisionSanction.SANS_SUITE),
    )
    with pytest.raises(DomainError) as erreur:
        rsa_sanction_etape_verifier(
            historique=historique,
            suivante=passage(EtapeSanction.LEVEE, D(2025, 7, 1)),
            soumis_droits_devoirs=True,
        )
    assert erreur.value.code == "rsa_sanction_levee_impossible"


def test_rsa_8_dates_dans_l_ordre_et_champs_requis() -> None:
    with pytest.raises(DomainError) as erreur:
        derouler(manquement(D(2025, 6, 10)), passage(EtapeSanction.OBSERVATIONS_DEMANDEES, D(2025, 6, 9)))
    assert erreur.value.code == "rsa_sanction_etape_anterieure"
    with pytest.raises(DomainError) as erreur:
        PassageEtape(etape=EtapeSanction.MANQUEMENT_CONSTATE, le=D(2025, 6, 2))
    assert erreur.value.code == "rsa_sanction_motif_requis"
    with pytest.raises(DomainError) as erreur:
        PassageEtape(etape=EtapeSanction.DECISION, le=D(2025, 6, 2))
    assert erreur.value.code == "rsa_sanction_nature_requise"


def test_rsa_8_levee_possible_apres_la_sortie_des_droits_et_devoirs() -> None:
    historique = derouler(
        *JUSQU_AUX_OBSERVATIONS,
        passage(EtapeSanction.AVIS_EP, D(2025, 6, 20)),
        passage(EtapeSanction.DECISION, D(2025, 6, 25), NatureDecisionSanction.SUSPENSION),
    )
    rsa_sanction_etape_verifier(
        historique=historique,
        suivante=passage(EtapeSanction.LEVEE, D(2025, 7, 10)),
        soumis_droits_devoirs=False,
    )
    with pytest.raises(DomainError):
        derouler(
            *JUSQU_AUX_OBSERVATIONS,
            passage(EtapeSanction.AVIS_EP, D(2025, 6, 20)),
            passage(EtapeSanction.DECISION, D(2025, 6, 25), NatureDecisionSanction.SUSPENSION),
            soumis_droits_devoirs=False,
        )


# --- RSA-9 and RSA-10 --------------------------------------------------------------------------


def suspension(**changes: object) -> SanctionRsa:
    valeurs: dict[str, object] = {
        "nature": NatureDecisionSanction.SUSPENSION,
        "rang": RangManquement.PREMIER,
        "taux": Decimal("0.30"),
        "duree_mois": 1,
        "decidee_le": D(2025, 6, 25),
        "debut": D(2025, 7, 1),
    }
    valeurs.update(changes)
    return SanctionRsa(**valeurs)  # type: ignore[arg-type]


def verifier(sanction: SanctionRsa, personnes_foyer: int = 1, majoration_isolement: bool = False) -> None:
    rsa_sanction_verifier(
        sanction=sanction,
        soumis_droits_devoirs=True,
        personnes_foyer=personnes_foyer,
        majoration_isolement=majoration_isolement,
    )


def test_rsa_9_premier_manquement_de_30_a_100_pour_cent_pendant_1_a_2_mois() -> None:
    verifier(suspension(taux=Decimal("0.30"), duree_mois=1))
    verifier(suspension(taux=Decimal(1), duree_mois=2))
    with pytest.raises(DomainError) as erreur:
        verifier(suspension(taux=Decimal("0.29")))
    assert erreur.value.code == "rsa_sanction_taux_hors_bornes"
    assert "entre 30\u00a0% et 100\u00a0%" in erreur.value.message
    for duree in (0, 3):
        with pytest.raises(DomainError) as erreur:
            verifier(suspension(duree_mois=duree))
        assert erreur.value.code == "rsa_sanction_duree_hors_bornes"
        assert "entre 1 et 2 mois" in erreur.value.message


def test_rsa_9_premier_manquement_suspension_seulement() -> None:
    with pytest.raises(DomainError) as erreur:
        verifier(suspension(nature=NatureDecisionSanction.SUPPRESSION))
    assert erreur.value.code == "rsa_sanction_premier_manquement_suspension"
    with pytest.raises(DomainError) as erreur:
        suspension(nature=NatureDecisionSanction.SANS_SUITE)
    assert erreur.value.code == "rsa_sanction_nature_invalide"


def test_rsa_9_persistance_ou_repetition_suspension_ou_suppression_de_1_a_4_mois() -> None:
    repetition = {"rang": RangManquement.PERSISTANCE_OU_REPETITION}
    verifier(
        suspension(**repetition, nature=NatureDecisionSanction.SUPPRESSION, taux=Decimal(1), duree_mois=4)
    )
    verifier(suspension(**repetition, taux=Decimal("0.30"), duree_mois=1))
    with pytest.raises(DomainError):
        verifier(suspension(**repetition, duree_mois=5))
    with pytest.raises(DomainError):
        verifier(suspension(**repetition, taux=Decimal("0.2999")))


def test_rsa_9_g1_bareme_en_vigueur_le_jour_de_la_decision() -> None:
    verifier(suspension(decidee_le=D(2025, 6, 1)))
    with pytest.raises(ParametreIntrouvable):  # the former scale (R262-68 before the décret) is not seeded
        verifier(suspension(decidee_le=D(2025, 5, 31)))
    nouvelle_valeur("rsa.sanction.premier_manquement.duree_maximum", D(2026, 1, 1), "3")
    verifier(suspension(decidee_le=D(2026, 1, 1), duree_mois=3))
    with pytest.raises(DomainError):
        verifier(suspension(decidee_le=D(2025, 12, 31), duree_mois=3))


def test_rsa_10_foyer_de_plus_d_une_personne_plafonne_a_50_pour_cent() -> None:
    verifier(suspension(taux=Decimal("0.50")), personnes_foyer=2)
    with pytest.raises(DomainError) as erreur:
        verifier(suspension(taux=Decimal("0.51")), personnes_foyer=2)
    assert "entre 30\u00a0% et 50\u00a0%" in erreur.value.message
    assert "R262-68-6" in erreur.value.message
    assert erreur.value.extra["taux_maximum"] == "0.5000"


def test_rsa_10_majoration_isolement_plafonne_a_50_pour_cent_meme_seul() -> None:
    with pytest.raises(DomainError):
        verifier(suspension(taux=Decimal("0.60")), personnes_foyer=1, majoration_isolement=True)
    verifier(suspension(taux=Decimal("0.60")), personnes_foyer=1, majoration_isolement=False)
    with pytest.raises(DomainError) as erreur:
        verifier(suspension(), personnes_foyer=0)
    assert erreur.value.code == "rsa_foyer_vide"


# --- RSA-11 ------------------------------------------------------------------------------------


def test_rsa_11_g1_restitution_au_montant_de_chaque_mois() -> None:
    """G-1: March 2025 uses 635,71 € and April 2025 646,52 €."""
    sanction = suspension(taux=Decimal("0.50"), duree_mois=2, decidee_le=D(2025, 2, 20), debut=D(2025, 3, 1))
    restitution = rsa_sanction_restitution(sanction=sanction, mise_en_conformite_le=D(2025, 3, 1))
    assert restitution.levee_le == D(2025, 3, 1)
    assert [(ligne.mois, ligne.montant_mensuel, ligne.montant) for ligne in restitution.lignes] == [
        (D(2025, 3, 1), Decimal("635.71"), Decimal("317.86")),
        (D(2025, 4, 1), Decimal("646.52"), Decimal("323.26")),
    ]
    assert restitution.total == Decimal("641.12")


def test_rsa_11_levee_a_la_date_de_mise_en_conformite_prorata_du_mois() -> None:
    sanction = suspension(taux=Decimal("0.50"), duree_mois=2, decidee_le=D(2025, 2, 20), debut=D(2025, 3, 1))
    restitution = rsa_sanction_restitution(sanction=sanction, mise_en_conformite_le=D(2025, 3, 16))
    assert restitution.levee_le == D(2025, 3, 16)
    mars, avril = restitution.lignes
    assert (mars.jours, mars.jours_du_mois, mars.montant) == (16, 31, Decimal("164.05"))
    assert avril.montant == Decimal("323.26")
    assert restitution.total == Decimal("487.31")


def test_rsa_11_rien_a_restituer_apres_le_dernier_jour() -> None:
    sanction = suspension(duree_mois=2, debut=D(2025, 7, 1))  # last day 31/08/2025
    assert sanction.fin == D(2025, 8, 31)
    assert rsa_sanction_levee_le(sanction=sanction, mise_en_conformite_le=D(2025, 8, 31)) == D(2025, 8, 31)
    assert rsa_sanction_levee_le(sanction=sanction, mise_en_conformite_le=D(2025, 9, 1)) is None
    apres = rsa_sanction_restitution(sanction=sanction, mise_en_conformite_le=D(2025, 9, 1))
    assert apres.lignes == ()
    assert apres.total == Decimal("0.00")
    dernier_jour = rsa_sanction_restitution(sanction=sanction, mise_en_conformite_le=D(2025, 8, 31))
    assert [ligne.jours for ligne in dernier_jour.lignes] == [1]


def test_rsa_11_montant_du_au_foyer_et_regularisation_totale() -> None:
    """The household's actual allowance replaces the forfait; compliance before the start restores all
    (RSA-13, sanction on a wrong ground)."""
    sanction = suspension(taux=Decimal("0.40"), duree_mois=1, debut=D(2025, 7, 1))
    restitution = rsa_sanction_restitution(
        sanction=sanction,
        mise_en_conformite_le=D(2025, 6, 1),
        montants_dus={D(2025, 7, 1): Decimal("1000.00")},
    )
    assert restitution.levee_le == D(2025, 7, 1)
    assert restitution.total == Decimal("400.00")


def test_rsa_13_sanction_sur_un_motif_errone_regularisee_depuis_son_premier_jour() -> None:
    """Annulled on a wrong ground, a sanction restores every day it withheld, month by month at the
    montant forfaitaire in force (G-1: 635,71 € in March 2025, 646,52 € from April 2025)."""
    sanction = suspension(taux=Decimal("0.50"), duree_mois=2, decidee_le=D(2025, 2, 20), debut=D(2025, 3, 1))
    regularisation = rsa_sanction_regularisation(sanction=sanction)
    assert regularisation.levee_le == sanction.debut
    assert [(ligne.mois, ligne.jours, ligne.montant) for ligne in regularisation.lignes] == [
        (D(2025, 3, 1), 31, Decimal("317.86")),
        (D(2025, 4, 1), 30, Decimal("323.26")),
    ]
    assert regularisation.total == Decimal("641.12")
    # Whatever a later compliance already restored, the regularisation covers the whole sanction.
    partielle = rsa_sanction_restitution(sanction=sanction, mise_en_conformite_le=D(2025, 4, 16))
    assert partielle.total < regularisation.total


def decision_recours(**changes: object) -> DecisionRecoursRsa:
    valeurs: dict[str, object] = {
        "recours_forme_le": D(2025, 8, 1),
        "statue_le": D(2025, 9, 15),
        "issue": "admis",
        "motivation": "Le manquement n'est pas établi.",
        "nature_decision": NatureDecisionSanction.SUSPENSION,
    }
    valeurs.update(changes)
    return DecisionRecoursRsa(**valeurs)  # type: ignore[arg-type]


def test_rsa_14_decision_sur_recours_motivee_et_posterieure_au_recours() -> None:
    rsa_recours_decision_verifier(decision_recours())
    rsa_recours_decision_verifier(decision_recours(issue=IssueRecours.REJETE, statue_le=D(2025, 8, 1)))
    # After the 2 months of silence (implicit rejection), an explicit decision is still possible.
    rsa_recours_decision_verifier(decision_recours(statue_le=D(2026, 1, 5)))
    for changes, code in [
        ({"motivation": " "}, "motif_requis"),
        ({"statue_le": D(2025, 7, 31)}, "rsa_recours_decision_anterieure"),
        ({"nature_decision": NatureDecisionSanction.REORIENTATION}, "rsa_recours_annulation_impossible"),
    ]:
        with pytest.raises(DomainError) as refus:
            rsa_recours_decision_verifier(decision_recours(**changes))
        assert refus.value.code == code
    # Rejecting a recours against a reorientation is a decision like another.
    rsa_recours_decision_verifier(
        decision_recours(issue="rejete", nature_decision=NatureDecisionSanction.REORIENTATION)
    )
    with pytest.raises(DomainError) as refus:
        decision_recours(issue="partiel")
    assert refus.value.extra["champ"] == "issue"


# --- RSA-12 ------------------------------------------------------------------------------------


def suppression_totale(**changes: object) -> SanctionRsa:
    valeurs: dict[str, object] = {
        "nature": NatureDecisionSanction.SUPPRESSION,
        "rang": RangManquement.PERSISTANCE_OU_REPETITION,
        "taux": Decimal(1),
        "duree_mois": 4,
        "decidee_le": D(2025, 6, 20),
        "debut": D(2025, 7, 1),
    }
    valeurs.update(changes)
    return SanctionRsa(**valeurs)  # type: ignore[arg-type]


def test_rsa_12_radiation_proposee_puis_fin_de_droit_possible() -> None:
    sanction = suppression_totale()  # last day 31/10/2025
    suites = {
        jour: rsa_sanction_suites(sanction=sanction, mise_en_conformite_le=None, jour=jour)
        for jour in (D(2025, 6, 19), D(2025, 6, 20), D(2025, 10, 31), D(2025, 11, 1))
    }
    assert suites == {
        D(2025, 6, 19): SuiteSuppression.AUCUNE,
        D(2025, 6, 20): SuiteSuppression.PROPOSITION_RADIATION_FRANCE_TRAVAIL,
        D(2025, 10, 31): SuiteSuppression.PROPOSITION_RADIATION_FRANCE_TRAVAIL,
        D(2025, 11, 1): SuiteSuppression.FIN_DE_DROIT_POSSIBLE,
    }


def test_rsa_12_rien_apres_mise_en_conformite_ni_pour_une_sanction_partielle_ou_courte() -> None:
    sanction = suppression_totale()
    assert (
        rsa_sanction_suites(sanction=sanction, mise_en_conformite_le=D(2025, 8, 1), jour=D(2025, 11, 1))
        == SuiteSuppression.AUCUNE
    )
    for autre in (
        suppression_totale(taux=Decimal("0.99")),
        suppression_totale(duree_mois=3),
        suppression_totale(nature=NatureDecisionSanction.SUSPENSION),
    ):
        assert rsa_sanction_suites(sanction=autre, mise_en_conformite_le=None, jour=D(2025, 11, 1)) == (
            SuiteSuppression.AUCUNE
        )


# --- RSA-14 ------------------------------------------------------------------------------------


def recours(**changes: object) -> RecoursRsa:
    valeurs: dict[str, object] = {
        "decision_notifiee_le": D(2025, 3, 31),
        "forme_le": D(2025, 5, 31),
        "destinataire": DestinataireRecours.PRESIDENT_CONSEIL_DEPARTEMENTAL,
        "depose_par": DeposantRecours.BENEFICIAIRE,
        "motifs": "Je n'ai pas reçu la convocation.",
    }
    valeurs.update(changes)
    return RecoursRsa(**valeurs)  # type: ignore[arg-type]


def test_rsa_14_recours_dans_les_deux_mois_de_la_notification() -> None:
    rsa_recours_verifier(recours(forme_le=D(2025, 5, 31)))
    with pytest.raises(DomainError) as erreur:
        rsa_recours_verifier(recours(forme_le=D(2025, 6, 1)))
    assert erreur.value.code == "rsa_recours_tardif"
    assert "31/05/2025" in erreur.value.message


def test_rsa_14_recours_adresse_au_pcd_motive_et_mandat_ecrit_d_une_association() -> None:
    with pytest.raises(DomainError) as erreur:
        rsa_recours_verifier(recours(destinataire=DestinataireRecours.ORGANISME_PAYEUR))
    assert erreur.value.code == "rsa_recours_mauvais_destinataire"
    with pytest.raises(DomainError) as erreur:
        rsa_recours_verifier(recours(depose_par=DeposantRecours.ASSOCIATION))
    assert erreur.value.code == "rsa_recours_mandat_requis"
    rsa_recours_verifier(recours(depose_par=DeposantRecours.ASSOCIATION, mandat_ecrit=True))
    with pytest.raises(DomainError) as erreur:
        rsa_recours_verifier(recours(motifs=" "))
    assert erreur.value.code == "rsa_recours_non_motive"


def test_rsa_14_delais_cra_un_mois_puis_pcd_un_mois_ou_pcd_deux_mois() -> None:
    sans_cra = rsa_recours_echeances(recu_le=D(2025, 4, 10))
    assert (sans_cra.avis_cra, sans_cra.decision_pcd) == (None, D(2025, 6, 10))
    cra_muette = rsa_recours_echeances(recu_le=D(2025, 4, 10), cra_saisie_le=D(2025, 4, 12))
    assert (cra_muette.avis_cra, cra_muette.decision_pcd) == (D(2025, 5, 12), D(2025, 6, 12))
    cra_rapide = rsa_recours_echeances(
        recu_le=D(2025, 4, 10), cra_saisie_le=D(2025, 4, 12), avis_cra_rendu_le=D(2025, 5, 2)
    )
    assert cra_rapide.decision_pcd == D(2025, 6, 2)
    cra_tardive = rsa_recours_echeances(
        recu_le=D(2025, 4, 10), cra_saisie_le=D(2025, 4, 12), avis_cra_rendu_le=D(2025, 5, 20)
    )
    assert cra_tardive.decision_pcd == D(2025, 6, 12)
