"""Reads of the councils app."""

from __future__ import annotations

from instances.models import Mandat
from social.models import Utilisateur


def mandats_actifs(*, user: Utilisateur) -> list[Mandat]:
    return list(
        Mandat.objects.actives()
        .filter(utilisateur_id=user.pk)
        .select_related("organe")
        .order_by("organe__nom")
    )
