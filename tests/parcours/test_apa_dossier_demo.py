"""The demonstration APA files (``demo.apa``): one at each step, written through the actions, the
decisions taken by the encadrante of the Maison de l'Autonomie (one at home, one in an establishment,
APA-9), idempotent."""

from __future__ import annotations

import pytest

from demo.apa import SCENARIOS, apa_demo_charger
from demo.chargement import demo_charger
from demo.parcours import AUTONOMIE_ARRAS
from parcours.enums import EtatApa, LieuApa, SensDecisionApa
from parcours.models import DecisionApa, DossierApa, EvaluationApa, PlanAide, PropositionEtablissementApa


@pytest.mark.django_db
def test_dossiers_apa_de_demonstration() -> None:
    demo_charger(nb_personnes=400)
    assert apa_demo_charger() == len(SCENARIOS)
    dossiers = DossierApa.objects.filter(parcours__site__nom=AUTONOMIE_ARRAS).select_related("parcours")
    etats = sorted(d.parcours.etat for d in dossiers)
    assert etats == sorted(
        [
            EtatApa.DEMANDE_RECUE,
            EtatApa.DOSSIER_INCOMPLET,
            EtatApa.EVALUATION,
            EtatApa.PLAN_PROPOSE,
            EtatApa.NOTIFIE,
            EtatApa.DOSSIER_COMPLET,
            EtatApa.NOTIFIE,
        ]
    )
    assert dossiers.filter(accord_repute_le__isnull=False).count() == 1  # the silence (APA-4)
    assert EvaluationApa.objects.filter(parcours__site__nom=AUTONOMIE_ARRAS).count() == 4
    assert PlanAide.objects.filter(participation="298.39").count() == 1  # DOMAIN.md §2.5
    decisions = DecisionApa.objects.select_related("decidee_par", "proposition_etablissement")
    assert len(decisions) == 2
    for decision in decisions:
        assert decision.sens == SensDecisionApa.ACCORD
        assert decision.decidee_par.username == "encadrant.autonomie-arras"
        assert decision.notifiee_le is not None
    # APA-9: the resident of the EHPAD, no plan, the amounts of the establishment; rights on the complete
    # file (APA-3).
    en_etablissement = next(d for d in decisions if d.proposition_etablissement is not None)
    dossier = DossierApa.objects.get(parcours=en_etablissement.parcours)
    assert dossier.lieu == LieuApa.ETABLISSEMENT
    assert en_etablissement.plan_id is None
    assert en_etablissement.montant_apa == en_etablissement.proposition_etablissement.montant_apa > 0
    assert en_etablissement.droits_ouverts_le == dossier.complet_le
    assert PropositionEtablissementApa.objects.count() == 1
    assert apa_demo_charger() == 0  # idempotent
