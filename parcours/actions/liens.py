"""Partner designations and team members. A designation keeps ``social.Rattachement`` in step, so that
the partner's access to the person's file follows its role on the pathway (dependency rule: ``parcours``
calls ``social``'s actions, never the reverse)."""

from __future__ import annotations

import datetime

from django.db import transaction

from parcours.actions._outils import aujourd_hui, enregistrer, exiger_ouvert, refuser, verrouiller
from parcours.enums import EvenementParcours
from parcours.models import DesignationPartenaire, MembreEquipe, Parcours
from parcours.permissions import (
    ROLES_AGENT_SUIVI,
    can_designate_partenaire,
    can_end_designation,
    can_manage_equipe,
    oublier_roles,
)
from social.actions import rattachement_creer, rattachement_terminer
from social.models import Adhesion, Affectation, Organisation, Rattachement, Utilisateur
from social.temps_reel import diffuser


@transaction.atomic
def partenaire_designer(
    *,
    parcours: Parcours,
    organisation: Organisation,
    acting_user: Utilisateur,
    motif: str = "",
    depuis: datetime.date | None = None,
) -> DesignationPartenaire:
    """Designate a partner organisation on the pathway: its members see the pathway (partner-facing
    content) and the person's file from ``depuis``. Notifies the organisation's members after commit."""
    parcours = verrouiller(parcours)
    exiger_ouvert(parcours)
    if not can_designate_partenaire(acting_user, parcours):
        raise refuser("Seuls le référent et les encadrants du site désignent des partenaires.", "interdit")
    if DesignationPartenaire.objects.filter(
        parcours=parcours, organisation=organisation, date_fin__isnull=True
    ).exists():
        raise refuser(
            f"{organisation.nom} est déjà désignée sur ce parcours.", "deja_designe", champ="organisation"
        )
    designation = DesignationPartenaire(
        parcours=parcours,
        organisation=organisation,
        motif=motif.strip()[:200],
        date_debut=depuis or aujourd_hui(),
        created_by=acting_user,
    )
    enregistrer(designation, acting_user=acting_user, raison="Désignation d'un partenaire")
    if not Rattachement.objects.filter(
        personne_id=parcours.personne_id, organisation=organisation, date_fin__isnull=True
    ).exists():
        rattachement_creer(
            personne=parcours.personne,
            organisation=organisation,
            acting_user=acting_user,
            motif=f"Partenaire désigné sur le parcours {parcours.get_dispositif_display()}",
            depuis=designation.date_debut,
        )
    membres = (
        Adhesion.objects.actives().filter(organisation=organisation).values_list("utilisateur_id", flat=True)
    )
    diffuser(
        utilisateur_ids=membres, evenement=EvenementParcours.DESIGNATION.value, objet_ids=[parcours.public_id]
    )
    oublier_roles(parcours)
    return designation


@transaction.atomic
def designation_terminer(
    *, designation: DesignationPartenaire, acting_user: Utilisateur, le: datetime.date | None = None
) -> DesignationPartenaire:
    """End a designation (links are ended, never deleted). The end date is included: the partner keeps
    access until the end of that day, as every dated link of the project."""
    designation = (
        DesignationPartenaire.objects.select_for_update(of=("self",))
        .select_related("parcours")
        .get(pk=designation.pk)
    )
    if not can_end_designation(acting_user, designation.parcours):
        raise refuser(
            "Seuls le référent et les encadrants du site mettent fin à une désignation.", "interdit"
        )
    if designation.date_fin is not None and designation.date_fin <= (le or aujourd_hui()):
        raise refuser("Cette désignation est déjà terminée.", "deja_terminee")
    terminer_designation(designation, acting_user=acting_user, le=le or aujourd_hui())
    oublier_roles(designation.parcours)
    return designation


def terminer_designation(
    designation: DesignationPartenaire, *, acting_user: Utilisateur, le: datetime.date
) -> None:
    """End a designation and, when the organisation has no other ongoing designation on the person's
    pathways, the person's attachment to it (a partner keeps no access once its role ends)."""
    designation.date_fin = max(le, designation.date_debut)
    enregistrer(
        designation, acting_user=acting_user, raison="Fin de la désignation", update_fields=["date_fin"]
    )
    personne_id = designation.parcours.personne_id
    if (
        DesignationPartenaire.objects.filter(
            parcours__personne_id=personne_id,
            organisation_id=designation.organisation_id,
            date_fin__isnull=True,
        )
        .exclude(pk=designation.pk)
        .exists()
    ):
        return
    for rattachement in Rattachement.objects.filter(
        personne_id=personne_id, organisation_id=designation.organisation_id, date_fin__isnull=True
    ):
        rattachement_terminer(
            rattachement=rattachement,
            acting_user=acting_user,
            le=max(designation.date_fin, rattachement.date_debut),
        )


@transaction.atomic
def membre_equipe_ajouter(
    *,
    parcours: Parcours,
    utilisateur: Utilisateur,
    role: str,
    acting_user: Utilisateur,
    depuis: datetime.date | None = None,
) -> MembreEquipe:
    """Add an agent to the pathway's team (she then sees it and writes on it, even from another site)."""
    parcours = verrouiller(parcours)
    exiger_ouvert(parcours)
    if not can_manage_equipe(acting_user, parcours):
        raise refuser("Seuls le référent et les encadrants du site composent l'équipe.", "interdit")
    if not Affectation.objects.actives().filter(utilisateur=utilisateur, role__in=ROLES_AGENT_SUIVI).exists():
        raise refuser(
            "Un membre de l'équipe est un agent du département (travailleur social, évaluateur, encadrant).",
            "membre_invalide",
            champ="utilisateur",
        )
    if MembreEquipe.objects.filter(
        parcours=parcours, utilisateur=utilisateur, date_fin__isnull=True
    ).exists():
        raise refuser("Cette personne fait déjà partie de l'équipe.", "deja_membre", champ="utilisateur")
    if not role.strip():
        raise refuser("Indiquez son rôle dans l'équipe.", "role_requis", champ="role")
    membre = MembreEquipe(
        parcours=parcours,
        utilisateur=utilisateur,
        role=role.strip()[:100],
        date_debut=depuis or aujourd_hui(),
    )
    enregistrer(membre, acting_user=acting_user, raison="Ajout à l'équipe")
    diffuser(
        utilisateur_ids=[utilisateur.pk],
        evenement=EvenementParcours.EQUIPE.value,
        objet_ids=[parcours.public_id],
    )
    oublier_roles(parcours)
    return membre


@transaction.atomic
def membre_equipe_retirer(
    *, membre: MembreEquipe, acting_user: Utilisateur, le: datetime.date | None = None
) -> MembreEquipe:
    """End a team membership (included end date)."""
    membre = MembreEquipe.objects.select_for_update(of=("self",)).select_related("parcours").get(pk=membre.pk)
    if not can_manage_equipe(acting_user, membre.parcours):
        raise refuser("Seuls le référent et les encadrants du site composent l'équipe.", "interdit")
    if membre.date_fin is not None:
        raise refuser("Cette personne ne fait déjà plus partie de l'équipe.", "deja_retire")
    membre.date_fin = max(le or aujourd_hui(), membre.date_debut)
    enregistrer(membre, acting_user=acting_user, raison="Retrait de l'équipe", update_fields=["date_fin"])
    oublier_roles(membre.parcours)
    return membre
