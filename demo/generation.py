"""A département-scale dataset for the benchmark (``manage.py generer_donnees``, ``make bench``).

~300,000 people in households spread over the communes like the population, ~500,000 pathways (RSA,
APA, PCH, young people) with their référents, ~10 million timeline events (transitions, référent
changes, notes, appointments, objectives and actions), deadlines, teams, partner designations and
attachments, ~3,000 agents. The small scale (``petite``) builds a few thousand rows for the tests.

How it is built:

- **Set-based SQL**: every large table is filled by one ``INSERT … SELECT`` over ``generate_series``
  and staging tables (``TEMP``, no WAL), never by ORM saves. Pseudo-random draws are a pure function
  of (seed, scale, row key, purpose): ``hashint8extended``, stable across PostgreSQL versions (hash
  partitioning relies on it), so the same seed, scale and reference day give the same rows. Public ids
  are RFC 9562 version 8 UUIDs derived the same way.
- **Valid by construction, checked by the database**: states follow the workflow tables
  (``parcours.workflows``: scenarios are random walks over them), référents are agents of the
  responsible site, the référent log chains up to the current référent, deadlines apply the rules of
  ``REGLES_ECHEANCES`` with the dated parameters in force. During the load the unique and foreign key
  constraints and secondary indexes of the loaded tables are dropped and re-created at the end of the
  same transaction: re-creating them checks every row (a duplicate or a dangling key aborts the whole
  load), and check constraints and NOT NULL stay in force row by row. A failure rolls everything back.
- **Physical order like production**: events are inserted in chronological order (ids follow
  ``created_at``), so a pathway's events are spread over the table as they would be after years of use.
- **Not filled**: the simple-history tables (``historical*``) and the access journal; the pages measured
  by the benchmark do not read them.

Dates are relative to a reference day (today by default): events span the ten previous years, open
pathways have their latest events in the last weeks, so the alerts computed by ``parcours.selectors``
look like a working day's.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.text import slugify

from demo.guide import guide_demo_charger
from guide_ressources.models import Service, Structure
from guide_ressources.reglages import source_locale
from parcours import workflows
from parcours.enums import Dispositif, EtatRsa, RoleParcours, TypeEcheance
from parcours.models import (
    ActionParcours,
    ChangementReferent,
    DesignationPartenaire,
    Echeance,
    MembreEquipe,
    Note,
    Objectif,
    Parcours,
    RendezVous,
    TransitionParcours,
)
from parcours.regles import rsa as regles_rsa
from parcours.regles.commun import premiere_entree_en_vigueur
from social.actions import organisation_creer
from social.enums import TypeOrganisation, TypeSite
from social.models import (
    Affectation,
    Foyer,
    MembreFoyer,
    Organisation,
    Personne,
    PersonneGroupObjectPermission,
    PersonneUserObjectPermission,
    Rattachement,
    Site,
    Territoire,
    Utilisateur,
)
from social.referentiel import NOM_SIEGE, lire_territoires, referentiel_charger

# The named accounts of the benchmark (unusable passwords: the benchmark logs in with force_login).
PREFIXE_COMPTES = "bench."
BANC_REFERENT = "bench.referent"
BANC_TERRITOIRE = "arrageois"  # bench.referent is a social worker of this territory's MDS
DOMAINE_COURRIEL = "bench.proche.invalid"
ANNEES_HISTORIQUE = 10
TAUX_LOURDS = 0.002  # pathways with hundreds of events
EVENEMENTS_PARCOURS_LE_PLUS_CHARGE = 1000


@dataclass(frozen=True)
class Echelle:
    code: str
    libelle: str
    numero: int  # part of the random seed: two scales never share ids
    nb_foyers: int
    facteur_agents: float
    parcours_referent_banc: int  # open pathways of bench.referent


ECHELLES: dict[str, Echelle] = {
    "departement": Echelle("departement", "département", 1, 152_000, 1.0, 80),
    "petite": Echelle("petite", "petite", 2, 700, 0.02, 12),
}


class Suivi(Protocol):
    """Where the steps are reported (the command prints them)."""

    def debut(self, numero: int, total: int, libelle: str) -> None: ...

    def fin(self, lignes: int, duree: float) -> None: ...


class SuiviMuet:
    def debut(self, numero: int, total: int, libelle: str) -> None:
        pass

    def fin(self, lignes: int, duree: float) -> None:
        pass


@dataclass(frozen=True)
class Etape:
    libelle: str
    lignes: int
    duree: float


@dataclass
class RapportGeneration:
    echelle: str
    graine: int
    jour: datetime.date
    deja_presente: bool = False
    etapes: list[Etape] = field(default_factory=list)
    duree: float = 0.0
    comptes: dict[str, int] = field(default_factory=dict)


# --- Vocabulary of the generated data ----------------------------------------------------------------

# Surnames of the Nord–Pas-de-Calais, repeated by weight.
_NOMS: tuple[tuple[str, int], ...] = (
    ("Lefebvre", 12), ("Lefèvre", 8), ("Dupont", 8), ("Leroy", 8), ("Lemaire", 7), ("Caron", 7),
    ("Dubois", 6), ("Delattre", 6), ("Vasseur", 6), ("Leclercq", 6), ("Martin", 6), ("Bernard", 5),
    ("Petit", 5), ("Dufour", 5), ("Lecomte", 5), ("Deprez", 5), ("Carpentier", 5), ("Boulanger", 4),
    ("Fournier", 4), ("Duhamel", 4), ("Prévost", 4), ("Lévêque", 4), ("Ménard", 3), ("Hénon", 3),
    ("Delannoy", 4), ("Wallet", 3), ("Lheureux", 3), ("Bécourt", 3), ("Delcroix", 4), ("Dumont", 4),
    ("Mercier", 3), ("Lambert", 4), ("Bonnet", 3), ("Sénéchal", 2), ("Crépin", 2), ("Lecœur", 2),
    ("Kowalski", 3), ("Nowak", 3), ("Lewandowski", 2), ("Wiśniewski", 2), ("Kaczmarek", 2),
    ("Benali", 3), ("Haddad", 2), ("Mansouri", 2), ("Belkacem", 2), ("Bouchareb", 2),
    ("Da Silva", 2), ("Pereira", 2), ("Fernandes", 2), ("Diallo", 2), ("Traoré", 2), ("N'Diaye", 1),
)  # fmt: skip
NOMS = [nom for nom, poids in _NOMS for _ in range(poids)]

# Given names by sex and generation (born before 1960, 1960–1989, from 1990).
PRENOMS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "F": (
        ["Monique", "Jacqueline", "Françoise", "Colette", "Simone", "Josiane", "Micheline", "Ginette",
         "Danielle", "Thérèse", "Odette", "Gisèle", "Andrée", "Marie-Thérèse", "Hélène", "Yvette"],
        ["Nathalie", "Sandrine", "Isabelle", "Valérie", "Céline", "Stéphanie", "Virginie", "Sylvie",
         "Aurélie", "Émilie", "Karine", "Séverine", "Véronique", "Laëtitia", "Fatima", "Corinne"],
        ["Léa", "Chloé", "Inès", "Manon", "Camille", "Océane", "Jade", "Louise", "Zoé", "Lina", "Maëlys",
         "Anaïs", "Clémence", "Yasmine", "Lou", "Emma", "Éva", "Noémie"],
    ),
    "M": (
        ["Jean", "Michel", "André", "Bernard", "Gérard", "René", "Marcel", "Roger", "Jacques", "Raymond",
         "Daniel", "Claude", "Henri", "Jean-Claude", "Lucien", "Georges"],
        ["Christophe", "Stéphane", "Sébastien", "Frédéric", "Laurent", "Jérôme", "Éric", "Olivier",
         "David", "Grégory", "Cédric", "Franck", "Mickaël", "Karim", "Thierry", "Rachid"],
        ["Lucas", "Hugo", "Théo", "Nathan", "Enzo", "Mathis", "Noah", "Louis", "Gabriel", "Kévin",
         "Dylan", "Adam", "Rayan", "Timéo", "Jérémy", "Maxime", "Noé", "Léo"],
    ),
}  # fmt: skip

VOIES = [
    "rue Jean Jaurès", "rue Victor Hugo", "rue de la République", "avenue du Maréchal Leclerc",
    "rue Pasteur", "rue Gambetta", "rue des Écoles", "chemin du Moulin", "rue de l'Église",
    "place du Général de Gaulle", "rue Émile Zola", "rue Roger Salengro", "résidence Les Tilleuls",
    "cité des Fleurs", "rue Paul Bert", "boulevard Faidherbe", "rue du 11 Novembre", "allée des Peupliers",
]  # fmt: skip

# Households of people followed by social services: more elderly people alone than in the census.
# (kind, weight, reference person's age range, couple, children)
COMPOSITIONS: tuple[tuple[str, int, int, int, bool, bool], ...] = (
    ("seul", 26, 18, 64, False, False),
    ("seul_age", 22, 65, 97, False, False),
    ("couple", 12, 22, 64, True, False),
    ("couple_age", 8, 65, 95, True, False),
    ("couple_enfants", 18, 24, 55, True, True),
    ("monoparental", 14, 19, 55, False, True),
)


@dataclass(frozen=True)
class RegleDispositif:
    """Who has pathways in a dispositif, over which ages, how many episodes, how many still open."""

    numero: int
    dispositif: Dispositif
    age_min: int
    age_max: int
    liens: tuple[str, ...]
    proba: float
    episodes: tuple[float, float, float, float]  # cumulative probabilities of 1, 2, 3, 4 episodes
    proba_ouvert: float  # the last episode is still open (when the person is still eligible)
    site: str  # TypeSite of the responsible site in the person's territory


TOUS_LIENS = ("reference", "conjoint", "enfant", "parent")
REGLES_DISPOSITIFS: tuple[RegleDispositif, ...] = (
    # RSA: each adult of the household "soumis aux droits et devoirs" is oriented and followed (L262-28).
    RegleDispositif(
        1,
        Dispositif.RSA,
        25,
        66,
        ("reference", "conjoint"),
        0.86,
        (0.30, 0.57, 0.80, 1.0),
        0.42,
        TypeSite.MDS,
    ),
    RegleDispositif(2, Dispositif.JEUNES, 18, 25, TOUS_LIENS, 0.66, (0.75, 1.0, 1.0, 1.0), 0.4, TypeSite.MDS),
    RegleDispositif(
        3, Dispositif.APA, 60, 110, TOUS_LIENS, 0.9, (0.3, 0.75, 1.0, 1.0), 0.62, TypeSite.MAISON_AUTONOMIE
    ),
    RegleDispositif(
        4, Dispositif.PCH, 0, 75, TOUS_LIENS, 0.07, (0.7, 1.0, 1.0, 1.0), 0.5, TypeSite.MAISON_AUTONOMIE
    ),
)

# Agents per site for the whole département, spread over the territories by population.
# (role, number, minimum per site)
AGENTS_PAR_TYPE_DE_SITE: dict[str, tuple[tuple[str, int, int], ...]] = {
    TypeSite.MDS: (("travailleur_social", 760, 3), ("encadrant", 55, 1), ("accueil", 1200, 1)),
    TypeSite.MAISON_AUTONOMIE: (
        ("evaluateur_medico_social", 330, 2),
        ("travailleur_social", 110, 1),
        ("encadrant", 28, 1),
        ("accueil", 260, 1),
    ),
}
AGENTS_PAR_MAISON_DES_ADOLESCENTS = (("travailleur_social", 8, 1), ("accueil", 3, 1))
AGENTS_AU_SIEGE = (("accueil", 200, 1),)
ABREVIATIONS_ROLES = {
    "travailleur_social": "ts",
    "evaluateur_medico_social": "eval",
    "encadrant": "enc",
    "accueil": "accueil",
}
TAUX_SANS_REFERENT = 0.03
TAUX_EQUIPE = 0.04
TAUX_DESIGNATION = {Dispositif.RSA: 0.10, Dispositif.JEUNES: 0.25}
TAUX_SUITE_PREVUE = 0.92

MOTIFS_TRANSITIONS: dict[str, list[str]] = {
    "sortie": [
        "Reprise d'un emploi durable.",
        "Déménagement hors du département.",
        "Fin de droits.",
        "Ressources au-dessus du plafond.",
        "Demande de la personne.",
        "Objectifs du projet atteints.",
    ],
    "clos": [
        "Entrée en établissement.",
        "Décès.",
        "Déménagement hors du département.",
        "Demande de la personne.",
        "Droits non renouvelés par la CDAPH.",
    ],
    "oriente": [
        "Réorientation vers un parcours social après le diagnostic conjoint.",
        "Réorientation vers un parcours professionnel.",
        "Avis de l'équipe pluridisciplinaire.",
    ],
    "suspendu": [
        "Absences répétées aux rendez-vous sans motif légitime, après observations.",
        "Contrat d'engagement non respecté, après avis de l'équipe pluridisciplinaire.",
    ],
    "en_accompagnement": ["Contrat d'engagement mis à jour.", "Remobilisation constatée."],
    "dossier_incomplet": [
        "Justificatif de ressources manquant.",
        "Certificat médical manquant.",
        "Avis d'imposition manquant.",
    ],
    "revision": [
        "Aggravation de la perte d'autonomie.",
        "Demande de la personne.",
        "Retour d'hospitalisation.",
    ],
    "decide": ["GIR 5 : refus motivé, orientation vers l'aide ménagère de la caisse de retraite."],
    "projet": ["Projet à revoir après l'abandon de la formation.", "Nouvelle piste de formation."],
    "*": ["Voir la note d'entretien."],
}
MOTIFS_CHANGEMENT_REFERENT = [
    "Rééquilibrage des portefeuilles.",
    "Départ de l'agent.",
    "Changement de secteur géographique.",
    "Demande de la personne.",
    "Retour de congé.",
]
SUITES_PREVUES = [
    "Relais par le CCAS de la commune.",
    "Relais par France Travail.",
    "Suivi par le service social de la CARSAT.",
    "Aucune suite nécessaire : situation stabilisée.",
    "Relais vers la mission locale.",
    "Suivi par l'établissement d'accueil.",
]
NOTES_DEBUTS = [
    "Entretien avec la personne :",
    "Appel téléphonique :",
    "Point avec le partenaire :",
    "Visite à domicile :",
    "Échange avec la CAF :",
    "Synthèse de la situation :",
    "Rencontre au service :",
    "Message reçu de la personne :",
]
NOTES_SUITES = [
    "elle a repris contact et souhaite avancer sur sa recherche d'emploi ; prochain rendez-vous fixé.",
    "dossier de logement social déposé, en attente de la commission d'attribution.",
    "difficultés de mobilité évoquées, une aide au permis est à l'étude.",
    "budget tendu ce mois-ci ; une aide ponctuelle est envisagée.",
    "inscription à une formation qualifiante confirmée pour la rentrée.",
    "la santé freine les démarches ; un lien avec le médecin traitant est à prévoir.",
    "plan d'aide à domicile ajusté avec le service d'aide, deux passages par jour.",
    "la personne n'était pas disponible, un nouveau contact est à programmer.",
    "les justificatifs manquants ont été transmis.",
    "une solution de garde a été trouvée, la reprise d'activité devient possible.",
    "situation stable, pas de nouvelle demande.",
    "accompagnement pour la demande de complémentaire santé solidaire.",
]
OBJETS_RENDEZ_VOUS = [
    "Entretien de suivi",
    "Signature du contrat d'engagement",
    "Point sur la recherche d'emploi",
    "Évaluation à domicile",
    "Bilan du plan d'aide",
    "Aide aux démarches administratives",
    "Préparation d'un dossier de logement",
    "Point budget",
]
OBJECTIFS: list[tuple[str, str]] = [
    ("emploi", "Retrouver un emploi durable"),
    ("emploi", "Préparer les entretiens d'embauche"),
    ("formation", "Suivre une formation qualifiante"),
    ("logement", "Accéder à un logement adapté"),
    ("logement", "Éviter l'expulsion locative"),
    ("mobilite", "Obtenir le permis de conduire"),
    ("garde_enfant", "Trouver un mode de garde"),
    ("sante", "Engager des soins"),
    ("sante", "Faire reconnaître un handicap"),
    ("budget", "Stabiliser le budget"),
    ("acces_aux_droits", "Ouvrir les droits à la complémentaire santé"),
    ("vie_sociale", "Rompre l'isolement"),
    ("proche_aidant", "Soulager l'aidant familial"),
    ("autre", "Régulariser la situation administrative"),
]
ACTIONS = [
    "Inscription à France Travail",
    "Rendez-vous avec la conseillère emploi",
    "Dépôt de la demande de logement social",
    "Constitution du dossier de surendettement",
    "Inscription à l'auto-école sociale",
    "Demande d'aide au permis",
    "Prise de rendez-vous médical",
    "Demande de complémentaire santé solidaire",
    "Recherche d'une assistante maternelle",
    "Atelier budget",
]
ROLES_EQUIPE = [
    "conseillère en insertion",
    "psychologue",
    "conseillère en économie sociale et familiale",
    "infirmière",
    "chargée d'accompagnement vers l'emploi",
]
MOTIFS_DESIGNATION = {
    Dispositif.RSA: "Accompagnement vers l'emploi (parcours professionnel)",
    Dispositif.JEUNES: "Accompagnement des 16-25 ans",
}

# Every table the generator fills, in dependency order (the load drops and re-creates their indexes).
MODELES_CHARGES: tuple[type[models.Model], ...] = (
    Foyer,
    Personne,
    MembreFoyer,
    Rattachement,
    Parcours,
    TransitionParcours,
    ChangementReferent,
    Note,
    RendezVous,
    Objectif,
    ActionParcours,
    Echeance,
    MembreEquipe,
    DesignationPartenaire,
)
# What ``--remplacer`` empties: the loaded tables, the per-person grants and the history of them all.
MODELES_VIDES: tuple[type[models.Model], ...] = (
    *MODELES_CHARGES,
    PersonneUserObjectPermission,
    PersonneGroupObjectPermission,
)

# Public-id spaces (part of the UUID derivation).
ESPACE_FOYER, ESPACE_PERSONNE, ESPACE_PARCOURS, ESPACE_NOTE, ESPACE_RDV = 1, 2, 3, 4, 5
ESPACE_OBJECTIF, ESPACE_ACTION, ESPACE_DESIGNATION, ESPACE_EQUIPE = 6, 7, 8, 9


# --- Scenarios: random walks over the workflow tables ------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    dispositif: str
    etapes: tuple[workflows.Transition, ...]  # after the opening
    clos: bool
    lourd: bool

    @property
    def requiert_referent(self) -> bool:
        return any(t.referent_requis for t in self.etapes)

    @property
    def etat_final(self) -> str:
        return self.etapes[-1].vers if self.etapes else workflows.etat_initial(self.dispositif)


def scenarios(graine: int) -> list[Scenario]:
    """Per dispositif, open and closed, ordinary and long ones: distinct walks over the workflow table.

    Every step is a transition of ``parcours.workflows``; a closed scenario ends with a closing
    transition, an open one never takes one. The shortest scenarios (still in the initial state, closed
    right away) are always there: they need no référent, so pathways without one can use them."""
    rng = random.Random(f"{graine}/scenarios")
    resultat: list[Scenario] = []
    for dispositif, flux in workflows.WORKFLOWS.items():
        for lourd in (False, True):
            for clos in (False, True):
                vus: set[tuple[str, ...]] = set()
                if not lourd:
                    minimal = Scenario(
                        dispositif, _fermer(rng, flux, flux.initial) if clos else (), clos, False
                    )
                    vus.add(tuple(t.vers for t in minimal.etapes))
                    resultat.append(minimal)
                voulus = 6 if lourd else 40
                for _essai in range(voulus * 20):
                    if len(vus) >= voulus:
                        break
                    longueur = (
                        rng.randint(20, 60)
                        if lourd
                        else rng.choice((0, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 8))
                    )
                    etapes = _marcher(rng, flux, longueur)
                    if clos:
                        etapes += _fermer(rng, flux, etapes[-1].vers if etapes else flux.initial)
                    cle = tuple(t.vers for t in etapes)
                    if cle in vus:
                        continue
                    vus.add(cle)
                    resultat.append(Scenario(dispositif, etapes, clos, lourd))
    return resultat


def _marcher(rng: random.Random, flux: workflows.Workflow, longueur: int) -> tuple[workflows.Transition, ...]:
    etat = flux.initial
    etapes: list[workflows.Transition] = []
    while len(etapes) < longueur:
        possibles = [t for t in flux.depuis(etat) if not t.cloture]
        if not possibles:
            break
        transition = rng.choice(possibles)
        etapes.append(transition)
        etat = transition.vers
    return tuple(etapes)


def _fermer(rng: random.Random, flux: workflows.Workflow, etat: str) -> tuple[workflows.Transition, ...]:
    """Walk on until a closing transition is possible, then take it."""
    etapes: list[workflows.Transition] = []
    for _pas in range(100):
        fermetures = [t for t in flux.depuis(etat) if t.cloture]
        if fermetures:
            return (*etapes, rng.choice(fermetures))
        transition = rng.choice([t for t in flux.depuis(etat) if not t.cloture])
        etapes.append(transition)
        etat = transition.vers
    raise ValueError(f"Aucune clôture possible depuis l'état {etat} ({flux.dispositif}).")


# --- Accounts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agent:
    username: str
    prenom: str
    nom: str
    site_id: int
    role: str
    poids: float  # relative caseload of a référent
    banc: bool = False


def _agents(
    graine: int, echelle: Echelle, sites: Sequence[tuple[Site, float]], banc_site_id: int
) -> list[Agent]:
    """The agents of every site, deterministic (names, roles, caseload weights) for a seed and scale."""
    rng = random.Random(f"{graine}/{echelle.code}/agents")
    agents = [Agent(BANC_REFERENT, "Camille", "Banc", banc_site_id, "travailleur_social", 1.0, banc=True)]
    for site, part in sites:
        if site.type in AGENTS_PAR_TYPE_DE_SITE:
            repartition = [
                (role, max(minimum, round(nombre * part * echelle.facteur_agents)))
                for role, nombre, minimum in AGENTS_PAR_TYPE_DE_SITE[site.type]
            ]
        else:
            modele = (
                AGENTS_PAR_MAISON_DES_ADOLESCENTS
                if site.type == TypeSite.MAISON_ADOLESCENTS
                else AGENTS_AU_SIEGE
            )
            repartition = [
                (role, max(minimum, round(nombre * echelle.facteur_agents)))
                for role, nombre, minimum in modele
            ]
        for role, nombre in repartition:
            for rang in range(1, nombre + 1):
                sexe = rng.choice("FM")
                agents.append(
                    Agent(
                        username=f"{PREFIXE_COMPTES}{ABREVIATIONS_ROLES[role]}.{slugify(site.nom)}.{rang:04d}",
                        prenom=rng.choice(PRENOMS[sexe][rng.choice((1, 2))]),
                        nom=rng.choice(NOMS),
                        site_id=site.pk,
                        role=role,
                        poids=round(rng.uniform(0.5, 1.5), 4),
                    )
                )
    return agents


# --- The generation ----------------------------------------------------------------------------------


class _Generation:
    """One run: its parameters, its cursor, and the steps (each a method, timed and reported)."""

    def __init__(
        self, cursor: CursorWrapper, *, echelle: Echelle, graine: int, jour: datetime.date, suivi: Suivi
    ) -> None:
        self.cursor = cursor
        self.echelle = echelle
        self.graine = graine
        self.jour = jour
        self.suivi = suivi
        self.semence = graine * 8 + echelle.numero
        self.etapes: list[Etape] = []
        self.numero = 0
        self.total = 0
        self.comptes: dict[str, int] = {}

    # Helpers ---------------------------------------------------------------------------------------

    def executer(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> int:
        self.cursor.execute(sql, params)
        return max(self.cursor.rowcount, 0)

    def valeur(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> Any:
        self.cursor.execute(sql, params)
        ligne = self.cursor.fetchone()
        return ligne[0] if ligne else None

    @contextmanager
    def etape(self, libelle: str) -> Iterator[list[int]]:
        """Time a step; the body appends the number of rows it wrote."""
        self.numero += 1
        self.suivi.debut(self.numero, self.total, libelle)
        debut = time.monotonic()
        lignes: list[int] = []
        yield lignes
        duree = time.monotonic() - debut
        self.etapes.append(Etape(libelle, sum(lignes), duree))
        self.suivi.fin(sum(lignes), duree)

    def base_params(self) -> dict[str, Any]:
        return {
            "jour": self.jour,
            "debut_historique": self.jour - datetime.timedelta(days=365 * ANNEES_HISTORIQUE + 2),
        }

    # Session set-up --------------------------------------------------------------------------------

    def preparer_session(self) -> None:
        """Per-transaction settings of the load, and the pure SQL functions of the draws."""
        self.executer("SET LOCAL work_mem = '256MB'")
        self.executer("SET LOCAL maintenance_work_mem = '1GB'")
        self.executer("SET LOCAL jit = off")
        try:  # only possible before the session's first temporary table (not in a test, say)
            with transaction.atomic():
                self.executer("SET LOCAL temp_buffers = '1GB'")
        except DatabaseError:
            pass
        creer_fonctions(self.cursor, self.semence)
        for table in TABLES_TEMPORAIRES:
            self.executer(f"DROP TABLE IF EXISTS pg_temp.{table}")

    def nettoyer(self) -> None:
        for table in TABLES_TEMPORAIRES:
            self.executer(f"DROP TABLE IF EXISTS pg_temp.{table}")

    # Reference data, organisations, accounts -------------------------------------------------------

    def referentiel(self) -> tuple[list[tuple[Site, float]], int]:
        """Sites with their territory's share of the population; builds ``b_territoire`` and
        ``b_commune``. Returns the sites and bench.referent's site."""
        lignes = {t.code: t for t in lire_territoires()}
        territoires = {t.code: t for t in Territoire.objects.order_by("code")}
        sites = {s.nom: s for s in Site.objects.all()}
        populations = dict(
            Territoire.objects.annotate(population=models.Sum("communes__population")).values_list(
                "code", "population"
            )
        )
        total = sum(p or 0 for p in populations.values())
        organisations = self.organisations(territoires, lignes)
        valeurs: list[tuple[int, str, float, int, int, int, int]] = []
        sites_parts: list[tuple[Site, float]] = []
        for code, territoire in territoires.items():
            complement = lignes[code].complement
            part = (populations.get(code) or 0) / total
            mds = sites[f"MDS {complement}"]
            mda = sites[f"Maison de l'Autonomie {complement}"]
            ft, ml = organisations[code]
            valeurs.append((territoire.pk, code, part, mds.pk, mda.pk, ft.pk, ml.pk))
            sites_parts += [(mds, part), (mda, part)]
        for site in Site.objects.filter(type=TypeSite.MAISON_ADOLESCENTS).order_by("nom"):
            sites_parts.append((site, 0.0))
        sites_parts.append((sites[NOM_SIEGE], 0.0))
        self.executer(
            """
            CREATE TEMP TABLE b_territoire AS
            SELECT * FROM unnest(%s::bigint[], %s::text[], %s::float8[], %s::bigint[], %s::bigint[],
                                 %s::bigint[], %s::bigint[])
                AS t(id, code, part, mds_id, mda_id, ft_id, ml_id)
            """,
            [list(colonne) for colonne in zip(*valeurs, strict=True)],
        )
        self.executer(
            """
            CREATE TEMP TABLE b_commune AS
            SELECT c.id, c.territoire_id, c.code_insee, c.population,
                   sum(c.population) OVER (ORDER BY c.code_insee) AS cum_hi
            FROM social_commune c
            WHERE c.territoire_id IS NOT NULL AND c.population > 0
            """
        )
        self.executer("CREATE INDEX ON b_commune (cum_hi)")
        self.executer("ANALYZE b_commune")
        banc = territoires[BANC_TERRITOIRE]
        banc_site = sites[f"MDS {lignes[banc.code].complement}"]
        return sites_parts, banc_site.pk

    def organisations(
        self, territoires: dict[str, Territoire], lignes: dict[str, Any]
    ) -> dict[str, tuple[Organisation, Organisation]]:
        """France Travail and the mission locale of each territory (reused when they exist)."""
        resultat: dict[str, tuple[Organisation, Organisation]] = {}
        for code, territoire in territoires.items():
            couple = []
            for type_, nom in (
                (TypeOrganisation.FRANCE_TRAVAIL, f"France Travail {lignes[code].complement}"),
                (TypeOrganisation.MISSION_LOCALE, f"Mission locale {lignes[code].complement}"),
            ):
                organisation = Organisation.objects.filter(nom=nom, type=type_).order_by("pk").first()
                if organisation is None:
                    organisation = organisation_creer(
                        acting_user=None, nom=nom, type=type_, territoire=territoire
                    )
                couple.append(organisation)
            resultat[code] = (couple[0], couple[1])
        return resultat

    def comptes_creer(self, sites: Sequence[tuple[Site, float]], banc_site_id: int) -> int:
        agents = _agents(self.graine, self.echelle, sites, banc_site_id)
        inscription = timezone.make_aware(datetime.datetime.combine(self.jour, datetime.time.min))
        self.cursor.execute(
            """
            INSERT INTO social_utilisateur (password, last_login, is_superuser, username, first_name,
                last_name, email, is_staff, is_active, date_joined, est_administrateur_fonctionnel)
            SELECT '!' || encode(sha256(convert_to(u.username, 'UTF8')), 'hex'), NULL, false, u.username,
                   u.prenom, u.nom, u.username || '@' || %s, false, true, %s, false
            FROM unnest(%s::text[], %s::text[], %s::text[]) WITH ORDINALITY AS u(username, prenom, nom, rang)
            ORDER BY u.rang
            RETURNING id, username
            """,
            [
                DOMAINE_COURRIEL,
                inscription,
                [a.username for a in agents],
                [a.prenom for a in agents],
                [a.nom for a in agents],
            ],
        )
        ids = {username: pk for pk, username in self.cursor.fetchall()}
        rng = random.Random(f"{self.graine}/{self.echelle.code}/affectations")
        debuts = [
            self.jour - datetime.timedelta(days=365 * ANNEES_HISTORIQUE + 3 + rng.randrange(2000))
            for _ in agents
        ]
        self.executer(
            """
            INSERT INTO social_affectation (role, perimetre, date_debut, date_fin, utilisateur_id, site_id)
            SELECT a.role, 'site', a.debut, NULL, a.utilisateur_id, a.site_id
            FROM unnest(%s::text[], %s::date[], %s::bigint[], %s::bigint[]) AS a(role, debut, utilisateur_id,
                site_id)
            """,
            [
                [a.role for a in agents],
                debuts,
                [ids[a.username] for a in agents],
                [a.site_id for a in agents],
            ],
        )
        self.executer(
            """
            CREATE TEMP TABLE b_agent AS
            SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::float8[], %s::boolean[])
                AS a(utilisateur_id, site_id, role, poids, banc)
            """,
            [
                [ids[a.username] for a in agents],
                [a.site_id for a in agents],
                [a.role for a in agents],
                [a.poids for a in agents],
                [a.banc for a in agents],
            ],
        )
        self.banc_id = ids[BANC_REFERENT]
        self.banc_site_id = banc_site_id
        # Pools drawn from (bench.referent is in none: she follows only the pathways chosen for her).
        self.executer(
            """
            CREATE TEMP TABLE b_pool_ref AS
            SELECT site_id, utilisateur_id,
                   sum(poids) OVER (PARTITION BY site_id ORDER BY utilisateur_id) AS hi
            FROM b_agent
            WHERE NOT banc AND role IN ('travailleur_social', 'evaluateur_medico_social')
            """
        )
        self.executer("CREATE INDEX ON b_pool_ref (site_id, hi)")
        self.executer(
            "CREATE TEMP TABLE b_pool_ref_total AS "
            "SELECT site_id, max(hi) AS total FROM b_pool_ref GROUP BY site_id"
        )
        for nom, roles in (
            ("b_pool_suivi", ("travailleur_social", "evaluateur_medico_social", "encadrant")),
            ("b_pool_enc", ("encadrant",)),
        ):
            self.executer(  # a constant table name of this loop
                f"""
                CREATE TEMP TABLE {nom} AS
                SELECT site_id, utilisateur_id,
                       row_number() OVER (PARTITION BY site_id ORDER BY utilisateur_id) AS rang
                FROM b_agent WHERE NOT banc AND role = ANY (%s)
                """,  # noqa: S608
                [list(roles)],
            )
            self.executer(f"CREATE INDEX ON {nom} (site_id, rang)")
            self.executer(f"ANALYZE {nom}")
        self.executer(
            """
            CREATE TEMP TABLE b_site AS
            SELECT s.id AS site_id, s.nom,
                   (SELECT count(*) FROM b_pool_suivi p WHERE p.site_id = s.id) AS n_suivi,
                   (SELECT count(*) FROM b_pool_enc p WHERE p.site_id = s.id) AS n_enc,
                   (SELECT t.total FROM b_pool_ref_total t WHERE t.site_id = s.id) AS total_ref
            FROM social_site s
            """
        )
        for table in ("b_agent", "b_pool_ref", "b_pool_ref_total", "b_site"):
            self.executer(f"ANALYZE {table}")
        return len(agents) * 2

    # People ----------------------------------------------------------------------------------------

    def foyers_et_personnes(self) -> int:
        cumul = 0
        compositions = []
        for nom, poids, age_min, age_max, couple, enfants in COMPOSITIONS:
            compositions.append((nom, cumul / 100, (cumul + poids) / 100, age_min, age_max, couple, enfants))
            cumul += poids
        self.executer(
            """
            CREATE TEMP TABLE b_composition AS
            SELECT * FROM unnest(%s::text[], %s::float8[], %s::float8[], %s::int[], %s::int[], %s::boolean[],
                                 %s::boolean[]) AS c(nom, lo, hi, age_min, age_max, couple, enfants)
            """,
            [list(colonne) for colonne in zip(*compositions, strict=True)],
        )
        population = self.valeur("SELECT max(cum_hi) FROM b_commune")
        params = {
            **self.base_params(),
            "nb_foyers": self.echelle.nb_foyers,
            "population": population,
            "noms": NOMS,
            "voies": VOIES,
        }
        self.executer(
            """
            CREATE TEMP TABLE b_foyer AS
            WITH tirage AS (
                SELECT g AS id,
                       (SELECT c.id FROM b_commune c WHERE c.cum_hi > floor(pg_temp.alea(g,
                           1) * %(population)s)
                        ORDER BY c.cum_hi LIMIT 1) AS commune_id,
                       pg_temp.alea(g, 2) AS u_composition
                FROM generate_series(1, %(nb_foyers)s) g
            ), compose AS (
                SELECT t.id, t.commune_id, k.nom AS composition, k.couple, k.enfants,
                       k.age_min + pg_temp.tirage(t.id, 3, k.age_max - k.age_min + 1) AS age_ref,
                       CASE WHEN NOT k.enfants THEN 0
                            WHEN pg_temp.alea(t.id, 4) < 0.40 THEN 1
                            WHEN pg_temp.alea(t.id, 4) < 0.75 THEN 2
                            WHEN pg_temp.alea(t.id, 4) < 0.92 THEN 3 ELSE 4 END AS nb_enfants,
                       k.nom = 'couple_enfants' AND pg_temp.alea(t.id, 5) < 0.03 AS grand_parent,
                       k.couple AND pg_temp.alea(t.id, 10) < 0.04 AS meme_sexe
                FROM tirage t JOIN b_composition k ON t.u_composition >= k.lo AND t.u_composition < k.hi
            )
            SELECT c.*, co.territoire_id, co.code_insee, co.population,
                   1 + c.couple::int + c.nb_enfants + c.grand_parent::int AS taille,
                   (%(noms)s::text[])[1 + pg_temp.tirage(c.id, 6,
                       cardinality(%(noms)s::text[]))] AS nom_famille,
                   (%(noms)s::text[])[1 + pg_temp.tirage(c.id, 7,
                       cardinality(%(noms)s::text[]))] AS nom_autre,
                   (%(noms)s::text[])[1 + pg_temp.tirage(c.id, 8,
                       cardinality(%(noms)s::text[]))] AS nom_autre2,
                   c.couple AND NOT c.meme_sexe AND pg_temp.alea(c.id, 9) < 0.65 AS marie,
                   CASE WHEN pg_temp.alea(c.id, 11) < (CASE WHEN c.composition = 'monoparental' THEN 0.85
                       ELSE 0.5 END)
                        THEN 'F' ELSE 'M' END AS sexe_ref,
                   (1 + pg_temp.tirage(c.id, 12, 180))::text || ' '
                       || (%(voies)s::text[])[1 + pg_temp.tirage(c.id, 13,
                           cardinality(%(voies)s::text[]))] AS adresse,
                   %(jour)s::date - (30 + pg_temp.tirage(c.id, 14, 15 * 365 - 30)) AS forme_le,
                   %(jour)s::date - pg_temp.tirage(c.id, 15, 6 * 365) AS suivi_depuis
            FROM compose c JOIN b_commune co ON co.id = c.commune_id
            """,
            params,
        )
        prenoms: dict[str, Any] = {f"p_{sexe}{g}": PRENOMS[sexe][g] for sexe in "FM" for g in range(3)}
        prenoms["n_prenoms"] = min(len(liste) for listes in PRENOMS.values() for liste in listes)
        self.executer(
            """
            CREATE TEMP TABLE b_personne AS
            WITH membre AS (
                SELECT row_number() OVER (ORDER BY f.id, k) AS id, f.id AS foyer_id, k, f.couple, f.taille,
                       f.grand_parent, f.age_ref, f.sexe_ref, f.meme_sexe, f.marie, f.nom_famille,
                           f.nom_autre,
                       f.nom_autre2, f.commune_id, f.territoire_id, f.code_insee, f.population, f.adresse,
                       f.forme_le, f.suivi_depuis,
                       CASE WHEN k = 1 THEN 'reference'
                            WHEN f.couple AND k = 2 THEN 'conjoint'
                            WHEN f.grand_parent AND k = f.taille THEN 'parent'
                            ELSE 'enfant' END AS lien
                FROM b_foyer f CROSS JOIN LATERAL generate_series(1, f.taille) k
            ), age AS (
                SELECT m.*,
                       CASE m.lien
                           WHEN 'reference' THEN m.age_ref
                           WHEN 'conjoint' THEN greatest(18, m.age_ref + pg_temp.tirage(m.id, 101, 13) - 6)
                           WHEN 'parent' THEN least(98, m.age_ref + 22 + pg_temp.tirage(m.id, 102, 14))
                           ELSE pg_temp.tirage(m.id, 103,
                               greatest(0, least(24, m.age_ref - CASE WHEN m.couple THEN 24 ELSE 18 END)) + 1)
                       END AS age,
                       CASE m.lien
                           WHEN 'reference' THEN m.sexe_ref
                           WHEN 'conjoint' THEN CASE WHEN m.meme_sexe THEN m.sexe_ref
                                                     WHEN m.sexe_ref = 'F' THEN 'M' ELSE 'F' END
                           ELSE CASE WHEN pg_temp.alea(m.id, 104) < 0.5 THEN 'F' ELSE 'M' END
                       END AS sexe
                FROM membre m
            ), identite AS (
                SELECT a.*,
                       %(jour)s::date - (a.age * 365 + pg_temp.tirage(a.id, 105,
                           365) + a.age / 4) AS naissance,
                       CASE a.lien
                           WHEN 'conjoint' THEN CASE WHEN a.marie THEN a.nom_famille ELSE a.nom_autre END
                           WHEN 'parent' THEN CASE WHEN a.sexe = 'M' THEN a.nom_famille ELSE a.nom_autre2 END
                           ELSE a.nom_famille
                       END AS nom,
                       CASE WHEN a.marie AND a.sexe = 'F' AND a.lien IN ('reference', 'conjoint')
                                 AND a.nom_autre <> a.nom_famille THEN a.nom_autre
                                     ELSE '' END AS nom_naissance
                FROM age a
            ), prenom AS (
                SELECT i.*,
                       (CASE WHEN i.sexe = 'F' THEN
                            CASE WHEN extract(year FROM i.naissance) < 1960 THEN %(p_F0)s::text[]
                                 WHEN extract(year FROM i.naissance) < 1990 THEN %(p_F1)s::text[]
                                 ELSE %(p_F2)s::text[] END
                        ELSE
                            CASE WHEN extract(year FROM i.naissance) < 1960 THEN %(p_M0)s::text[]
                                 WHEN extract(year FROM i.naissance) < 1990 THEN %(p_M1)s::text[]
                                 ELSE %(p_M2)s::text[] END
                        END)[1 + pg_temp.tirage(i.id, 106, %(n_prenoms)s)] AS prenoms,
                       i.age >= 16 AND pg_temp.alea(i.id, 110) < 0.7 AS a_telephone,
                       i.age >= 16 AND pg_temp.alea(i.id, 116) < 0.65 AS partage
                FROM identite i
            )
            SELECT p.id, p.foyer_id, p.k, p.lien, p.sexe, p.age, p.naissance, p.nom, p.nom_naissance,
                p.prenoms,
                   p.commune_id, p.territoire_id, p.code_insee, p.adresse, p.forme_le, p.suivi_depuis,
                   CASE WHEN p.a_telephone THEN '06 39 98 ' || lpad(pg_temp.tirage(p.id, 111, 100)::text, 2,
                       '0')
                        || ' ' || lpad(pg_temp.tirage(p.id, 112, 100)::text, 2, '0') ELSE '' END AS telephone,
                   CASE WHEN p.age >= 16 AND pg_temp.alea(p.id, 113) < 0.25 THEN
                        trim(BOTH '-' FROM lower(regexp_replace(unaccent(p.prenoms), '[^[:alnum:]]+', '-',
                            'g')))
                        || '.' || trim(BOTH '-' FROM lower(regexp_replace(unaccent(p.nom), '[^[:alnum:]]+',
                            '-', 'g')))
                        || pg_temp.tirage(p.id, 114, 100)::text || '@' || %(domaine)s ELSE '' END AS courriel,
                   p.partage,
                   p.a_telephone AND pg_temp.alea(p.id, 117) < 0.5 AS sms,
                   CASE WHEN p.age >= 16 AND pg_temp.alea(p.id, 118) < 0.03 THEN
                        CASE WHEN p.sexe = 'M' THEN '1' ELSE '2' END || to_char(p.naissance, 'YYMM')
                            || p.code_insee
                        || lpad((1 + pg_temp.tirage(p.id, 119, 999))::text, 3, '0') ELSE '' END AS nir_corps,
                   CASE WHEN p.lien <> 'reference' THEN ''
                        WHEN p.population < 3500 AND pg_temp.alea(p.id, 120) < 0.12 THEN 'msa'
                        WHEN pg_temp.alea(p.id, 120) < 0.6 THEN 'caf' ELSE '' END AS organisme_payeur
            FROM prenom p
            """,
            {**params, **prenoms, "domaine": DOMAINE_COURRIEL},
        )
        self.executer("CREATE UNIQUE INDEX ON b_personne (id)")
        self.executer("ANALYZE b_personne")
        foyers = self.executer(
            """
            INSERT INTO social_foyer (id, public_id, created_at)
            SELECT f.id, pg_temp.uuid8(f.id, %(espace)s),
                   (f.forme_le + time '10:00') AT TIME ZONE 'Europe/Paris'
            FROM b_foyer f ORDER BY f.id
            """,
            {"espace": ESPACE_FOYER},
        )
        personnes = self.executer(
            """
            INSERT INTO social_personne (id, public_id, nom, nom_naissance, prenoms, date_naissance, sexe,
                telephone, courriel, adresse, organisme_payeur, numero_allocataire, nir, consentement_partage,
                consentement_sms, consentement_date, created_at, updated_at, commune_id, created_by_id)
            SELECT p.id, pg_temp.uuid8(p.id, %(espace)s), p.nom, p.nom_naissance, p.prenoms, p.naissance,
                p.sexe,
                   p.telephone, p.courriel, p.adresse, p.organisme_payeur,
                   CASE p.organisme_payeur
                       WHEN 'msa' THEN (1000000000 + pg_temp.tirage(p.id, 121, 999999999))::text
                       WHEN 'caf' THEN (1000000 + pg_temp.tirage(p.id, 121, 8999999))::text ELSE '' END,
                   CASE WHEN p.nir_corps = '' THEN ''
                        ELSE p.nir_corps || lpad((97 - mod(p.nir_corps::bigint, 97))::text, 2, '0') END,
                   p.partage, p.sms,
                   CASE WHEN p.partage OR p.sms THEN %(jour)s::date - pg_temp.tirage(p.id, 122, 900) END,
                   (greatest(p.suivi_depuis, p.naissance) + time '10:00') AT TIME ZONE 'Europe/Paris',
                   (greatest(p.suivi_depuis, p.naissance) + time '10:00') AT TIME ZONE 'Europe/Paris',
                   p.commune_id, NULL
            FROM b_personne p ORDER BY p.id
            """,
            {**params, "espace": ESPACE_PERSONNE},
        )
        membres = self.executer(
            """
            INSERT INTO social_membrefoyer (id, lien, date_debut, date_fin, foyer_id, personne_id)
            SELECT p.id, p.lien, greatest(p.forme_le, p.naissance), NULL, p.foyer_id, p.id
            FROM b_personne p ORDER BY p.id
            """
        )
        self.comptes.update(foyers=foyers, personnes=personnes)
        return foyers + personnes + membres

    # Pathways --------------------------------------------------------------------------------------

    def scenarios_charger(self) -> None:
        liste = scenarios(self.graine)
        numeros: dict[str, int] = {}
        lignes_scenarios: list[tuple[str, int, bool, bool, bool, int, str]] = []
        lignes_etapes: list[tuple[str, int, int, str, str, bool, bool, bool, str, int]] = []
        for scenario in liste:
            numero = numeros[scenario.dispositif] = numeros.get(scenario.dispositif, 0) + 1
            lignes_scenarios.append(
                (
                    scenario.dispositif,
                    numero,
                    scenario.clos,
                    scenario.lourd,
                    scenario.requiert_referent,
                    len(scenario.etapes),
                    scenario.etat_final,
                )
            )
            for rang, t in enumerate(scenario.etapes, start=1):
                cle = t.vers if t.vers in MOTIFS_TRANSITIONS else "*"
                lignes_etapes.append(
                    (
                        scenario.dispositif,
                        numero,
                        rang,
                        t.depuis,
                        t.vers,
                        t.motif_requis,
                        RoleParcours.REFERENT in t.roles,
                        t.cloture,
                        cle,
                        len(MOTIFS_TRANSITIONS[cle]),
                    )
                )
        self.executer(
            """
            CREATE TEMP TABLE b_scenario AS
            SELECT s.*,
                   row_number() OVER (PARTITION BY dispositif, clos, lourd ORDER BY num) AS rang_tous,
                   CASE WHEN NOT requiert_referent THEN
                       row_number() OVER (PARTITION BY dispositif, clos, lourd,
                           requiert_referent ORDER BY num)
                   END AS rang_libre
            FROM unnest(%s::text[], %s::int[], %s::boolean[], %s::boolean[], %s::boolean[], %s::int[],
                %s::text[])
                AS s(dispositif, num, clos, lourd, requiert_referent, n_etapes, etat_final)
            """,
            [list(colonne) for colonne in zip(*lignes_scenarios, strict=True)],
        )
        self.executer(
            """
            CREATE TEMP TABLE b_scenario_n AS
            SELECT dispositif, clos, lourd, count(*) AS n_tous, count(rang_libre) AS n_libre
            FROM b_scenario GROUP BY dispositif, clos, lourd
            """
        )
        self.executer(
            """
            CREATE TEMP TABLE b_etape AS
            SELECT * FROM unnest(%s::text[], %s::int[], %s::int[], %s::text[], %s::text[], %s::boolean[],
                                 %s::boolean[], %s::boolean[], %s::text[], %s::int[])
                AS e(dispositif, num, rang, depuis, vers, motif_requis, par_referent, cloture, cle_motif,
                    n_motifs)
            """,
            [list(colonne) for colonne in zip(*lignes_etapes, strict=True)],
        )
        motifs = [
            (cle, i, texte) for cle, textes in MOTIFS_TRANSITIONS.items() for i, texte in enumerate(textes, 1)
        ]
        self.executer(
            "CREATE TEMP TABLE b_motif AS "
            "SELECT * FROM unnest(%s::text[], %s::int[], %s::text[]) AS m(cle, i, texte)",
            [list(colonne) for colonne in zip(*motifs, strict=True)],
        )
        self.executer(
            """
            CREATE TEMP TABLE b_dispositif AS
            SELECT * FROM unnest(%s::int[], %s::text[], %s::int[], %s::int[], %s::text[], %s::float8[],
                                 %s::float8[], %s::float8[], %s::float8[], %s::float8[], %s::text[],
                                     %s::text[])
                AS d(num, dispositif, age_min, age_max, liens, proba, s1, s2, s3, proba_ouvert, site_type,
                    initial)
            """,
            [
                [r.numero for r in REGLES_DISPOSITIFS],
                [str(r.dispositif) for r in REGLES_DISPOSITIFS],
                [r.age_min for r in REGLES_DISPOSITIFS],
                [r.age_max for r in REGLES_DISPOSITIFS],
                [",".join(r.liens) for r in REGLES_DISPOSITIFS],
                [r.proba for r in REGLES_DISPOSITIFS],
                [r.episodes[0] for r in REGLES_DISPOSITIFS],
                [r.episodes[1] for r in REGLES_DISPOSITIFS],
                [r.episodes[2] for r in REGLES_DISPOSITIFS],
                [r.proba_ouvert for r in REGLES_DISPOSITIFS],
                [str(r.site) for r in REGLES_DISPOSITIFS],
                [workflows.etat_initial(r.dispositif) for r in REGLES_DISPOSITIFS],
            ],
        )
        for table in ("b_scenario", "b_scenario_n", "b_etape", "b_motif", "b_dispositif"):
            self.executer(f"ANALYZE {table}")

    def parcours_preparer(self) -> int:
        """``b_parcours``: every pathway with its dates, référent, scenario and number of events."""
        params = {
            **self.base_params(),
            "sans_referent": TAUX_SANS_REFERENT,
            "banc": self.banc_id,
            "banc_site": self.banc_site_id,
            "banc_k": self.echelle.parcours_referent_banc,
            "taux_lourds": TAUX_LOURDS,
            "plus_charge": EVENEMENTS_PARCOURS_LE_PLUS_CHARGE,
            "suites": SUITES_PREVUES,
            "taux_suite": TAUX_SUITE_PREVUE,
            "taux_equipe": TAUX_EQUIPE,
            "taux_des_rsa": TAUX_DESIGNATION[Dispositif.RSA],
            "taux_des_jeunes": TAUX_DESIGNATION[Dispositif.JEUNES],
        }
        # Episodes: each eligible person has 1–4 episodes in a dispositif over her eligibility window
        # (the last ten years within the dispositif's ages), one after the other; only the last one may
        # still be open (one open pathway per person and dispositif), opened at least a day ago.
        self.executer(
            """
            CREATE TEMP TABLE b_episode AS
            WITH eligibles AS (
                SELECT p.id AS personne_id, p.territoire_id, d.num, d.dispositif, d.proba_ouvert, d.site_type,
                       greatest(%(debut_historique)s::date,
                                (p.naissance + make_interval(years => d.age_min))::date) AS ws,
                       least(%(jour)s::date,
                           (p.naissance + make_interval(years => d.age_max + 1))::date - 1) AS we,
                       pg_temp.alea(p.id * 8 + d.num, 201) AS u_n, d.s1, d.s2, d.s3
                FROM b_personne p JOIN b_dispositif d ON p.lien = ANY (string_to_array(d.liens, ','))
                WHERE pg_temp.alea(p.id * 8 + d.num, 200) < d.proba
            ), comptes AS (
                SELECT e.*,
                       least(CASE WHEN e.u_n < e.s1 THEN 1 WHEN e.u_n < e.s2 THEN 2 WHEN e.u_n < e.s3 THEN 3
                           ELSE 4 END,
                             greatest(1, (e.we - e.ws) / 120)) AS n
                FROM eligibles e WHERE e.we - e.ws >= 60
            ), episodes AS (
                SELECT c.personne_id, c.territoire_id, c.num, c.dispositif, c.site_type, j, c.n, c.we,
                       (c.personne_id * 8 + c.num) * 8 + j AS cle,
                       c.ws + ((c.we - c.ws) * (j - 1)) / c.n AS s0,
                       c.ws + ((c.we - c.ws) * j) / c.n AS s1,
                       c.proba_ouvert
                FROM comptes c CROSS JOIN LATERAL generate_series(1, c.n) j
            ), ouverture AS (
                SELECT e.*,
                       e.j = e.n AND e.we = %(jour)s::date
                           AND pg_temp.alea(e.cle, 202) < e.proba_ouvert AS ouvert
                FROM episodes e
            ), dates AS (
                SELECT o.*,
                       CASE WHEN o.ouvert THEN o.s0 + floor(pg_temp.alea(o.cle, 203) * greatest(0,
                           o.s1 - 1 - o.s0) * 0.95)::int
                            ELSE o.s0 + floor(pg_temp.alea(o.cle,
                                203) * (o.s1 - o.s0) * 0.6)::int END AS date_ouverture
                FROM ouverture o
            )
            SELECT d.cle, d.personne_id, d.dispositif, d.ouvert,
                   CASE d.site_type WHEN 'mds' THEN t.mds_id ELSE t.mda_id END AS site_id,
                   t.ft_id, t.ml_id,
                   d.date_ouverture - pg_temp.tirage(d.cle, 205, 15) AS date_reception,
                   d.date_ouverture,
                   CASE WHEN d.ouvert THEN NULL
                        ELSE least(d.s1, d.date_ouverture + 15
                                   + floor(pg_temp.alea(d.cle, 204) * greatest(0,
                                       d.s1 - d.date_ouverture - 15))::int)
                   END AS date_cloture
            FROM dates d JOIN b_territoire t ON t.id = d.territoire_id
            """,
            params,
        )
        self.executer("ANALYZE b_episode")
        # Référents: an agent of the responsible site, drawn by caseload weight; 3 % of the open pathways
        # have none (the "sans référent" rupture).
        self.executer(
            """
            CREATE TEMP TABLE b_parcours AS
            SELECT e.*,
                   CASE WHEN e.ouvert AND pg_temp.alea(e.cle, 206) < %(sans_referent)s THEN NULL
                        ELSE (SELECT r.utilisateur_id FROM b_pool_ref r
                              WHERE r.site_id = e.site_id AND r.hi > pg_temp.alea(e.cle, 207) * s.total_ref
                              ORDER BY r.site_id, r.hi LIMIT 1) END AS referent_id,
                   false AS banc, 0 AS banc_rang, false AS lourd
            FROM b_episode e JOIN b_site s ON s.site_id = e.site_id
            """,
            params,
        )
        # bench.referent: exactly K open pathways of her MDS (RSA and young people) and twice as many closed
        # ones, all with a recorded next step (her caseload is exactly her K open pathways).
        for ouvert, nombre in (
            (True, self.echelle.parcours_referent_banc),
            (False, 2 * self.echelle.parcours_referent_banc),
        ):
            choisis = self.executer(
                """
                UPDATE b_parcours p SET referent_id = %(banc)s, banc = true, banc_rang = c.rang
                FROM (SELECT cle, row_number() OVER (ORDER BY pg_temp.alea(cle, 208), cle) AS rang
                      FROM b_parcours
                      WHERE ouvert = %(ouvert)s AND site_id = %(banc_site)s AND dispositif IN ('rsa',
                          'jeunes')
                            AND referent_id IS NOT NULL) c
                WHERE p.cle = c.cle AND c.rang <= %(nombre)s
                """,
                {**params, "ouvert": ouvert, "nombre": nombre},
            )
            if ouvert and choisis != nombre:
                raise ValidationError(
                    "Pas assez de parcours ouverts au site de bench.referent (%(trouves)s sur %(voulus)s).",
                    code="banc_parcours_insuffisants",
                    params={"trouves": choisis, "voulus": nombre},
                )
        # A few pathways with hundreds of events, among them the first of bench.referent's.
        self.executer(
            """
            UPDATE b_parcours SET lourd = referent_id IS NOT NULL
                AND (pg_temp.alea(cle, 209) < %(taux_lourds)s OR (banc AND ouvert AND banc_rang = 1))
            """,
            params,
        )
        self.executer("ANALYZE b_parcours")
        # Scenario, counts of events, ids in opening order.
        self.executer(
            """
            CREATE TEMP TABLE b_parcours_final AS
            WITH choix AS (
                SELECT p.*, s.total_ref, s.n_suivi, s.n_enc, s.nom AS site_nom,
                       1 + pg_temp.tirage(p.cle, 210,
                           CASE WHEN p.referent_id IS NULL THEN n.n_libre
                               ELSE n.n_tous END::int) AS rang_scenario
                FROM b_parcours p
                JOIN b_site s ON s.site_id = p.site_id
                JOIN b_scenario_n n ON n.dispositif = p.dispositif AND n.clos = NOT p.ouvert
                    AND n.lourd = p.lourd
            ), scenario AS (
                SELECT c.*, sc.num AS scenario, sc.n_etapes, sc.etat_final,
                       coalesce(c.date_cloture, %(jour)s::date) - c.date_ouverture AS duree,
                       CASE WHEN c.referent_id IS NULL THEN 0
                            WHEN c.lourd THEN 3 + pg_temp.tirage(c.cle, 211, 6)
                            WHEN pg_temp.alea(c.cle, 211) < 0.75 THEN 1
                            WHEN pg_temp.alea(c.cle, 211) < 0.93 THEN 2
                            ELSE 3 + pg_temp.tirage(c.cle, 212, 2) END AS n_chgt,
                       CASE WHEN c.lourd AND c.banc THEN %(plus_charge)s
                            WHEN c.lourd THEN 150 + pg_temp.tirage(c.cle, 213, 850)
                            ELSE 9 + floor(28 * power(pg_temp.alea(c.cle, 213),
                                1.6))::int END AS n_evenements,
                       CASE WHEN c.dispositif NOT IN ('rsa', 'jeunes') THEN 0
                            WHEN c.lourd THEN 3 + pg_temp.tirage(c.cle, 214, 6)
                            ELSE pg_temp.tirage(c.cle, 214, 3) END AS n_obj
                FROM choix c
                JOIN b_scenario sc ON sc.dispositif = c.dispositif AND sc.clos = NOT c.ouvert
                    AND sc.lourd = c.lourd
                     AND c.rang_scenario = CASE WHEN c.referent_id IS NULL THEN sc.rang_libre
                         ELSE sc.rang_tous END
            ), reste AS (
                SELECT s.*, greatest(2,
                    s.n_evenements - s.n_etapes - 1 - s.n_chgt - 2 * s.n_obj) AS n_suivi_evt
                FROM scenario s
            )
            SELECT row_number() OVER (ORDER BY r.date_ouverture, r.cle) AS id, r.*,
                   (r.n_suivi_evt * 11) / 20 AS n_notes,
                   r.n_suivi_evt - (r.n_suivi_evt * 11) / 20 AS n_rdv,
                   CASE WHEN r.ouvert THEN ''
                        WHEN r.banc OR pg_temp.alea(r.cle, 215) < %(taux_suite)s
                        THEN (%(suites)s::text[])[1 + pg_temp.tirage(r.cle, 216,
                            cardinality(%(suites)s::text[]))]
                        ELSE '' END AS suite_prevue,
                   (SELECT e.utilisateur_id FROM b_pool_enc e
                    WHERE e.site_id = r.site_id AND e.rang = 1 + pg_temp.tirage(r.cle, 217,
                        r.n_enc::int)) AS enc_id,
                   CASE WHEN r.dispositif = 'rsa' AND pg_temp.alea(r.cle, 218) < %(taux_des_rsa)s THEN r.ft_id
                        WHEN r.dispositif = 'jeunes' AND pg_temp.alea(r.cle, 218) < %(taux_des_jeunes)s
                            THEN r.ml_id
                   END AS designation_org,
                   NOT r.banc AND pg_temp.alea(r.cle, 219) < %(taux_equipe)s AS a_equipe,
                   1 + pg_temp.tirage(r.cle, 220, greatest(1, r.n_suivi::int - 1)) AS pas,
                   coalesce((SELECT ps.rang FROM b_pool_suivi ps
                             WHERE ps.site_id = r.site_id AND ps.utilisateur_id = r.referent_id),
                                 0) AS rang_referent
            FROM reste r
            """,
            params,
        )
        self.executer("CREATE UNIQUE INDEX ON b_parcours_final (id)")
        self.executer("ANALYZE b_parcours_final")
        return int(self.valeur("SELECT count(*) FROM b_parcours_final"))

    def transitions_preparer(self) -> None:
        """``b_transition``: the opening, then the scenario's steps spread over the pathway's life (the
        closing one on the closing day); the motif is written when the table requires one."""
        self.executer(
            """
            CREATE TEMP TABLE b_transition AS
            SELECT p.id AS parcours_id, 0 AS rang, '' AS depuis, d.initial AS vers,
                   'Ouverture du parcours' AS motif, p.date_reception AS date_effet,
                   (p.date_ouverture + make_interval(mins => 480 + pg_temp.tirage(p.id, 300, 9)))
                       AT TIME ZONE 'Europe/Paris' AS created_at,
                   p.enc_id AS acting_user_id, false AS cloture
            FROM b_parcours_final p JOIN b_dispositif d ON d.dispositif = p.dispositif
            UNION ALL
            SELECT t.parcours_id, t.rang, t.depuis, t.vers, t.motif, t.date_effet,
                   (t.date_effet + make_interval(mins => 480 + 10 * t.rang + pg_temp.tirage(t.cle, 302, 9)))
                       AT TIME ZONE 'Europe/Paris',
                   t.acting_user_id, t.cloture
            FROM (
                SELECT p.id AS parcours_id, e.rang, e.depuis, e.vers, e.cloture, p.id * 128 + e.rang AS cle,
                       CASE WHEN e.motif_requis THEN m.texte ELSE '' END AS motif,
                       CASE WHEN e.cloture THEN p.date_cloture
                            ELSE p.date_ouverture
                                 + floor(p.duree
                                         * ((e.rang - 1) + 0.9 * pg_temp.alea(p.id * 128 + e.rang, 301))
                                                          / p.n_etapes)::int END AS date_effet,
                       CASE WHEN e.par_referent AND p.referent_id IS NOT NULL THEN p.referent_id
                           ELSE p.enc_id END
                           AS acting_user_id
                FROM b_parcours_final p
                JOIN b_etape e ON e.dispositif = p.dispositif AND e.num = p.scenario
                JOIN b_motif m ON m.cle = e.cle_motif
                     AND m.i = 1 + pg_temp.tirage(p.id * 128 + e.rang, 303, e.n_motifs)
            ) t
            """
        )
        self.executer("CREATE INDEX ON b_transition (parcours_id, rang)")
        self.executer("ANALYZE b_transition")

    def parcours_inserer(self) -> int:
        nombre = self.executer(
            """
            INSERT INTO parcours_parcours (id, public_id, dispositif, etat, date_reception, date_ouverture,
                date_cloture, motif_cloture, suite_prevue, created_at, updated_at, created_by_id, personne_id,
                referent_id, site_id)
            SELECT p.id, pg_temp.uuid8(p.cle, %(espace)s), p.dispositif, p.etat_final, p.date_reception,
                   p.date_ouverture, p.date_cloture, coalesce(c.motif, ''), p.suite_prevue,
                   (p.date_ouverture + time '08:00') AT TIME ZONE 'Europe/Paris',
                   coalesce(d.derniere, (p.date_ouverture + time '08:00') AT TIME ZONE 'Europe/Paris'),
                   p.enc_id, p.personne_id, p.referent_id, p.site_id
            FROM b_parcours_final p
            LEFT JOIN b_transition c ON c.parcours_id = p.id AND c.cloture
            LEFT JOIN (SELECT parcours_id,
                max(created_at) AS derniere FROM b_transition GROUP BY parcours_id) d
                 ON d.parcours_id = p.id
            ORDER BY p.id
            """,
            {"espace": ESPACE_PARCOURS},
        )
        self.comptes["parcours"] = nombre
        self.comptes["parcours_ouverts"] = int(
            self.valeur("SELECT count(*) FROM b_parcours_final WHERE ouvert")
        )
        return nombre

    def transitions_inserer(self) -> int:
        nombre = self.executer(
            """
            INSERT INTO parcours_transitionparcours (id, depuis, vers, motif, date_effet, created_at,
                acting_user_id, parcours_id)
            SELECT row_number() OVER (ORDER BY t.created_at, t.parcours_id, t.rang), t.depuis, t.vers,
                t.motif,
                   t.date_effet, t.created_at, t.acting_user_id, t.parcours_id
            FROM b_transition t ORDER BY t.created_at, t.parcours_id, t.rang
            """
        )
        self.comptes["transitions"] = nombre
        return nombre

    def changements_referent(self) -> int:
        """The référent log: the first référent at the opening, then changes up to the current référent
        (consecutive référents always differ: a stride through the site's agents)."""
        nombre = self.executer(
            """
            INSERT INTO parcours_changementreferent (id, motif, created_at, acting_user_id, ancien_id,
                nouveau_id, parcours_id)
            SELECT row_number() OVER (ORDER BY x.created_at, x.parcours_id, x.c), x.motif, x.created_at,
                   x.acting_user_id, x.ancien_id, x.nouveau_id, x.parcours_id
            FROM (
                SELECT p.id AS parcours_id, c, p.enc_id AS acting_user_id,
                       CASE WHEN c = 1 THEN 'Ouverture du parcours'
                            ELSE (%(motifs)s::text[])[1 + pg_temp.tirage(p.id * 64 + c, 310,
                                cardinality(%(motifs)s::text[]))]
                       END AS motif,
                       CASE WHEN c = 1
                           THEN (p.date_ouverture + make_interval(mins => 490 + pg_temp.tirage(p.id, 300, 9)))
                                                AT TIME ZONE 'Europe/Paris'
                            ELSE (p.date_ouverture
                                  + floor(p.duree * ((c - 1) + 0.9 * pg_temp.alea(p.id * 64 + c, 311))
                                                           / p.n_chgt)::int
                                  + make_interval(mins => 600 + pg_temp.tirage(p.id * 64 + c, 312, 360)))
                                 AT TIME ZONE 'Europe/Paris' END AS created_at,
                       CASE WHEN c = 1 THEN NULL ELSE avant.utilisateur_id END AS ancien_id,
                       CASE WHEN c = p.n_chgt THEN p.referent_id ELSE apres.utilisateur_id END AS nouveau_id
                FROM b_parcours_final p
                CROSS JOIN LATERAL generate_series(1, p.n_chgt) c
                LEFT JOIN b_pool_suivi apres ON apres.site_id = p.site_id
                     AND apres.rang = 1 + mod(mod(p.rang_referent - 1 - (p.n_chgt - c) * p.pas,
                         p.n_suivi::int)
                                              + p.n_suivi::int, p.n_suivi::int)
                LEFT JOIN b_pool_suivi avant ON avant.site_id = p.site_id
                     AND avant.rang = 1 + mod(mod(p.rang_referent - 1 - (p.n_chgt - c + 1) * p.pas,
                         p.n_suivi::int)
                                              + p.n_suivi::int, p.n_suivi::int)
                WHERE p.referent_id IS NOT NULL
            ) x
            ORDER BY x.created_at, x.parcours_id, x.c
            """,
            {"motifs": MOTIFS_CHANGEMENT_REFERENT},
        )
        self.comptes["changements_referent"] = nombre
        return nombre

    def notes(self) -> int:
        nombre = self.executer(
            """
            INSERT INTO parcours_note (id, public_id, texte, confidentialite, created_at, auteur_id,
                parcours_id)
            SELECT row_number() OVER (ORDER BY n.created_at, n.parcours_id, n.k),
                   pg_temp.uuid8(n.parcours_id * 4096 + n.k, %(espace)s), n.texte, n.confidentialite,
                   n.created_at, n.auteur_id, n.parcours_id
            FROM (
                SELECT p.id AS parcours_id, k,
                       ((p.date_ouverture + floor(p.duree * (k - 1 + pg_temp.alea(p.id * 4096 + k,
                           400)) / p.n_notes)::int)
                        + make_interval(mins => 510 + pg_temp.tirage(p.id * 4096 + k, 401, 570)))
                           AT TIME ZONE 'Europe/Paris' AS created_at,
                       CASE WHEN p.referent_id IS NOT NULL AND pg_temp.alea(p.id * 4096 + k, 402) < 0.7
                            THEN p.referent_id ELSE ps.utilisateur_id END AS auteur_id,
                       CASE WHEN pg_temp.alea(p.id * 4096 + k, 404) < 0.1 THEN 'auteur'
                            WHEN pg_temp.alea(p.id * 4096 + k, 404) < 0.3 THEN 'partenaires'
                            ELSE 'equipe' END AS confidentialite,
                       (%(debuts)s::text[])[1 + pg_temp.tirage(p.id * 4096 + k, 405,
                           cardinality(%(debuts)s::text[]))]
                       || ' ' || (%(suites)s::text[])[1 + pg_temp.tirage(p.id * 4096 + k, 406,
                           cardinality(%(suites)s::text[]))]
                           AS texte
                FROM b_parcours_final p
                CROSS JOIN LATERAL generate_series(1, p.n_notes) k
                JOIN b_pool_suivi ps ON ps.site_id = p.site_id
                     AND ps.rang = 1 + pg_temp.tirage(p.id * 4096 + k, 403, p.n_suivi::int)
            ) n
            ORDER BY n.created_at, n.parcours_id, n.k
            """,
            {"espace": ESPACE_NOTE, "debuts": NOTES_DEBUTS, "suites": NOTES_SUITES},
        )
        self.comptes["notes"] = nombre
        return nombre

    def rendez_vous(self) -> int:
        """Appointments spread over the pathway's life, mostly honoured; an open pathway has its next one
        in the coming weeks half of the time; a few past ones still await their outcome."""
        nombre = self.executer(
            """
            INSERT INTO parcours_rendezvous (id, public_id, date_heure, modalite, lieu, objet, resultat,
                created_at, updated_at, agent_id, created_by_id, organisation_id, parcours_id)
            SELECT row_number() OVER (ORDER BY r.created_at, r.parcours_id, r.k),
                   pg_temp.uuid8(r.parcours_id * 4096 + r.k, %(espace)s), r.date_heure, r.modalite,
                   CASE WHEN r.modalite <> 'presentiel' THEN ''
                        WHEN pg_temp.alea(r.cle, 505) < 0.3 THEN 'Domicile' ELSE r.site_nom END,
                   r.objet, r.resultat, r.created_at,
                   CASE WHEN r.resultat = 'a_venir' THEN r.created_at
                       ELSE r.date_heure + interval '2 hours' END,
                   r.agent_id, r.agent_id, NULL, r.parcours_id
            FROM (
                SELECT v.*,
                       least(%(hier)s::timestamptz,
                             greatest(v.debut, v.date_heure - make_interval(days => 1 + pg_temp.tirage(v.cle,
                                 506, 20))))
                           AS created_at,
                       CASE WHEN v.futur THEN 'a_venir'
                            WHEN pg_temp.alea(v.cle, 507) < 0.72 THEN 'honore'
                            WHEN pg_temp.alea(v.cle, 507) < 0.84 THEN 'excuse'
                            WHEN pg_temp.alea(v.cle, 507) < 0.96 THEN 'absent'
                            ELSE 'a_venir' END AS resultat
                FROM (
                    SELECT p.id AS parcours_id, k, p.id * 4096 + k AS cle, p.site_nom,
                           (p.date_ouverture + time '08:00') AT TIME ZONE 'Europe/Paris' AS debut,
                           p.ouvert AND k = p.n_rdv AND pg_temp.alea(p.id * 4096 + k, 500) < 0.45 AS futur,
                           ((CASE WHEN p.ouvert AND k = p.n_rdv AND pg_temp.alea(p.id * 4096 + k, 500) < 0.45
                                  THEN %(jour)s::date + 1 + pg_temp.tirage(p.id * 4096 + k, 501, 30)
                                  ELSE p.date_ouverture
                                       + floor(p.duree * (k - 1 + pg_temp.alea(p.id * 4096 + k,
                                           502)) / p.n_rdv)::int END)
                            + make_interval(mins => 510 + 15 * pg_temp.tirage(p.id * 4096 + k, 503, 36)))
                               AT TIME ZONE 'Europe/Paris' AS date_heure,
                           CASE WHEN pg_temp.alea(p.id * 4096 + k, 504) < 0.65 THEN 'presentiel'
                                WHEN pg_temp.alea(p.id * 4096 + k, 504) < 0.9 THEN 'telephone'
                                ELSE 'visio' END AS modalite,
                           (%(objets)s::text[])[1 + pg_temp.tirage(p.id * 4096 + k, 508,
                               cardinality(%(objets)s::text[]))]
                               AS objet,
                           CASE WHEN p.referent_id IS NOT NULL AND pg_temp.alea(p.id * 4096 + k, 509) < 0.75
                                THEN p.referent_id ELSE ps.utilisateur_id END AS agent_id
                    FROM b_parcours_final p
                    CROSS JOIN LATERAL generate_series(1, p.n_rdv) k
                    JOIN b_pool_suivi ps ON ps.site_id = p.site_id
                         AND ps.rang = 1 + pg_temp.tirage(p.id * 4096 + k, 510, p.n_suivi::int)
                ) v
            ) r
            ORDER BY r.created_at, r.parcours_id, r.k
            """,
            {
                **self.base_params(),
                "espace": ESPACE_RDV,
                "objets": OBJETS_RENDEZ_VOUS,
                # Appointments booked for the coming weeks were booked before today.
                "hier": timezone.make_aware(datetime.datetime.combine(self.jour, datetime.time(17)))
                - datetime.timedelta(days=1),
            },
        )
        self.comptes["rendez_vous"] = nombre
        return nombre

    def objectifs_et_actions(self) -> int:
        """The action plan of RSA and young people's pathways: 0–2 objectives (more on long pathways),
        0–2 actions each; health objectives about 1 in 7."""
        axes, libelles = zip(*OBJECTIFS, strict=True)
        self.executer(
            """
            CREATE TEMP TABLE b_objectif AS
            SELECT row_number() OVER (ORDER BY o.created_at, o.parcours_id, o.k) AS id, o.*
            FROM (
                SELECT p.id AS parcours_id, k, p.id * 64 + k AS cle, p.referent_id, p.enc_id,
                       ((p.date_ouverture + floor(p.duree * (k - 1 + pg_temp.alea(p.id * 64 + k,
                           600)) / p.n_obj)::int)
                        + make_interval(mins => 540 + pg_temp.tirage(p.id * 64 + k, 601, 480)))
                           AT TIME ZONE 'Europe/Paris' AS created_at,
                       (CASE WHEN p.ouvert THEN %(jour)s::date - 1 ELSE p.date_cloture END + time '17:00')
                           AT TIME ZONE 'Europe/Paris' AS fin,
                       1 + pg_temp.tirage(p.id * 64 + k, 602, cardinality(%(axes)s::text[])) AS modele
                FROM b_parcours_final p CROSS JOIN LATERAL generate_series(1, p.n_obj) k
            ) o
            """,
            {**self.base_params(), "axes": list(axes)},
        )
        objectifs = self.executer(
            """
            INSERT INTO parcours_objectif (id, public_id, axe, libelle, statut, date_echeance, created_at,
                updated_at, created_by_id, parcours_id)
            SELECT o.id, pg_temp.uuid8(o.cle, %(espace)s), (%(axes)s::text[])[o.modele],
                (%(libelles)s::text[])[o.modele],
                   CASE WHEN pg_temp.alea(o.cle, 603) < 0.6 THEN 'en_cours'
                        WHEN pg_temp.alea(o.cle, 603) < 0.85 THEN 'atteint' ELSE 'abandonne' END,
                   CASE WHEN pg_temp.alea(o.cle, 604) < 0.5
                        THEN (o.created_at AT TIME ZONE 'Europe/Paris')::date + 90 + pg_temp.tirage(o.cle,
                            605, 275) END,
                   o.created_at, o.created_at, coalesce(o.referent_id, o.enc_id), o.parcours_id
            FROM b_objectif o ORDER BY o.id
            """,
            {"espace": ESPACE_OBJECTIF, "axes": list(axes), "libelles": list(libelles)},
        )
        actions = self.executer(
            """
            INSERT INTO parcours_actionparcours (id, public_id, libelle, statut, date_echeance, created_at,
                updated_at, created_by_id, organisation_id, objectif_id)
            SELECT row_number() OVER (ORDER BY a.created_at, a.objectif_id, a.ka), pg_temp.uuid8(a.cle,
                %(espace)s),
                   a.libelle, a.statut, a.date_echeance, a.created_at,
                   least(greatest(a.created_at, a.fin),
                       a.created_at + make_interval(days => pg_temp.tirage(a.cle, 611, 60))),
                   a.createur, NULL, a.objectif_id
            FROM (
                SELECT o.id AS objectif_id, ka, o.id * 4 + ka AS cle, o.fin, coalesce(o.referent_id,
                    o.enc_id) AS createur,
                       least(greatest(o.created_at, o.fin),
                           o.created_at + make_interval(days => pg_temp.tirage(o.id * 4 + ka, 612, 20)))
                           AS created_at,
                       (%(actions)s::text[])[1 + pg_temp.tirage(o.id * 4 + ka, 613,
                           cardinality(%(actions)s::text[]))] AS libelle,
                       CASE WHEN pg_temp.alea(o.id * 4 + ka, 614) < 0.3 THEN 'a_faire'
                            WHEN pg_temp.alea(o.id * 4 + ka, 614) < 0.55 THEN 'en_cours'
                            WHEN pg_temp.alea(o.id * 4 + ka, 614) < 0.9 THEN 'realisee'
                                ELSE 'abandonnee' END AS statut,
                       CASE WHEN pg_temp.alea(o.id * 4 + ka, 615) < 0.4
                            THEN (o.created_at AT TIME ZONE 'Europe/Paris')::date + 30
                                 + pg_temp.tirage(o.id * 4 + ka, 616, 120)
                       END AS date_echeance
                FROM b_objectif o CROSS JOIN LATERAL generate_series(1, pg_temp.tirage(o.id, 610, 3)) ka
            ) a
            ORDER BY a.created_at, a.objectif_id, a.ka
            """,
            {"espace": ESPACE_ACTION, "actions": ACTIONS},
        )
        self.comptes["objectifs"] = objectifs
        self.comptes["actions"] = actions
        return objectifs + actions

    def echeances(self) -> int:
        """The deadlines of ``parcours.workflows.REGLES_ECHEANCES`` as ``echeances_recalculer`` computes
        them: the clock starts at the reception or at the latest entry into a state, its length is the
        dated parameter in force on the start day (no row when none is: the contract deadline before 2025),
        it is met by the first later entry into a "tenue" state; otherwise passed when its limit is before
        the day of the last computation (the closing day, or today for an open pathway)."""
        self.executer(
            """
            CREATE TEMP TABLE b_echeance (parcours_id bigint, type text, parametre text, date_depart date,
                rang_depart int, tenue text[])
            """
        )
        for regle in workflows.REGLES_ECHEANCES:
            params = {
                "type": str(regle.type),
                "dispositif": str(regle.dispositif),
                "parametre": regle.parametre,
                "depart": regle.depart,
                "tenue": sorted(regle.tenue),
            }
            if regle.depart is None:
                self.executer(
                    """
                    INSERT INTO b_echeance
                    SELECT p.id, %(type)s, %(parametre)s, p.date_reception, -1, %(tenue)s::text[]
                    FROM b_parcours_final p WHERE p.dispositif = %(dispositif)s
                    """,
                    params,
                )
            else:
                self.executer(
                    """
                    INSERT INTO b_echeance
                    SELECT DISTINCT ON (t.parcours_id) t.parcours_id, %(type)s, %(parametre)s, t.date_effet,
                        t.rang,
                           %(tenue)s::text[]
                    FROM b_transition t JOIN b_parcours_final p ON p.id = t.parcours_id
                    WHERE p.dispositif = %(dispositif)s AND t.vers = %(depart)s
                    ORDER BY t.parcours_id, t.rang DESC
                    """,
                    params,
                )
        # RSA-5: a file received before the reform and not closed before it must sign a contrat
        # d'engagement by the date limit; met by an entry into « contractualisé » since the reform (the
        # clock "starts" after the last transition before the reform). See ``_echeance_transition_contrat``.
        reforme = premiere_entree_en_vigueur(regles_rsa.DELAI_TRANSITION)
        self.executer(
            """
            INSERT INTO b_echeance
            SELECT p.id, %(type)s, %(parametre)s, %(reforme)s::date,
                   coalesce((SELECT max(t.rang) FROM b_transition t
                             WHERE t.parcours_id = p.id AND t.date_effet < %(reforme)s::date), -1),
                   %(tenue)s::text[]
            FROM b_parcours_final p
            WHERE p.dispositif = %(dispositif)s AND least(p.date_reception, p.date_ouverture) <= %(reforme)s
                AND (p.date_cloture IS NULL OR p.date_cloture >= %(reforme)s)
            """,
            {
                "type": str(TypeEcheance.RSA_TRANSITION_CONTRAT),
                "parametre": regles_rsa.DELAI_TRANSITION,
                "reforme": reforme,
                "dispositif": str(Dispositif.RSA),
                "tenue": [str(EtatRsa.CONTRACTUALISE)],
            },
        )
        self.executer("ANALYZE b_echeance")
        nombre = self.executer(
            """
            INSERT INTO parcours_echeance (id, type, date_depart, date_limite, statut, tenue_le, parametre,
                created_at, updated_at, parcours_id)
            SELECT row_number() OVER (ORDER BY x.date_depart, x.parcours_id, x.type), x.type, x.date_depart,
                   x.date_limite, x.statut, x.tenue_le, x.parametre, x.created_at,
                   CASE x.statut
                       WHEN 'tenue' THEN greatest(x.created_at,
                           (x.tenue_le + time '09:00') AT TIME ZONE 'Europe/Paris')
                       WHEN 'depassee' THEN greatest(x.created_at,
                           (least(x.date_limite + 1,
                               x.jour_calcul) + time '02:00') AT TIME ZONE 'Europe/Paris')
                       ELSE x.created_at END,
                   x.parcours_id
            FROM (
                SELECT e.*, l.date_limite, l.tenue_le, l.jour_calcul,
                       (e.date_depart + time '08:00') AT TIME ZONE 'Europe/Paris' AS created_at,
                       CASE WHEN l.tenue_le IS NOT NULL THEN 'tenue'
                            WHEN l.date_limite < l.jour_calcul THEN 'depassee' ELSE 'ouverte' END AS statut
                FROM b_echeance e
                JOIN b_parcours_final p ON p.id = e.parcours_id
                JOIN social_parametre pa ON pa.code = e.parametre AND pa.date_debut <= e.date_depart
                     AND (pa.date_fin IS NULL OR pa.date_fin >= e.date_depart)
                CROSS JOIN LATERAL (
                    SELECT (e.date_depart + CASE pa.unite
                                WHEN 'jours' THEN make_interval(days => pa.valeur::int)
                                WHEN 'semaines' THEN make_interval(weeks => pa.valeur::int)
                                WHEN 'mois' THEN make_interval(months => pa.valeur::int)
                                WHEN 'annees'
                                    THEN make_interval(years => pa.valeur::int) END)::date AS date_limite,
                           (SELECT min(t.date_effet) FROM b_transition t
                            WHERE t.parcours_id = e.parcours_id AND t.rang > e.rang_depart
                                AND t.vers = ANY (e.tenue))
                               AS tenue_le,
                           coalesce(p.date_cloture, %(jour)s::date) AS jour_calcul
                ) l
            ) x
            ORDER BY x.date_depart, x.parcours_id, x.type
            """,
            self.base_params(),
        )
        self.comptes["echeances"] = nombre
        return nombre

    def equipes_et_designations(self) -> int:
        membres = self.executer(
            """
            INSERT INTO parcours_membreequipe (id, public_id, role, date_debut, date_fin, utilisateur_id,
                parcours_id)
            SELECT row_number() OVER (ORDER BY m.date_debut, m.parcours_id), pg_temp.uuid8(m.parcours_id,
                %(espace)s),
                   m.role, m.date_debut, m.date_fin, m.utilisateur_id, m.parcours_id
            FROM (
                SELECT p.id AS parcours_id,
                       (%(roles)s::text[])[1 + pg_temp.tirage(p.id, 700,
                           cardinality(%(roles)s::text[]))] AS role,
                       p.date_ouverture + pg_temp.tirage(p.id, 701, least(p.duree, 90) + 1) AS date_debut,
                       p.date_cloture AS date_fin,
                       CASE WHEN ps.utilisateur_id IS DISTINCT FROM p.referent_id THEN ps.utilisateur_id
                            ELSE suivant.utilisateur_id END AS utilisateur_id
                FROM b_parcours_final p
                JOIN b_pool_suivi ps ON ps.site_id = p.site_id AND ps.rang = 1 + pg_temp.tirage(p.id, 702,
                    p.n_suivi::int)
                JOIN b_pool_suivi suivant ON suivant.site_id = p.site_id
                     AND suivant.rang = 1 + mod(ps.rang, p.n_suivi::int)
                WHERE p.a_equipe
            ) m
            ORDER BY m.date_debut, m.parcours_id
            """,
            {"espace": ESPACE_EQUIPE, "roles": ROLES_EQUIPE},
        )
        designations = self.executer(
            """
            INSERT INTO parcours_designationpartenaire (id, public_id, motif, date_debut, date_fin,
                created_by_id,
                organisation_id, parcours_id)
            SELECT row_number() OVER (ORDER BY d.date_debut, d.parcours_id), pg_temp.uuid8(d.parcours_id,
                %(espace)s),
                   d.motif, d.date_debut, d.date_fin, d.createur, d.organisation_id, d.parcours_id
            FROM (
                SELECT p.id AS parcours_id, p.designation_org AS organisation_id,
                       CASE p.dispositif WHEN 'rsa' THEN %(motif_rsa)s ELSE %(motif_jeunes)s END AS motif,
                       p.date_ouverture + pg_temp.tirage(p.id, 710, least(p.duree, 60) + 1) AS date_debut,
                       p.date_cloture AS date_fin, coalesce(p.referent_id, p.enc_id) AS createur
                FROM b_parcours_final p WHERE p.designation_org IS NOT NULL
            ) d
            ORDER BY d.date_debut, d.parcours_id
            """,
            {
                "espace": ESPACE_DESIGNATION,
                "motif_rsa": MOTIFS_DESIGNATION[Dispositif.RSA],
                "motif_jeunes": MOTIFS_DESIGNATION[Dispositif.JEUNES],
            },
        )
        self.comptes.update(membres_equipe=membres, designations=designations)
        return membres + designations

    def rattachements(self) -> int:
        """Everyone is followed by her territory's MDS (since the household's first contact, or her first
        pathway there); people with an APA or PCH pathway by the Maison de l'Autonomie too (since the
        first one); each partner designation attaches the person to the organisation for its duration."""
        nombre = self.executer(
            """
            INSERT INTO social_rattachement (id, motif, date_debut, date_fin, organisation_id, personne_id,
                site_id)
            SELECT row_number() OVER (ORDER BY r.personne_id, r.ordre, r.debut), r.motif, r.debut, r.fin,
                   r.organisation_id, r.personne_id, r.site_id
            FROM (
                SELECT p.id AS personne_id, 1 AS ordre, 'Suivi MDS' AS motif,
                       greatest(p.naissance, least(p.suivi_depuis, premier.debut)) AS debut,
                           NULL::date AS fin,
                       NULL::bigint AS organisation_id, t.mds_id AS site_id
                FROM b_personne p JOIN b_territoire t ON t.id = p.territoire_id
                LEFT JOIN (SELECT personne_id, min(date_ouverture) AS debut FROM b_parcours_final
                           WHERE dispositif IN ('rsa', 'jeunes') GROUP BY personne_id) premier
                               ON premier.personne_id = p.id
                UNION ALL
                SELECT a.personne_id, 2, 'Parcours ' || upper(a.dispositif), a.debut, NULL, NULL, a.site_id
                FROM (SELECT DISTINCT ON (personne_id) personne_id, dispositif, date_ouverture AS debut,
                    site_id
                      FROM b_parcours_final WHERE dispositif IN ('apa', 'pch')
                      ORDER BY personne_id, date_ouverture, id) a
                UNION ALL
                SELECT p.personne_id, 3, 'Partenaire désigné sur le parcours ' || upper(p.dispositif),
                    d.date_debut,
                       d.date_fin, d.organisation_id, NULL
                FROM parcours_designationpartenaire d JOIN b_parcours_final p ON p.id = d.parcours_id
            ) r
            ORDER BY r.personne_id, r.ordre, r.debut
            """
        )
        self.comptes["rattachements"] = nombre
        return nombre

    def sequences(self) -> None:
        """Identity sequences after the explicit ids: the application's next rows follow them."""
        for modele in MODELES_CHARGES:
            table = modele._meta.db_table
            # The table name comes from the model's metadata, quoted.
            maximum = f"SELECT max(id) FROM {connection.ops.quote_name(table)}"  # noqa: S608
            self.executer(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(({maximum}), 0) + 1, false)",
                [table],
            )


