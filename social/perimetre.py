"""A user's perimeter: what her active assignments and memberships cover, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection
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
    # One query, named columns: the active assignments (with their site's territory and, for a
    # territory-wide assignment, every site of that territory) and the active memberships. It runs on
    # every page, where two ORM queries cost their compilation each time (docs/decisions/0002).
    jour = timezone.localdate()
    site_ids: set[int] = set()
    territoire_ids: set[int] = set()
    roles: set[str] = set()
    organisation_ids: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT 'a', a.site_id, s.territoire_id, a.role
            FROM social_affectation a JOIN social_site s ON s.id = a.site_id
            WHERE a.utilisateur_id = %(u)s
              AND a.date_debut <= %(j)s AND (a.date_fin IS NULL OR a.date_fin >= %(j)s)
            UNION ALL
            SELECT 't', autre.id, NULL, NULL
            FROM social_affectation a JOIN social_site s ON s.id = a.site_id
            JOIN social_site autre ON autre.territoire_id = s.territoire_id
            WHERE a.utilisateur_id = %(u)s
              AND a.date_debut <= %(j)s AND (a.date_fin IS NULL OR a.date_fin >= %(j)s)
              AND a.perimetre = %(territoire)s
            UNION ALL
            SELECT 'o', h.organisation_id, NULL, NULL
            FROM social_adhesion h
            WHERE h.utilisateur_id = %(u)s
              AND h.date_debut <= %(j)s AND (h.date_fin IS NULL OR h.date_fin >= %(j)s)
            """,
            {"u": user.pk, "j": jour, "territoire": PerimetreAffectation.TERRITOIRE.value},
        )
        for genre, identifiant, territoire_id, role in cursor.fetchall():
            if genre == "a":
                site_ids.add(identifiant)
                roles.add(role)
                if territoire_id is not None:
                    territoire_ids.add(territoire_id)
            elif genre == "t":
                site_ids.add(identifiant)
            else:
                organisation_ids.add(identifiant)
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
