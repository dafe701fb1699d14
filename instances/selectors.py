"""Reads of the councils app: the scoped fetches (journaled), the lists, the agenda as a member sees
it (pseudonymised when the instance is set so), the aids granted earlier (caps and frequency)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from instances.enums import (
    ISSUES_ACCORD,
    PRESENCES_EFFECTIVES,
    EtatDemande,
    EtatSeance,
    IssueDecision,
    RoleMembre,
)
from instances.models import (
    ConflitInteret,
    Decision,
    DemandeAide,
    Instance,
    Mandat,
    PointOrdreJour,
    Presence,
    Seance,
    TypeAide,
)
from instances.models.demandes import DemandeAideQuerySet, reference_demande
from instances.regles.aides import AideAccordee
from parcours.models import Parcours
from social.actions.journal import ContexteAcces, journal_enregistrer
from social.enums import OperationJournal
from social.models import Personne, Utilisateur
from social.selectors import journaliser_liste

AnyUser = Utilisateur | AnonymousUser


def mandats_actifs(*, user: Utilisateur) -> list[Mandat]:
    return list(
        Mandat.objects.actives()
        .filter(utilisateur_id=user.pk)
        .select_related("organe")
        .order_by("organe__nom")
    )


# --- Aid files --------------------------------------------------------------------------------------


def _demandes() -> DemandeAideQuerySet:
    return DemandeAide.objects.select_related(
        "type_aide", "parcours__personne", "parcours__site__territoire", "rapporteur"
    )


def demande_obtenir(
    *,
    user: AnyUser,
    public_id: uuid.UUID | str,
    acces: ContexteAcces,
    operation: OperationJournal = OperationJournal.CONSULTATION,
) -> DemandeAide:
    """The scoped fetch of one aid file; journals the access to the person's file. Out of scope or
    absent: ``Http404``."""
    try:
        demande = _demandes().visible_by(user).get(public_id=public_id)
    except (DemandeAide.DoesNotExist, ValueError) as exc:
        raise Http404("Demande d'aide introuvable") from exc
    journal_enregistrer(
        acces=acces,
        operation=operation,
        objet_type="personne",
        objet_ids=[demande.parcours.personne.public_id],
    )
    return demande


def demandes_du_parcours(*, user: AnyUser, parcours: Parcours) -> list[DemandeAide]:
    """The aid files of a pathway the user may see, newest first (two queries whatever their number)."""
    return list(
        _demandes()
        .visible_by(user)
        .filter(parcours=parcours)
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("-decidee_le", "-id")))
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class ResumeDemandePartenaire:
    """What a designated partner reads of an aid file: built from named columns only, so the budget, the
    reste à vivre, the motivation, the amounts, the decision's reasons and votes, the documents and the
    letters never leave the database for her."""

    reference: str
    type_aide: str
    libelle_type_aide: str
    etat: str
    libelle_etat: str
    deposee_le: datetime.date
    issue: str  # "" until a final decision is notified
    libelle_issue: str
    decidee_le: datetime.date | None
    notifiee_le: datetime.date | None


def resumes_demandes_du_parcours(*, user: AnyUser, parcours: Parcours) -> list[ResumeDemandePartenaire]:
    """The partner-facing summary of a pathway's submitted aid files, newest first
    (``DemandeAide.objects.resume_visible_by``; two queries whatever their number).

    The outcome shown is the latest final decision once it has been notified to the person (the person
    learns it from her letter, G-3, before any partner does): a decision by delegation, or in a session
    no longer open (a decision recorded in an open session may still be corrected there). While the
    latest decision is provisional, the file reads « inscrite à l'ordre du jour »; decided but not yet
    notified, it reads « décidée » without its outcome."""
    lignes = list(
        DemandeAide.objects.resume_visible_by(user)
        .filter(parcours=parcours)
        .order_by("-created_at", "-id")
        .values_list("pk", "public_id", "type_aide__code", "type_aide__libelle", "etat", "deposee_le")
    )
    derniere: dict[int, bool] = {}  # file -> its latest decision is provisional
    finales: dict[int, tuple[str, datetime.date | None, datetime.date | None]] = {}
    for demande_id, issue, decidee_le, notifiee_le, etat_seance in (
        Decision.objects.filter(demande_id__in=[ligne[0] for ligne in lignes])
        .order_by("demande_id", "-decidee_le", "-id")
        .values_list("demande_id", "issue", "decidee_le", "notifiee_le", "point__seance__etat")
    ):
        provisoire = etat_seance == EtatSeance.OUVERTE
        derniere.setdefault(demande_id, provisoire)
        if not provisoire and notifiee_le is not None:
            finales.setdefault(demande_id, (issue, decidee_le, notifiee_le))
    resumes = []
    for pk, public_id, code, libelle, etat, deposee_le in lignes:
        assert deposee_le is not None  # ``resume_visible_by``: submitted files only
        if derniere.get(pk):
            etat = EtatDemande.INSCRITE
        issue_finale, decidee_le_finale, notifiee_le_finale = finales.get(pk, ("", None, None))
        resumes.append(
            ResumeDemandePartenaire(
                reference=reference_demande(public_id),
                type_aide=code,
                libelle_type_aide=libelle,
                etat=etat,
                libelle_etat=EtatDemande(etat).label,
                deposee_le=deposee_le,
                issue=issue_finale,
                libelle_issue=IssueDecision(issue_finale).label if issue_finale else "",
                decidee_le=decidee_le_finale,
                notifiee_le=notifiee_le_finale,
            )
        )
    return resumes


def demande_detail(*, demande: DemandeAide) -> dict[str, object]:
    """What the aid file's page shows besides the file: budget lines, log, agenda items, decisions."""
    return {
        "lignes": list(demande.lignes_budget.order_by("sens", "categorie", "source")),
        "transitions": list(demande.transitions.select_related("acting_user").order_by("created_at", "id")),
        "points": list(demande.points.select_related("seance__organe").order_by("seance__date")),
        "decisions": list(
            demande.decisions.select_related("decidee_par", "rapportee_a").order_by("decidee_le", "id")
        ),
    }


