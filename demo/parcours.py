"""Demonstration pathways: a living caseload for each demo account.

For the people of the demo (``demo.chargement``), pathways at every stage, written only through the
public actions of ``parcours`` (so that the transition and référent logs, the history, the deadlines,
the partners' attachments and the permission checks are those of real use):

- RSA at the MDS de l'Arrageois (``ts.arras``, ~40) and the MDS du Calaisis (``ts.calais``, ~30): to
  orient (some past the 6-week deadline, some close to it), oriented (some past the 1-month contract
  deadline), under contract, in accompaniment with an action plan, suspended by ``encadrant.arras``,
  without référent (the encadrant's dashboard), exits with and without a next step (a rupture);
  a few designated to the CCAS d'Arras (``partenaire.ccas-arras``);
- JEUNES at the MDS du Calaisis (``ts.calais``, people aged 18 to 23 on the demo's reference date),
  most designated to the Mission locale du Calaisis (``partenaire.ml-calais``);
- APA at the Maison de l'Autonomie de l'Arrageois (``evaluateur.arras``, people aged 60 and over):
  request just received, acknowledgement late, file incomplete, file complete near its 2-month
  deadline, evaluation, plan proposed, decision notified, closed;
- a few PCH pathways there, two of them for minors of 13 to 15 (on the reference date) entrusted to the ASE,
  whose entretien d'accès à l'autonomie is due at 17 (ASE-1);
- honoured, missed, excused and upcoming appointments, notes at each confidentiality level, team
  members from another site; then the deadlines are recomputed (``echeances_recalculer``,
  ``echeances_actualiser``).

The APA decision is the encadrant's (``parcours.workflows``): when no encadrant of the Maison de
l'Autonomie exists, the pathways meant to be notified wait at "plan proposé" (``RapportParcoursDemo.
decisions_apa_en_attente`` counts them).

Deterministic and idempotent. People are picked among the demo's people of the seed, in the order the
demo drew them (so the scripted households come first and loading more people later only adds
pathways), by territory and by age on the demo's reference date. Each pick is keyed on (person,
dispositif): a person who already has a pathway in that dispositif, open or closed, is left as she
is, so a second run creates nothing. Each pathway's draws come from its own ``random.Random`` (seed,
group, rank), independent of the database. Dates are relative to ``maintenant`` (today by default);
the actions date the opening and the exits on the real day (``parcours_ouvrir``,
``parcours_transitionner``), the earlier steps carry their effective dates.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from parcours.actions import (
    action_ajouter,
    action_changer_statut,
    echeances_actualiser,
    echeances_recalculer,
    membre_equipe_ajouter,
    note_ajouter,
    objectif_ajouter,
    objectif_changer_statut,
    parcours_ouvrir,
    parcours_transitionner,
    partenaire_designer,
    personne_ase_renseigner,
    referent_changer,
    rendez_vous_planifier,
    rendez_vous_renseigner,
)
from parcours.enums import (
    AxeAccompagnement,
    Confidentialite,
    Dispositif,
    EtatApa,
    EtatJeunes,
    EtatPch,
    EtatRsa,
    ModaliteRendezVous,
    ResultatRendezVous,
    StatutAction,
    StatutObjectif,
)
from parcours.models import Parcours
from social.enums import LienFoyer, PerimetreAffectation, RoleAgent
from social.models import (
    Affectation,
    MembreFoyer,
    Organisation,
    Personne,
    Rattachement,
    Site,
    Utilisateur,
)
from social.referentiel import VERROU_CHARGEMENT

MDS_ARRAS = "MDS de l'Arrageois"
MDS_CALAIS = "MDS du Calaisis"
AUTONOMIE_ARRAS = "Maison de l'Autonomie de l'Arrageois"
CCAS_ARRAS = "CCAS d'Arras"
ML_CALAIS = "Mission locale du Calaisis"

TS_ARRAS = "ts.arras"
TS_CALAIS = "ts.calais"
ENCADRANT_ARRAS = "encadrant.arras"
EVALUATEUR_ARRAS = "evaluateur.arras"
PARTENAIRE_CCAS = "partenaire.ccas-arras"
PARTENAIRE_ML = "partenaire.ml-calais"
_COMPTES = (TS_ARRAS, TS_CALAIS, ENCADRANT_ARRAS, EVALUATEUR_ARRAS, PARTENAIRE_CCAS, PARTENAIRE_ML)

_HEURES = (
    datetime.time(9),
    datetime.time(9, 30),
    datetime.time(10, 30),
    datetime.time(14),
    datetime.time(15, 30),
)


# --- What is created, per group --------------------------------------------------------------------


@dataclass(frozen=True)
class _Groupe:
    """Pathways of one dispositif at one site: who is picked (territory of the site, age on the demo's
    reference date, household link) and how many of each scenario, the first of each kind first."""

    cle: str
    dispositif: Dispositif
    site: str
    referent: str
    ages: tuple[int, int]
    quotas: tuple[tuple[str, int], ...]
    liens: frozenset[str] | None = None  # None: any member of the household

    @property
    def calendrier(self) -> list[str]:
        """The scenario of each rank: one of each kind in turn while quotas last (so that a small demo
        still shows every kind)."""
        restes = dict(self.quotas)
        resultat: list[str] = []
        while any(restes.values()):
            for genre, _ in self.quotas:
                if restes[genre]:
                    resultat.append(genre)
                    restes[genre] -= 1
        return resultat


# Allocation order: a person gets at most one demo pathway, the earlier groups pick first.
GROUPES: tuple[_Groupe, ...] = (
    _Groupe(
        "apa-arrageois",
        Dispositif.APA,
        AUTONOMIE_ARRAS,
        EVALUATEUR_ARRAS,
        ages=(60, 120),
        quotas=(
            ("complet_proche", 2),
            ("notifie", 3),
            ("recue", 3),
            ("incomplet", 3),
            ("evaluation", 2),
            ("recue_retard", 1),
            ("plan_propose", 2),
            ("complet", 1),
            ("clos", 1),
        ),
    ),
    _Groupe(
        "rsa-arrageois",
        Dispositif.RSA,
        MDS_ARRAS,
        TS_ARRAS,
        ages=(25, 64),
        liens=frozenset({LienFoyer.REFERENCE}),  # the allocataire of the household
        quotas=(
            ("accompagnement", 8),
            ("contrat", 4),
            ("a_orienter_retard", 6),
            ("sans_referent", 3),
            ("oriente", 4),
            ("suspendu", 3),
            ("sortie_sans_suite", 2),
            ("a_orienter", 4),
            ("oriente_retard", 2),
            ("a_orienter_proche", 2),
            ("referent_retire", 1),
            ("sortie_avec_suite", 1),
        ),
    ),
    _Groupe(
        "pch-arrageois",
        Dispositif.PCH,
        AUTONOMIE_ARRAS,
        EVALUATEUR_ARRAS,
        ages=(20, 59),
        quotas=(("en_paiement", 3), ("decision_recue", 2)),
    ),
    _Groupe(
        "rsa-calaisis",
        Dispositif.RSA,
        MDS_CALAIS,
        TS_CALAIS,
        ages=(25, 64),
        liens=frozenset({LienFoyer.REFERENCE}),
        quotas=(
            ("accompagnement", 7),
            ("a_orienter_retard", 4),
            ("contrat", 3),
            ("sans_referent", 2),
            ("oriente", 4),
            ("sortie_sans_suite", 1),
            ("a_orienter", 4),
            ("oriente_retard", 2),
            ("a_orienter_proche", 2),
            ("sortie_avec_suite", 1),
        ),
    ),
    _Groupe(
        "jeunes-calaisis",
        Dispositif.JEUNES,
        MDS_CALAIS,
        TS_CALAIS,
        # 18 to 25 years old: 18 to 23 on the reference date (1 January 2025) stays under 26 until 2027.
        ages=(18, 23),
        quotas=(("accompagnement", 4), ("projet", 3), ("accueil", 2), ("sortie", 1)),
    ),
    # Last, so that the other groups keep their people: minors entrusted to the ASE (ASE-1).
    _Groupe(
        "pch-mineurs-arrageois",
        Dispositif.PCH,
        AUTONOMIE_ARRAS,
        EVALUATEUR_ARRAS,
        ages=(13, 15),
        quotas=(("mineur_ase", 2),),
    ),
)


@dataclass
class RapportParcoursDemo:
    """Rows created by a load (all zero when the demo pathways are already there)."""

    parcours: int = 0
    transitions: int = 0
    changements_referent: int = 0
    designations: int = 0
    membres_equipe: int = 0
    rendez_vous: int = 0
    notes: int = 0
    objectifs: int = 0
    actions: int = 0
    echeances_depassees: int = 0
    # APA pathways left at "plan proposé": no encadrant of the Maison de l'Autonomie to decide.
    decisions_apa_en_attente: int = 0
    par_groupe: dict[str, int] = field(default_factory=dict)

    @property
    def a_change(self) -> bool:
        return bool(self.parcours)


# --- Loading ---------------------------------------------------------------------------------------


@transaction.atomic
def parcours_demo_charger(
    *, graine: int = 62, maintenant: datetime.date | None = None
) -> RapportParcoursDemo:
    """Open the demonstration pathways for the demo's people of ``graine`` (after ``demo_charger``).
    Idempotent and deterministic for a given ``maintenant`` (today by default, never later: the
    actions refuse future effective dates)."""
    from demo.chargement import ESPACE_DEMO  # here: ``demo.chargement`` calls this module

    aujourd_hui = timezone.localdate()
    maintenant = maintenant or aujourd_hui
    if maintenant > aujourd_hui:
        raise ValidationError(
            "La date de la démonstration ne peut pas être dans le futur.", code="demo_date_future"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [VERROU_CHARGEMENT])
    rapport = RapportParcoursDemo()

    comptes = {u.username: u for u in Utilisateur.objects.filter(username__in=_COMPTES)}
    sites = {s.nom: s for s in Site.objects.filter(nom__in=[MDS_ARRAS, MDS_CALAIS, AUTONOMIE_ARRAS])}
    organisations = {o.nom: o for o in Organisation.objects.filter(nom__in=[CCAS_ARRAS, ML_CALAIS])}
    for noms, trouves, genre in (
        (_COMPTES, comptes, "compte"),
        ((MDS_ARRAS, MDS_CALAIS, AUTONOMIE_ARRAS), sites, "site"),
        ((CCAS_ARRAS, ML_CALAIS), organisations, "organisation"),
    ):
        manquants = sorted(set(noms) - trouves.keys())
        if manquants:
            raise ValidationError(
                "Parcours de démonstration : %(genre)s introuvable (%(noms)s) ; chargez d'abord la démo.",
                code="demo_incomplete",
                params={"genre": genre, "noms": ", ".join(manquants)},
            )

    choix = _choisir(graine, ESPACE_DEMO, sites, organisations)
    if not choix:
        return rapport

    chantier = _Chantier(
        maintenant=maintenant,
        rapport=rapport,
        comptes=comptes,
        organisations=organisations,
        decideur_apa=_decideur(sites[AUTONOMIE_ARRAS]),
    )
    personnes = Personne.objects.in_bulk([pk for _, _, _, pk, _ in choix])
    crees: list[Parcours] = []
    for groupe, rang, genre, pk, suivie_par in choix:
        site = sites[groupe.site]
        scenario = _Scenario(
            chantier,
            groupe=groupe,
            personne=personnes[pk],
            site=site,
            referent=comptes[groupe.referent],
            # Draws independent of the database: the same pathway whatever was created before it.
            rng=random.Random(f"{graine}/parcours/{groupe.cle}/{rang}"),
            suivie_par=suivie_par,
        )
        _SCENARIOS[groupe.dispositif](scenario, genre)
        crees.append(scenario.parcours)
        rapport.parcours += 1
        rapport.par_groupe[groupe.cle] = rapport.par_groupe.get(groupe.cle, 0) + 1

    # The deadlines on the demo's day (the actions computed them on the real day: the same when the demo is
    # set today), then the nightly pass (expired deadlines marked, référents notified).
    if maintenant != aujourd_hui:
        for parcours in crees:
            echeances_recalculer(parcours=parcours, jour=maintenant)
    rapport.echeances_depassees = echeances_actualiser(jour=maintenant)
    return rapport


# (group, rank in the group, scenario, person's id, partner organisation already following her, if any)
_Choix = tuple[_Groupe, int, str, int, Organisation | None]
# The demo's people are looked up by slices of their drawing ranks, until a slice finds nobody.
_TRANCHE = 2500


def _choisir(
    graine: int, espace: uuid.UUID, sites: dict[str, Site], organisations: dict[str, Organisation]
) -> list[_Choix]:
    """The pathways still to create: each group's ranks filled with the first eligible people in the
    demo's drawing order (a person in one group only), minus those who already have a pathway in the
    group's dispositif. Five queries for the default demo, whatever else the database holds."""
    from demo.chargement import DATE_REFERENCE

    territoires = {sites[g.site].territoire_id for g in GROUPES}
    # The demo names its people uuid5(espace, "<seed>/personne/<rank>"): the rank is the drawing order.
    personnes: list[tuple[int, int, datetime.date]] = []  # (id, territory, birth), in drawing order
    debut = 0
    while True:
        rangs = {uuid.uuid5(espace, f"{graine}/personne/{i}"): i for i in range(debut, debut + _TRANCHE)}
        tranche = list(
            Personne.objects.filter(public_id__in=rangs).values_list(
                "public_id", "pk", "commune__territoire_id", "date_naissance"
            )
        )
        if not tranche:
            break
        tranche.sort(key=lambda ligne: rangs[ligne[0]])
        personnes += [
            (pk, territoire, naissance)
            for _, pk, territoire, naissance in tranche
            if territoire in territoires
        ]
        debut += _TRANCHE
    ids = [pk for pk, _, _ in personnes]
    liens = dict(
        MembreFoyer.objects.filter(personne_id__in=ids, date_fin__isnull=True).values_list(
            "personne_id", "lien"
        )
    )
    suivies = dict(
        Rattachement.objects.actives()
        .filter(personne_id__in=ids, organisation__in=organisations.values())
        .values_list("personne_id", "organisation_id")
    )
    existants = set(Parcours.objects.filter(personne_id__in=ids).values_list("personne_id", "dispositif"))
    organisation_par_id = {o.pk: o for o in organisations.values()}

    choix: list[_Choix] = []
    pris: set[int] = set()
    for groupe in GROUPES:
        territoire_du_site = sites[groupe.site].territoire_id
        eligibles = (
            pk
            for pk, territoire, naissance in personnes
            if pk not in pris
            and territoire == territoire_du_site
            and groupe.ages[0] <= _age(naissance, DATE_REFERENCE) <= groupe.ages[1]
            and (groupe.liens is None or liens.get(pk) in groupe.liens)
        )
        for rang, (genre, pk) in enumerate(zip(groupe.calendrier, eligibles, strict=False)):
            pris.add(pk)
            if (pk, groupe.dispositif.value) not in existants:
                suivie_par = organisation_par_id[suivies[pk]] if pk in suivies else None
                choix.append((groupe, rang, genre, pk, suivie_par))
    return choix


