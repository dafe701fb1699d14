"""Who may do what on aid files and sessions: small pure functions, each saying who may (STYLE 9).

Reads are scoped by ``DemandeAide.objects.visible_by(user)`` and ``Seance.objects.visible_by(user)``
(out of scope: 404); these functions say what a user may do with what she sees (403 otherwise)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from instances.enums import EtatDemande, EtatSeance, RoleMembre
from instances.models import Decision, Delegation, DemandeAide, Instance, Mandat, PointOrdreJour, Seance
from parcours.enums import RoleParcours
from parcours.models import Parcours
from parcours.permissions import ROLES_EQUIPE, can_view_sante_parcours, roles_sur_parcours
from social.models import Utilisateur

AnyUser = Utilisateur | AnonymousUser
ROLES_GESTION = frozenset({RoleMembre.SECRETARIAT, RoleMembre.PRESIDENT})


def mandat_de(user: AnyUser, organe: Instance | int) -> Mandat | None:
    """The user's active mandate on this instance (one query), or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    organe_id = organe if isinstance(organe, int) else organe.pk
    return Mandat.objects.actives().filter(utilisateur_id=user.pk, organe_id=organe_id).order_by("id").first()


def can_view_seances(user: AnyUser) -> bool:
    """« Mes séances »: the members of an instance (any role, with an active mandate)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and Mandat.objects.actives().filter(utilisateur_id=user.pk).exists()
    )


def can_manage_seances(user: AnyUser, organe: Instance | int | None = None) -> bool:
    """Creating sessions, building the agenda, convoking, attendance, opening, closing, validating:
    the secretariat and the chair of the instance (of any instance when ``organe`` is None)."""
    if not user.is_authenticated or not user.is_active:
        return False
    mandats = Mandat.objects.actives().filter(utilisateur_id=user.pk, role__in=ROLES_GESTION)
    if organe is not None:
        mandats = mandats.filter(organe_id=organe if isinstance(organe, int) else organe.pk)
    return mandats.exists()


def can_record_decision(user: AnyUser, seance: Seance) -> bool:
    """The secretariat and the chair record the decisions, while the session is open."""
    return seance.etat == EtatSeance.OUVERTE and can_manage_seances(user, seance.organe_id)


def can_declare_conflit(user: AnyUser, point: PointOrdreJour, mandat: Mandat) -> bool:
    """A member declares her own conflict of interest; the secretariat and the chair record one for a
    member of their instance. Until the session is closed."""
    if point.seance.etat not in (EtatSeance.CREEE, EtatSeance.CONVOQUEE, EtatSeance.OUVERTE):
        return False
    if mandat.organe_id != point.seance.organe_id:
        return False
    return mandat.utilisateur_id == user.pk or can_manage_seances(user, point.seance.organe_id)


def can_view_demandes_aide(user: AnyUser, parcours: Parcours) -> bool:
    """The aid section of a pathway (page and API list): the département's staff of the pathway read the
    files in full (``can_view_detail_demandes_aide``), designated partners their summary
    (``can_view_resume_demandes_aide``). The reception desk: 403."""
    return can_view_detail_demandes_aide(user, parcours) or can_view_resume_demandes_aide(user, parcours)


def can_view_detail_demandes_aide(user: AnyUser, parcours: Parcours) -> bool:
    """The aid files of a pathway in full (budget lines, reste à vivre, motivation, amounts, decisions'
    reasons and votes, documents, letters): the département's staff of the pathway, never partners (the
    budget is need-to-know, rule DP-2). One file's page and endpoints fetch through
    ``DemandeAide.objects.visible_by``, which also admits the council members of its sessions."""
    return can_view_sante_parcours(user, parcours)


def can_view_resume_demandes_aide(user: AnyUser, parcours: Parcours) -> bool:
    """The partner-facing summary of a pathway's submitted aid files (type, state, submission day,
    outcome, decision and notification days): a member of an organisation holding a designation in
    force on the pathway (``DemandeAide.objects.resume_visible_by``). A partner who is also staff of the
    pathway reads the files in full instead."""
    designee = RoleParcours.PARTENAIRE in roles_sur_parcours(user, parcours)
    return designee and not can_view_detail_demandes_aide(user, parcours)


def can_create_demande_aide(user: AnyUser, parcours: Parcours) -> bool:
    """The référent, the team members and the encadrants of the site, on an open pathway."""
    return not parcours.est_clos and bool(roles_sur_parcours(user, parcours) & ROLES_EQUIPE)


def can_submit_demande_aide(user: AnyUser, demande: DemandeAide) -> bool:
    """The pathway's team (as for creating), while the request is a draft."""
    return demande.etat == EtatDemande.BROUILLON and can_create_demande_aide(user, demande.parcours)


def can_decide_urgence(user: AnyUser, demande: DemandeAide) -> bool:
    """An urgent request waiting for a decision, and a user holding a delegation of signature in force
    for its type (the amount is checked by the action, rule G-5)."""
    return (
        user.is_authenticated
        and demande.urgence
        and demande.etat == EtatDemande.DEPOSEE
        and Delegation.objects.actives()
        .filter(utilisateur_id=user.pk, types_aide=demande.type_aide_id)
        .exists()
    )


def can_produire_proces_verbal(user: AnyUser, seance: Seance) -> bool:
    """The minutes: the secretariat and the chair of the instance, once the session is closed and until
    its decisions are notified."""
    return seance.etat in (EtatSeance.CLOTUREE, EtatSeance.VALIDEE) and can_manage_seances(
        user, seance.organe_id
    )


def can_produire_lettre(user: AnyUser, decision: Decision) -> bool:
    """A notification letter (G-3), before the decision is notified: for a decision in session, the
    secretariat and the chair of its instance once the session is closed; for an urgent decision, its
    signatory."""
    if decision.notifiee_le is not None or decision.issue == "":
        return False
    if decision.point_id is None:
        return bool(user.is_authenticated and decision.decidee_par_id == user.pk)
    seance = decision.point.seance  # type: ignore[union-attr]
    return seance.etat in (EtatSeance.CLOTUREE, EtatSeance.VALIDEE) and can_manage_seances(
        user, seance.organe_id
    )
