"""API test fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def cache_vide() -> Iterator[None]:
    """The token endpoint's throttle counts in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()
