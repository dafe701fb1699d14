"""System checks of the privacy settings, run by ``manage.py`` commands (``check``, ``migrate`` at each
deployment, ``runserver``, the task worker); the ASGI server itself does not run them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

# DP-1 (CNIL délibération 2021-122): the access journal is kept 6 to 12 months, up to 3 years when an
# internal-control justification is documented.
RETENTION_MIN_MOIS = 6
RETENTION_ORDINAIRE_MOIS = 12
RETENTION_MAX_MOIS = 36


@register()
def retention_journal(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """DP-1: ``PROCHE_JOURNAL_RETENTION_MOIS`` within the bounds of the CNIL; a warning above 12 months."""
    mois = settings.PROCHE_JOURNAL_RETENTION_MOIS
    if not RETENTION_MIN_MOIS <= mois <= RETENTION_MAX_MOIS:
        return [
            Error(
                f"La durée de conservation du journal des accès ({mois} mois) doit être comprise entre "
                f"{RETENTION_MIN_MOIS} et {RETENTION_MAX_MOIS} mois (CNIL, délibération n° 2021-122).",
                hint="Réglez PROCHE_JOURNAL_RETENTION_MOIS ; 12 mois par défaut.",
                id="social.E001",
            )
        ]
    if mois > RETENTION_ORDINAIRE_MOIS:
        return [
            Warning(
                f"Le journal des accès est conservé {mois} mois : au-delà de {RETENTION_ORDINAIRE_MOIS} "
                "mois, la justification de contrôle interne doit être documentée (CNIL, délibération "
                "n° 2021-122).",
                id="social.W001",
            )
        ]
    return []