def aides_accordees(*, personne_id: int, exclure: DemandeAide | None = None) -> list[AideAccordee]:
    """Every aid granted to the person (accord, accord partiel), for the caps and frequency limits."""
    decisions = Decision.objects.filter(demande__parcours__personne_id=personne_id, issue__in=ISSUES_ACCORD)
    if exclure is not None:
        decisions = decisions.exclude(demande_id=exclure.pk)
    return [
        AideAccordee(
            type_code=code, montant=montant or Decimal(0), decidee_le=jour, en_seance=point_id is not None
        )
        for code, montant, jour, point_id in decisions.values_list(
            "demande__type_aide__code", "montant", "decidee_le", "point_id"
        )
    ]


def instances_competentes(*, demande: DemandeAide) -> QuerySet[Instance]:
    """The instances that decide this aid type for the pathway's territory (or every territory)."""
    territoire_id = demande.parcours.site.territoire_id
    return Instance.objects.filter(types_aide=demande.type_aide_id).filter(
        Q(territoire__isnull=True) | Q(territoire_id=territoire_id)
    )


def prochaine_seance(*, demande: DemandeAide, jour: datetime.date) -> Seance | None:
    """FAJ-5: the next session of a competent instance, to which an urgent decision is reported."""
    return (
        Seance.objects.filter(
            organe__in=instances_competentes(demande=demande),
            etat__in=[EtatSeance.CREEE, EtatSeance.CONVOQUEE],
            date__date__gte=jour,
        )
        .order_by("date", "id")
        .first()
    )


def types_aide_proposes() -> QuerySet[TypeAide]:
    return TypeAide.objects.filter(actif=True).order_by("ordre", "libelle")


