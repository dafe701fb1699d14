"""The shared building blocks: appointments, notes, objectives and actions of the plan."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from parcours import workflows
from parcours.actions._outils import enregistrer, exiger_ouvert, refuser
from parcours.enums import (
    AxeAccompagnement,
    Confidentialite,
    EvenementParcours,
    ModaliteRendezVous,
    ResultatRendezVous,
    StatutAction,
    StatutObjectif,
)
from parcours.models import ActionParcours, DesignationPartenaire, Note, Objectif, Parcours, RendezVous
from parcours.permissions import can_add_note, can_manage_plan, can_plan_rendez_vous, can_record_rendez_vous
from social.models import Organisation, Utilisateur
from social.temps_reel import diffuser


def _exiger_designee(parcours: Parcours, organisation: Organisation | None) -> None:
    if (
        organisation is not None
        and not DesignationPartenaire.objects.actives()
        .filter(parcours=parcours, organisation=organisation)
        .exists()
    ):
        raise refuser(
            f"{organisation.nom} n'est pas désignée sur ce parcours : désignez-la d'abord.",
            "organisation_non_designee",
            champ="organisation",
        )


@transaction.atomic
def rendez_vous_planifier(
    *,
    parcours: Parcours,
    acting_user: Utilisateur,
    date_heure: datetime.datetime,
    modalite: ModaliteRendezVous | str,
    lieu: str = "",
    objet: str = "",
    agent: Utilisateur | None = None,
    organisation: Organisation | None = None,
) -> RendezVous:
    """Plan an appointment with an agent (by default, the user) or a designated partner organisation.
    The agent met is notified after commit when it is not the user."""
    exiger_ouvert(parcours)
    if not can_plan_rendez_vous(acting_user, parcours):
        raise refuser("Votre rôle sur ce parcours ne permet pas de planifier un rendez-vous.", "interdit")
    if modalite == ModaliteRendezVous.PRESENTIEL and not lieu.strip():
        raise refuser("Indiquez le lieu d'un rendez-vous en présentiel.", "lieu_requis", champ="lieu")
    _exiger_designee(parcours, organisation)
    if agent is None and organisation is None:
        agent = acting_user
    rendez_vous = RendezVous(
        parcours=parcours,
        date_heure=date_heure,
        modalite=modalite,
        lieu=lieu.strip(),
        objet=objet.strip(),
        agent=agent,
        organisation=organisation,
        created_by=acting_user,
    )
    enregistrer(rendez_vous, acting_user=acting_user, raison="Rendez-vous planifié")
    if agent is not None and agent.pk != acting_user.pk:
        diffuser(
            utilisateur_ids=[agent.pk],
            evenement=EvenementParcours.RENDEZ_VOUS.value,
            objet_ids=[parcours.public_id],
        )
    return rendez_vous


@transaction.atomic
def rendez_vous_renseigner(
    *, rendez_vous: RendezVous, acting_user: Utilisateur, resultat: ResultatRendezVous | str
) -> RendezVous:
    """Record the outcome of a past appointment: honoured (a contact), excused or missed."""
    rendez_vous = (
        RendezVous.objects.select_for_update(of=("self",)).select_related("parcours").get(pk=rendez_vous.pk)
    )
    if not can_record_rendez_vous(acting_user, rendez_vous):
        raise refuser("Votre rôle sur ce parcours ne permet pas de renseigner ce rendez-vous.", "interdit")
    if resultat not in ResultatRendezVous.values or resultat == ResultatRendezVous.A_VENIR:
        raise refuser(
            "Indiquez si le rendez-vous a été honoré, excusé ou manqué.",
            "resultat_invalide",
            champ="resultat",
        )
    if rendez_vous.date_heure > timezone.now():
        raise refuser("Ce rendez-vous n'a pas encore eu lieu.", "rendez_vous_futur")
    rendez_vous.resultat = resultat
    enregistrer(
        rendez_vous,
        acting_user=acting_user,
        raison="Résultat du rendez-vous",
        update_fields=["resultat", "updated_at"],
    )
    return rendez_vous


@transaction.atomic
def note_ajouter(
    *,
    parcours: Parcours,
    auteur: Utilisateur,
    texte: str,
    confidentialite: Confidentialite | str = Confidentialite.EQUIPE,
) -> Note:
    """Add a note. Its confidentiality says who reads it: the author only, the pathway's team, or also
    the designated partners (``Note.objects.lisibles_par``)."""
    if not can_add_note(auteur, parcours):
        raise refuser("Votre rôle sur ce parcours ne permet pas d'ajouter une note.", "interdit")
    if not texte.strip():
        raise refuser("La note est vide.", "note_vide", champ="texte")
    if confidentialite not in Confidentialite.values:
        raise refuser(
            "Niveau de confidentialité inconnu.", "confidentialite_inconnue", champ="confidentialite"
        )
    note = Note(parcours=parcours, auteur=auteur, texte=texte.strip(), confidentialite=confidentialite)
    enregistrer(note, acting_user=auteur, raison="Note ajoutée")
    return note


@transaction.atomic
def objectif_ajouter(
    *,
    parcours: Parcours,
    acting_user: Utilisateur,
    axe: AxeAccompagnement | str,
    libelle: str,
    date_echeance: datetime.date | None = None,
) -> Objectif:
    """Add an objective to the action plan."""
    exiger_ouvert(parcours)
    if not can_manage_plan(acting_user, parcours):
        raise refuser("Votre rôle sur ce parcours ne permet pas de modifier le plan d'action.", "interdit")
    objectif = Objectif(
        parcours=parcours,
        axe=axe,
        libelle=libelle.strip(),
        date_echeance=date_echeance,
        created_by=acting_user,
    )
    enregistrer(objectif, acting_user=acting_user, raison="Objectif ajouté")
    return objectif


@transaction.atomic
def objectif_changer_statut(
    *, objectif: Objectif, acting_user: Utilisateur, statut: StatutObjectif | str
) -> Objectif:
    """Mark an objective reached or abandoned (or resume an abandoned one): ``TRANSITIONS_OBJECTIF``."""
    objectif = Objectif.objects.select_for_update(of=("self",)).select_related("parcours").get(pk=objectif.pk)
    if not can_manage_plan(acting_user, objectif.parcours):
        raise refuser("Votre rôle sur ce parcours ne permet pas de modifier le plan d'action.", "interdit")
    if statut not in workflows.TRANSITIONS_OBJECTIF.get(objectif.statut, frozenset()):
        raise refuser(
            f"Un objectif « {objectif.get_statut_display()} » ne peut pas passer à "
            f"« {StatutObjectif(statut).label if statut in StatutObjectif.values else statut} ».",
            "transition_impossible",
        )
    objectif.statut = statut
    enregistrer(
        objectif,
        acting_user=acting_user,
        raison="Statut de l'objectif",
        update_fields=["statut", "updated_at"],
    )
    return objectif


@transaction.atomic
def action_ajouter(
    *,
    objectif: Objectif,
    acting_user: Utilisateur,
    libelle: str,
    date_echeance: datetime.date | None = None,
    organisation: Organisation | None = None,
) -> ActionParcours:
    """Add an action under an objective, possibly carried by a designated partner organisation."""
    parcours = objectif.parcours
    exiger_ouvert(parcours)
    if not can_manage_plan(acting_user, parcours):
        raise refuser("Votre rôle sur ce parcours ne permet pas de modifier le plan d'action.", "interdit")
    if objectif.statut != StatutObjectif.EN_COURS:
        raise refuser(
            "Cet objectif n'est plus en cours : ajoutez l'action à un objectif en cours.", "objectif_clos"
        )
    _exiger_designee(parcours, organisation)
    action = ActionParcours(
        objectif=objectif,
        libelle=libelle.strip(),
        date_echeance=date_echeance,
        organisation=organisation,
        created_by=acting_user,
    )
    enregistrer(action, acting_user=acting_user, raison="Action ajoutée")
    return action


@transaction.atomic
def action_changer_statut(
    *, action: ActionParcours, acting_user: Utilisateur, statut: StatutAction | str
) -> ActionParcours:
    """Move an action along ``TRANSITIONS_ACTION`` (à faire → en cours → réalisée, or abandonnée)."""
    action = (
        ActionParcours.objects.select_for_update(of=("self",))
        .select_related("objectif__parcours")
        .get(pk=action.pk)
    )
    if not can_manage_plan(acting_user, action.objectif.parcours):
        raise refuser("Votre rôle sur ce parcours ne permet pas de modifier le plan d'action.", "interdit")
    if statut not in workflows.TRANSITIONS_ACTION.get(action.statut, frozenset()):
        raise refuser(
            f"Une action « {action.get_statut_display()} » ne peut pas passer à "
            f"« {StatutAction(statut).label if statut in StatutAction.values else statut} ».",
            "transition_impossible",
        )
    action.statut = statut
    enregistrer(
        action, acting_user=acting_user, raison="Statut de l'action", update_fields=["statut", "updated_at"]
    )
    return action
