"""Sessions: create, build the agenda, convoke (COM-1, e-mail with an .ics invitation after commit),
attendance and mandates, open with the quorum check (COM-2: no quorum, the session is postponed),
close, validate, cancel; conflicts of interest (COM-3)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from instances.actions._outils import (
    aujourd_hui,
    demande_transitionner,
    refuser,
    seance_transitionner,
    verrouiller_demande,
    verrouiller_seance,
)
from instances.direct import SEANCE_POINT_COURANT, SEANCE_PRESENCES, seance_diffuser
from instances.enums import PRESENCES_EFFECTIVES, EtatDemande, EtatSeance, StatutPresence
from instances.models import (
    ConflitInteret,
    Decision,
    DemandeAide,
    Instance,
    Mandat,
    PointOrdreJour,
    Presence,
    Seance,
    TransitionSeance,
)
from instances.notifications import ConvocationSeance
from instances.permissions import can_declare_conflit, can_manage_seances
from instances.regles.seances import Quorum, com_1_convocation_verifier, com_2_quorum
from instances.selectors import instances_competentes
from social.models import Utilisateur

ETATS_PREPARATION = (EtatSeance.CREEE, EtatSeance.REPORTEE)


def _exiger_gestion(user: Utilisateur, organe_id: int) -> None:
    if not can_manage_seances(user, organe_id):
        raise refuser("Seuls le secrétariat et la présidence de l'instance gèrent ses séances.", "interdit")


def _exiger_etat(seance: Seance, etats: Sequence[str], action: str) -> None:
    if seance.etat not in etats:
        raise refuser(
            f"La séance est à l'état « {EtatSeance(seance.etat).label} » : {action} n'est pas possible.",
            "transition_impossible",
            etat=seance.etat,
        )


@transaction.atomic
def seance_creer(
    *,
    organe: Instance,
    date: datetime.datetime,
    lieu: str,
    acting_user: Utilisateur,
    duree_minutes: int = 120,
) -> Seance:
    """Plan a session of an instance (secretariat, chair)."""
    _exiger_gestion(acting_user, organe.pk)
    if date <= timezone.now():
        raise refuser("La date de la séance doit être dans le futur.", "date_passee", champ="date")
    if not lieu.strip():
        raise refuser("Indiquez le lieu de la séance.", "lieu_requis", champ="lieu")
    seance = Seance.objects.create(
        organe=organe, date=date, lieu=lieu.strip(), duree_minutes=duree_minutes, created_by=acting_user
    )
    TransitionSeance.objects.create(seance=seance, depuis="", vers=EtatSeance.CREEE, acting_user=acting_user)
    return seance


@transaction.atomic
def seance_point_ajouter(
    *, seance: Seance, demande: DemandeAide, acting_user: Utilisateur, rapporteur: Utilisateur | None = None
) -> PointOrdreJour:
    """Put a submitted (or adjourned) file on the agenda of a session being prepared: the instance must
    decide this aid type for the pathway's territory. The agenda is fixed once convoked (COM-1)."""
    seance = verrouiller_seance(seance)
    _exiger_gestion(acting_user, seance.organe_id)
    _exiger_etat(seance, ETATS_PREPARATION, "modifier l'ordre du jour")
    demande = verrouiller_demande(demande)
    if demande.urgence:
        raise refuser(
            "Une demande en procédure d'urgence est décidée par un délégataire, puis rapportée à la séance.",
            "demande_urgente",
            champ="demande",
        )
    if demande.etat not in (EtatDemande.DEPOSEE, EtatDemande.AJOURNEE):
        raise refuser(
            f"La demande est à l'état « {EtatDemande(demande.etat).label} » : seule une demande déposée ou "
            "ajournée s'inscrit à l'ordre du jour.",
            "transition_impossible",
            champ="demande",
        )
    if not instances_competentes(demande=demande).filter(pk=seance.organe_id).exists():
        raise refuser(
            "Cette instance ne décide pas de ce type d'aide pour ce territoire.",
            "instance_incompetente",
            champ="demande",
        )
    ordre = (seance.points.aggregate(m=Max("ordre"))["m"] or 0) + 1
    point = PointOrdreJour.objects.create(
        seance=seance, demande=demande, rapporteur=rapporteur or demande.rapporteur, ordre=ordre
    )
    demande_transitionner(
        demande, EtatDemande.INSCRITE, acting_user=acting_user, motif=f"Séance du {seance.jour:%d/%m/%Y}"
    )
    return point


