"""Who may do what in the guide: small pure functions, each saying who may.

Reads are scoped by ``Structure.objects.visible_by(user)`` / ``Service.objects.visible_by(user)``
and edits by ``modifiables_par(user)``; the functions below state the same rules for one object
(tests keep them in agreement).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from guide_ressources.enums import StatutPublication
from guide_ressources.models import Service, Structure, StructureUserObjectPermission
from guide_ressources.reglages import guide_public
from social.models import Organisation, Utilisateur
from social.perimetre import perimetre_de

AnyUser = Utilisateur | AnonymousUser


def _actif(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _coediteur(user: AnyUser, structure: Structure) -> bool:
    return (
        _actif(user)
        and StructureUserObjectPermission.objects.filter(
            Q(expire_le__isnull=True) | Q(expire_le__gt=timezone.now()),
            content_object=structure,
            user_id=user.pk,
            permission__codename="change_structure",
        ).exists()
    )


def can_view_guide(user: AnyUser) -> bool:
    """Département agents, partners and functional administrators; anyone, signed in or not, when
    the public guide is on (``PROCHE_GUIDE_PUBLIC``). Council members only through the public guide."""
    if guide_public():
        return True
    perimetre = perimetre_de(user)
    return perimetre.est_agent or perimetre.est_partenaire or perimetre.est_administrateur


def can_edit_structure(user: AnyUser, structure: Structure) -> bool:
    """Entries of Proche's own source only (imported ones are edited at their producer): members of
    the structure's organisation, holders of an unexpired co-editor grant on it, and functional
    administrators."""
    if not _actif(user) or not structure.est_locale:
        return False
    perimetre = perimetre_de(user)
    if perimetre.est_administrateur:
        return True
    if structure.organisation_id is not None and structure.organisation_id in perimetre.organisation_ids:
        return True
    return _coediteur(user, structure)


def can_edit_service(user: AnyUser, service: Service) -> bool:
    """Whoever may edit its structure."""
    return can_edit_structure(user, service.structure)


def can_view_structure(user: AnyUser, structure: Structure) -> bool:
    """Published structures for guide readers; any state for those who may edit it; everything for
    functional administrators."""
    if perimetre_de(user).est_administrateur:
        return True
    if structure.statut == StatutPublication.PUBLIEE and can_view_guide(user):
        return True
    return can_edit_structure(user, structure)


def can_view_service(user: AnyUser, service: Service) -> bool:
    """As structures: published (with its structure) for guide readers, else its editors."""
    if perimetre_de(user).est_administrateur:
        return True
    publie = (
        service.statut == StatutPublication.PUBLIEE and service.structure.statut == StatutPublication.PUBLIEE
    )
    if publie and can_view_guide(user):
        return True
    return can_edit_structure(user, service.structure)


def can_create_structure(user: AnyUser, organisation: Organisation | None = None) -> bool:
    """Members of a partner organisation, for their organisation; functional administrators, for any
    organisation (the Département's own services included)."""
    perimetre = perimetre_de(user)
    if perimetre.est_administrateur:
        return True
    if organisation is None:
        return perimetre.est_partenaire
    return organisation.pk in perimetre.organisation_ids


def can_manage_guide_entries(user: AnyUser) -> bool:
    """The « Mes fiches du guide » pages: partners, co-editors and functional administrators."""
    perimetre = perimetre_de(user)
    if perimetre.est_partenaire or perimetre.est_administrateur:
        return True
    return (
        _actif(user)
        and StructureUserObjectPermission.objects.filter(
            Q(expire_le__isnull=True) | Q(expire_le__gt=timezone.now()), user_id=user.pk
        ).exists()
    )


def can_moderate_guide(user: AnyUser) -> bool:
    """Publication is moderated by the Département's functional administrators."""
    return perimetre_de(user).est_administrateur


def can_import_guide(user: AnyUser) -> bool:
    """Imports of data·inclusion files: functional administrators."""
    return perimetre_de(user).est_administrateur


def can_grant_coediteur(user: AnyUser, structure: Structure) -> bool:
    """Members of the structure's organisation and functional administrators name co-editors."""
    perimetre = perimetre_de(user)
    if not structure.est_locale:
        return False
    return perimetre.est_administrateur or (
        structure.organisation_id is not None and structure.organisation_id in perimetre.organisation_ids
    )