TABLES_TEMPORAIRES = (
    "b_territoire",
    "b_commune",
    "b_agent",
    "b_pool_ref",
    "b_pool_ref_total",
    "b_pool_suivi",
    "b_pool_enc",
    "b_site",
    "b_composition",
    "b_foyer",
    "b_personne",
    "b_scenario",
    "b_scenario_n",
    "b_etape",
    "b_motif",
    "b_dispositif",
    "b_episode",
    "b_parcours",
    "b_parcours_final",
    "b_transition",
    "b_objectif",
    "b_echeance",
)


def creer_fonctions(cursor: CursorWrapper, semence: int) -> None:
    """The session's pure SQL functions (``pg_temp``, inlined by the planner):

    - ``alea(cle, sel)``: uniform in [0, 1), a function of the seed, the row key and the draw's purpose;
    - ``tirage(cle, sel, n)``: integer in [0, n);
    - ``uuid8(cle, espace)``: a version 8 UUID (RFC 9562, "custom"): 122 bits of two seeded hashes."""
    semence = int(semence)
    cursor.execute(
        f"""
        CREATE OR REPLACE FUNCTION pg_temp.alea(cle bigint, sel integer) RETURNS double precision
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT ((hashint8extended(cle * 1000 + sel, {semence}) >> 11) & 9007199254740991)::float8
                     / 9007199254740992.0 $$
        """
    )
    cursor.execute(
        """
        CREATE OR REPLACE FUNCTION pg_temp.tirage(cle bigint, sel integer, n integer) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT floor(pg_temp.alea(cle, sel) * n)::integer $$
        """
    )
    cursor.execute(
        f"""
        CREATE OR REPLACE FUNCTION pg_temp.uuid8(cle bigint, espace integer) RETURNS uuid
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT (lpad(to_hex((hashint8extended(cle, {semence} * 64 + espace) & ~61440::bigint) | 32768),
            16, '0')
                   || lpad(to_hex((hashint8extended(cle, {semence} * 64 + espace + 32) & 4611686018427387903)
                                  | (-9223372036854775808)::bigint), 16, '0'))::uuid $$
        """
    )