@transaction.atomic
def seance_point_retirer(*, point: PointOrdreJour, acting_user: Utilisateur) -> None:
    """Take a file off the agenda before the convocation: it waits again for an agenda."""
    seance = verrouiller_seance(point.seance)
    _exiger_gestion(acting_user, seance.organe_id)
    _exiger_etat(seance, ETATS_PREPARATION, "modifier l'ordre du jour")
    demande = verrouiller_demande(point.demande)
    point.delete()
    demande_transitionner(
        demande, EtatDemande.DEPOSEE, acting_user=acting_user, motif="Retirée de l'ordre du jour"
    )


@transaction.atomic
def seance_convoquer(
    *,
    seance: Seance,
    acting_user: Utilisateur,
    urgence_motif: str = "",
    nouvelle_date: datetime.datetime | None = None,
) -> Seance:
    """Send the convocation with the agenda to the members, at least N days before (COM-1; an urgent
    case is recorded with its reason). A postponed session is reconvened at a new date and then sits
    without quorum (COM-2). Urgent decisions taken since are reported to it (FAJ-5). E-mails with the
    .ics invitation leave after commit."""
    seance = verrouiller_seance(seance)
    _exiger_gestion(acting_user, seance.organe_id)
    _exiger_etat(seance, ETATS_PREPARATION, "la convocation")
    autres = ["convoquee_le", "sequence_convocation", "urgence_motif"]
    if seance.etat == EtatSeance.REPORTEE:
        if nouvelle_date is None or nouvelle_date <= seance.date:
            raise refuser(
                "Une séance reportée est convoquée à une nouvelle date, après la précédente.",
                "date_requise",
                champ="date",
            )
        seance.sans_quorum = True
        autres += ["sans_quorum"]
    if nouvelle_date is not None:
        seance.date = nouvelle_date
        autres += ["date"]
    if not seance.points.exists():
        raise refuser(
            "L'ordre du jour est vide : inscrivez au moins un dossier avant de convoquer.",
            "ordre_du_jour_vide",
        )
    maintenant = timezone.now()
    com_1_convocation_verifier(
        convoquee_le=timezone.localtime(maintenant).date(),
        seance_le=seance.jour,
        urgence=bool(urgence_motif.strip()),
    )
    seance.urgence_motif = urgence_motif.strip()
    seance.convoquee_le = maintenant
    seance.sequence_convocation += 1
    seance_transitionner(
        seance, EtatSeance.CONVOQUEE, acting_user=acting_user, motif=seance.urgence_motif, autres=autres
    )
    _rattacher_decisions_urgentes(seance)
    transaction.on_commit(ConvocationSeance(seance.pk).envoyer)
    return seance


def _rattacher_decisions_urgentes(seance: Seance) -> None:
    """FAJ-5: the urgent decisions of the aid types this instance decides, for its territory, not yet
    reported to a session, are reported to this one."""
    decisions = Decision.objects.filter(
        point__isnull=True,
        rapportee_a__isnull=True,
        decidee_le__lte=seance.jour,
        demande__type_aide__in=seance.organe.types_aide.all(),
    )
    if seance.organe.territoire_id is not None:
        decisions = decisions.filter(demande__parcours__site__territoire_id=seance.organe.territoire_id)
    for decision in decisions.select_for_update(of=("self",)):
        decision.rapportee_a = seance
        decision.save(update_fields=["rapportee_a", "updated_at"])


@dataclass(frozen=True, kw_only=True)
class PresenceSaisie:
    mandat: Mandat
    statut: StatutPresence
    procuration_a: Mandat | None = None


