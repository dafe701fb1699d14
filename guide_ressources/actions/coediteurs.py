"""Explicit co-editor grants on a structure (django-guardian, direct foreign key, with an expiry)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Permission
from django.db import transaction

from guide_ressources.models import Structure, StructureUserObjectPermission
from social.models import Utilisateur


@transaction.atomic
def coediteur_autoriser(
    *,
    structure: Structure,
    utilisateur: Utilisateur,
    acting_user: Utilisateur,
    expire_le: datetime.datetime | None = None,
    motif: str = "",
) -> StructureUserObjectPermission:
    """Let ``utilisateur`` edit the structure and its services (until ``expire_le``, if given)."""
    permission = Permission.objects.get(
        content_type__app_label="guide_ressources", codename="change_structure"
    )
    autorisation, _ = StructureUserObjectPermission.objects.update_or_create(
        user=utilisateur,
        permission=permission,
        content_object=structure,
        defaults={"expire_le": expire_le, "motif": motif.strip()},
    )
    return autorisation


@transaction.atomic
def coediteur_retirer(*, structure: Structure, utilisateur: Utilisateur, acting_user: Utilisateur) -> int:
    """End the grant (the row is deleted: grants carry no history of their own)."""
    supprimees, _ = StructureUserObjectPermission.objects.filter(
        content_object=structure, user=utilisateur, permission__codename="change_structure"
    ).delete()
    return supprimees