def _age(naissance: datetime.date, jour: datetime.date) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


def _decideur(autonomie: Site) -> Utilisateur | None:
    """An encadrant of the Maison de l'Autonomie (or territory-wide over it): the APA decision is hers."""
    affectation = (
        Affectation.objects.actives()
        .filter(role=RoleAgent.ENCADRANT, utilisateur__is_active=True)
        .filter(
            Q(site=autonomie)
            | Q(perimetre=PerimetreAffectation.TERRITOIRE, site__territoire_id=autonomie.territoire_id)
        )
        .select_related("utilisateur")
        .order_by("utilisateur__username")
        .first()
    )
    return affectation.utilisateur if affectation else None


# --- Writing one pathway through the actions ---------------------------------------------------------


@dataclass
class _Chantier:
    maintenant: datetime.date
    rapport: RapportParcoursDemo
    comptes: dict[str, Utilisateur]
    organisations: dict[str, Organisation]
    decideur_apa: Utilisateur | None


class _Scenario:
    """One pathway being written: thin wrappers over the actions that count what they create."""

    def __init__(
        self,
        chantier: _Chantier,
        *,
        groupe: _Groupe,
        personne: Personne,
        site: Site,
        referent: Utilisateur,
        rng: random.Random,
        suivie_par: Organisation | None,
    ) -> None:
        self.chantier = chantier
        self.rapport = chantier.rapport
        self.groupe = groupe
        self.personne = personne
        self.site = site
        self.referent = referent
        self.rng = rng
        self.suivie_par = suivie_par
        self.recu = chantier.maintenant
        self._parcours: Parcours | None = None

    @property
    def parcours(self) -> Parcours:
        assert self._parcours is not None, "ouvrir() d'abord"
        return self._parcours

    def compte(self, username: str) -> Utilisateur:
        return self.chantier.comptes[username]

    # Dates ------------------------------------------------------------------------------------------

    def il_y_a(self, minimum: int, maximum: int) -> datetime.date:
        return self.chantier.maintenant - datetime.timedelta(days=self.rng.randint(minimum, maximum))

    def apres(self, jour: datetime.date, minimum: int, maximum: int) -> datetime.date:
        """A day after ``jour``, never after the demo's yesterday (a past step; ``jour`` if none fits)."""
        hier = self.chantier.maintenant - datetime.timedelta(days=1)
        return max(jour, min(jour + datetime.timedelta(days=self.rng.randint(minimum, maximum)), hier))

    def dans(self, minimum: int, maximum: int) -> datetime.date:
        return self.chantier.maintenant + datetime.timedelta(days=self.rng.randint(minimum, maximum))

    # Actions -----------------------------------------------------------------------------------------

    def ouvrir(self, recu: datetime.date, *, referent: bool = True, par: Utilisateur | None = None) -> None:
        self.recu = recu
        self._parcours = parcours_ouvrir(
            personne=self.personne,
            dispositif=self.groupe.dispositif,
            acting_user=par or self.referent,
            site=self.site,
            referent=self.referent if referent else None,
            date_reception=recu,
        )
        self.rapport.transitions += 1
        self.rapport.changements_referent += int(referent)

    def vers(
        self,
        etat: str,
        le: datetime.date | None,
        *,
        par: Utilisateur | None = None,
        motif: str = "",
        suite: str = "",
    ) -> None:
        """A transition effective ``le`` (``None``: today, as exits must be: a pathway closes on or
        after its opening day)."""
        self._parcours = parcours_transitionner(
            parcours=self.parcours,
            vers=etat,
            acting_user=par or self.referent,
            motif=motif,
            suite_prevue=suite,
            date_effet=le,
        )
        self.rapport.transitions += 1

    def retirer_referent(self, *, par: Utilisateur, motif: str) -> None:
        self._parcours = referent_changer(parcours=self.parcours, nouveau=None, acting_user=par, motif=motif)
        self.rapport.changements_referent += 1

    def designer(self, organisation: Organisation, le: datetime.date, motif: str) -> None:
        partenaire_designer(
            parcours=self.parcours,
            organisation=organisation,
            acting_user=self.referent,
            motif=motif,
            depuis=le,
        )
        self.rapport.designations += 1

    def equipe(self, utilisateur: Utilisateur, role: str, le: datetime.date) -> None:
        membre_equipe_ajouter(
            parcours=self.parcours, utilisateur=utilisateur, role=role, acting_user=self.referent, depuis=le
        )
        self.rapport.membres_equipe += 1

    def rendez_vous(
        self,
        jour: datetime.date,
        objet: str,
        *,
        resultat: ResultatRendezVous = ResultatRendezVous.A_VENIR,
        modalite: ModaliteRendezVous = ModaliteRendezVous.PRESENTIEL,
        organisation: Organisation | None = None,
        lieu: str = "",
    ) -> None:
        """An appointment on a working day; a past one gets its outcome unless ``A_VENIR`` (left to
        record: the pathway page asks for it)."""
        jour = _jour_ouvre(jour, passe=jour < self.chantier.maintenant)
        moment = timezone.make_aware(datetime.datetime.combine(jour, self.rng.choice(_HEURES)))
        if modalite == ModaliteRendezVous.PRESENTIEL and not lieu:
            lieu = organisation.nom if organisation else self.site.nom
        rendez_vous = rendez_vous_planifier(
            parcours=self.parcours,
            acting_user=self.referent,
            date_heure=moment,
            modalite=modalite,
            lieu=lieu if modalite == ModaliteRendezVous.PRESENTIEL else "",
            objet=objet,
            organisation=organisation,
        )
        self.rapport.rendez_vous += 1
        if resultat != ResultatRendezVous.A_VENIR and moment < timezone.now():
            rendez_vous_renseigner(rendez_vous=rendez_vous, acting_user=self.referent, resultat=resultat)

    def note(
        self,
        texte: str,
        confidentialite: Confidentialite = Confidentialite.EQUIPE,
        *,
        auteur: Utilisateur | None = None,
    ) -> None:
        note_ajouter(
            parcours=self.parcours,
            auteur=auteur or self.referent,
            texte=texte,
            confidentialite=confidentialite,
        )
        self.rapport.notes += 1

    def objectif(
        self,
        modele: _ModeleObjectif,
        *,
        avancement: int,
        organisation: Organisation | None = None,
    ) -> None:
        """An objective and its first action, and its last one carried by the partner when there is one;
        ``avancement`` 0: just set, 1: under way, 2: reached."""
        echeance = self.dans(30, 120) if avancement < 2 else None
        objectif = objectif_ajouter(
            parcours=self.parcours,
            acting_user=self.referent,
            axe=modele.axe,
            libelle=modele.libelle,
            date_echeance=echeance,
        )
        self.rapport.objectifs += 1
        libelles = modele.actions if organisation else modele.actions[:1]
        for i, libelle in enumerate(libelles):
            action = action_ajouter(
                objectif=objectif,
                acting_user=self.referent,
                libelle=libelle,
                date_echeance=echeance,
                organisation=organisation if i == len(libelles) - 1 else None,
            )
            self.rapport.actions += 1
            statuts = {0: [], 1: [StatutAction.EN_COURS] if i == 0 else [], 2: [StatutAction.REALISEE]}
            for statut in statuts[avancement]:
                action_changer_statut(action=action, acting_user=self.referent, statut=statut)
        if avancement == 2:
            objectif_changer_statut(
                objectif=objectif, acting_user=self.referent, statut=StatutObjectif.ATTEINT
            )

    def plan(
        self, modeles: Sequence[_ModeleObjectif], nombre: int, *, organisation: Organisation | None = None
    ) -> None:
        """``nombre`` objectives drawn from ``modeles``; the first one carried partly by the partner."""
        for i, modele in enumerate(self.rng.sample(list(modeles), nombre)):
            self.objectif(
                modele,
                avancement=self.rng.choice((0, 2)) if i else 1,
                organisation=organisation if i == 0 else None,
            )