@transaction.atomic
def seance_presences_enregistrer(
    *, seance: Seance, presences: Sequence[PresenceSaisie], acting_user: Utilisateur
) -> list[Presence]:
    """Record the attendance (replacing the previous record): each member of the instance present, in
    videoconference, represented (her mandate given to a member present with a vote), excused or
    absent. Before the opening and while the session is open."""
    seance = verrouiller_seance(seance)
    _exiger_gestion(acting_user, seance.organe_id)
    _exiger_etat(seance, (EtatSeance.CONVOQUEE, EtatSeance.OUVERTE), "l'enregistrement des présences")
    membres = {m.pk: m for m in Mandat.objects.actives(seance.jour).filter(organe_id=seance.organe_id)}
    vus: set[int] = set()
    for saisie in presences:
        if saisie.mandat.pk not in membres:
            raise refuser(
                f"{saisie.mandat.utilisateur} n'est pas membre de cette instance à la date de la séance.",
                "membre_inconnu",
                champ="presences",
            )
        if saisie.mandat.pk in vus:
            raise refuser(
                "Chaque membre n'a qu'une ligne de présence.", "presence_en_double", champ="presences"
            )
        vus.add(saisie.mandat.pk)
    statuts = {s.mandat.pk: s.statut for s in presences}
    for saisie in presences:
        if saisie.statut == StatutPresence.REPRESENTE:
            mandataire = saisie.procuration_a
            if (
                mandataire is None
                or mandataire.pk == saisie.mandat.pk
                or statuts.get(mandataire.pk) not in PRESENCES_EFFECTIVES
                or not membres[mandataire.pk].voix_deliberative
            ):
                raise refuser(
                    f"Le mandat de {saisie.mandat.utilisateur} est donné à un autre membre présent "
                    "ayant voix "
                    "délibérative.",
                    "procuration_invalide",
                    champ="presences",
                )
        elif saisie.procuration_a is not None:
            raise refuser(
                "Seul un membre représenté donne un mandat.", "procuration_invalide", champ="presences"
            )
    seance.presences.all().delete()
    seance_diffuser(seance, SEANCE_PRESENCES)
    return Presence.objects.bulk_create(
        [
            Presence(seance=seance, mandat=s.mandat, statut=s.statut, procuration_a=s.procuration_a)
            for s in presences
        ]
    )


def quorum_de(seance: Seance) -> Quorum:
    """COM-2 on the recorded attendance: voting members present (or in videoconference) and represented
    by a mandate, against the instance's quorum share of its voting members."""
    votants = set(
        Mandat.objects.actives(seance.jour)
        .filter(organe_id=seance.organe_id, voix_deliberative=True)
        .values_list("pk", flat=True)
    )
    presences = list(seance.presences.filter(mandat_id__in=votants).values_list("statut", flat=True))
    return com_2_quorum(
        votants=len(votants),
        presents=sum(1 for s in presences if s in PRESENCES_EFFECTIVES),
        representes=sum(1 for s in presences if s == StatutPresence.REPRESENTE),
        taux=seance.organe.quorum,
    )


@transaction.atomic
def seance_ouvrir(*, seance: Seance, acting_user: Utilisateur) -> tuple[Seance, Quorum]:
    """Open the session when the quorum is reached (COM-2), or when it sits without quorum after a
    postponement. Without quorum, the session is postponed (« reportée ») and must be reconvened:
    the caller reads the state (this is not a refusal, the postponement is recorded)."""
    seance = verrouiller_seance(seance)
    _exiger_gestion(acting_user, seance.organe_id)
    _exiger_etat(seance, (EtatSeance.CONVOQUEE,), "l'ouverture")
    quorum = quorum_de(seance)
    if quorum.atteint or seance.sans_quorum:
        seance.ouverte_le = timezone.now()
        seance_transitionner(seance, EtatSeance.OUVERTE, acting_user=acting_user, autres=["ouverte_le"])
    else:
        seance_transitionner(
            seance,
            EtatSeance.REPORTEE,
            acting_user=acting_user,
            motif=f"Quorum non atteint : {quorum.comptes} membre(s) présent(s) ou représenté(s) "
            f"sur {quorum.requis} requis.",
        )
    return seance, quorum


