"""A user's perimeter: what her active assignments and memberships cover, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from social.enums import PerimetreAffectation, RoleAgent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from social.models import Utilisateur

_CACHE_ATTR = "_proche_perimetre"


@dataclass(frozen=True)
class Perimetre:
    site_ids: frozenset[int] = field(default_factory=frozenset)
    territoire_ids: frozenset[int] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    est_administrateur: bool = False

    @property
    def est_agent(self) -> bool:
        return bool(self.roles)

    @property
    def est_partenaire(self) -> bool:
        return bool(self.organisation_ids)

    @property
    def est_encadrant(self) -> bool:
        return RoleAgent.ENCADRANT in self.roles

    @property
    def est_medico_social(self) -> bool:
        """Health data (AGGIR detail, certificates) is restricted to these profiles (rule DP-2)."""
        return RoleAgent.EVALUATEUR_MEDICO_SOCIAL in self.roles


def perimetre_de(user: Utilisateur | AnonymousUser) -> Perimetre:
    """Compute (once per user object, so once per request) the perimeter of ``user``."""
    if not user.is_authenticated or not user.is_active:
        return Perimetre()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from social.models import Adhesion, Affectation, Site

    jour = timezone.localdate()
    site_ids: set[int] = set()
    territoires_entiers: set[int] = set()
    territoire_ids: set[int] = set()
    roles: set[str] = set()
    for site_id, territoire_id, role, perimetre in (
        Affectation.objects.actives(jour)
        .filter(utilisateur_id=user.pk)
        .values_list("site_id", "site__territoire_id", "role", "perimetre")
    ):
        site_ids.add(site_id)
        roles.add(role)
        if territoire_id is not None:
            territoire_ids.add(territoire_id)
            if perimetre == PerimetreAffectation.TERRITOIRE:
                territoires_entiers.add(territoire_id)
    if territoires_entiers:
        site_ids.update(
            Site.objects.filter(territoire_id__in=territoires_entiers).values_list("id", flat=True)
        )
    organisation_ids = set(
        Adhesion.objects.actives(jour)
        .filter(utilisateur_id=user.pk)
        .values_list("organisation_id", flat=True)
    )
    perimetre_calcule = Perimetre(
        site_ids=frozenset(site_ids),
        territoire_ids=frozenset(territoire_ids),
        organisation_ids=frozenset(organisation_ids),
        roles=frozenset(roles),
        est_administrateur=bool(getattr(user, "est_administrateur_fonctionnel", False)),
    )
    setattr(user, _CACHE_ATTR, perimetre_calcule)
    return perimetre_calcule


def oublier_perimetre(user: object) -> None:
    """Drop the cached perimeter (after an assignment changes within the same request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