def _jour_ouvre(jour: datetime.date, *, passe: bool) -> datetime.date:
    """The nearest working day (Monday to Friday): earlier for a past day, later for a future one."""
    pas = datetime.timedelta(days=-1 if passe else 1)
    while jour.weekday() >= 5:
        jour += pas
    return jour


# --- Scenarios ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ModeleObjectif:
    axe: AxeAccompagnement
    libelle: str
    actions: tuple[str, ...]


_PLAN_RSA = (
    _ModeleObjectif(
        AxeAccompagnement.EMPLOI,
        "Retrouver un emploi dans la logistique ou l'entretien",
        ("Atelier CV et lettre de motivation", "Candidatures auprès de trois agences d'intérim"),
    ),
    _ModeleObjectif(
        AxeAccompagnement.MOBILITE,
        "Obtenir le permis B",
        ("Demande d'aide au permis à la plateforme mobilité",),
    ),
    _ModeleObjectif(
        AxeAccompagnement.LOGEMENT,
        "Accéder à un logement adapté à la composition familiale",
        ("Dépôt de la demande de logement social", "Constitution du dossier FSL"),
    ),
    _ModeleObjectif(
        AxeAccompagnement.BUDGET,
        "Résorber les dettes de loyer et d'énergie",
        ("Plan d'apurement avec le bailleur", "Rendez-vous budget"),
    ),
    _ModeleObjectif(
        AxeAccompagnement.SANTE,
        "Reprendre les soins interrompus",
        ("Rendez-vous au centre médico-psychologique",),
    ),
    _ModeleObjectif(
        AxeAccompagnement.GARDE_ENFANT,
        "Trouver un mode de garde pour le plus jeune enfant",
        ("Inscription en crèche à vocation d'insertion professionnelle",),
    ),
    _ModeleObjectif(
        AxeAccompagnement.ACCES_AUX_DROITS,
        "Mettre à jour les droits (complémentaire santé solidaire, prime d'activité)",
        ("Demande de complémentaire santé solidaire",),
    ),
    _ModeleObjectif(
        AxeAccompagnement.FORMATION,
        "Entrer en formation qualifiante",
        ("Information collective du centre de formation", "Dossier de financement de la formation"),
    ),
)
_PLAN_JEUNES = (
    _ModeleObjectif(
        AxeAccompagnement.FORMATION,
        "Entrer en formation d'aide-soignant",
        ("Préparation au concours d'entrée", "Inscription à la session de printemps"),
    ),
    _ModeleObjectif(
        AxeAccompagnement.EMPLOI,
        "Décrocher un contrat d'apprentissage",
        ("Ateliers de recherche d'entreprise", "Candidatures auprès des employeurs du bassin"),
    ),
    _ModeleObjectif(
        AxeAccompagnement.LOGEMENT,
        "Accéder à un premier logement autonome",
        ("Demande en foyer de jeunes travailleurs",),
    ),
    _ModeleObjectif(
        AxeAccompagnement.MOBILITE, "Passer le code de la route", ("Inscription en auto-école sociale",)
    ),
    _ModeleObjectif(
        AxeAccompagnement.ACCES_AUX_DROITS,
        "Ouvrir ses droits (complémentaire santé solidaire, carte vitale)",
        ("Rendez-vous à l'accueil de la CPAM",),
    ),
)
_PLAN_APA = (
    _ModeleObjectif(
        AxeAccompagnement.AUTONOMIE,
        "Rester à domicile en sécurité",
        ("Mise en place de la téléassistance", "Passage du service d'aide à domicile"),
    ),
    _ModeleObjectif(
        AxeAccompagnement.PROCHE_AIDANT,
        "Soulager l'aidant familial",
        ("Accueil de jour une journée par semaine",),
    ),
)
_PLAN_PCH = (
    _ModeleObjectif(
        AxeAccompagnement.AUTONOMIE,
        "Aide humaine au quotidien",
        ("Choix du service prestataire", "Contrôle d'effectivité de l'aide humaine"),
    ),
)

