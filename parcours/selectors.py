"""Reads of the pathways: the scoped fetch, the ruptures and alerts computed in SQL, the caseload, the
pathway page (timeline), the manager dashboard.

Ruptures and alerts (rules G-4, FAJ-4, RSA-2) are annotations, so that lists filter and sort on them in
one query whatever the number of rows:

- ``sans_referent``: an open pathway without référent unique;
- ``sans_contact``: an open pathway opened more than N days ago with neither an honoured appointment nor
  a note in the last N days (the dated parameter ``parcours.rupture.sans_contact``, seeded at 90);
- ``echeance_depassee``: an open pathway with a deadline passed and not met;
- ``echeance_proche``: an open pathway with a deadline due within 7 days (alert before expiry, G-4);
- ``sortie_sans_suite``: a closed pathway without a recorded next step;
- ``contrat_expire``: an open pathway whose latest contrat d'engagement (by signature) has ended, with no
  contract signed since (the nightly pass also warns the référent 7 days before the end).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextChoices,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import workflows
from parcours.actions.parcours import etats_par_action_dediee
from parcours.actions.rsa import (
    can_orienter_rsa,
    can_renseigner_dossier_rsa,
    can_signer_contrat_rsa,
    can_view_criteres_orientation,
)
from parcours.chronologie import (
    Evenement,
    SourceChronologie,
    evenements_des_sources,
    sources_chronologie,
)
from parcours.enums import (
    AXES_SANTE,
    TYPES_ECHEANCE_ASE,
    TYPES_ECHEANCE_SANCTION_RSA,
    Dispositif,
    EtatRsa,
    EtatSanctionRsa,
    ResultatRendezVous,
    StatutAction,
    StatutEcheance,
    TypeAlerte,
    TypeEcheance,
)
from parcours.lectures import lectures_partagees
from parcours.models import (
    ActionParcours,
    ContratEngagement,
    DesignationPartenaire,
    DossierRsa,
    Echeance,
    MembreEquipe,
    Note,
    Objectif,
    OrientationRsa,
    Parcours,
    RendezVous,
)
from parcours.models.documents import Document
from parcours.permissions import (
    ROLES_AGENT_SUIVI,
    can_view_ase,
    can_view_sanctions_rsa,
    can_view_sante_parcours,
    est_partenaire_seulement,
    roles_sur_parcours,
    sites_de_suivi,
)
from parcours.regles.enums import FreinOrientation, StatutOrientation, Vulnerabilite
from parcours.regles.rsa import rsa_orientation_statut
from parcours.selectors_apa import FicheApa, fiche_apa
from parcours.selectors_chronologie import (
    branche_actions,
    branche_notes,
    branche_objectifs,
    branche_referents,
    branche_rendez_vous,
    branche_transitions,
)
from parcours.selectors_documents import documents_visibles
from parcours.selectors_jeunes import FicheAse, FicheJeunes, fiche_ase, fiche_jeunes
from parcours.selectors_pch import FichePch, fiche_pch
from parcours.selectors_rsa_sanctions import FicheSanctions, fiche_sanctions
from social.actions.journal import ContexteAcces, journal_enregistrer
from social.enums import OperationJournal, PerimetreAffectation, TypeOrganisation
from social.models import Affectation, Organisation, Personne, Utilisateur
from social.parametres import parametre_en_vigueur
from social.perimetre import perimetre_de
from social.selectors import journaliser_liste

JOURS_ALERTE_AVANT_ECHEANCE = 7
JOURS_TABLEAU_DE_BORD = 15
# The pathway page shows the newest events of the timeline, at most this many: constant work whatever the
# pathway's past (docs/decisions/0002, C3); the full timeline is paginated (``chronologie_page``).
LIMITE_CHRONOLOGIE = 25
TAILLE_PAGE_CHRONOLOGIE = 50
# Page k of the full timeline reads k × size rows per source: a bound on what one request may read.
PAGES_CHRONOLOGIE_MAX = 200
# The action plan, and the RSA orientations and contracts: at most this many rows of each.
LIMITE_PLAN = 200
# Upcoming appointments listed; past appointments to record with their form on the page (C4), the
# others on their own page (``rendez_vous_a_renseigner``).
LIMITE_RENDEZ_VOUS_A_VENIR = 25
LIMITE_A_RENSEIGNER = 3
LIMITE_TABLEAU_DE_BORD = 50

# Annotation name of each alert.
ANNOTATIONS_ALERTES: dict[str, str] = {
    TypeAlerte.SANS_REFERENT: "alerte_sans_referent",
    TypeAlerte.SANS_CONTACT: "alerte_sans_contact",
    TypeAlerte.ECHEANCE_DEPASSEE: "alerte_echeance_depassee",
    TypeAlerte.ECHEANCE_PROCHE: "alerte_echeance_proche",
    TypeAlerte.SORTIE_SANS_SUITE: "alerte_sortie_sans_suite",
    TypeAlerte.CONTRAT_EXPIRE: "alerte_contrat_expire",
}
# Ruptures come first in the caseload; a deadline near is an alert before expiry.
RUPTURES = (
    TypeAlerte.SANS_REFERENT,
    TypeAlerte.SANS_CONTACT,
    TypeAlerte.ECHEANCE_DEPASSEE,
    TypeAlerte.SORTIE_SANS_SUITE,
    TypeAlerte.CONTRAT_EXPIRE,
)


PARAMETRE_SANS_CONTACT = "parcours.rupture.sans_contact"


def jours_sans_contact(jour: datetime.date | None = None) -> int:
    """Days without contact before the rupture alert: the dated parameter ``parcours.rupture.sans_contact``
    in force on ``jour`` (today by default), a choice of the département (rule G-1; one query)."""
    return int(parametre_en_vigueur(PARAMETRE_SANS_CONTACT, jour or timezone.localdate()).valeur)


def _booleen(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


class SqlSurParcours(Expression):
    """An SQL condition or value on the pathway of the current row, written with ``{p}`` for that row's
    table alias: the query's own, in a subquery as in the main query (taken when the expression is
    resolved, relabelled with the query, as Django does for its columns). Every value is a parameter.

    The alerts are written this way rather than as ``Exists`` of querysets: building and compiling those
    subqueries was a fifth of the caseload's Python time, twice per page (count and rows; ADR 0002).
    ``tests/parcours/test_parcours_alertes.py`` compares them with the ORM formulation, row by row."""

    def __init__(self, sql: str, params: Iterable[Any], output_field: Any, alias: str | None = None) -> None:
        super().__init__(output_field=output_field)
        self.sql, self.params, self.alias = sql, list(params), alias

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> SqlSurParcours:
        copie = self.copy()
        if query is not None and copie.alias is None:
            copie.alias = query.get_initial_alias()
        return copie

    def relabeled_clone(self, change_map: Mapping[str, str]) -> SqlSurParcours:
        copie = self.copy()
        copie.alias = change_map.get(self.alias, self.alias) if self.alias else None
        return copie

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if self.alias is None:
            raise ValueError("SqlSurParcours : expression non résolue.")
        return "(" + self.sql.format(p=compiler.quote_name_unless_alias(self.alias)) + ")", self.params

    def __repr__(self) -> str:
        return f"SqlSurParcours({self.sql!r}, {self.params!r})"


def annoter_alertes(
    queryset: QuerySet[Parcours],
    *,
    jour: datetime.date | None = None,
    urgence: bool = True,
    avec_ase: bool = False,
    lecteur: Utilisateur | AnonymousUser | None = None,
) -> QuerySet[Parcours]:
    """Annotate each pathway with its alerts (``alerte_*`` booleans), its next deadline not met
    (``prochaine_echeance``) and, unless ``urgence`` is false (one pathway: nothing to sort), its urgency
    (0: rupture, 1: deadline within 7 days, 2: none), whose SQL repeats the alerts' subqueries.

    The ASE deadline (the entretien at 17) tells that the person is entrusted to the ASE: it counts only
    with ``avec_ase``, for lists whose every row the viewer may know it of (her own caseload, where she is
    référent or in the team); elsewhere the team finds it in the pathway's ASE block (DP-4). The deadlines
    of an RSA sanction procedure count on every row, or with a ``lecteur`` only on the rows whose sanctions
    she reads (``sanctions_lisibles_sql``): a partner or the reception desk never learns of a procedure
    (DP-2)."""
    jour = jour or timezone.localdate()
    delai = datetime.timedelta(days=jours_sans_contact(jour))
    seuil = timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min)) - delai
    exclus = [] if avec_ase else sorted(str(type_echeance) for type_echeance in TYPES_ECHEANCE_ASE)
    # The deadlines counted: not held, not excluded, and a sanction's only where the reader may know it.
    comptees = "e.parcours_id = {p}.id AND NOT (e.statut = %s) AND NOT (e.type = ANY(%s))"
    params_comptees: list[Any] = [StatutEcheance.TENUE.value, exclus]
    lisibles = None if lecteur is None else sanctions_lisibles_sql(lecteur, jour)
    if lisibles is not None:
        condition, params_condition = lisibles
        comptees += f" AND (NOT (e.type = ANY(%s)) OR {condition})"
        params_comptees += [sorted(str(t) for t in TYPES_ECHEANCE_SANCTION_RSA), *params_condition]
    non_tenue = f"SELECT 1 FROM parcours_echeance e WHERE {comptees}"  # noqa: S608 (fixed SQL, parameters)
    booleen: BooleanField[bool, bool] = BooleanField()
    date: DateField[datetime.date, datetime.date] = DateField()
    queryset = queryset.annotate(
        alerte_sans_referent=SqlSurParcours(
            "{p}.date_cloture IS NULL AND {p}.referent_id IS NULL", [], booleen
        ),
        # Opened more than N days ago, with neither an honoured appointment nor a note since (G-4).
        alerte_sans_contact=SqlSurParcours(
            "{p}.date_cloture IS NULL AND {p}.date_ouverture < %s"
            " AND NOT EXISTS (SELECT 1 FROM parcours_rendezvous r WHERE r.parcours_id = {p}.id"
            " AND r.resultat = %s AND r.date_heure >= %s AND r.date_heure <= %s)"
            " AND NOT EXISTS (SELECT 1 FROM parcours_note n"
            " WHERE n.parcours_id = {p}.id AND n.created_at >= %s)",
            [jour - delai, ResultatRendezVous.HONORE.value, seuil, timezone.now(), seuil],
            booleen,
        ),
        alerte_echeance_depassee=SqlSurParcours(
            f"{{p}}.date_cloture IS NULL AND EXISTS ({non_tenue} AND e.date_limite < %s)",
            [*params_comptees, jour],
            booleen,
        ),
        alerte_echeance_proche=SqlSurParcours(
            f"{{p}}.date_cloture IS NULL"
            f" AND EXISTS ({non_tenue} AND e.date_limite >= %s AND e.date_limite <= %s)",
            [*params_comptees, jour, jour + datetime.timedelta(days=JOURS_ALERTE_AVANT_ECHEANCE)],
            booleen,
        ),
        alerte_sortie_sans_suite=SqlSurParcours(
            "{p}.date_cloture IS NOT NULL AND {p}.suite_prevue = ''", [], booleen
        ),
        # The latest contract (as ``ContratEngagement`` orders them) ended before today: a rupture.
        alerte_contrat_expire=SqlSurParcours(
            "{p}.date_cloture IS NULL AND COALESCE((SELECT c.date_fin < %s"
            " FROM parcours_contratengagement c WHERE c.parcours_id = {p}.id"
            " ORDER BY c.signe_le DESC, c.created_at DESC, c.id DESC LIMIT 1), false)",
            [jour],
            booleen,
        ),
        prochaine_echeance=SqlSurParcours(
            f"SELECT e.date_limite FROM parcours_echeance e WHERE {comptees}"  # noqa: S608 (fixed SQL)
            " ORDER BY e.date_limite LIMIT 1",
            params_comptees,
            date,
        ),
    )
    if not urgence:
        return queryset
    rupture = Q()
    for alerte in RUPTURES:
        rupture |= Q(**{ANNOTATIONS_ALERTES[alerte]: True})
    return queryset.annotate(
        urgence=Case(
            When(rupture, then=Value(0)),
            When(alerte_echeance_proche=True, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def ordonner_par_urgence(queryset: QuerySet[Parcours]) -> QuerySet[Parcours]:
    """Ruptures and passed deadlines first, then the nearest deadline, then the oldest pathway."""
    return queryset.order_by("urgence", F("prochaine_echeance").asc(nulls_last=True), "date_ouverture", "id")


def alertes_de(parcours: Parcours) -> list[TypeAlerte]:
    """The alerts of a pathway annotated by ``annoter_alertes`` (no query)."""
    return [
        TypeAlerte(alerte) for alerte, nom in ANNOTATIONS_ALERTES.items() if getattr(parcours, nom, False)
    ]


def filtrer_alerte(queryset: QuerySet[Parcours], alerte: str) -> QuerySet[Parcours]:
    """Keep the pathways with this alert (``alerte`` a ``TypeAlerte`` value, or "rupture": any rupture)."""
    if alerte == "rupture":
        return queryset.filter(Q(urgence=0))
    return queryset.filter(Q(**{ANNOTATIONS_ALERTES[alerte]: True}))


def parcours_obtenir(
    *,
    user: Utilisateur | AnonymousUser,
    public_id: uuid.UUID | str,
    acces: ContexteAcces,
    operation: OperationJournal = OperationJournal.CONSULTATION,
) -> Parcours:
    """The scoped fetch of one pathway, with its alerts; journals the access to the person's file.
    Out of scope or absent: ``Http404``. Callers then check what the user's role allows (403)."""
    try:
        parcours = annoter_alertes(
            Parcours.objects.visible_by(user).select_related("personne", "site", "referent"),
            urgence=False,
            lecteur=user,
        ).get(public_id=public_id)
    except (Parcours.DoesNotExist, ValueError) as exc:  # ValueError: malformed UUID
        raise Http404("Parcours introuvable") from exc
    journal_enregistrer(
        acces=acces, operation=operation, objet_type="personne", objet_ids=[parcours.personne.public_id]
    )
    return parcours


