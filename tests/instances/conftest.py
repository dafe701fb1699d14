"""Fixtures of the councils' tests (shared with the API and page tests through ``fabriques``)."""

from tests.instances.fabriques import conseils

__all__ = ["conseils"]
