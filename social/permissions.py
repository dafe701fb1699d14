"""Who may do what on the social core: small pure functions, each saying who may.

Reads are scoped by ``Personne.objects.visible_by(user)``; ``can_view_personne`` states the same
rule for one object (a property test keeps them in agreement).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from social.enums import RoleAgent
from social.models import Personne, PersonneUserObjectPermission, Rattachement, Site, Utilisateur
from social.perimetre import perimetre_de

AnyUser = Utilisateur | AnonymousUser
MEMO_VISIBILITE = "_proche_visible_par"


def can_view_personne(user: AnyUser, personne: Personne) -> bool:
    """Agents of a site serving the person's commune or to which the file is attached; members of a
    designated partner organisation; holders of an unexpired explicit grant."""
    if not user.is_authenticated or not user.is_active:
        return False
    # Memoised on the instance for this user: a page asks several can_* functions about the person
    # it just fetched (through ``visible_by``, which records the answer already).
    memo: dict[int, bool] = personne.__dict__.setdefault(MEMO_VISIBILITE, {})
    if user.pk not in memo:
        memo[user.pk] = _visible(user, personne)
    return memo[user.pk]


def _visible(user: Utilisateur, personne: Personne) -> bool:
    perimetre = perimetre_de(user)
    if perimetre.site_ids and (
        Site.communes_desservies.through.objects.filter(
            site_id__in=perimetre.site_ids, commune_id=personne.commune_id
        ).exists()
        or Rattachement.objects.actives().filter(personne=personne, site_id__in=perimetre.site_ids).exists()
    ):
        return True
    if (
        perimetre.organisation_ids
        and Rattachement.objects.actives()
        .filter(personne=personne, organisation_id__in=perimetre.organisation_ids)
        .exists()
    ):
        return True
    return PersonneUserObjectPermission.objects.filter(
        Q(expire_le__isnull=True) | Q(expire_le__gt=timezone.now()),
        content_object=personne,
        user_id=user.pk,
        permission__codename="view_personne",
    ).exists()


def can_create_personne(user: AnyUser) -> bool:
    """Any département agent with an active assignment (reception desk included)."""
    return perimetre_de(user).est_agent


def can_edit_personne(user: AnyUser, personne: Personne) -> bool:
    """Département agents who can see the file. Partners and council members never edit identities."""
    return perimetre_de(user).est_agent and can_view_personne(user, personne)


def can_search_personnes(user: AnyUser) -> bool:
    """Département agents and partners (partners find only the people designated to them)."""
    perimetre = perimetre_de(user)
    return perimetre.est_agent or perimetre.est_partenaire


def can_view_journal_acces(user: AnyUser, personne: Personne | None = None) -> bool:
    """Managers (encadrants) for the files of their perimeter; functional administrators for any file."""
    perimetre = perimetre_de(user)
    if perimetre.est_administrateur:
        return True
    if RoleAgent.ENCADRANT not in perimetre.roles:
        return False
    return personne is None or can_view_personne(user, personne)


def can_view_health_data(user: AnyUser) -> bool:
    """Health data (AGGIR detail, certificates) is for medico-social profiles only (rule DP-2)."""
    return perimetre_de(user).est_medico_social


def can_manage_referentiel(user: AnyUser) -> bool:
    """Functional administrators maintain reference data, organisations and accounts."""
    return perimetre_de(user).est_administrateur