def journaliser_parcours(*, acces: ContexteAcces, parcours: Iterable[Parcours]) -> None:
    """One journal row for a list of pathways: the people shown, each once (nothing for an empty list)."""
    personnes = {p.personne_id: p.personne for p in parcours}
    journaliser_liste(acces=acces, personnes=list(personnes.values()))


@dataclass(frozen=True)
class Filtres:
    dispositif: str = ""
    etat: str = ""
    alerte: str = ""


def filtrer(queryset: QuerySet[Parcours], filtres: Filtres) -> QuerySet[Parcours]:
    if filtres.dispositif:
        queryset = queryset.filter(dispositif=filtres.dispositif)
    if filtres.etat:
        queryset = queryset.filter(etat=filtres.etat)
    if filtres.alerte:
        queryset = filtrer_alerte(queryset, filtres.alerte)
    return queryset


def portefeuille(*, user: Utilisateur, filtres: Filtres | None = None) -> QuerySet[Parcours]:
    """ "Mes parcours": the open pathways where the user is référent or an active team member, and her
    closed ones still waiting for a next step; with their alerts, most urgent first."""
    # An OR between referent_id and an EXISTS cannot use an index (it scanned every pathway at
    # département scale, docs/decisions/0002): drive the query by the ids read from the référent index
    # and the user's active team memberships.
    miens = (
        Parcours.objects.filter(referent_id=user.pk)
        .order_by()
        .values("pk")
        .union(
            MembreEquipe.objects.actives().filter(utilisateur_id=user.pk).order_by().values("parcours_id"),
            all=True,
        )
    )
    queryset = (
        Parcours.objects.visible_by(user)
        .filter(pk__in=miens)
        .filter(Q(date_cloture__isnull=True) | Q(suite_prevue=""))
        .select_related("personne", "site", "referent")
    )
    # Her own pathways (référent or team): the ASE deadline is hers to know (DP-4).
    return ordonner_par_urgence(filtrer(annoter_alertes(queryset, avec_ase=True), filtres or Filtres()))