_ORIENTATIONS_RSA = (
    "Orientation vers le parcours social : référent unique au Département.",
    "Orientation vers le parcours socio-professionnel : levée des freins avant l'emploi.",
)


def _rsa(s: _Scenario, genre: str) -> None:
    """RSA: orientation within 6 weeks (D262-65-2), contract within 1 month (D5411-14-1), accompaniment,
    suspension-remobilisation (R262-68), exit."""
    encadrant = s.compte(ENCADRANT_ARRAS) if s.site.nom == MDS_ARRAS else None
    # The CCAS already following the person, and a few others, share the accompaniment (never an exit:
    # the closure would end the designation and the CCAS's access).
    ccas = s.chantier.organisations[CCAS_ARRAS] if s.site.nom == MDS_ARRAS else None
    partenaire = (
        ccas
        if ccas is not None
        and not genre.startswith("sortie")
        and (s.suivie_par == ccas or (genre in ("accompagnement", "contrat") and s.rng.random() < 0.25))
        else None
    )

    if genre == "sans_referent":
        # A new entrant of the CAF's monthly flow: nobody assigned yet.
        s.ouvrir(s.il_y_a(4, 30), referent=False, par=encadrant or s.referent)
        if encadrant is not None:
            s.note(
                "Nouvel entrant (flux CAF du mois) : référent à désigner en réunion d'équipe.",
                auteur=encadrant,
            )
        return
    if genre.startswith("a_orienter"):
        anciennete = {"a_orienter": (3, 25), "a_orienter_proche": (36, 40), "a_orienter_retard": (50, 85)}
        s.ouvrir(s.il_y_a(*anciennete[genre]))
        if partenaire:
            s.designer(partenaire, s.recu, "Suivi par le CCAS (aide facultative)")
        if genre == "a_orienter":
            s.rendez_vous(s.dans(2, 12), "Entretien de diagnostic d'orientation")
            s.note("Dossier reçu de la CAF ; convocation envoyée pour le diagnostic d'orientation.")
        elif genre == "a_orienter_proche":
            s.rendez_vous(
                s.apres(s.recu, 12, 25), "Diagnostic d'orientation", resultat=ResultatRendezVous.HONORE
            )
            s.note("Diagnostic fait ; orientation à enregistrer avant l'échéance.", Confidentialite.AUTEUR)
        else:
            s.rendez_vous(
                s.apres(s.recu, 14, 25), "Diagnostic d'orientation", resultat=ResultatRendezVous.ABSENT
            )
            s.rendez_vous(s.dans(3, 10), "Diagnostic d'orientation (nouvelle convocation)")
            s.note(
                "Absent au premier rendez-vous sans prévenir ; nouvelle convocation envoyée en recommandé."
            )
        return

    # Oriented at least: the orientation, then the contract, then the accompaniment.
    anciennete = {
        "oriente": (20, 40),
        "referent_retire": (20, 40),
        "oriente_retard": (75, 100),
        "contrat": (45, 90),
    }
    s.ouvrir(s.il_y_a(*anciennete.get(genre, (120, 420))))
    oriente_le = s.apres(s.recu, 7, 25)
    s.vers(EtatRsa.ORIENTE, oriente_le, motif=s.rng.choice(_ORIENTATIONS_RSA))
    if partenaire:
        s.designer(partenaire, oriente_le, "Suivi par le CCAS (aide facultative, budget)")
    if genre == "oriente":
        s.rendez_vous(s.dans(3, 15), "Signature du contrat d'engagement")
        s.note("Diagnostic fait ; contrat d'engagement à préparer autour de la mobilité.")
        return
    if genre == "referent_retire":
        assert encadrant is not None
        s.retirer_referent(par=encadrant, motif="Réorganisation du secteur : le suivi est à réattribuer.")
        s.note(
            "Référent retiré à la réorganisation du secteur ; à réattribuer en priorité.", auteur=encadrant
        )
        return
    if genre == "oriente_retard":
        s.rendez_vous(
            s.apres(oriente_le, 10, 20), "Élaboration du contrat", resultat=ResultatRendezVous.ABSENT
        )
        s.note("Deux relances sans réponse : proposer une visite à domicile.", Confidentialite.AUTEUR)
        return

    contrat_le = s.apres(oriente_le, 10, 25)
    s.vers(EtatRsa.CONTRACTUALISE, contrat_le, motif="Contrat d'engagement signé pour six mois.")
    s.plan(_PLAN_RSA, 2 if genre == "accompagnement" and s.rng.random() < 0.4 else 1, organisation=partenaire)
    if partenaire:
        s.rendez_vous(
            s.il_y_a(8, 30), "Rendez-vous budget", organisation=partenaire, resultat=ResultatRendezVous.HONORE
        )
        s.note(
            "Aide alimentaire accordée pour trois mois ; rendez-vous budget mensuel proposé.",
            Confidentialite.PARTENAIRES,
            auteur=s.compte(PARTENAIRE_CCAS),
        )
        s.note("Pour le CCAS : contrat signé, le budget en est le premier axe.", Confidentialite.PARTENAIRES)
    if genre == "contrat":
        s.rendez_vous(s.dans(7, 25), "Point d'étape sur le contrat", modalite=ModaliteRendezVous.TELEPHONE)
        s.note("Contrat signé : premier point d'étape dans trois semaines.")
        return

    accompagne_le = s.apres(contrat_le, 0, 10)
    s.vers(EtatRsa.EN_ACCOMPAGNEMENT, accompagne_le)
    if genre == "suspendu":
        assert encadrant is not None
        suspendu_le = s.apres(accompagne_le, 40, 90)
        s.rendez_vous(
            suspendu_le - datetime.timedelta(days=10), "Point d'étape", resultat=ResultatRendezVous.ABSENT
        )
        s.vers(
            EtatRsa.SUSPENDU,
            suspendu_le,
            par=encadrant,
            motif="Deux absences sans motif légitime aux rendez-vous du contrat : suspension-remobilisation, "
            "levée dès la reprise des engagements (R262-68).",
        )
        s.note("Suspension décidée par l'encadrement ; courrier de remobilisation envoyé.", auteur=encadrant)
        s.rendez_vous(s.dans(5, 15), "Entretien de remobilisation")
        return
    dernier = s.rng.choice((ResultatRendezVous.HONORE, ResultatRendezVous.HONORE, ResultatRendezVous.EXCUSE))
    s.rendez_vous(s.il_y_a(3, 30), "Point d'étape", resultat=dernier)
    if genre == "sortie_sans_suite":
        s.vers(
            EtatRsa.SORTIE, None, motif="Fin de droit : ressources du foyer supérieures au plafond du RSA."
        )
        return
    if genre == "sortie_avec_suite":
        s.vers(
            EtatRsa.SORTIE,
            None,
            motif="Reprise d'emploi en CDI à temps plein.",
            suite="Relais vers France Travail pour le suivi dans l'emploi ; point proposé dans trois mois.",
        )
        return
    # In accompaniment: the next appointment; sometimes one left to record, a colleague, a private note.
    s.rendez_vous(s.dans(3, 21), "Point d'étape", modalite=s.rng.choice(list(ModaliteRendezVous)))
    tirage = s.rng.random()
    if tirage < 0.25:
        s.rendez_vous(s.il_y_a(1, 4), "Atelier collectif « budget »")
    elif tirage < 0.5:
        s.note("Bonne dynamique : les démarches du contrat avancent.")
    elif tirage < 0.75:
        s.note("Situation familiale à réaborder au prochain entretien.", Confidentialite.AUTEUR)
    if s.site.nom == MDS_ARRAS and s.rng.random() < 0.2:
        s.equipe(s.compte(EVALUATEUR_ARRAS), "Évaluatrice médico-sociale (volet santé)", accompagne_le)


