"""The guide's settings, read in one place (no model import: models and permissions both use it)."""

from __future__ import annotations

from django.conf import settings


def guide_public() -> bool:
    """``PROCHE_GUIDE_PUBLIC``: anonymous visitors may read the published guide (off by default)."""
    return bool(settings.PROCHE_GUIDE_PUBLIC)


def source_locale() -> str:
    """The data·inclusion ``source`` of the entries maintained in Proche (``proche-cd62``)."""
    return f"proche-cd{settings.PROCHE_DEPARTEMENT}".lower()


def code_departement() -> str:
    """The COG code of the département (``62``): a zone listing it covers every commune."""
    return str(settings.PROCHE_DEPARTEMENT)