def parcours_visibles(*, user: Utilisateur, filtres: Filtres | None = None) -> QuerySet[Parcours]:
    """Every pathway the user may see (the API list), with alerts, most urgent first."""
    queryset = Parcours.objects.visible_by(user).select_related("personne", "site", "referent")
    alertes = annoter_alertes(queryset, lecteur=user)
    return ordonner_par_urgence(filtrer(alertes, filtres or Filtres()))


def sanctions_lisibles_sql(
    user: Utilisateur | AnonymousUser, jour: datetime.date
) -> tuple[str, list[Any]] | None:
    """``can_view_sanctions_rsa`` as an SQL condition on a pathway ``{p}`` and its parameters: the user is
    its référent, in its team, or follows the pathways of its site. None when she reads the sanctions of
    every pathway she sees (an agent whose every assignment follows pathways and who is no partner: no
    query); ``false`` for a user who is no agent."""
    perimetre = perimetre_de(user)
    if not perimetre.est_agent:
        return "false", []
    if not perimetre.organisation_ids and perimetre.roles <= ROLES_AGENT_SUIVI:
        return None
    return (
        "({p}.referent_id = %s OR {p}.site_id = ANY(%s) OR EXISTS (SELECT 1 FROM parcours_membreequipe m"
        " WHERE m.parcours_id = {p}.id AND m.utilisateur_id = %s AND m.date_debut <= %s"
        " AND (m.date_fin IS NULL OR m.date_fin >= %s)))",
        [user.pk, sorted(sites_de_suivi(user)), user.pk, jour, jour],
    )


