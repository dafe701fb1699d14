"""Publication of guide entries, as an explicit state machine (STYLE 5).

Partners propose (``a_moderer``); the Département's functional administrators publish, refuse (with a
reason) or withdraw; a partner resubmits a refused or withdrawn entry. Each transition guards its
source state and writes a ``TransitionPublication`` row (who, when, from, to, why).
"""

from __future__ import annotations

from django.db import transaction

from guide_ressources.enums import StatutPublication
from guide_ressources.models import Service, Structure, TransitionPublication
from social.exceptions import DomainError
from social.models import Utilisateur

S = StatutPublication
# transition -> (allowed source states, target state)
TRANSITIONS: dict[str, tuple[frozenset[str], StatutPublication]] = {
    "publier": (frozenset({S.A_MODERER, S.REFUSEE, S.RETIREE}), S.PUBLIEE),
    "refuser": (frozenset({S.A_MODERER}), S.REFUSEE),
    "retirer": (frozenset({S.A_MODERER, S.PUBLIEE}), S.RETIREE),
    "soumettre": (frozenset({S.REFUSEE, S.RETIREE}), S.A_MODERER),
}


def transitions_possibles(fiche: Structure | Service) -> list[str]:
    return [nom for nom, (sources, _cible) in TRANSITIONS.items() if fiche.statut in sources]


def _transition(
    fiche: Structure | Service, nom: str, acting_user: Utilisateur, motif: str = ""
) -> Structure | Service:
    sources, cible = TRANSITIONS[nom]
    modele = type(fiche)
    fiche = modele.objects.select_for_update(of=("self",)).get(pk=fiche.pk)
    if fiche.statut not in sources:
        raise DomainError(
            f"Impossible de passer la fiche de « {fiche.get_statut_display()} » à « {S(cible).label} ».",
            code="transition_invalide",
            extra={"statut": fiche.statut, "transition": nom},
        )
    de = fiche.statut
    fiche.statut = cible
    fiche._change_reason = f"Publication : {S(cible).label}"  # type: ignore[union-attr]
    fiche._history_user = acting_user  # type: ignore[union-attr]
    fiche.save(update_fields=["statut", "updated_at"])
    cle = "structure" if isinstance(fiche, Structure) else "service"
    TransitionPublication.objects.create(
        **{cle: fiche}, de=de, vers=cible, motif=motif.strip(), acting_user=acting_user
    )
    return fiche


@transaction.atomic
def fiche_publier(*, fiche: Structure | Service, acting_user: Utilisateur) -> Structure | Service:
    """An administrator publishes an entry to moderate (or a refused or withdrawn one)."""
    return _transition(fiche, "publier", acting_user)


@transaction.atomic
def fiche_refuser(*, fiche: Structure | Service, acting_user: Utilisateur, motif: str) -> Structure | Service:
    """An administrator refuses an entry to moderate; the reason is shown to its partner."""
    if not motif.strip():
        raise DomainError("Indiquez le motif du refus.", code="motif_obligatoire")
    return _transition(fiche, "refuser", acting_user, motif)


@transaction.atomic
def fiche_retirer(
    *, fiche: Structure | Service, acting_user: Utilisateur, motif: str = ""
) -> Structure | Service:
    """An administrator withdraws an entry from the guide (entries are withdrawn, never deleted)."""
    return _transition(fiche, "retirer", acting_user, motif)


@transaction.atomic
def fiche_soumettre(*, fiche: Structure | Service, acting_user: Utilisateur) -> Structure | Service:
    """The partner submits a refused or withdrawn entry to moderation again."""
    return _transition(fiche, "soumettre", acting_user)
