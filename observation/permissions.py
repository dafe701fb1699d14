"""Who may see the observation (dashboards, exports, extract). Pure functions, one docstring each."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from social.enums import PerimetreAffectation, RoleAgent
from social.models import Affectation, Site, Utilisateur
from social.perimetre import perimetre_de

AnyUser = Utilisateur | AnonymousUser
_CACHE_ATTR = "_proche_perimetre_observation"


@dataclass(frozen=True)
class PerimetreObservation:
    """The figures a user may read: the whole département (direction), whole territories (an encadrant
    with a territory-wide assignment: the territory and each of its sites), or sites (an encadrant of a
    site). The département's own figures are the direction's only: with few territories, they would
    give the other territories' figures by difference."""

    departement: bool = False
    territoire_ids: frozenset[int] = field(default_factory=frozenset)
    site_ids: frozenset[int] = field(default_factory=frozenset)
    # A partner member: the referral figures of her organisations only.
    organisation_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def vide(self) -> bool:
        return not (self.departement or self.territoire_ids or self.site_ids or self.organisation_ids)

    @property
    def partenaire_seulement(self) -> bool:
        """Only organisations' referral figures (no site, no territory, not the département)."""
        return bool(self.organisation_ids) and not (self.departement or self.territoire_ids or self.site_ids)


def perimetre_observation(user: AnyUser, *, jour: datetime.date | None = None) -> PerimetreObservation:
    """Computed once per user object (so once per request) from the active assignments (two queries at
    most) and the request's cached perimeter (the organisations of a partner member)."""
    if not user.is_authenticated or not user.is_active:
        return PerimetreObservation()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    jour = jour or timezone.localdate()
    departement = False
    territoires: set[int] = set()
    sites: set[int] = set()
    for role, site_id, territoire_id, perimetre in (
        Affectation.objects.actives(jour)
        .filter(utilisateur_id=user.pk, role__in=[RoleAgent.ENCADRANT, RoleAgent.DIRECTION])
        .values_list("role", "site_id", "site__territoire_id", "perimetre")
    ):
        if role == RoleAgent.DIRECTION:
            departement = True
        elif perimetre == PerimetreAffectation.TERRITOIRE and territoire_id is not None:
            territoires.add(territoire_id)
        else:
            sites.add(site_id)
    if territoires and not departement:
        sites.update(Site.objects.filter(territoire_id__in=territoires).values_list("id", flat=True))
    resultat = PerimetreObservation(
        departement=departement,
        territoire_ids=frozenset(territoires),
        site_ids=frozenset(sites),
        organisation_ids=perimetre_de(user).organisation_ids,
    )
    setattr(user, _CACHE_ATTR, resultat)
    return resultat


def can_view_observation(user: AnyUser) -> bool:
    """The dashboards and their exports (CSV, XLSX, open data): encadrants (their site or territory), the
    direction (the département) and partner members (their organisations' referral statistics only);
    social workers, reception, evaluators, council members and functional administrators: no. Read from
    the request's cached perimeter (no query of its own: the navigation asks on every page)."""
    perimetre = perimetre_de(user)
    return bool(perimetre.roles & {RoleAgent.ENCADRANT, RoleAgent.DIRECTION}) or perimetre.est_partenaire


def can_extract_pseudonymise(user: AnyUser) -> bool:
    """The pseudonymised person-level extract for studies: the direction only."""
    return perimetre_observation(user).departement