def parcours_de_la_personne(*, user: Utilisateur | AnonymousUser, personne: Personne) -> list[Parcours]:
    """The pathways of a person that the user may see (the section of the person's file), open first.

    Each carries ``consultable``: whether the user may open its page (``can_view_parcours``, computed in
    the same query): the reception desk sees that a pathway exists, not its content."""
    perimetre = perimetre_de(user)
    conditions: list[Q] = []
    if perimetre.est_agent:
        equipe = MembreEquipe.objects.actives().filter(parcours_id=OuterRef("pk"), utilisateur_id=user.pk)
        conditions += [Q(site_id__in=sites_de_suivi(user)), Q(referent_id=user.pk), Q(Exists(equipe))]
    if perimetre.organisation_ids:
        designee = DesignationPartenaire.objects.actives().filter(
            parcours_id=OuterRef("pk"), organisation_id__in=perimetre.organisation_ids
        )
        conditions.append(Q(Exists(designee)))
    consultable: ExpressionWrapper | Value = Value(False, output_field=BooleanField())
    if conditions:
        condition = conditions[0]
        for autre in conditions[1:]:
            condition |= autre
        consultable = _booleen(condition)
    return list(
        Parcours.objects.visible_by(user)
        .filter(personne=personne)
        .select_related("site", "referent")
        .annotate(consultable=consultable)
        .order_by(F("date_cloture").desc(nulls_first=True), "-date_ouverture", "-id")
    )


# The pathway page.


@dataclass
class FicheParcours:
    roles: frozenset[str]
    partenaire_seulement: bool
    designations: list[DesignationPartenaire]
    equipe: list[MembreEquipe]
    echeances: list[Echeance]
    objectifs: list[Objectif]
    # The newest events (``LIMITE_CHRONOLOGIE``); ``chronologie_tronquee``: older ones exist.
    chronologie: list[Evenement]
    transitions_possibles: list[workflows.Transition]
    chronologie_tronquee: bool = False
    prochains_rendez_vous: list[RendezVous] = field(default_factory=list)
    # The oldest appointments still to record (``LIMITE_A_RENSEIGNER``); ``autres_…``: more exist.
    rendez_vous_a_renseigner: list[RendezVous] = field(default_factory=list)
    autres_rendez_vous_a_renseigner: bool = False
    actions_en_cours: list[ActionParcours] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    # RSA pathways only: the section « Droits et orientation RSA » (``fiche_rsa``).
    rsa: FicheRsa | None = None
    # The sections of each dispositif (None for another one): read here so that templates only render.
    sanctions: FicheSanctions | None = None
    pch: FichePch | None = None
    apa: FicheApa | None = None
    jeunes: FicheJeunes | None = None
    # The person's ASE facts, for the pathway's team only (ASE-1, DP-4).
    ase: FicheAse | None = None


@dataclass(frozen=True)
class ResumeParcours:
    roles: frozenset[str]
    designations: list[DesignationPartenaire]
    equipe: list[MembreEquipe]
    echeances: list[Echeance]
    transitions_possibles: list[workflows.Transition]


def resume_parcours(*, parcours: Parcours, user: Utilisateur) -> ResumeParcours:
    """Who works on the pathway, its deadlines, and the transitions this user may trigger now."""
    from parcours.permissions import can_transition_parcours

    echeances = list(Echeance.objects.filter(parcours=parcours).order_by("date_limite", "id"))
    if not can_view_ase(user, parcours):
        # Child-protection data (DP-4): the ASE deadline tells that the person is entrusted to the ASE.
        echeances = [e for e in echeances if e.type not in TYPES_ECHEANCE_ASE]
    if not can_view_sanctions_rsa(user, parcours):
        # A sanction procedure is personal (DP-2): its deadlines would tell a partner that one is under way.
        echeances = [e for e in echeances if e.type not in TYPES_ECHEANCE_SANCTION_RSA]
    return ResumeParcours(
        roles=roles_sur_parcours(user, parcours),
        designations=designations_actives(parcours=parcours),
        equipe=list(
            MembreEquipe.objects.actives()
            .filter(parcours=parcours)
            .select_related("utilisateur")
            .order_by("date_debut", "id")
        ),
        echeances=echeances,
        transitions_possibles=[
            t
            for t in workflows.workflow(parcours.dispositif).depuis(parcours.etat)
            if can_transition_parcours(user, parcours, t)
        ],
    )


def designations_actives(*, parcours: Parcours) -> list[DesignationPartenaire]:
    return list(
        DesignationPartenaire.objects.actives()
        .filter(parcours=parcours)
        .select_related("organisation")
        .order_by("date_debut", "id")
    )


def notes_lisibles(*, parcours: Parcours, user: Utilisateur) -> QuerySet[Note]:
    """The notes this viewer may read (``Note.objects.lisibles_par``), newest first."""
    return (
        Note.objects.filter(parcours=parcours)
        .lisibles_par(user, roles=roles_sur_parcours(user, parcours))
        .select_related("auteur")
        .order_by("-created_at", "-id")
    )


def rendez_vous_visibles(*, parcours: Parcours, user: Utilisateur) -> QuerySet[RendezVous]:
    """The appointments, newest first; a partner sees only those with her organisation."""
    queryset = RendezVous.objects.filter(parcours=parcours).select_related("agent", "organisation")
    if est_partenaire_seulement(user, parcours):
        queryset = queryset.filter(organisation_id__in=perimetre_de(user).organisation_ids)
    return queryset.order_by("-date_heure", "-id")


