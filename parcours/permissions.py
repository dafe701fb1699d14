"""Who may do what on a pathway: small pure functions, each saying who may (STYLE 9).

Reads are scoped by ``Parcours.objects.visible_by(user)`` (out of scope: 404). On a visible pathway,
what a user may read and do follows from her roles on it (``roles_sur_parcours``): référent unique,
team member, encadrant / évaluateur / agent of the responsible site, designated partner. The workflow
table (``parcours.workflows``) says which roles may trigger each transition.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from parcours.enums import RoleParcours
from parcours.models import DesignationPartenaire, MembreEquipe, OrientationPartenaire, Parcours, RendezVous
from parcours.workflows import Transition
from social.enums import PerimetreAffectation, RoleAgent
from social.models import Affectation, Personne, Site, Utilisateur
from social.perimetre import perimetre_de
from social.permissions import can_view_personne

AnyUser = Utilisateur | AnonymousUser

R = RoleParcours
# The pathway's team in the sense of notes and writes: référent, members, the site's encadrants.
ROLES_EQUIPE = frozenset({R.REFERENT, R.EQUIPE, R.ENCADRANT})
ROLES_LECTEURS = frozenset({R.REFERENT, R.EQUIPE, R.ENCADRANT, R.EVALUATEUR, R.AGENT_SITE, R.PARTENAIRE})
# Staff roles that follow pathways (the reception desk books appointments, it does not follow files).
ROLES_AGENT_SUIVI = frozenset(
    {RoleAgent.TRAVAILLEUR_SOCIAL, RoleAgent.ENCADRANT, RoleAgent.EVALUATEUR_MEDICO_SOCIAL}
)
_CACHE_ATTR = "_proche_roles_parcours"


def roles_sur_parcours(user: AnyUser, parcours: Parcours) -> frozenset[str]:
    """The user's roles on this pathway (at most three small queries, cached on the pathway object)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache: dict[int, frozenset[str]] = parcours.__dict__.setdefault(_CACHE_ATTR, {})
    if user.pk in cache:
        return cache[user.pk]
    perimetre = perimetre_de(user)
    roles: set[str] = set()
    if perimetre.est_agent:
        if parcours.referent_id == user.pk:
            roles.add(R.REFERENT)
        if MembreEquipe.objects.actives().filter(parcours=parcours, utilisateur_id=user.pk).exists():
            roles.add(R.EQUIPE)
        if parcours.site_id in perimetre.site_ids:
            roles_au_site = _roles_au_site(user, parcours.site_id)
            if RoleAgent.ENCADRANT in roles_au_site:
                roles.add(R.ENCADRANT)
            if RoleAgent.EVALUATEUR_MEDICO_SOCIAL in roles_au_site:
                roles.add(R.EVALUATEUR)
            if roles_au_site & ROLES_AGENT_SUIVI:
                roles.add(R.AGENT_SITE)
    if (
        perimetre.organisation_ids
        and DesignationPartenaire.objects.actives()
        .filter(parcours=parcours, organisation_id__in=perimetre.organisation_ids)
        .exists()
    ):
        roles.add(R.PARTENAIRE)
    cache[user.pk] = frozenset(roles)
    return cache[user.pk]


def oublier_roles(parcours: Parcours) -> None:
    """Drop the cached roles (after a change of référent, team or designation on this object)."""
    parcours.__dict__.pop(_CACHE_ATTR, None)


def _roles_au_site(user: Utilisateur, site_id: int) -> frozenset[str]:
    """Roles of the user's active assignments at this site, or territory-wide over it: an encadrant of
    one site who is a social worker at another is not the encadrant of the second one's pathways."""
    return frozenset(
        Affectation.objects.actives()
        .filter(utilisateur_id=user.pk)
        .filter(
            Q(site_id=site_id)
            | Q(perimetre=PerimetreAffectation.TERRITOIRE, site__territoire__sites__id=site_id)
        )
        .values_list("role", flat=True)
    )


def sites_de_suivi(user: AnyUser) -> frozenset[int]:
    """The sites whose pathways the user follows as social worker, évaluateur or encadrant (her sites, or
    every site of her territory for a territory-wide assignment). One query."""
    if not user.is_authenticated:
        return frozenset()
    affectations = Affectation.objects.actives().filter(utilisateur_id=user.pk, role__in=ROLES_AGENT_SUIVI)
    return frozenset(
        Site.objects.filter(
            Q(pk__in=affectations.values("site_id"))
            | Q(
                territoire_id__in=affectations.filter(perimetre=PerimetreAffectation.TERRITOIRE).values(
                    "site__territoire_id"
                )
            )
        ).values_list("id", flat=True)
    )


