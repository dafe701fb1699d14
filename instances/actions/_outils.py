"""Helpers shared by the councils' actions: refusals, historised saves, the two state machines."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils import timezone

from instances.direct import SEANCE_ETAT, seance_diffuser
from instances.enums import EtatDemande, EtatSeance
from instances.models import DemandeAide, Seance, TransitionDemande, TransitionSeance
from instances.workflows import TRANSITIONS_DEMANDE, TRANSITIONS_SEANCE
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
    """Save an instance with its author and reason (simple-history reads both attributes)."""
    instance._history_user = acting_user  # type: ignore[attr-defined]
    instance._change_reason = raison  # type: ignore[attr-defined]
    if update_fields is None:
        instance.full_clean()
        instance.save()
    else:
        instance.save(update_fields=update_fields)


def demande_transitionner(
    demande: DemandeAide,
    vers: EtatDemande,
    *,
    acting_user: Utilisateur | None,
    motif: str = "",
    autres: list[str] | None = None,
) -> None:
    """Move an aid file along its table (``instances.workflows``) and log it; other changed fields
    (``autres``) are saved with the state."""
    if vers not in TRANSITIONS_DEMANDE[demande.etat]:
        raise refuser(
            f"La demande est à l'état « {EtatDemande(demande.etat).label} » : elle ne peut pas passer à "
            f"l'état « {vers.label} ».",
            "transition_impossible",
            etat=demande.etat,
        )
    depuis = demande.etat
    demande.etat = vers
    enregistrer(
        demande,
        acting_user=acting_user,
        raison=f"{depuis} → {vers}",
        update_fields=["etat", "updated_at", *(autres or [])],
    )
    TransitionDemande.objects.create(
        demande=demande, depuis=depuis, vers=vers, motif=motif, acting_user=acting_user
    )


def seance_transitionner(
    seance: Seance,
    vers: EtatSeance,
    *,
    acting_user: Utilisateur | None,
    motif: str = "",
    autres: list[str] | None = None,
) -> None:
    if vers not in TRANSITIONS_SEANCE[seance.etat]:
        raise refuser(
            f"La séance est à l'état « {EtatSeance(seance.etat).label} » : elle ne peut pas passer à "
            f"l'état « {vers.label} ».",
            "transition_impossible",
            etat=seance.etat,
        )
    depuis = seance.etat
    seance.etat = vers
    seance.save(update_fields=["etat", "updated_at", *(autres or [])])
    TransitionSeance.objects.create(
        seance=seance, depuis=depuis, vers=vers, motif=motif, acting_user=acting_user
    )
    seance_diffuser(seance, SEANCE_ETAT)


def verrouiller_seance(seance: Seance) -> Seance:
    """Lock the session row for the rest of the transaction (only this row)."""
    return Seance.objects.select_for_update(of=("self",)).select_related("organe").get(pk=seance.pk)


def verrouiller_demande(demande: DemandeAide) -> DemandeAide:
    return (
        DemandeAide.objects.select_for_update(of=("self",))
        .select_related("parcours__personne", "parcours__site", "type_aide")
        .get(pk=demande.pk)
    )


def aujourd_hui() -> datetime.date:
    return timezone.localdate()
