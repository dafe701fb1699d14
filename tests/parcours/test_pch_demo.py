"""The PCH and RSA sanction demonstration data: through the actions, idempotent."""

from __future__ import annotations

import pytest

from demo.pch import pch_demo_charger
from parcours.enums import EtatPch, EtatSanctionRsa
from parcours.models import DecisionPch, ProcedureSanctionRsa, VersementPch
from social.models import Personne
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.test_pch import parcours_pch
from tests.parcours.test_rsa_sanctions import accompagne

pytestmark = pytest.mark.django_db


def test_demo_pch_et_sanction_idempotente(monde: Monde, personne_arras: Personne) -> None:
    pch = parcours_pch(monde, personne_arras)
    rsa = accompagne(monde, f.PersonneFactory(commune=monde.arras))
    rapport = pch_demo_charger()
    assert (rapport.decisions, rapport.versements, rapport.sanctions) == (1, 1, 1)
    assert DecisionPch.objects.get(parcours=pch).numero == f"CDAPH-DEMO-{pch.pk}"
    pch.refresh_from_db()
    assert pch.etat == EtatPch.EN_PAIEMENT
    assert ProcedureSanctionRsa.objects.get(parcours=rsa).etat == EtatSanctionRsa.OBSERVATIONS_DEMANDEES

    again = pch_demo_charger()
    assert (again.decisions, again.sanctions) == (0, 0)
    assert VersementPch.objects.count() == 1
