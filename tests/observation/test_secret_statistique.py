"""Statistical secrecy of the open-data export: which figures are masked."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from observation.catalogue import definition
from observation.enums import CodeIndicateur as C
from observation.models import Indicateur
from observation.selectors import est_secret


def _ligne(
    code: str, valeur: str | None, numerateur: str | None = None, denominateur: int | None = None
) -> Indicateur:
    return Indicateur(
        code=code,
        mois=datetime.date(2025, 1, 1),
        valeur=None if valeur is None else Decimal(valeur),
        numerateur=None if numerateur is None else Decimal(numerateur),
        denominateur=denominateur,
        computed_at=timezone.now(),
    )


@pytest.mark.parametrize(
    ("code", "valeur", "numerateur", "denominateur", "secret"),
    [
        (C.ENTREES, "0", "0", None, True),
        (C.ENTREES, "4", "4", None, True),
        (C.ENTREES, "5", "5", None, False),
        # A rate: numerator or denominator below 5.
        (C.RSA_ORIENTATION_DELAI_RESPECTE, "66.7", "2", 3, True),
        (C.RSA_ORIENTATION_DELAI_RESPECTE, "40.0", "4", 10, True),
        (C.RSA_ORIENTATION_DELAI_RESPECTE, "50.0", "5", 10, False),
        # A median: the number of files.
        (C.RSA_ORIENTATION_DELAI_MEDIAN, "40.0", None, 4, True),
        (C.RSA_ORIENTATION_DELAI_MEDIAN, "40.0", None, 5, False),
        # Per 1,000 inhabitants: the count, not the population.
        (C.PARCOURS_OUVERTS_POUR_MILLE, "0.03", "3", 100_000, True),
        (C.PARCOURS_OUVERTS_POUR_MILLE, "0.15", "15", 100_000, False),
    ],
)
def test_secret_statistique(
    code: str, valeur: str, numerateur: str | None, denominateur: int | None, secret: bool
) -> None:
    assert est_secret(definition(code), _ligne(code, valeur, numerateur, denominateur)) is secret
