"""The councils' written outputs: the notification letter of each decision (G-3: what was decided, why,
what happens next, voies et délais de recours), filed in the person's pathway documents, and the
minutes of a session (attendance, mandates, quorum, files, decisions, votes). Notifying requires them:
a decision without its letter is not notified, nor a session without its minutes."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format

from instances.actions._outils import (
    aujourd_hui,
    demande_transitionner,
    enregistrer,
    refuser,
    seance_transitionner,
    verrouiller_seance,
)
from instances.actions.seances import quorum_de
from instances.enums import EtatDemande, EtatSeance, IssueDecision
from instances.models import ConflitInteret, Decision, Presence, Seance
from instances.pdf import rendre_pdf
from instances.permissions import can_manage_seances, can_produire_lettre, can_produire_proces_verbal
from instances.selectors import decisions_rapportees, presentation_personne
from parcours.actions.documents import document_deposer
from parcours.enums import TypeDocument
from parcours.models import Parcours
from social.models import Utilisateur
from social.temps_reel import diffuser

EVENEMENT_NOTIFICATION = "demande_aide.notifiee"


def _euros(montant: Decimal | None) -> str:
    return number_format(montant, decimal_pos=2, use_l10n=True, force_grouping=True) if montant else ""


@transaction.atomic
def lettre_notification_produire(*, decision: Decision, acting_user: Utilisateur) -> Decision:
    """Render the decision's notification letter as a PDF, file it in the person's pathway documents
    (type « décision ») and link it to the decision. Produced again, the newest letter is the one kept."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related(
            "point__seance__organe",
            "demande__parcours__personne",
            "demande__type_aide",
            "decidee_par",
            "delegation",
        )
        .get(pk=decision.pk)
    )
    if not can_produire_lettre(acting_user, decision):
        if decision.notifiee_le is not None:
            raise refuser("Cette décision est déjà notifiée : sa lettre ne change plus.", "deja_notifiee")
        raise refuser(
            "La lettre de notification est produite par le secrétariat de l'instance, après la clôture "
            "de la séance.",
            "interdit",
        )
    demande = decision.demande
    seance = decision.point.seance if decision.point_id else None  # type: ignore[union-attr]
    pdf = rendre_pdf(
        "instances/pdf/lettre_notification.html",
        {
            "decision": decision,
            "demande": demande,
            "personne": demande.parcours.personne,
            "seance": seance,
            "organe": {"nom": seance.organe.nom if seance else "Département du Pas-de-Calais"},
            "montant": _euros(decision.montant),
            "montant_demande": _euros(demande.montant_demande),
            "jour": aujourd_hui(),
        },
    )
    document = document_deposer(
        parcours=demande.parcours,
        type_document=TypeDocument.DECISION,
        fichier=pdf,
        titre=f"Notification : {demande.type_aide.libelle} – {decision.get_issue_display()}",
        acting_user=acting_user,
        par_instance=True,
    )
    decision.lettre = document
    enregistrer(
        decision, acting_user=acting_user, raison="Lettre de notification produite", update_fields=["lettre"]
    )
    return decision


@transaction.atomic
def proces_verbal_produire(*, seance: Seance, acting_user: Utilisateur) -> Seance:
    """Render the minutes of a closed session as a PDF, kept on the session (never in public media).
    Files appear pseudonymised when the instance is set so (the minutes go to every member)."""
    seance = verrouiller_seance(seance)
    if not can_produire_proces_verbal(acting_user, seance):
        raise refuser(
            "Le procès-verbal est produit par le secrétariat de l'instance, une fois la séance close et "
            "avant la notification des décisions.",
            "interdit",
        )
    presences = list(
        Presence.objects.filter(seance=seance)
        .select_related("mandat__utilisateur", "procuration_a__utilisateur")
        .order_by("mandat__role", "mandat__utilisateur__last_name", "id")
    )
    conflits: dict[int, list[str]] = {}
    for c in ConflitInteret.objects.filter(point__seance=seance).select_related("mandat__utilisateur"):
        conflits.setdefault(c.point_id, []).append(_nom(c.mandat.utilisateur))
    lignes = []
    for point in seance.points.select_related(
        "decision", "demande__parcours__personne", "demande__type_aide"
    ).order_by("ordre", "id"):
        decision = getattr(point, "decision", None)
        lignes.append(
            {
                "personne": presentation_personne(
                    point.demande.parcours.personne, pseudonymisee=seance.organe.presentation_pseudonymisee
                ).libelle,
                "type_aide": point.demande.type_aide.libelle,
                "montant_demande": _euros(point.demande.montant_demande),
                "decision": decision,
                "montant": _euros(decision.montant) if decision else "",
                "conflits": conflits.get(point.pk, []),
            }
        )
    pdf = rendre_pdf(
        "instances/pdf/proces_verbal.html",
        {
            "seance": seance,
            "organe": seance.organe,
            "presences": [
                {
                    "nom": _nom(p.mandat.utilisateur),
                    "role": p.mandat.get_role_display(),
                    "statut": p.get_statut_display(),
                    "procuration_a": _nom(p.procuration_a.utilisateur) if p.procuration_a else "",
                }
                for p in presences
            ],
            "quorum": quorum_de(seance),
            "lignes": lignes,
            "rapportees": decisions_rapportees(seance=seance),
            "maintenant": timezone.localtime(),
        },
    )
    seance.proces_verbal = pdf
    seance.proces_verbal_le = timezone.now()
    seance.save(update_fields=["proces_verbal", "proces_verbal_le", "updated_at"])
    return seance


