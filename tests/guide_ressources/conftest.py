"""Fixtures of the guide tests (shared with the API and page tests through ``tests.guide_ressources``)."""

from __future__ import annotations

import pytest

from tests.conftest import Monde
from tests.guide_ressources.fabriques import Guide, construire_guide, semer_referentiels_du_guide


@pytest.fixture(autouse=True)
def referentiels_du_guide(request: pytest.FixtureRequest) -> None:
    """Taxonomies and parameters present even after a transactional test flushed them."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("db")
        semer_referentiels_du_guide()


@pytest.fixture
def guide(monde: Monde) -> Guide:
    return construire_guide(monde)
