"""Publication of guide entries, as an explicit state machine (STYLE 5).

Partners propose (``a_moderer``); the Département's functional administrators publish, refuse (with a
reason) or withdraw; whoever may edit an entry (its organisation, a co-editor) withdraws it too, and
resubmits a refused or withdrawn entry. Each transition guards its source state and writes a
``TransitionPublication`` row (who, when, from, to, why). Entries are withdrawn, never deleted.
"""

from __future__ import annotations

from django.db import transaction

from guide_ressources.enums import StatutPublication
from guide_ressources.models import Service, Structure, TransitionPublication
from guide_ressources.permissions import can_edit_service, can_edit_structure
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
# Clearer refusals than the generic one, by (transition, current state).
_REFUSEE_RIEN_A_RETIRER = "Cette fiche a été refusée : elle n'est pas dans le guide, il n'y a rien à retirer."
_REFUS: dict[tuple[str, str], str] = {
    ("retirer", S.RETIREE): "Cette fiche est déjà retirée du guide.",
    ("retirer", S.REFUSEE): _REFUSEE_RIEN_A_RETIRER,
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
            _REFUS.get(
                (nom, fiche.statut),
                f"Impossible de passer la fiche de « {fiche.get_statut_display()} » à « {S(cible).label} ».",
            ),
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
    """An administrator withdraws an entry from the guide (entries are withdrawn, never deleted); a
    structure takes its services « à modérer » or « publiées » with it (``fiche_retirer_par_editeur``
    says why)."""
    return _retirer(fiche, acting_user, motif)[0]


@transaction.atomic
def fiche_soumettre(*, fiche: Structure | Service, acting_user: Utilisateur) -> Structure | Service:
    """The partner submits a refused or withdrawn entry to moderation again."""
    return _transition(fiche, "soumettre", acting_user)


@transaction.atomic
def fiche_retirer_par_editeur(
    *, fiche: Structure | Service, acting_user: Utilisateur, motif: str = ""
) -> list[Structure | Service]:
    """Whoever may edit the entry (``can_edit_structure`` / ``can_edit_service``: a member of its
    organisation, a co-editor, an administrator) withdraws it from the guide, with an optional reason
    (« Service fermé »). From « à modérer » or « publiée », as the administrator's withdrawal; otherwise
    a ``transition_invalide`` refusal and nothing changes. She may resubmit it later (``fiche_soumettre``).

    Withdrawing a structure withdraws, in the same transaction, each of its services still « à
    modérer » or « publiée », each with its own ``TransitionPublication`` row (the structure's reason,
    prefixed). Why: a service is in the guide only while its structure is published (``visible_by``,
    ``publies_visibles_par``), so a service left « publiée » under a withdrawn structure would state
    what is not, and a service left « à modérer » would wait for a moderation that publishes nothing.
    Refusing while services are published would make the partner withdraw them one by one first, for
    the common case of a structure that closes. Resubmitting the structure resubmits it alone: the
    partner resubmits the services she wants back.

    Returns the withdrawn entries: the entry, then the structure's services withdrawn with it."""
    peut = (
        can_edit_structure(acting_user, fiche)
        if isinstance(fiche, Structure)
        else can_edit_service(acting_user, fiche)
    )
    if not peut:
        raise DomainError("Vous ne pouvez pas retirer cette fiche du guide.", code="interdit")
    return _retirer(fiche, acting_user, motif)


def _retirer(fiche: Structure | Service, acting_user: Utilisateur, motif: str) -> list[Structure | Service]:
    """Withdraw the entry and, for a structure, its services still « à modérer » or « publiée »."""
    retiree = _transition(fiche, "retirer", acting_user, motif)
    retirees: list[Structure | Service] = [retiree]
    if isinstance(retiree, Structure):
        sources, _cible = TRANSITIONS["retirer"]
        motif_service = f"Retrait de la structure « {retiree.nom} »" + (
            f" : {motif.strip()}" if motif.strip() else ""
        )
        # Locked in id order (concurrent withdrawals take the locks in one order); a service whose state
        # changed meanwhile is re-read under the lock and left out.
        services = (
            Service.objects.select_for_update(of=("self",))
            .filter(structure=retiree, statut__in=sources)
            .order_by("id")
        )
        for service in services:
            retirees.append(_transition(service, "retirer", acting_user, motif_service))
    return retirees