def objectifs_visibles(*, parcours: Parcours, user: Utilisateur) -> QuerySet[Objectif]:
    """The objectives in creation order; those of the health axe only for the département's staff."""
    queryset = Objectif.objects.filter(parcours=parcours)
    if not can_view_sante_parcours(user, parcours):
        queryset = queryset.exclude(axe__in=AXES_SANTE)
    return queryset.order_by("created_at", "id")


def actions_visibles(*, parcours: Parcours, user: Utilisateur) -> QuerySet[ActionParcours]:
    queryset = ActionParcours.objects.filter(objectif__parcours=parcours)
    if not can_view_sante_parcours(user, parcours):
        queryset = queryset.exclude(objectif__axe__in=AXES_SANTE)
    return queryset.select_related("objectif", "organisation").order_by("created_at", "id")


def _nom(utilisateur: Utilisateur | None) -> str:
    return str(utilisateur) if utilisateur is not None else _("Compte supprimé")


def _debut_du_jour(jour: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min))


# The built-in kinds of the timeline are branches of its single query (``parcours.selectors_chronologie``).

SOURCES_INTEGREES: tuple[SourceChronologie, ...] = (
    branche_transitions,
    branche_referents,
    branche_notes,
    branche_rendez_vous,
    branche_objectifs,
    branche_actions,
)


def evenements_recents(*, parcours: Parcours, user: Utilisateur, limite: int) -> list[Evenement]:
    """The ``limite`` newest events of the timeline, over the built-in kinds and every registered source.
    Exact: the ``limite`` newest of the union are among the ``limite`` newest of each source (each source
    orders by the moment it reports). The sources that are SQL branches (the built-in kinds, among others)
    are read in one ``UNION ALL`` query; the others bring their events (rows the page has already read)."""
    partenaire = est_partenaire_seulement(user, parcours)
    resultats = [
        source(parcours=parcours, user=user, partenaire=partenaire, limite=limite)
        for source in (*SOURCES_INTEGREES, *sources_chronologie())
    ]
    evenements = [e for siens in evenements_des_sources(resultats) for e in siens]
    # A stable sort: equal moments keep the order of their sources, so consecutive pages never overlap.
    evenements.sort(key=lambda e: e.moment, reverse=True)
    return evenements[:limite]


@dataclass(frozen=True)
class PageChronologie:
    numero: int
    evenements: list[Evenement]
    precedente: int | None
    suivante: int | None


def chronologie_page(
    *, parcours: Parcours, user: Utilisateur, numero: int, taille: int = TAILLE_PAGE_CHRONOLOGIE
) -> PageChronologie:
    """Page ``numero`` (from 1) of the full timeline, newest first: page k reads the k × ``taille`` + 1
    newest events of each source (one query per source, whatever the page). ``Http404`` past the last
    page, or beyond ``PAGES_CHRONOLOGIE_MAX`` (a bound on the rows one request may read)."""
    if numero < 1 or numero > PAGES_CHRONOLOGIE_MAX:
        raise Http404("Page introuvable")
    fin = numero * taille
    evenements = evenements_recents(parcours=parcours, user=user, limite=fin + 1)
    page = evenements[fin - taille : fin]
    if not page and numero > 1:
        raise Http404("Page introuvable")
    return PageChronologie(
        numero=numero,
        evenements=page,
        precedente=numero - 1 if numero > 1 else None,
        suivante=numero + 1 if len(evenements) > fin and numero < PAGES_CHRONOLOGIE_MAX else None,
    )


def rendez_vous_a_renseigner(*, parcours: Parcours, user: Utilisateur) -> QuerySet[RendezVous]:
    """The past appointments whose outcome is still to record, oldest first (the most overdue); served by
    the index ``rendez_vous_parcours_idx (parcours, resultat, date_heure)``."""
    return (
        rendez_vous_visibles(parcours=parcours, user=user)
        .filter(resultat=ResultatRendezVous.A_VENIR, date_heure__lt=timezone.now())
        .order_by("date_heure", "id")
    )


def fiche_parcours(*, parcours: Parcours, user: Utilisateur) -> FicheParcours:
    """What the pathway page shows, for this viewer, in one query per kind whatever the number of rows.

    Partners (designated organisations' members) get partner-facing content only: no motifs of
    transitions or référent changes, only the notes shared with partners and their own, the appointments
    with their organisation, no objective of the health axe (rule DP-2).

    The timeline holds the ``LIMITE_CHRONOLOGIE`` newest events (the full one is paginated:
    ``chronologie_page``); the appointments without outcome come from their own queries, so that an old
    appointment still to record never drops out of the page (docs/decisions/0002, C3 and C4)."""
    with lectures_partagees(parcours):
        return _fiche_parcours(parcours=parcours, user=user)