def _ancien_de_l_ase(s: _Scenario) -> None:
    """The young people whose project is being formalised and the minors of the PCH group were, in the
    demo, entrusted to the ASE before their majority (ASE-1): the block the pathway's team alone reads
    (DP-4)."""
    personne_ase_renseigner(parcours=s.parcours, acting_user=s.referent, confie_ase_avant_majorite=True)


def _jeunes(s: _Scenario, genre: str) -> None:
    """Young people: a recorded référent (L263-3, FAJ-4), a project, an accompaniment with the
    mission locale."""
    ml = s.chantier.organisations[ML_CALAIS]
    partenaire = ml if genre != "sortie" and (s.suivie_par == ml or genre != "accueil") else None
    if genre == "accueil":
        s.ouvrir(s.il_y_a(2, 20))
        if partenaire:
            s.designer(partenaire, s.recu, "Déjà inscrit à la Mission locale")
        s.rendez_vous(s.dans(2, 10), "Premier accueil : projet, ressources, logement")
        s.note("Orienté par le lycée professionnel ; sans ressources depuis la fin de la scolarité.")
        return
    s.ouvrir(s.il_y_a(25, 60) if genre == "projet" else s.il_y_a(90, 300))
    if genre == "projet":
        _ancien_de_l_ase(s)
    projet_le = s.apres(s.recu, 7, 20)
    if partenaire:
        s.designer(partenaire, projet_le, "Contrat d'engagement jeune")
    # The project is formalised with its first objective (the transition asks for one).
    s.plan(_PLAN_JEUNES, 1, organisation=partenaire)
    s.vers(
        EtatJeunes.PROJET, projet_le, motif="Projet : formation qualifiante dans le soin ou la logistique."
    )
    if genre == "projet":
        s.rendez_vous(s.dans(3, 14), "Inscription au contrat d'engagement jeune", organisation=partenaire)
        if partenaire:
            s.note(
                "Pour la Mission locale : projet formalisé, entrée en CEJ à proposer.",
                Confidentialite.PARTENAIRES,
            )
        return
    accompagne_le = s.apres(projet_le, 10, 30)
    s.vers(EtatJeunes.ACCOMPAGNEMENT, accompagne_le)
    if genre == "sortie":
        s.rendez_vous(s.il_y_a(5, 25), "Bilan de sortie", resultat=ResultatRendezVous.HONORE)
        s.vers(
            EtatJeunes.SORTIE,
            None,
            motif="Entrée en formation qualifiante (CAP) avec hébergement en internat.",
            suite="Suivi par la Mission locale jusqu'à la fin de la formation.",
        )
        return
    if partenaire:
        s.rendez_vous(
            s.il_y_a(10, 40), "Entretien CEJ", organisation=partenaire, resultat=ResultatRendezVous.HONORE
        )
        s.note(
            "Entré en contrat d'engagement jeune ; assiduité bonne aux ateliers.",
            Confidentialite.PARTENAIRES,
            auteur=s.compte(PARTENAIRE_ML),
        )
    s.rendez_vous(s.dans(5, 20), "Point d'étape")
    s.note("Demande d'aide du FAJ pour le permis à présenter en commission.", Confidentialite.AUTEUR)