# --- Dropping and re-creating the indexes and constraints of the loaded tables ----------------------


@dataclass
class _Definitions:
    index: list[str] = field(default_factory=list)
    contraintes: list[str] = field(default_factory=list)  # unique, exclusion
    cles_etrangeres: list[str] = field(default_factory=list)

    @property
    def nombre(self) -> int:
        return len(self.index) + len(self.contraintes) + len(self.cles_etrangeres)


def index_retirer(cursor: CursorWrapper, tables: Sequence[str]) -> _Definitions:
    """Drop the secondary indexes, unique and foreign key constraints of ``tables`` (not the primary
    keys, not the check constraints), returning the exact statements that re-create them."""
    qn = connection.ops.quote_name
    # The foreign keys are deferred to the commit: check the rows written so far (reference data, accounts)
    # now, since a table with pending checks cannot be altered.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    definitions = _Definitions()
    for table in tables:
        cursor.execute(
            """
            SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = %s::regclass AND contype IN ('u', 'f', 'x') ORDER BY conname
            """,
            [table],
        )
        for nom, type_, definition in cursor.fetchall():
            instruction = f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(nom)} {definition}"
            (definitions.cles_etrangeres if type_ == "f" else definitions.contraintes).append(instruction)
            cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(nom)}")
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
            WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1
            """,
            [table],
        )
        for nom, definition in cursor.fetchall():
            definitions.index.append(definition)
            cursor.execute(f"DROP INDEX {nom}")
    return definitions


def index_recreer(cursor: CursorWrapper, definitions: _Definitions) -> None:
    """Re-create them: a unique index build fails on a duplicate, adding a foreign key checks every row."""
    for instruction in [*definitions.contraintes, *definitions.index, *definitions.cles_etrangeres]:
        cursor.execute(instruction)


# --- Entry point -------------------------------------------------------------------------------------


def _tables(modeles: Sequence[type[models.Model]], *, historiques: bool) -> list[str]:
    tables = [m._meta.db_table for m in modeles]
    if historiques:
        tables += [m.history.model._meta.db_table for m in modeles if hasattr(m, "history")]
    return tables


def premiere_personne(cursor: CursorWrapper, *, echelle: Echelle, graine: int) -> str:
    """The public id of the first person a generation with this seed and scale creates."""
    creer_fonctions(cursor, graine * 8 + echelle.numero)
    cursor.execute("SELECT pg_temp.uuid8(1, %s)::text", [ESPACE_PERSONNE])
    return str(cursor.fetchone()[0])


def donnees_existantes() -> dict[str, int]:
    return {
        "personnes": Personne.objects.count(),
        "parcours": Parcours.objects.count(),
        "comptes_banc": Utilisateur.objects.filter(username__startswith=PREFIXE_COMPTES).count(),
    }


def donnees_generer(
    *,
    echelle: str,
    graine: int = 62,
    remplacer: bool = False,
    jour: datetime.date | None = None,
    suivi: Suivi | None = None,
) -> RapportGeneration:
    """Generate the dataset of ``echelle`` (``ECHELLES``) for ``graine`` and the reference day ``jour``
    (today by default).

    Idempotent: when this seed and scale are already there, nothing is written (``deja_presente``).
    When other people or pathways exist, refused (``ValidationError``) unless ``remplacer``: the people,
    households, pathways and everything attached to them, their history and the ``bench.*`` accounts are
    then deleted first, in the same transaction."""
    if echelle not in ECHELLES:
        raise ValidationError(
            "Échelle inconnue : « %(echelle)s » (%(connues)s).",
            code="echelle_inconnue",
            params={"echelle": echelle, "connues": ", ".join(ECHELLES)},
        )
    choisie = ECHELLES[echelle]
    jour = jour or timezone.localdate()
    suivi = suivi or SuiviMuet()
    rapport = RapportGeneration(echelle=echelle, graine=graine, jour=jour)
    debut = time.monotonic()
    with connection.cursor() as cursor:
        existantes = donnees_existantes()
        if not remplacer and (existantes["personnes"] or existantes["comptes_banc"]):
            premiere = premiere_personne(cursor, echelle=choisie, graine=graine)
            banc = Utilisateur.objects.filter(username=BANC_REFERENT).first()
            if banc is not None and Personne.objects.filter(public_id=premiere).exists():
                rapport.deja_presente = True
                rapport.jour = timezone.localtime(banc.date_joined).date()
                rapport.comptes = existantes
                # A dataset generated before the guide was part of it gets its guide (idempotent).
                rapport.comptes["services_guide"] = guide_generer(
                    echelle=echelle, graine=graine, jour=rapport.jour
                )
                if rapport.comptes["services_guide"]:
                    analyser(cursor, _tables([Structure, Service], historiques=False))
                return rapport
            raise ValidationError(
                "La base contient déjà %(personnes)s personnes, %(parcours)s parcours et %(comptes_banc)s "
                "comptes bench.* (autre graine, autre échelle, génération interrompue ou données de "
                "démonstration) : relancez avec --remplacer pour tout effacer et régénérer.",
                code="donnees_existantes",
                params={cle: f"{nombre:,}".replace(",", " ") for cle, nombre in existantes.items()},
            )
        generation = _Generation(cursor, echelle=choisie, graine=graine, jour=jour, suivi=suivi)
        generation.total = 17 if remplacer else 16
        with transaction.atomic():
            generation.preparer_session()
            if remplacer:
                with generation.etape("Effacement des données existantes") as lignes:
                    lignes.append(_effacer(cursor))
            with generation.etape("Référentiel et organisations partenaires") as lignes:
                referentiel_charger()
                sites, banc_site_id = generation.referentiel()
            with generation.etape("Comptes des agents et affectations") as lignes:
                lignes.append(generation.comptes_creer(sites, banc_site_id))
            with generation.etape("Retrait des index et contraintes des tables chargées") as lignes:
                definitions = index_retirer(cursor, _tables(MODELES_CHARGES, historiques=False))
                lignes.append(definitions.nombre)
            with generation.etape("Foyers, personnes et membres des foyers") as lignes:
                lignes.append(generation.foyers_et_personnes())
            with generation.etape("Parcours (épisodes, référents, scénarios)") as lignes:
                generation.scenarios_charger()
                generation.parcours_preparer()
                generation.transitions_preparer()
                lignes.append(generation.parcours_inserer())
            with generation.etape("Transitions") as lignes:
                lignes.append(generation.transitions_inserer())
            with generation.etape("Changements de référent") as lignes:
                lignes.append(generation.changements_referent())
            with generation.etape("Notes") as lignes:
                lignes.append(generation.notes())
            with generation.etape("Rendez-vous") as lignes:
                lignes.append(generation.rendez_vous())
            with generation.etape("Objectifs et actions") as lignes:
                lignes.append(generation.objectifs_et_actions())
            with generation.etape("Échéances") as lignes:
                lignes.append(generation.echeances())
            with generation.etape("Équipes et partenaires désignés") as lignes:
                lignes.append(generation.equipes_et_designations())
            with generation.etape("Rattachements") as lignes:
                lignes.append(generation.rattachements())
            with generation.etape("Guide des ressources (structures et services)") as lignes:
                generation.comptes["services_guide"] = guide_generer(
                    echelle=echelle, graine=graine, jour=jour
                )
                lignes.append(generation.comptes["services_guide"])
            with generation.etape("Index et contraintes recréés (chaque ligne vérifiée)") as lignes:
                generation.sequences()
                index_recreer(cursor, definitions)
                lignes.append(definitions.nombre)
            generation.nettoyer()
        with generation.etape("Statistiques du planificateur (VACUUM ANALYZE)") as lignes:
            # The guide's tables too: ANALYZE alone inside the load, VACUUM here (and with autovacuum off,
            # nothing else would: its GIN indexes' pending lists and the dead rows slowed the search 3 to
            # 5 times, docs/decisions/0003).
            analyser(
                cursor,
                _tables([*MODELES_CHARGES, Utilisateur, Affectation, Structure, Service], historiques=False),
            )
    rapport.etapes = generation.etapes
    rapport.comptes = generation.comptes
    rapport.duree = time.monotonic() - debut
    return rapport


def modeles_a_vider() -> list[type[models.Model]]:
    """The generated models and every model that points at them through a foreign key constraint,
    transitively (a pathway's RSA file, say): what ``--remplacer`` empties, with their history."""
    a_vider: list[type[models.Model]] = list(MODELES_VIDES)
    ajoute = True
    while ajoute:
        ajoute = False
        for modele in apps.get_models():
            if modele in a_vider or modele._meta.proxy or not modele._meta.managed:
                continue
            if any(
                champ.concrete
                and (champ.many_to_one or champ.one_to_one)
                and getattr(champ, "db_constraint", False)
                and champ.related_model in a_vider
                for champ in modele._meta.get_fields()
            ):
                a_vider.append(modele)
                ajoute = True
    return a_vider


def _effacer(cursor: CursorWrapper) -> int:
    """Empty the people and pathway tables, what points at them and their history, then delete the bench
    accounts (through the ORM: their assignments follow). Returns the number of tables emptied."""
    qn = connection.ops.quote_name
    tables = _tables(modeles_a_vider(), historiques=True)
    cursor.execute(f"TRUNCATE TABLE {', '.join(qn(t) for t in tables)} RESTART IDENTITY")
    Utilisateur.objects.filter(username__startswith=PREFIXE_COMPTES).delete()
    return len(tables)


def analyser(cursor: CursorWrapper, tables: Sequence[str]) -> None:
    """VACUUM (visibility map, hint bits: the steady state of a production table) and ANALYZE; ANALYZE
    alone inside a transaction (the tests)."""
    qn = connection.ops.quote_name
    instruction = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    for table in tables:
        cursor.execute(f"{instruction} {qn(table)}")


def empreinte() -> str:
    """A digest of the generated content by natural keys (not surrogate ids): the same seed, scale and
    day give the same digest (the determinism test)."""
    with connection.cursor() as cursor:
        morceaux = []
        for requete in (
            "SELECT public_id, nom, nom_naissance, prenoms, date_naissance, sexe, telephone, courriel, nir, "
            "adresse, organisme_payeur FROM social_personne ORDER BY public_id",
            "SELECT p.public_id, p.dispositif, p.etat, p.date_reception, p.date_ouverture, p.date_cloture, "
            "p.motif_cloture, p.suite_prevue, u.username, s.nom, pe.public_id FROM parcours_parcours p "
            "LEFT JOIN social_utilisateur u ON u.id = p.referent_id JOIN social_site s ON s.id = p.site_id "
            "JOIN social_personne pe ON pe.id = p.personne_id ORDER BY p.public_id",
            "SELECT p.public_id, t.depuis, t.vers, t.motif, t.date_effet, t.created_at, u.username "
            "FROM parcours_transitionparcours t JOIN parcours_parcours p ON p.id = t.parcours_id "
            "LEFT JOIN social_utilisateur u ON u.id = t.acting_user_id ORDER BY 1, t.created_at, t.vers",
            "SELECT n.public_id, n.texte, n.confidentialite, n.created_at, u.username FROM parcours_note n "
            "JOIN social_utilisateur u ON u.id = n.auteur_id ORDER BY n.public_id",
            "SELECT r.public_id, r.date_heure, r.modalite, r.lieu, r.resultat, u.username "
            "FROM parcours_rendezvous r JOIN social_utilisateur u ON u.id = r.agent_id ORDER BY r.public_id",
            "SELECT p.public_id, e.type, e.date_depart, e.date_limite, e.statut, e.tenue_le "
            "FROM parcours_echeance e JOIN parcours_parcours p ON p.id = e.parcours_id ORDER BY 1, 2",
            "SELECT username, first_name, last_name FROM social_utilisateur "
            "WHERE starts_with(username, 'bench.') ORDER BY username",
        ):
            cursor.execute(f"SELECT md5(coalesce(string_agg(x::text, '|'), '')) FROM ({requete}) x")  # noqa: S608
            morceaux.append(cursor.fetchone()[0])
    return hashlib.sha256("/".join(morceaux).encode()).hexdigest()


# --- The guide of services (guide-search benchmark, docs/decisions/0003) -----------------------------

# Structures and services of the benchmark's guide, by scale: ~10,000 services for a département
# (DESIGN: 5–10 k), a few hundred for the tests.
GUIDE_PAR_ECHELLE: dict[str, tuple[int, int]] = {"departement": (4_000, 10_000), "petite": (150, 400)}


def graine_guide(*, echelle: str, graine: int) -> int:
    """The benchmark's guide is drawn with its own seed: its ids never meet the demo guide's (seed 62)."""
    return 1_000_000 + graine * 8 + ECHELLES[echelle].numero


def guide_generer(*, echelle: str, graine: int = 62, jour: datetime.date | None = None) -> int:
    """The benchmark's guide: the demo guide generator (``demo.guide``: structures of the partner
    organisations and of the Département spread over the communes like the population, services drawn
    from its catalogue of realistic offers with their data·inclusion taxonomies, eligibility zones over
    the communes, EPCI, territories and the whole département, a quarter not confirmed for six months)
    scaled to ``GUIDE_PAR_ECHELLE``. Deterministic for a seed, scale and day; idempotent (creates only
    the missing rows: returns how many services it created). Not emptied by ``--remplacer``."""
    nb_structures, nb_services = GUIDE_PAR_ECHELLE[echelle]
    rapport = guide_demo_charger(
        graine=graine_guide(echelle=echelle, graine=graine),
        nb_structures=nb_structures,
        nb_services=nb_services,
        jour=jour,
    )
    return rapport.services


def services_guide_publies() -> int:
    return Service.objects.publies().filter(source=source_locale()).count()