def _fiche_parcours(*, parcours: Parcours, user: Utilisateur) -> FicheParcours:
    partenaire = est_partenaire_seulement(user, parcours)
    maintenant = timezone.now()

    resume = resume_parcours(parcours=parcours, user=user)
    objectifs = list(objectifs_visibles(parcours=parcours, user=user)[:LIMITE_PLAN])
    actions = list(actions_visibles(parcours=parcours, user=user)[:LIMITE_PLAN])
    actions_par_objectif: dict[int, list[ActionParcours]] = {}
    for action in actions:
        actions_par_objectif.setdefault(action.objectif_id, []).append(action)
    for objectif in objectifs:
        objectif.actions_affichees = actions_par_objectif.get(objectif.pk, [])  # type: ignore[attr-defined]
    prochains = list(
        rendez_vous_visibles(parcours=parcours, user=user)
        .filter(resultat=ResultatRendezVous.A_VENIR, date_heure__gte=maintenant)
        .order_by("date_heure", "id")[:LIMITE_RENDEZ_VOUS_A_VENIR]
    )
    a_renseigner = list(rendez_vous_a_renseigner(parcours=parcours, user=user)[: LIMITE_A_RENSEIGNER + 1])
    for rdv in [*prochains, *a_renseigner]:
        rdv.parcours = parcours  # permissions read the pathway (and its cached roles): no query per row

    chronologie = evenements_recents(parcours=parcours, user=user, limite=LIMITE_CHRONOLOGIE + 1)

    rsa = sanctions = pch = apa = None
    # Does the dispositif's file exist, is a sanction in force (None: not read here, the guard asks)?
    dossier_existe: bool | None = None
    sanction_en_vigueur: bool | None = None
    transitions_possibles = resume.transitions_possibles
    if parcours.dispositif == Dispositif.RSA:
        rsa = fiche_rsa(parcours=parcours, user=user, echeances=resume.echeances)
        sanctions = fiche_sanctions(parcours=parcours, user=user)
        dossier_existe = rsa.dossier_tenu
        if sanctions is not None and sanctions.voit_details:
            sanction_en_vigueur = any(
                p.procedure.etat in {EtatSanctionRsa.DECIDEE, EtatSanctionRsa.NOTIFIEE}
                for p in sanctions.procedures
            )
        if rsa.dossier_tenu and parcours.etat != EtatRsa.SUSPENDU:
            # The orientation and the contract then go through their RSA forms (criteria, hours).
            transitions_possibles = [
                t for t in transitions_possibles if t.vers not in workflows.ETATS_RSA_PAR_LE_DOSSIER
            ]
    elif parcours.dispositif == Dispositif.PCH:
        pch = fiche_pch(parcours=parcours, user=user, echeances=resume.echeances)
        if pch is not None and pch.voit_details:
            dossier_existe = bool(pch.decisions)
    elif parcours.dispositif == Dispositif.APA:
        apa = fiche_apa(parcours=parcours, user=user, echeances=resume.echeances)
        dossier_existe = apa.dossier is not None
    if transitions_possibles and (parcours.dispositif != Dispositif.RSA or parcours.etat == EtatRsa.SUSPENDU):
        # APA and PCH files, a sanction in force: their steps go through their own forms, not bare moves.
        dediees, _formulaire = etats_par_action_dediee(
            parcours, dossier_existe=dossier_existe, sanction_en_vigueur=sanction_en_vigueur
        )
        transitions_possibles = [t for t in transitions_possibles if t.vers not in dediees]

    return FicheParcours(
        roles=resume.roles,
        partenaire_seulement=partenaire,
        designations=resume.designations,
        equipe=resume.equipe,
        echeances=resume.echeances,
        objectifs=objectifs,
        chronologie=chronologie[:LIMITE_CHRONOLOGIE],
        chronologie_tronquee=len(chronologie) > LIMITE_CHRONOLOGIE,
        transitions_possibles=transitions_possibles,
        prochains_rendez_vous=prochains,
        rendez_vous_a_renseigner=a_renseigner[:LIMITE_A_RENSEIGNER],
        autres_rendez_vous_a_renseigner=len(a_renseigner) > LIMITE_A_RENSEIGNER,
        actions_en_cours=[a for a in actions if a.statut in {StatutAction.A_FAIRE, StatutAction.EN_COURS}],
        documents=documents_visibles(parcours=parcours, user=user),
        rsa=rsa,
        sanctions=sanctions,
        pch=pch,
        apa=apa,
        jeunes=fiche_jeunes(
            parcours=parcours, user=user, objectifs=objectifs, designations=resume.designations
        ),
        ase=fiche_ase(parcours=parcours, user=user, echeances=resume.echeances),
    )


# The RSA file of a pathway (section « Droits et orientation RSA » of the pathway page, and the API).


@dataclass(frozen=True)
class CriteresAffiches:
    """The orientation criteria (RSA-2), as codes and in words: the département's staff only (DP-2)."""

    situation_emploi: str
    duree_sans_activite_mois: int | None
    niveau_qualification: str
    obligation_emploi: bool
    metier_recherche: str
    aspirations: str
    codes_freins: list[str]
    frein_autre_precision: str
    codes_vulnerabilites: list[str]
    situation: str
    qualification: str
    freins: list[str]
    vulnerabilites: list[str]


@dataclass(frozen=True)
class OrientationAffichee:
    public_id: uuid.UUID
    parcours_type: str
    libelle_parcours: str
    organisme_referent: str
    # None: the pathway's MDS (the département's own service).
    organisme_referent_id: uuid.UUID | None
    decidee_le: datetime.date
    notifiee_le: datetime.date
    decidee_par: str
    actuelle: bool
    # Empty for partners: the motif of a reorientation and the criteria are not theirs to read.
    motif: str
    criteres: CriteresAffiches | None


@dataclass(frozen=True)
class ContratAffiche:
    public_id: uuid.UUID
    signe_le: datetime.date
    date_fin: datetime.date | None
    par: str
    # None for partners: the hours and their justification (health, handicap…), the objectives.
    heures_hebdomadaires: Decimal | None
    justification_motif: str | None
    justification: str | None
    objectifs: str | None