def _apa(s: _Scenario, genre: str) -> None:
    """APA: acknowledgement within 10 days, complete file, evaluation, plan, decision notified within
    2 months of the complete file (R232-23)."""
    ccas = s.chantier.organisations[CCAS_ARRAS]
    partenaire = ccas if s.suivie_par == ccas and genre != "clos" else None
    anciennete = {
        "recue": (1, 6),
        "recue_retard": (12, 20),
        "incomplet": (15, 40),
        "clos": (20, 40),
        "complet": (20, 35),
        "complet_proche": (60, 64),
        "evaluation": (30, 50),
        "plan_propose": (40, 55),
        "notifie": (90, 200),
    }
    s.ouvrir(s.il_y_a(*anciennete[genre]))
    if partenaire:
        s.designer(partenaire, s.recu, "Le CCAS a aidé à constituer la demande")
        s.note(
            "Demande déposée avec l'aide du CCAS ; visite à organiser avec la famille.",
            Confidentialite.PARTENAIRES,
        )
    if genre == "recue":
        s.note("Demande reçue par courrier : vérifier les pièces sous dix jours.")
        return
    if genre == "recue_retard":
        s.note("À traiter en priorité : l'accusé de réception est en retard.", Confidentialite.AUTEUR)
        return
    if genre in ("incomplet", "clos"):
        incomplet_le = s.apres(s.recu, 3, 9)
        s.vers(EtatApa.DOSSIER_INCOMPLET, incomplet_le, motif="Pièces manquantes : avis d'imposition, RIB.")
        s.rendez_vous(
            s.apres(incomplet_le, 5, 10),
            "Appel à la famille : pièces manquantes",
            modalite=ModaliteRendezVous.TELEPHONE,
            resultat=ResultatRendezVous.HONORE,
        )
        if genre == "clos":
            s.vers(
                EtatApa.CLOS,
                None,
                motif="Demande retirée par la personne : entrée en établissement.",
                suite="Orientation vers l'aide sociale à l'hébergement ; dossier transmis à l'EHPAD.",
            )
        return

    # Near its deadline: two months (59 to 62 days) after the complete file falls within the week.
    complet_le = s.il_y_a(56, 59) if genre == "complet_proche" else s.apres(s.recu, 3, 8)
    s.vers(EtatApa.DOSSIER_COMPLET, complet_le)
    if genre in ("complet", "complet_proche"):
        s.rendez_vous(s.dans(1, 5), "Visite à domicile d'évaluation (grille AGGIR)", lieu="Au domicile")
        return
    evalue_le = s.apres(complet_le, 5, 12)
    s.rendez_vous(
        evalue_le, "Visite d'évaluation (AGGIR)", lieu="Au domicile", resultat=ResultatRendezVous.HONORE
    )
    s.vers(EtatApa.EVALUATION, evalue_le)
    s.note("Visite réalisée : GIR 4 pressenti, aide à la toilette et aux courses ; plan en préparation.")
    if genre == "evaluation":
        return
    propose_le = s.apres(evalue_le, 5, 12)
    s.vers(
        EtatApa.PLAN_PROPOSE, propose_le, motif="Plan : 30 heures d'aide à domicile par mois, téléassistance."
    )
    decideur = s.chantier.decideur_apa
    if genre == "plan_propose" or decideur is None:
        if genre == "notifie":
            s.rapport.decisions_apa_en_attente += 1
        return
    decide_le = s.apres(propose_le, 3, 10)
    s.vers(EtatApa.DECIDE, decide_le, par=decideur)
    s.vers(EtatApa.NOTIFIE, s.apres(decide_le, 2, 6))
    s.plan(_PLAN_APA, 1)
    s.rendez_vous(
        s.dans(10, 40), "Point sur la mise en place du plan d'aide", modalite=ModaliteRendezVous.TELEPHONE
    )
    if s.rng.random() < 0.5:
        s.equipe(s.compte(TS_ARRAS), "Travailleuse sociale de secteur (MDS)", decide_le)