@transaction.atomic
def seance_point_courant_definir(
    *, seance: Seance, point: PointOrdreJour | None, acting_user: Utilisateur
) -> Seance:
    """Move the open session to the file under examination (None: between two files); every member's
    live page follows it."""
    seance = verrouiller_seance(seance)
    _exiger_gestion(acting_user, seance.organe_id)
    _exiger_etat(seance, (EtatSeance.OUVERTE,), "le passage d'un dossier à l'autre")
    if point is not None and point.seance_id != seance.pk:
        raise refuser(
            "Ce dossier n'est pas à l'ordre du jour de cette séance.", "point_inconnu", champ="point"
        )
    seance.point_courant = point
    seance.save(update_fields=["point_courant", "updated_at"])
    seance_diffuser(seance, SEANCE_POINT_COURANT, *([point.public_id] if point is not None else []))
    return seance


@transaction.atomic
def seance_cloturer(*, seance: Seance, acting_user: Utilisateur) -> Seance:
    """Close the session once every file on the agenda has its decision (or adjournment)."""
    seance = verrouiller_seance(seance)
    _exiger_gestion(acting_user, seance.organe_id)
    _exiger_etat(seance, (EtatSeance.OUVERTE,), "la clôture")
    sans_decision = seance.points.filter(decision__isnull=True).count()
    if sans_decision:
        raise refuser(
            f"{sans_decision} dossier(s) de l'ordre du jour n'ont pas de décision : statuez ou ajournez-les "
            "avant de clôturer.",
            "points_sans_decision",
        )
    seance.cloturee_le = timezone.now()
    seance_transitionner(seance, EtatSeance.CLOTUREE, acting_user=acting_user, autres=["cloturee_le"])
    return seance


@transaction.atomic
def seance_valider(*, seance: Seance, acting_user: Utilisateur) -> Seance:
    """Validate the minutes' content: the decisions stand; members read the files for N more days
    (``Instance.jours_visibilite``)."""
    seance = verrouiller_seance(seance)
    _exiger_gestion(acting_user, seance.organe_id)
    _exiger_etat(seance, (EtatSeance.CLOTUREE,), "la validation")
    jour = aujourd_hui()
    seance.validee_le = jour
    seance.validee_par = acting_user
    seance.visible_jusqu_au = jour + datetime.timedelta(days=seance.organe.jours_visibilite)
    seance_transitionner(
        seance,
        EtatSeance.VALIDEE,
        acting_user=acting_user,
        autres=["validee_le", "validee_par", "visible_jusqu_au"],
    )
    return seance


@transaction.atomic
def seance_annuler(*, seance: Seance, motif: str, acting_user: Utilisateur) -> Seance:
    """Cancel a session not yet held; its files wait again for an agenda."""
    seance = verrouiller_seance(seance)
    _exiger_gestion(acting_user, seance.organe_id)
    _exiger_etat(seance, (EtatSeance.CREEE, EtatSeance.CONVOQUEE, EtatSeance.REPORTEE), "l'annulation")
    if not motif.strip():
        raise refuser("Indiquez le motif de l'annulation.", "motif_requis", champ="motif")
    for point in seance.points.select_related("demande"):
        demande = verrouiller_demande(point.demande)
        if demande.etat == EtatDemande.INSCRITE:
            demande_transitionner(
                demande, EtatDemande.DEPOSEE, acting_user=acting_user, motif="Séance annulée"
            )
    seance_transitionner(seance, EtatSeance.ANNULEE, acting_user=acting_user, motif=motif.strip())
    return seance


@transaction.atomic
def conflit_declarer(
    *, point: PointOrdreJour, mandat: Mandat, acting_user: Utilisateur, motif: str = ""
) -> ConflitInteret:
    """COM-3: a member with a personal interest in a file does not take part: she no longer sees the
    file and her vote on it is refused. Declared by herself, or recorded by the secretariat."""
    point = PointOrdreJour.objects.select_related("seance").get(pk=point.pk)
    if not can_declare_conflit(acting_user, point, mandat):
        raise refuser(
            "Un membre déclare ses propres conflits d'intérêts, le secrétariat ceux des membres de "
            "l'instance, avant la clôture de la séance.",
            "interdit",
        )
    conflit, _ = ConflitInteret.objects.get_or_create(
        point=point, mandat=mandat, defaults={"motif": motif.strip(), "declare_par": acting_user}
    )
    return conflit