def _nom(user: Utilisateur) -> str:
    return user.get_full_name() or user.get_username()


def _notifier(decision: Decision, *, acting_user: Utilisateur) -> None:
    if decision.lettre_id is None:
        raise refuser(
            "Une décision sans sa lettre de notification ne peut pas être notifiée : produisez d'abord la "
            "lettre.",
            "lettre_manquante",
        )
    decision.notifiee_le = aujourd_hui()
    enregistrer(decision, acting_user=acting_user, raison="Décision notifiée", update_fields=["notifiee_le"])
    demande = decision.demande
    if decision.issue != IssueDecision.AJOURNEMENT and demande.etat == EtatDemande.DECIDEE:
        demande_transitionner(demande, EtatDemande.NOTIFIEE, acting_user=acting_user, motif="Lettre envoyée")
    # The référent hears of it (the letter is in the pathway's documents and timeline).
    referent_id, parcours_public_id = (
        Parcours.objects.filter(pk=demande.parcours_id).values_list("referent_id", "public_id").get()
    )
    if referent_id is not None:
        diffuser(
            utilisateur_ids=[referent_id],
            evenement=EVENEMENT_NOTIFICATION,
            objet_ids=[demande.public_id, parcours_public_id],
        )


@transaction.atomic
def decision_notifier(*, decision: Decision, acting_user: Utilisateur) -> Decision:
    """Mark an urgent decision (by delegation) notified: its letter must exist. Decisions in session are
    notified with their session (``seance_decisions_notifier``)."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("demande").get(pk=decision.pk)
    if decision.point_id is not None:
        raise refuser(
            "Une décision prise en séance est notifiée avec les autres décisions de la séance.",
            "notification_par_seance",
        )
    if decision.notifiee_le is not None:
        raise refuser("Cette décision est déjà notifiée.", "deja_notifiee")
    if decision.decidee_par_id != acting_user.pk:
        raise refuser("Seul le signataire notifie une décision d'urgence.", "interdit")
    _notifier(decision, acting_user=acting_user)
    return decision


@transaction.atomic
def seance_decisions_notifier(*, seance: Seance, acting_user: Utilisateur) -> Seance:
    """Validated session → « décisions notifiées »: only once the minutes exist and every decision has
    its notification letter; each decision is then dated notified and its request moves on."""
    seance = verrouiller_seance(seance)
    if not can_manage_seances(acting_user, seance.organe_id):
        raise refuser("Seuls le secrétariat et la présidence de l'instance gèrent ses séances.", "interdit")
    if seance.etat != EtatSeance.VALIDEE:
        raise refuser(
            f"La séance est à l'état « {EtatSeance(seance.etat).label} » : les décisions se notifient "
            "après la validation.",
            "transition_impossible",
            etat=seance.etat,
        )
    if seance.proces_verbal_le is None:  # the date, not the bytes (deferred by the selectors)
        raise refuser(
            "Le procès-verbal de la séance n'est pas produit : produisez-le avant de notifier les décisions.",
            "proces_verbal_manquant",
        )
    decisions = list(
        Decision.objects.select_for_update(of=("self",))
        .filter(point__seance=seance)
        .select_related("demande")
        .order_by("point__ordre", "id")
    )
    sans_lettre = sum(1 for d in decisions if d.lettre_id is None)
    if sans_lettre:
        raise refuser(
            f"{sans_lettre} décision(s) n'ont pas leur lettre de notification : une décision sans sa lettre "
            "ne peut pas être notifiée.",
            "lettre_manquante",
            nombre=sans_lettre,
        )
    for decision in decisions:
        _notifier(decision, acting_user=acting_user)
    seance_transitionner(seance, EtatSeance.NOTIFIEE, acting_user=acting_user)
    return seance