def _pch(s: _Scenario, genre: str) -> None:
    """PCH: the département pays what the CDAPH decided (L245-2)."""
    if genre == "mineur_ase":
        # Entrusted to the ASE: the entretien d'accès à l'autonomie is due at 17, a deadline of the pathway
        # that its team alone sees (DP-4).
        s.ouvrir(s.il_y_a(30, 120))
        s.vers(EtatPch.EN_PAIEMENT, s.apres(s.recu, 5, 20))
        s.note("Aide humaine chez l'assistante familiale ; préparer avec l'ASE l'entretien des 17 ans.")
        _ancien_de_l_ase(s)
        return
    if genre == "decision_recue":
        s.ouvrir(s.il_y_a(3, 20))
        s.note("Décision de la CDAPH reçue : aide humaine 45 heures par mois, à mettre en paiement.")
        return
    s.ouvrir(s.il_y_a(60, 400))
    s.vers(EtatPch.EN_PAIEMENT, s.apres(s.recu, 5, 20))
    s.rendez_vous(
        s.il_y_a(10, 40), "Contrôle d'effectivité", lieu="Au domicile", resultat=ResultatRendezVous.HONORE
    )
    s.note("Contrôle d'effectivité conforme ; prochain contrôle dans un an.")


_SCENARIOS: dict[str, Callable[[_Scenario, str], None]] = {
    Dispositif.RSA: _rsa,
    Dispositif.JEUNES: _jeunes,
    Dispositif.APA: _apa,
    Dispositif.PCH: _pch,
}