def est_partenaire_seulement(user: AnyUser, parcours: Parcours) -> bool:
    """Sees the pathway only as a designated partner: partner-facing fields, never health data."""
    roles = roles_sur_parcours(user, parcours)
    return R.PARTENAIRE in roles and not roles - {R.PARTENAIRE}


def can_view_parcours(user: AnyUser, parcours: Parcours) -> bool:
    """The pathway page: its référent and team, the social workers, évaluateurs and encadrants of the
    responsible site, and designated partners (partner-facing content). Reception agents see that a
    pathway exists (on the person's file), not its content."""
    return bool(roles_sur_parcours(user, parcours) & ROLES_LECTEURS)


def can_view_ase(user: AnyUser, parcours: Parcours) -> bool:
    """The person's ASE facts (entrusted to the ASE before majority, the entretien d'accès à l'autonomie)
    and their deadline: the référent, the team members and the encadrants of the pathway only; neither
    the other agents of the site nor the partners (rule DP-4, child-protection data)."""
    return bool(roles_sur_parcours(user, parcours) & ROLES_EQUIPE)


def can_renseigner_ase(user: AnyUser, parcours: Parcours) -> bool:
    """Record the person's ASE facts: the same team, on an open pathway."""
    return not parcours.est_clos and can_view_ase(user, parcours)


def can_view_sante_parcours(user: AnyUser, parcours: Parcours) -> bool:
    """Health-related content (objectives of the health axe; later AGGIR detail): département staff of
    the pathway only, never partners (rule DP-2)."""
    return _personnel_du_parcours(user, parcours)


def _personnel_du_parcours(user: AnyUser, parcours: Parcours) -> bool:
    """The département's staff who read the pathway: référent, team, agents following its site."""
    return bool(roles_sur_parcours(user, parcours) & (ROLES_LECTEURS - {R.PARTENAIRE}))


def can_view_sanctions_rsa(user: AnyUser, parcours: Parcours) -> bool:
    """An RSA sanction procedure (facts, observations, decisions, recours) and its deadlines: the
    département's staff of the pathway, never partners nor the reception desk (rule DP-2). The SQL form of
    this test, per row of a list, is ``parcours.selectors.sanctions_lisibles_sql``."""
    return _personnel_du_parcours(user, parcours)


def can_transition_parcours(user: AnyUser, parcours: Parcours, transition: Transition) -> bool:
    """The roles the workflow table names for this transition, on an open pathway."""
    return not parcours.est_clos and bool(roles_sur_parcours(user, parcours) & transition.roles)


def can_change_referent(user: AnyUser, parcours: Parcours) -> bool:
    """Encadrants of the responsible site (reassigning référents, DESIGN.md), on an open pathway."""
    return not parcours.est_clos and R.ENCADRANT in roles_sur_parcours(user, parcours)


def can_add_note(user: AnyUser, parcours: Parcours) -> bool:
    """The référent, team members, encadrants of the site, and designated partners."""
    return bool(roles_sur_parcours(user, parcours) & (ROLES_EQUIPE | {R.PARTENAIRE}))


def can_plan_rendez_vous(user: AnyUser, parcours: Parcours) -> bool:
    """The référent, team members and encadrants of the site, on an open pathway."""
    return not parcours.est_clos and bool(roles_sur_parcours(user, parcours) & ROLES_EQUIPE)


def can_record_rendez_vous(user: AnyUser, rendez_vous: RendezVous) -> bool:
    """The pathway's team, or the agent the appointment was with."""
    return rendez_vous.agent_id == user.pk or bool(
        roles_sur_parcours(user, rendez_vous.parcours) & ROLES_EQUIPE
    )


def can_manage_plan(user: AnyUser, parcours: Parcours) -> bool:
    """Objectives and actions: the référent, team members and encadrants of the site, on an open pathway."""
    return not parcours.est_clos and bool(roles_sur_parcours(user, parcours) & ROLES_EQUIPE)


def can_designate_partenaire(user: AnyUser, parcours: Parcours) -> bool:
    """The référent and the encadrants of the site, on an open pathway."""
    return not parcours.est_clos and bool(roles_sur_parcours(user, parcours) & {R.REFERENT, R.ENCADRANT})


def can_end_designation(user: AnyUser, parcours: Parcours) -> bool:
    """The référent and the encadrants of the site (also after closure)."""
    return bool(roles_sur_parcours(user, parcours) & {R.REFERENT, R.ENCADRANT})