# --- Sessions ---------------------------------------------------------------------------------------


def seances_visibles(*, user: AnyUser) -> QuerySet[Seance]:
    return (
        Seance.objects.visible_by(user)
        .defer("proces_verbal")
        .select_related("organe")
        .order_by("-date", "-id")
    )


def seance_obtenir(*, user: AnyUser, public_id: uuid.UUID | str) -> Seance:
    try:
        return (
            Seance.objects.visible_by(user)
            .defer("proces_verbal")
            .select_related("organe")
            .get(public_id=public_id)
        )
    except (Seance.DoesNotExist, ValueError) as exc:
        raise Http404("Séance introuvable") from exc


def instances_gerees(*, user: AnyUser) -> list[Instance]:
    """The instances whose sessions the user prepares (secretariat, chair)."""
    if not user.is_authenticated:
        return []
    return list(
        Instance.objects.filter(
            mandats__in=Mandat.objects.actives().filter(
                utilisateur_id=user.pk, role__in=[RoleMembre.SECRETARIAT, RoleMembre.PRESIDENT]
            )
        )
        .distinct()
        .order_by("nom")
    )


def demandes_a_inscrire(*, seance: Seance, user: AnyUser) -> list[DemandeAide]:
    """Submitted (or adjourned) files the session's instance decides, not yet on its agenda, that the
    user sees (the secretariat of the instance)."""
    organe = seance.organe
    demandes = (
        _demandes()
        .visible_by(user)
        .filter(etat__in=[EtatDemande.DEPOSEE, EtatDemande.AJOURNEE], urgence=False)
        .filter(type_aide__in=organe.types_aide.all())
        .exclude(points__seance=seance)
    )
    if organe.territoire_id is not None:
        demandes = demandes.filter(parcours__site__territoire_id=organe.territoire_id)
    return list(demandes.order_by("deposee_le", "id"))


@dataclass(frozen=True)
class Presentation:
    """How a file is shown on an agenda: pseudonymised (DP-7: initials and year of birth, no address
    or NIR) or with the person's name for the instance's staff."""

    libelle: str
    pseudonymisee: bool


def presentation_personne(personne: Personne, *, pseudonymisee: bool) -> Presentation:
    if pseudonymisee:
        initiales = "".join(
            f"{mot[0].upper()}." for mot in (personne.prenoms.split()[:1] + personne.nom.split()[:1]) if mot
        )
        return Presentation(libelle=f"{initiales} (né·e en {personne.date_naissance:%Y})", pseudonymisee=True)
    return Presentation(libelle=f"{personne.nom} {personne.prenoms}".strip(), pseudonymisee=False)


def doit_pseudonymiser(*, user: AnyUser, organe: Instance) -> bool:
    """The instance's setting applies to its members; the secretariat prepares and notifies the files
    and sees them in full."""
    if not organe.presentation_pseudonymisee:
        return False
    return (
        not Mandat.objects.actives()
        .filter(utilisateur_id=user.pk, organe_id=organe.pk, role=RoleMembre.SECRETARIAT)
        .exists()
    )


@dataclass(frozen=True)
class LignePoint:
    point: PointOrdreJour
    demande: DemandeAide | None  # None: the user declared a conflict of interest on it
    presentation: Presentation | None
    conflit: bool
    decision: Decision | None = None


