"""Helpers shared by the pathway actions."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils import timezone

from parcours.models import Parcours
from social.exceptions import DomainError
from social.models import Utilisateur


def refuser(message: str, code: str, **extra: Any) -> DomainError:
    """The refusal of an action: a French sentence for the user, a stable code for programs."""
    return DomainError(message, code=code, extra=extra)


def enregistrer(
    instance: models.Model,
    *,
    acting_user: Utilisateur | None,
    raison: str,
    update_fields: list[str] | None = None,
) -> None:
    """Save an historised instance with its author and reason (simple-history reads both attributes;
    outside a request there is no middleware to give the author)."""
    instance._history_user = acting_user  # type: ignore[attr-defined]
    instance._change_reason = raison  # type: ignore[attr-defined]
    if update_fields is None:
        instance.full_clean()
        instance.save()
    else:
        instance.save(update_fields=update_fields)


def verrouiller(parcours: Parcours) -> Parcours:
    """Lock the pathway row for the rest of the transaction (only this row: ``of=("self",)``)."""
    return (
        Parcours.objects.select_for_update(of=("self",))
        .select_related("personne", "site")
        .get(pk=parcours.pk)
    )


def exiger_ouvert(parcours: Parcours) -> None:
    if parcours.date_cloture is not None:
        raise refuser(
            f"Ce parcours est clos depuis le {parcours.date_cloture:%d/%m/%Y} : "
            "il ne peut plus être modifié.",
            "parcours_clos",
        )


def aujourd_hui() -> datetime.date:
    return timezone.localdate()