@dataclass(frozen=True)
class FicheRsa:
    """What the pathway page and the API show of the RSA file, for this viewer. Partners see the
    orientation outcome (parcours, organisme référent, dates), the contract's dates and the deadlines;
    never the file (status of the right, droits et devoirs), the criteria, the hours or the objectives."""

    voit_details: bool
    dossier_tenu: bool
    dossier: DossierRsa | None
    statut_orientation: StatutOrientation | None
    orientations: list[OrientationAffichee]
    contrats: list[ContratAffiche]
    echeance_orientation: Echeance | None
    echeance_contrat: Echeance | None
    echeance_diagnostic: Echeance | None
    peut_renseigner: bool
    peut_orienter: bool
    reorientation: bool
    # A contract already signed: the next one renews it (L262-35).
    renouvellement_contrat: bool
    peut_signer_contrat: bool

    @property
    def orientation_actuelle(self) -> OrientationAffichee | None:
        return self.orientations[0] if self.orientations else None

    @property
    def contrat_actuel(self) -> ContratAffiche | None:
        return self.contrats[0] if self.contrats else None

    @property
    def contrats_precedents(self) -> list[ContratAffiche]:
        return self.contrats[1:]

    @property
    def echeances(self) -> list[Echeance]:
        """The RSA deadlines kept for the pathway, the nearest first."""
        lignes = [self.echeance_orientation, self.echeance_contrat, self.echeance_diagnostic]
        return sorted((e for e in lignes if e is not None), key=lambda e: e.date_limite)

    @property
    def contrat_a_signer(self) -> bool:
        """The contract clock runs (RSA-3): shown prominently with its due date."""
        return self.echeance_contrat is not None and self.echeance_contrat.statut != StatutEcheance.TENUE


def _libelles(enum: type[TextChoices], valeurs: Iterable[str]) -> list[str]:
    """The labels of ``valeurs``, in the order of the enumeration (the order of the form)."""
    retenues = set(valeurs)
    return [str(libelle) for valeur, libelle in enum.choices if valeur in retenues]


def _criteres(orientation: OrientationRsa) -> CriteresAffiches:
    situation = orientation.get_situation_emploi_display()
    if orientation.duree_sans_activite_mois is not None:
        situation += _(" depuis %(mois)s mois") % {"mois": orientation.duree_sans_activite_mois}
    freins = _libelles(FreinOrientation, orientation.freins)
    if orientation.frein_autre_precision:
        freins = [
            f"{libelle} : {orientation.frein_autre_precision}"
            if libelle == FreinOrientation.AUTRE.label
            else libelle
            for libelle in freins
        ]
    return CriteresAffiches(
        situation_emploi=orientation.situation_emploi,
        duree_sans_activite_mois=orientation.duree_sans_activite_mois,
        niveau_qualification=orientation.niveau_qualification,
        obligation_emploi=orientation.beneficiaire_obligation_emploi,
        metier_recherche=orientation.metier_recherche,
        aspirations=orientation.aspirations,
        codes_freins=list(orientation.freins),
        frein_autre_precision=orientation.frein_autre_precision,
        codes_vulnerabilites=list(orientation.vulnerabilites),
        situation=situation,
        qualification=orientation.get_niveau_qualification_display(),
        freins=freins,
        # Those recorded and those the difficulties imply: what sets the joint diagnostic's delay (RSA-6).
        vulnerabilites=_libelles(Vulnerabilite, orientation.vulnerabilites_retenues),
    )


def _justification(contrat: ContratEngagement) -> str:
    parties = [contrat.get_justification_motif_display(), contrat.justification_precision]
    return " – ".join(partie for partie in parties if partie)


def fiche_rsa(
    *,
    parcours: Parcours,
    user: Utilisateur | AnonymousUser,
    echeances: list[Echeance] | None = None,
    jour: datetime.date | None = None,
) -> FicheRsa:
    """The RSA file of a visible RSA pathway for this viewer: at most four queries (the file, the
    orientations, the contracts, the orientation parameter), whatever the number of rows; the deadlines
    come from ``echeances`` when the caller has them."""
    jour = jour or timezone.localdate()
    details = can_view_criteres_orientation(user, parcours)
    if echeances is None:
        echeances = list(Echeance.objects.filter(parcours=parcours).order_by("date_limite", "id"))
    par_type = {e.type: e for e in echeances}
    dossier = DossierRsa.objects.filter(parcours=parcours).first()
    orientations = list(
        OrientationRsa.objects.filter(parcours=parcours)
        .select_related("organisme_referent", "decidee_par")
        .order_by("-decidee_le", "-created_at", "-id")[:LIMITE_PLAN]
    )
    contrats = list(
        ContratEngagement.objects.filter(parcours=parcours)
        .select_related("created_by")
        .order_by("-signe_le", "-created_at", "-id")[:LIMITE_PLAN]
    )
    statut = None
    if dossier is not None and details:
        premiere = par_type.get(TypeEcheance.RSA_ORIENTATION)
        statut = rsa_orientation_statut(
            information_recue_le=dossier.information_recue_le,
            orientee_le=premiere.tenue_le if premiere is not None else None,
            jour=jour,
        )
    site = parcours.site.nom
    return FicheRsa(
        voit_details=details,
        dossier_tenu=dossier is not None,
        dossier=dossier if details else None,
        statut_orientation=statut,
        orientations=[
            OrientationAffichee(
                public_id=o.public_id,
                parcours_type=o.parcours_type,
                libelle_parcours=o.get_parcours_type_display(),
                organisme_referent=(
                    o.organisme_referent.nom
                    if o.organisme_referent is not None
                    else _("%(site)s (service du Département)") % {"site": site}
                ),
                organisme_referent_id=o.organisme_referent.public_id if o.organisme_referent else None,
                decidee_le=o.decidee_le,
                notifiee_le=o.notifiee_le,
                decidee_par=_nom(o.decidee_par),
                actuelle=rang == 0,
                motif=o.motif if details else "",
                criteres=_criteres(o) if details else None,
            )
            for rang, o in enumerate(orientations)
        ],
        contrats=[
            ContratAffiche(
                public_id=c.public_id,
                signe_le=c.signe_le,
                date_fin=c.date_fin,
                par=_nom(c.created_by),
                heures_hebdomadaires=c.heures_hebdomadaires if details else None,
                justification_motif=c.justification_motif if details else None,
                justification=_justification(c) if details else None,
                objectifs=c.objectifs if details else None,
            )
            for c in contrats
        ],
        echeance_orientation=par_type.get(TypeEcheance.RSA_ORIENTATION),
        echeance_contrat=par_type.get(TypeEcheance.RSA_CONTRAT),
        echeance_diagnostic=par_type.get(TypeEcheance.RSA_DIAGNOSTIC_CONJOINT),
        peut_renseigner=can_renseigner_dossier_rsa(user, parcours),
        peut_orienter=dossier is not None and can_orienter_rsa(user, parcours),
        reorientation=parcours.etat != workflows.etat_initial(Dispositif.RSA),
        peut_signer_contrat=dossier is not None and can_signer_contrat_rsa(user, parcours),
        renouvellement_contrat=parcours.etat in (EtatRsa.CONTRACTUALISE, EtatRsa.EN_ACCOMPAGNEMENT),
    )