def ordre_du_jour(*, seance: Seance, user: AnyUser, acces: ContexteAcces | None = None) -> list[LignePoint]:
    """The session's agenda as this user sees it: the files she may read (``visible_by``), pseudonymised
    when the instance is set so; the others (conflict of interest) as a bare line. Four queries
    whatever the number of items; one journal row for the people shown."""
    points = list(seance.points.select_related("rapporteur", "decision").order_by("ordre", "id"))
    visibles = {d.pk: d for d in _demandes().visible_by(user).filter(points__seance=seance)}
    conflits = (
        set(
            ConflitInteret.objects.filter(point__seance=seance, mandat__utilisateur_id=user.pk).values_list(
                "point_id", flat=True
            )
        )
        if user.is_authenticated
        else set()
    )
    pseudo = doit_pseudonymiser(user=user, organe=seance.organe)
    lignes = []
    for point in points:
        demande = visibles.get(point.demande_id)
        lignes.append(
            LignePoint(
                point=point,
                demande=demande,
                presentation=presentation_personne(demande.parcours.personne, pseudonymisee=pseudo)
                if demande
                else None,
                conflit=point.pk in conflits,
                decision=getattr(point, "decision", None) if demande else None,
            )
        )
    if acces is not None:
        journaliser_liste(acces=acces, personnes=[d.parcours.personne for d in visibles.values()])
    return lignes


def decisions_rapportees(*, seance: Seance) -> list[Decision]:
    """Urgent decisions taken by delegation and reported to this session (FAJ-5)."""
    return list(
        seance.decisions_rapportees.select_related("demande__type_aide", "decidee_par").order_by(
            "decidee_le", "id"
        )
    )


def seances_a_venir_de(*, user: AnyUser, jour: datetime.date | None = None) -> QuerySet[Seance]:
    jour = jour or timezone.localdate()
    return seances_visibles(user=user).filter(date__date__gte=jour)


def etat_direct(*, seance: Seance) -> dict[str, object]:
    """What a live page needs to catch up (on connection, after a reconnect): the session's state, the
    file under examination and each decision's id and version. Ids only, no personal data (two
    queries)."""
    courant = (
        PointOrdreJour.objects.filter(pk=seance.point_courant_id).values_list("public_id", flat=True).first()
        if seance.point_courant_id is not None
        else None
    )
    decisions = [
        {"point": str(point), "decision": str(decision), "version": version}
        for point, decision, version in Decision.objects.filter(point__seance=seance)
        .order_by("point__ordre", "point_id")
        .values_list("point__public_id", "public_id", "version")
    ]
    return {
        "seance": str(seance.public_id),
        "etat": seance.etat,
        "point_courant": str(courant) if courant else None,
        "decisions": decisions,
    }


def membres_de_seance(*, seance: Seance) -> list[Mandat]:
    """The members of the session's instance on its day, for the attendance (one query)."""
    return list(
        Mandat.objects.actives(seance.jour)
        .filter(organe_id=seance.organe_id)
        .select_related("utilisateur")
        .order_by("role", "utilisateur__last_name", "id")
    )


def presences_de(*, seance: Seance) -> dict[int, Presence]:
    return {p.mandat_id: p for p in seance.presences.all()}


def votants_de(
    *, membres: list[Mandat], presences: dict[int, Presence], point: PointOrdreJour | None = None
) -> list[Mandat]:
    """The members present (or in videoconference) with a vote, minus those who declared a conflict of
    interest on ``point`` (COM-3: they do not vote on it)."""
    en_conflit = set()
    if point is not None:
        en_conflit = set(ConflitInteret.objects.filter(point=point).values_list("mandat_id", flat=True))
    return [
        m
        for m in membres
        if m.voix_deliberative
        and m.pk in presences
        and presences[m.pk].statut in PRESENCES_EFFECTIVES
        and m.pk not in en_conflit
    ]


def proces_verbal_lire(*, seance: Seance, acces: ContexteAcces) -> bytes | None:
    """The minutes' PDF bytes (None until produced). The minutes name the people whose files were
    examined: the read is journaled against them, as any other personal read (DP-1)."""
    contenu = Seance.objects.filter(pk=seance.pk).values_list("proces_verbal", flat=True).first()
    if not contenu:
        return None
    journal_enregistrer(
        acces=acces,
        operation=OperationJournal.CONSULTATION,
        objet_type="personne",
        objet_ids=list(
            seance.points.order_by("ordre", "id").values_list(
                "demande__parcours__personne__public_id", flat=True
            )
        ),
    )
    return bytes(contenu)
