"""Writes on partner organisations and their memberships."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from social.enums import RoleAdhesion, TypeOrganisation
from social.models import Adhesion, Organisation, Utilisateur
from social.perimetre import oublier_perimetre


@transaction.atomic
def organisation_creer(
    *, acting_user: Utilisateur | None, nom: str, type: TypeOrganisation, siret: str = "", **autres: Any
) -> Organisation:
    """Create a partner organisation. The SIRET, when given, must pass the Luhn check."""
    organisation = Organisation(nom=nom.strip(), type=type, siret=siret.replace(" ", ""), **autres)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def adhesion_creer(
    *,
    utilisateur: Utilisateur,
    organisation: Organisation,
    role: RoleAdhesion = RoleAdhesion.MEMBRE,
    depuis: datetime.date | None = None,
) -> Adhesion:
    """Make a user a member of a partner organisation."""
    adhesion = Adhesion(
        utilisateur=utilisateur,
        organisation=organisation,
        role=role,
        date_debut=depuis or timezone.localdate(),
    )
    adhesion.full_clean()
    adhesion.save()
    oublier_perimetre(utilisateur)
    return adhesion
