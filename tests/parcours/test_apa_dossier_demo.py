"""The demonstration APA files (``demo.apa``): one at each step, written through the actions, the
decision taken by the encadrante of the Maison de l'Autonomie, idempotent."""

from __future__ import annotations

import pytest

from demo.apa import SCENARIOS, apa_demo_charger
from demo.chargement import demo_charger
from demo.parcours import AUTONOMIE_ARRAS
from parcours.enums import EtatApa, SensDecisionApa
from parcours.models import DecisionApa, DossierApa, EvaluationApa, PlanAide


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
        ]
    )
    assert dossiers.filter(accord_repute_le__isnull=False).count() == 1  # the silence (APA-4)
    assert EvaluationApa.objects.filter(parcours__site__nom=AUTONOMIE_ARRAS).count() == 3
    assert PlanAide.objects.filter(participation="298.39").count() == 1  # DOMAIN.md §2.5
    decision = DecisionApa.objects.get()
    assert decision.sens == SensDecisionApa.ACCORD
    assert decision.decidee_par.username == "encadrant.autonomie-arras"
    assert decision.notifiee_le is not None
    assert apa_demo_charger() == 0  # idempotent
