"""Template helpers of the referrals to partner services."""

from __future__ import annotations

from django import template

from parcours.permissions import can_view_caseload
from social.models import Utilisateur

register = template.Library()


@register.simple_tag
def peut_orienter_depuis_le_guide(user: Utilisateur) -> bool:
    """The « Orienter une personne vers ce service » button: staff who follow pathways."""
    return can_view_caseload(user)
