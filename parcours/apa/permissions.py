"""Who may use the APA calculators (GIR from an AGGIR grid, simulation of a plan)."""

from __future__ import annotations

from social.perimetre import perimetre_de
from social.permissions import AnyUser


def can_use_simulateur_apa(user: AnyUser) -> bool:
    """Département agents, whatever their role, site or territory (an active assignment is enough).

    The calculators handle no personal data (a grid and amounts, nothing stored, nothing journaled),
    so no territory restriction applies. Partners, council members, functional administrators
    without an assignment, and anonymous users may not: it is an instruction tool of the département.
    """
    return perimetre_de(user).est_agent
