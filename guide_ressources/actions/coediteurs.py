"""Explicit co-editor grants on a structure (django-guardian, direct foreign key, with an expiry).

A member of the structure's organisation (or a functional administrator) names a user of another
organisation, found by her e-mail address, who may then edit the structure and its services; removing
the grant revokes that right at once (the scoping querysets read the grants on each request).
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from guide_ressources.models import Structure, StructureUserObjectPermission
from social.models import Utilisateur
from social.perimetre import perimetre_de

logger = logging.getLogger(__name__)


def _erreur(message: str, code: str) -> ValidationError:
    return ValidationError({"courriel": ValidationError(message, code=code)})


def coediteur_trouver(*, courriel: str) -> Utilisateur:
    """The active account with this e-mail address (case ignored), or a French error on ``courriel``."""
    comptes = list(Utilisateur.objects.filter(email__iexact=courriel.strip(), is_active=True)[:2])
    if not comptes:
        raise _erreur("Aucun compte actif n'a cette adresse de courriel.", "compte_inconnu")
    if len(comptes) > 1:
        raise _erreur(
            "Plusieurs comptes ont cette adresse de courriel : demandez à l'administrateur.", "compte_ambigu"
        )
    return comptes[0]


@transaction.atomic
def coediteur_autoriser(
    *,
    structure: Structure,
    utilisateur: Utilisateur,
    acting_user: Utilisateur | None,
    expire_le: datetime.datetime | None = None,
    motif: str = "",
) -> StructureUserObjectPermission:
    """Let ``utilisateur`` edit the structure and its services (until ``expire_le``, if given).

    Refused for an account that can already edit it through its organisation, for a council-only or
    inactive account (co-editors are agents or partners), and for a past expiry."""
    if not utilisateur.is_active:
        raise _erreur("Ce compte est désactivé.", "compte_inactif")
    perimetre = perimetre_de(utilisateur)
    if structure.organisation_id is not None and structure.organisation_id in perimetre.organisation_ids:
        raise _erreur(
            "Cette personne est membre de l'organisation de la structure : elle peut déjà la modifier.",
            "deja_membre",
        )
    if not (perimetre.est_partenaire or perimetre.est_agent or perimetre.est_administrateur):
        raise _erreur(
            "Seuls les agents du Département et les membres d'une organisation partenaire peuvent être "
            "co-éditeurs.",
            "compte_non_eligible",
        )
    if expire_le is not None and expire_le <= timezone.now():
        raise ValidationError(
            {"expire_le": ValidationError("La date de fin doit être dans le futur.", code="expire_passee")}
        )
    permission = Permission.objects.get(
        content_type__app_label="guide_ressources", codename="change_structure"
    )
    autorisation, _ = StructureUserObjectPermission.objects.update_or_create(
        user=utilisateur,
        permission=permission,
        content_object=structure,
        defaults={
            "expire_le": expire_le,
            "motif": motif.strip(),
            "accorde_par": acting_user,
            "accorde_le": timezone.now(),
        },
    )
    logger.info(
        "guide: co-editor grant structure=%s user=%s by=%s",
        structure.pk,
        utilisateur.pk,
        acting_user.pk if acting_user else None,
    )
    return autorisation


@transaction.atomic
def coediteur_retirer(
    *, structure: Structure, utilisateur: Utilisateur, acting_user: Utilisateur | None
) -> int:
    """End the grant (the row is deleted: grants carry no history of their own)."""
    supprimees, _ = StructureUserObjectPermission.objects.filter(
        content_object=structure, user=utilisateur, permission__codename="change_structure"
    ).delete()
    logger.info(
        "guide: co-editor removed structure=%s user=%s by=%s",
        structure.pk,
        utilisateur.pk,
        acting_user.pk if acting_user else None,
    )
    return supprimees