def can_manage_equipe(user: AnyUser, parcours: Parcours) -> bool:
    """The référent and the encadrants of the site, on an open pathway."""
    return not parcours.est_clos and bool(roles_sur_parcours(user, parcours) & {R.REFERENT, R.ENCADRANT})


def can_record_suite(user: AnyUser, parcours: Parcours) -> bool:
    """After an exit, the référent and the encadrants of the site record the next step."""
    return parcours.est_clos and bool(roles_sur_parcours(user, parcours) & {R.REFERENT, R.ENCADRANT})


def can_open_parcours(user: AnyUser, personne: Personne, site: Site | None = None) -> bool:
    """Social workers, évaluateurs and encadrants who see the person's file, at one of their sites."""
    perimetre = perimetre_de(user)
    if not perimetre.roles & ROLES_AGENT_SUIVI:
        return False
    if site is not None and site.pk not in perimetre.site_ids:
        return False
    return can_view_personne(user, personne)


def can_be_referent(user: Utilisateur, parcours: Parcours) -> bool:
    """A référent is an active social worker, évaluateur or encadrant of the responsible site (or of its
    territory)."""
    return bool(_roles_au_site(user, parcours.site_id) & ROLES_AGENT_SUIVI)


def can_view_caseload(user: AnyUser) -> bool:
    """ "Mes parcours": the staff who follow pathways (social workers, évaluateurs, encadrants)."""
    return bool(perimetre_de(user).roles & ROLES_AGENT_SUIVI)


def can_view_tableau_de_bord(user: AnyUser) -> bool:
    """The manager dashboard: encadrants (for the pathways of their perimeter)."""
    return perimetre_de(user).est_encadrant


# Referrals to a partner service of the guide (``parcours.models.orientations``).


def can_orienter_vers_partenaire(user: AnyUser, parcours: Parcours) -> bool:
    """The référent, the team members and the encadrants of the responsible site, on an open pathway
    (a referral is a step of the accompaniment, decided with the person)."""
    return not parcours.est_clos and bool(roles_sur_parcours(user, parcours) & ROLES_EQUIPE)


def can_view_boite_orientations(user: AnyUser) -> bool:
    """« Orientations reçues »: members of a partner organisation (the referrals addressed to their
    organisations); any other role can never use this page (403)."""
    return perimetre_de(user).est_partenaire


def est_destinataire_orientation(user: AnyUser, orientation: OrientationPartenaire) -> bool:
    """A member of the organisation the referral is addressed to, while it waits for an answer: she
    answers it and reads all its attachments (``parcours.selectors_orientations``)."""
    return (
        orientation.est_ouverte
        and orientation.organisation_id is not None
        and orientation.organisation_id in perimetre_de(user).organisation_ids
    )


def can_repondre_orientation(user: AnyUser, orientation: OrientationPartenaire) -> bool:
    """The members of the organisation the referral is addressed to, while it waits for an answer."""
    return est_destinataire_orientation(user, orientation)


# Documents of a pathway (parcours.models.documents).


def can_view_documents_sante(user: AnyUser, parcours: Parcours) -> bool:
    """Health documents (medical certificates): the medico-social profiles of the pathway's site only, the
    évaluateurs médico-sociaux (rule DP-2: medical certificates to medical or medico-social profiles;
    DESIGN.md persona table). Not the social workers, the encadrants nor the partners."""
    return R.EVALUATEUR in roles_sur_parcours(user, parcours)


def can_view_documents_confidentiels(user: AnyUser, parcours: Parcours) -> bool:
    """Confidential documents: the département's staff on the pathway, never the partners."""
    return can_view_sante_parcours(user, parcours)


def can_deposer_document(user: AnyUser, parcours: Parcours) -> bool:
    """The département's staff on the pathway (référent, team, encadrants, évaluateurs and social workers
    of the site), also after closure (a decision letter arrives late). Not the partners: what they send
    comes through the référent."""
    return can_view_sante_parcours(user, parcours)


def can_supprimer_document(user: AnyUser, parcours: Parcours, depose_par_id: int | None) -> bool:
    """The référent and the encadrants of the site, and the agent who filed it (still on the pathway)."""
    roles = roles_sur_parcours(user, parcours)
    if roles & {R.REFERENT, R.ENCADRANT}:
        return True
    return depose_par_id is not None and depose_par_id == user.pk and can_view_sante_parcours(user, parcours)