# Organisations that may be the organisme référent of an orientation (RSA-2): France Travail and the
# insertion partners (a CAF, an MSA, a MDPH or a landlord never is).
TYPES_ORGANISME_REFERENT = (
    TypeOrganisation.FRANCE_TRAVAIL,
    TypeOrganisation.CCAS,
    TypeOrganisation.MISSION_LOCALE,
    TypeOrganisation.ASSOCIATION,
    TypeOrganisation.ESMS,
    TypeOrganisation.AUTRE,
)


def organismes_referents_possibles(*, parcours: Parcours) -> QuerySet[Organisation]:
    """The insertion organisations of the pathway's territory (their own, or their commune's), and
    those attached to no territory (a national body), by name."""
    territoire_id = parcours.site.territoire_id
    return Organisation.objects.filter(
        Q(territoire_id=territoire_id)
        | Q(territoire__isnull=True, commune__territoire_id=territoire_id)
        | Q(territoire__isnull=True, commune__isnull=True),
        type__in=TYPES_ORGANISME_REFERENT,
    ).order_by("nom", "id")


def referents_possibles(*, parcours: Parcours) -> QuerySet[Utilisateur]:
    """Active social workers, évaluateurs and encadrants of the pathway's site (or territory-wide over it)."""
    affectations = Affectation.objects.actives().filter(
        Q(site_id=parcours.site_id)
        | Q(perimetre=PerimetreAffectation.TERRITOIRE, site__territoire__sites__id=parcours.site_id),
        utilisateur_id=OuterRef("pk"),
        role__in=ROLES_AGENT_SUIVI,
    )
    return Utilisateur.objects.filter(Exists(affectations), is_active=True).order_by(
        "last_name", "first_name", "id"
    )


# The manager dashboard.


@dataclass(frozen=True)
class LigneReferent:
    referent: Utilisateur | None
    total: int
    ruptures: int
    sans_contact: int
    contrats_expires: int
    echeances_depassees: int
    echeances_proches: int


@dataclass(frozen=True)
class TableauDeBord:
    par_referent: list[LigneReferent]
    sans_referent: list[Parcours]
    nb_sans_referent: int
    echeances_proches: list[Parcours]


def tableau_de_bord(*, user: Utilisateur, jour: datetime.date | None = None) -> TableauDeBord:
    """The encadrant's dashboard over the pathways of her sites: alerts per référent, pathways without
    référent, pathways with a deadline not met within 15 days (or already passed). Constant queries."""
    jour = jour or timezone.localdate()
    site_ids = perimetre_de(user).site_ids
    base = annoter_alertes(
        Parcours.objects.visible_by(user)
        .filter(site_id__in=site_ids)
        .filter(Q(date_cloture__isnull=True) | Q(suite_prevue="")),
        jour=jour,
    )
    champs_referent = ("referent_id", "referent__username", "referent__first_name", "referent__last_name")
    lignes: list[dict[str, Any]] = list(
        base.order_by()
        .values(*champs_referent)
        .annotate(
            total=Count("id"),
            ruptures=Count("id", filter=Q(urgence=0)),
            sans_contact=Count("id", filter=Q(alerte_sans_contact=True)),
            contrats_expires=Count("id", filter=Q(alerte_contrat_expire=True)),
            echeances_depassees=Count("id", filter=Q(alerte_echeance_depassee=True)),
            echeances_proches=Count("id", filter=Q(alerte_echeance_proche=True)),
            sans_referent=Count("id", filter=Q(alerte_sans_referent=True)),
        )
    )
    par_referent = sorted(
        (
            LigneReferent(
                # Names come with the counts (one query); the account object is only for display.
                referent=Utilisateur(
                    pk=ligne["referent_id"],
                    username=ligne["referent__username"],
                    first_name=ligne["referent__first_name"],
                    last_name=ligne["referent__last_name"],
                ),
                total=ligne["total"],
                ruptures=ligne["ruptures"],
                sans_contact=ligne["sans_contact"],
                contrats_expires=ligne["contrats_expires"],
                echeances_depassees=ligne["echeances_depassees"],
                echeances_proches=ligne["echeances_proches"],
            )
            for ligne in lignes
            if ligne["referent_id"] is not None
        ),
        key=lambda ligne: (-ligne.ruptures, -ligne.total, str(ligne.referent)),
    )
    nb_sans_referent = sum(ligne["sans_referent"] for ligne in lignes)
    sans_referent = list(
        base.filter(Q(alerte_sans_referent=True))
        .select_related("personne", "site")
        .order_by("date_ouverture", "id")[:LIMITE_TABLEAU_DE_BORD]
    )
    proches = list(
        ordonner_par_urgence(
            base.filter(
                Q(date_cloture__isnull=True)
                & Q(prochaine_echeance__lte=jour + datetime.timedelta(days=JOURS_TABLEAU_DE_BORD))
            ).select_related("personne", "site", "referent")
        )[:LIMITE_TABLEAU_DE_BORD]
    )
    return TableauDeBord(
        par_referent=par_referent,
        sans_referent=sans_referent,
        nb_sans_referent=nb_sans_referent,
        echeances_proches=proches,
    )
