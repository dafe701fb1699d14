"""The PCH of a pathway through its actions: rules PCH-1, PCH-2, PCH-5 and PCH-6 on the models, the
pathway moved through its workflow, and refusals that change nothing.

The helpers at the top (``parcours_pch``, ``decider``, ``verser``) are shared with the page and API tests.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from parcours import actions
from parcours.actions.pch import pch_decision_enregistrer, pch_demande_enregistrer, pch_versement_enregistrer
from parcours.enums import Dispositif, ElementDecisionPch, EtatPch, StatutEcheance, TypeEcheance
from parcours.models import DecisionPch, Echeance, Parcours, VersementPch
from parcours.selectors_pch import fiche_pch
from social.exceptions import DomainError
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.factories import ouvrir

pytestmark = pytest.mark.django_db

D = datetime.date


RECU = datetime.date(2024, 1, 10)


def parcours_pch(monde: Monde, personne: Personne, *, recu: datetime.date = RECU) -> Parcours:
    """A PCH pathway at the MDS of Arras, ts.arras référent, opened through the action."""
    return ouvrir(
        personne,
        par=monde.ts_arras,
        site=monde.mds_arras,
        dispositif=Dispositif.PCH,
        referent=monde.ts_arras,
        date_reception=recu,
    )


def decider(parcours: Parcours, par: Utilisateur, **autres: Any) -> DecisionPch:
    valeurs: dict[str, Any] = {
        "numero": "CDAPH-2024-001",
        "decidee_le": D(2024, 2, 1),
        "notifiee_le": D(2024, 2, 5),
        "element": ElementDecisionPch.AIDES_TECHNIQUES,
        "montant": Decimal("10000"),
        "debut": D(2024, 2, 1),
        "fin": D(2029, 1, 31),
    }
    if "decidee_le" in autres and "notifiee_le" not in autres:
        autres["notifiee_le"] = autres["decidee_le"] + datetime.timedelta(days=4)
    return pch_decision_enregistrer(parcours=parcours, acting_user=par, **(valeurs | autres))


def verser(decision: DecisionPch, par: Utilisateur, montant: str, **autres: Any) -> VersementPch:
    valeurs: dict[str, Any] = {
        "verse_le": D(2024, 3, 1),
        "periode_debut": D(2024, 3, 1),
        "periode_fin": D(2024, 3, 1),
    }
    return pch_versement_enregistrer(
        decision=decision, montant=Decimal(montant), acting_user=par, **(valeurs | autres)
    )


def etat_fige(parcours: Parcours) -> tuple[object, ...]:
    """Everything a PCH action may write: a refusal leaves it as it was."""
    parcours.refresh_from_db()
    return (
        parcours.etat,
        parcours.updated_at,
        parcours.transitions.count(),
        list(DecisionPch.objects.filter(parcours=parcours).values()),
        list(VersementPch.objects.filter(decision__parcours=parcours).values()),
        list(Echeance.objects.filter(parcours=parcours).order_by("type").values()),
    )


@pytest.fixture
def pch(monde: Monde, personne_arras: Personne) -> Parcours:
    return parcours_pch(monde, personne_arras)


# PCH-5: the département pays only what the CDAPH decided.


def test_pch_5_decision_par_element_puis_versements_dans_la_decision(monde: Monde, pch: Parcours) -> None:
    decision = decider(pch, monde.ts_arras)
    humaine = decider(
        pch,
        monde.ts_arras,
        element=ElementDecisionPch.AIDES_HUMAINES,
        montant=None,
        heures_mensuelles=Decimal("30"),
        tarif_horaire=Decimal("19.71"),
    )
    assert DecisionPch.objects.filter(parcours=pch, numero="CDAPH-2024-001").count() == 2
    assert decision.history.get().history_change_reason == "Décision de la CDAPH enregistrée"

    verser(decision, monde.ts_arras, "4000")
    pch.refresh_from_db()
    assert pch.etat == EtatPch.EN_PAIEMENT
    assert pch.transitions.order_by("-id").first().vers == EtatPch.EN_PAIEMENT  # type: ignore[union-attr]

    avant = etat_fige(pch)
    with pytest.raises(DomainError) as refus:
        verser(decision, monde.ts_arras, "6500", verse_le=D(2024, 4, 1))
    assert refus.value.code == "pch_versement_montant_depasse"
    assert (
        "10\u00a0000,00\u00a0€" in refus.value.message
        and "il reste 6\u00a0000,00\u00a0€" in refus.value.message
    )
    assert etat_fige(pch) == avant

    with pytest.raises(DomainError) as refus:
        verser(decision, monde.ts_arras, "100", periode_debut=D(2024, 1, 1), periode_fin=D(2024, 1, 1))
    assert refus.value.code == "pch_versement_hors_periode"
    with pytest.raises(DomainError) as refus:
        verser(humaine, monde.ts_arras, "591.30", periode_fin=D(2024, 3, 31))
    assert refus.value.code == "pch_versement_heures_depassees" and refus.value.extra["champ"] == "montant"
    verser(humaine, monde.ts_arras, "591.30", periode_fin=D(2024, 3, 31), heures=Decimal("30"))
    assert etat_fige(pch) != avant


def test_pch_5_un_versement_ne_precede_pas_la_decision(monde: Monde, pch: Parcours) -> None:
    decision = decider(pch, monde.ts_arras)
    avant = etat_fige(pch)
    with pytest.raises(DomainError) as refus:
        verser(decision, monde.ts_arras, "100", verse_le=D(2024, 1, 15))
    assert refus.value.code == "pch_versement_avant_decision" and refus.value.extra["champ"] == "verse_le"
    assert etat_fige(pch) == avant


def test_pch_5_une_nouvelle_decision_remet_le_parcours_en_decision_recue(monde: Monde, pch: Parcours) -> None:
    verser(decider(pch, monde.ts_arras), monde.ts_arras, "100")
    decider(
        pch, monde.encadrant_arras, numero="CDAPH-2025-007", decidee_le=D(2025, 1, 6), debut=D(2025, 1, 6)
    )
    pch.refresh_from_db()
    assert pch.etat == EtatPch.DECISION_CDAPH_RECUE


# PCH-1: caps per element over the rolling 10 years ending on the payment day.


def test_pch_1_plafond_glissant_refuse_le_versement_au_dela_avec_le_reste(
    monde: Monde, pch: Parcours
) -> None:
    premiere = decider(pch, monde.ts_arras)
    verser(premiere, monde.ts_arras, "8000")
    seconde = decider(
        pch,
        monde.ts_arras,
        numero="CDAPH-2025-002",
        decidee_le=D(2025, 1, 6),
        debut=D(2025, 1, 6),
        fin=D(2026, 12, 31),
        montant=Decimal("8000"),
    )
    # Another element of the same person does not count against the aides techniques cap.
    logement = decider(pch, monde.ts_arras, element=ElementDecisionPch.AMENAGEMENT_LOGEMENT)
    verser(logement, monde.ts_arras, "9000")

    avant = etat_fige(pch)
    with pytest.raises(DomainError) as refus:
        verser(
            seconde,
            monde.ts_arras,
            "6000",
            verse_le=D(2025, 2, 3),
            periode_debut=D(2025, 2, 3),
            periode_fin=D(2025, 2, 3),
        )
    assert refus.value.code == "pch_plafond_depasse"
    assert Decimal(refus.value.extra["disponible"]) == 5200 and refus.value.extra["champ"] == "montant"
    assert "il reste 5\u00a0200,00\u00a0€ disponibles" in refus.value.message
    assert "13\u00a0200,00\u00a0€ sur 10 ans" in refus.value.message
    assert etat_fige(pch) == avant

    verser(
        seconde,
        monde.ts_arras,
        "5200",
        verse_le=D(2025, 2, 3),
        periode_debut=D(2025, 2, 3),
        periode_fin=D(2025, 2, 3),
    )
    fiche = fiche_pch(parcours=pch, user=monde.ts_arras)
    assert fiche is not None
    plafonds = {str(p.element): p for p in fiche.plafonds}
    assert plafonds["aides_techniques"].disponible == 0
    assert plafonds["amenagement_logement"].disponible == Decimal("1000")


def test_pch_1_plafond_de_la_personne_tous_parcours_confondus(monde: Monde, personne_arras: Personne) -> None:
    ancien = parcours_pch(monde, personne_arras)
    verser(decider(ancien, monde.ts_arras), monde.ts_arras, "10000")
    from parcours.actions import parcours_transitionner

    parcours_transitionner(
        parcours=ancien, vers=EtatPch.CLOS, acting_user=monde.ts_arras, motif="Déménagement"
    )
    nouveau = parcours_pch(monde, personne_arras, recu=D(2025, 1, 2))
    decision = decider(
        nouveau, monde.ts_arras, numero="CDAPH-2025-010", decidee_le=D(2025, 1, 6), debut=D(2025, 1, 6)
    )
    with pytest.raises(DomainError) as refus:
        verser(
            decision,
            monde.ts_arras,
            "3500",
            verse_le=D(2025, 2, 3),
            periode_debut=D(2025, 2, 3),
            periode_fin=D(2025, 2, 3),
        )
    assert refus.value.code == "pch_plafond_depasse" and Decimal(refus.value.extra["disponible"]) == 3200


def test_pch_1_duree_d_attribution_au_plus_10_ans(monde: Monde, pch: Parcours) -> None:
    avant = etat_fige(pch)
    with pytest.raises(DomainError) as refus:
        decider(pch, monde.ts_arras, fin=D(2034, 2, 1))
    assert refus.value.code == "pch_duree_maximale_depassee" and refus.value.extra["champ"] == "fin"
    assert "31/01/2034" in refus.value.message
    assert etat_fige(pch) == avant
    assert decider(pch, monde.ts_arras, fin=D(2034, 1, 31)).fin == D(2034, 1, 31)


# PCH-2: no end date only for a handicap not likely to improve.


def test_pch_2_sans_date_de_fin_seulement_si_handicap_non_susceptible_d_evolution(
    monde: Monde, pch: Parcours
) -> None:
    avant = etat_fige(pch)
    with pytest.raises(DomainError) as refus:
        decider(pch, monde.ts_arras, fin=None)
    assert refus.value.code == "pch_date_fin_requise" and refus.value.extra["champ"] == "fin"
    assert etat_fige(pch) == avant
    decision = decider(pch, monde.ts_arras, fin=None, handicap_non_susceptible_evolution_favorable=True)
    assert decision.fin is None
    verser(
        decision,
        monde.ts_arras,
        "500",
        verse_le=D(2025, 6, 2),
        periode_debut=D(2025, 6, 2),
        periode_fin=D(2025, 6, 2),
    )


# PCH-6: the CDAPH's silence for 4 months is a rejection; the RAPO within 2 months.


def test_pch_6_silence_de_la_cdaph_4_mois_echeance_puis_tenue_par_la_decision(
    monde: Monde, pch: Parcours
) -> None:
    ligne = pch_demande_enregistrer(parcours=pch, deposee_le=D(2023, 10, 16), acting_user=monde.ts_arras)
    assert (ligne.type, ligne.date_depart, ligne.date_limite) == (
        TypeEcheance.PCH_SILENCE_CDAPH,
        D(2023, 10, 16),
        D(2024, 2, 16),
    )
    assert ligne.statut == StatutEcheance.DEPASSEE
    with pytest.raises(DomainError) as refus:
        pch_demande_enregistrer(parcours=pch, deposee_le=D(2023, 11, 1), acting_user=monde.ts_arras)
    assert refus.value.code == "pch_demande_en_attente"

    decider(pch, monde.ts_arras)
    ligne.refresh_from_db()
    assert (ligne.statut, ligne.tenue_le) == (StatutEcheance.TENUE, D(2024, 2, 1))

    fiche = fiche_pch(parcours=pch, user=monde.ts_arras)
    assert fiche is not None and fiche.recours is not None
    assert fiche.recours.rapo == D(2024, 4, 5)


def test_pch_6_demande_recente_echeance_ouverte(monde: Monde, pch: Parcours) -> None:
    jour = timezone.localdate() - datetime.timedelta(days=3)
    ligne = pch_demande_enregistrer(parcours=pch, deposee_le=jour, acting_user=monde.ts_arras)
    assert ligne.statut == StatutEcheance.OUVERTE


# PCH-3: a first request after 60 only with one of the exceptions, recorded.


def test_pch_3_premiere_demande_apres_60_ans_refusee_sans_exception(monde: Monde) -> None:
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=D(1963, 5, 10))
    pch = parcours_pch(monde, personne)
    avant = etat_fige(pch)
    with pytest.raises(DomainError) as refus:
        pch_demande_enregistrer(parcours=pch, deposee_le=D(2023, 5, 10), acting_user=monde.ts_arras)
    assert (refus.value.code, refus.value.extra["champ"]) == ("pch_age_depasse", "deposee_le")
    assert "après 60 ans" in refus.value.message
    assert etat_fige(pch) == avant
    # The day before the 60th birthday: no exception needed.
    ligne = pch_demande_enregistrer(parcours=pch, deposee_le=D(2023, 5, 9), acting_user=monde.ts_arras)
    assert ligne.history.get().history_change_reason == "Demande de PCH déposée"


@pytest.mark.parametrize(
    ("exception", "libelle"),
    [
        ("criteres_remplis_avant_age_limite", "critères remplis avant"),
        ("en_activite", "en activité"),
    ],
)
def test_pch_3_premiere_demande_apres_60_ans_avec_exception_tracee(
    monde: Monde, exception: str, libelle: str
) -> None:
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=D(1950, 5, 10))
    pch = parcours_pch(monde, personne)
    ligne = pch_demande_enregistrer(
        parcours=pch, deposee_le=D(2023, 10, 16), acting_user=monde.ts_arras, **{exception: True}
    )
    raison = ligne.history.get().history_change_reason
    assert raison == f"Première demande de PCH après la limite d'âge : {libelle} (PCH-3)"


def test_pch_3_un_renouvellement_n_est_pas_une_premiere_demande(monde: Monde) -> None:
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=D(1950, 5, 10))
    pch = parcours_pch(monde, personne)
    pch_demande_enregistrer(
        parcours=pch, deposee_le=D(2023, 10, 16), acting_user=monde.ts_arras, en_activite=True
    )
    decider(pch, monde.ts_arras)
    # Renewal after the first decision, at 74, retired: no age condition.
    ligne = pch_demande_enregistrer(parcours=pch, deposee_le=D(2024, 9, 2), acting_user=monde.ts_arras)
    assert ligne.date_depart == D(2024, 9, 2)


# Refusals: wrong role, wrong pathway, closed pathway, bad input.


def test_role_sans_droit_refuse_et_rien_ne_change(monde: Monde, pch: Parcours) -> None:
    avant = etat_fige(pch)
    for user in (monde.ts_calais, monde.accueil_arras, monde.partenaire_ccas_arras, monde.elu_arrageois):
        with pytest.raises(DomainError) as refus:
            decider(pch, user)
        assert refus.value.code == "interdit"
        assert "référent" in refus.value.message
    assert etat_fige(pch) == avant


def test_parcours_clos_ou_autre_dispositif_refuses(
    monde: Monde, personne_arras: Personne, pch: Parcours
) -> None:
    rsa = ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    with pytest.raises(DomainError) as refus:
        decider(rsa, monde.ts_arras)
    assert refus.value.code == "dispositif_incompatible"
    from parcours.actions import parcours_transitionner

    parcours_transitionner(parcours=pch, vers=EtatPch.CLOS, acting_user=monde.ts_arras, motif="Décès")
    with pytest.raises(DomainError) as refus:
        decider(pch, monde.ts_arras)
    assert refus.value.code == "parcours_clos"


def test_quantite_unique_tarif_et_doublon(monde: Monde, pch: Parcours) -> None:
    avant = etat_fige(pch)
    with pytest.raises(DomainError) as refus:
        decider(pch, monde.ts_arras, montant_mensuel=Decimal("50"))
    assert refus.value.code == "pch_decision_quantite"
    with pytest.raises(DomainError) as refus:
        decider(
            pch,
            monde.ts_arras,
            element=ElementDecisionPch.AIDES_HUMAINES,
            montant=None,
            heures_mensuelles=Decimal("20"),
        )
    assert refus.value.code == "pch_tarif_requis" and refus.value.extra["champ"] == "tarif_horaire"
    with pytest.raises(DomainError) as refus:
        decider(pch, monde.ts_arras, notifiee_le=D(2024, 1, 20))
    assert refus.value.code == "pch_notification_avant_decision"
    assert etat_fige(pch) == avant
    decider(pch, monde.ts_arras)
    with pytest.raises(DomainError) as refus:
        decider(pch, monde.ts_arras)
    assert refus.value.code == "pch_decision_deja_enregistree" and refus.value.extra["champ"] == "numero"


def test_parentalite_hors_plafonds(monde: Monde, pch: Parcours) -> None:
    verser(
        decider(pch, monde.ts_arras, montant=Decimal("13200"), fin=D(2034, 1, 31)), monde.ts_arras, "13200"
    )
    parentalite = decider(
        pch,
        monde.ts_arras,
        numero="CDAPH-2024-050",
        element=ElementDecisionPch.PARENTALITE_AIDES_TECHNIQUES,
        montant=Decimal("1400"),
        naissance_enfant=D(2024, 2, 1),
    )
    assert verser(parentalite, monde.ts_arras, "1400").montant == Decimal("1400")


def test_fiche_partenaire_sans_donnees_de_sante(monde: Monde, pch: Parcours) -> None:
    from tests.parcours.factories import DesignationPartenaireFactory

    decider(pch, monde.ts_arras)
    DesignationPartenaireFactory(parcours=pch, organisation=monde.ccas_arras)
    fiche = fiche_pch(parcours=pch, user=monde.partenaire_ccas_arras)
    assert fiche is not None
    assert (fiche.voit_details, fiche.decisions, fiche.plafonds) == (False, [], [])


# The timeline: PCH decisions and payments, for the staff only.


def test_chronologie_decisions_et_versements_pour_l_equipe_pas_pour_le_partenaire(
    monde: Monde, pch: Parcours
) -> None:
    from parcours.actions import partenaire_designer
    from parcours.selectors import fiche_parcours

    verser(decider(pch, monde.ts_arras), monde.ts_arras, "100")
    partenaire_designer(parcours=pch, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    titres = [e.titre for e in fiche_parcours(parcours=pch, user=monde.ts_arras).chronologie]
    assert "Décision de la CDAPH n° CDAPH-2024-001 : Aides techniques" in titres
    assert "Versement PCH de 100,00\u00a0€ (Aides techniques)" in titres
    titres = [e.titre for e in fiche_parcours(parcours=pch, user=monde.partenaire_ccas_arras).chronologie]
    assert not any("CDAPH n°" in titre or "Versement PCH" in titre for titre in titres)


def test_pch_5_versement_et_nouvelle_decision_seulement_par_leurs_formulaires(
    monde: Monde, pch: Parcours
) -> None:
    """With a CDAPH decision recorded, « en paiement » comes from a payment referencing it (PCH-5), not from
    a bare transition; closing stays a plain transition."""
    decider(pch, monde.ts_arras)
    pch.refresh_from_db()
    with pytest.raises(DomainError) as erreur:
        actions.parcours_transitionner(parcours=pch, vers=EtatPch.EN_PAIEMENT, acting_user=monde.ts_arras)
    assert erreur.value.code == "action_dediee_requise"
    pch.refresh_from_db()
    assert pch.etat == EtatPch.DECISION_CDAPH_RECUE
