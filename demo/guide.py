"""Demonstration data of the guide of services: ~300 structures and ~800 services of the partner
organisations of the demo, and of the Département itself, spread over the Pas-de-Calais.

Deterministic (one ``random.Random(graine)``, ``uuid5`` public ids) and idempotent: the structures and
services are drawn without looking at the database, then only the missing ones are created (bulk,
with their history and publication log), so a second run writes nothing. Dates are drawn relative
to the day of the load (freshness is relative to today): on a given day, the same seed gives the same
guide.

A few scripted entries support the scenarios and tests: the CCAS d'Arras's emergency food aid
(zone: Arras), the Restos du cœur's food distribution in Calais and the Mission locale's youth
support (zone: the Calaisis territory), the CHRS's emergency shelter (zone: the whole département),
and the Département's own aids (local taxonomy extension) in each territory.

Nothing here is real: telephone numbers are in the range ARCEP reserves for fiction (03 53 48),
e-mail addresses end in ``.invalid``.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from demo.chargement import (
    DOMAINE_COURRIEL,
    ESPACE_DEMO,
    ORGANISATIONS_DEMO,
    RAISON_HISTORIQUE,
    _ascii,
    siret_demo,
)
from guide_ressources.actions.fiches import textes_structures_rafraichir
from guide_ressources.enums import PUBLIC_TOUS, StatutPublication
from guide_ressources.importation import analyser_le_guide
from guide_ressources.models import Service, Structure, TransitionPublication
from guide_ressources.reglages import code_departement, source_locale
from social.actions import organisation_creer
from social.enums import TypeOrganisation
from social.models import Commune, Organisation
from social.referentiel import VERROU_CHARGEMENT, LigneTerritoire, lire_territoires, referentiel_charger

NOM_DEPARTEMENT = "Département du Pas-de-Calais – solidarités"
T_ORG = TypeOrganisation

# --- Catalogue --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeleService:
    nom: str
    type: str
    thematiques: tuple[str, ...]
    publics: tuple[str, ...]
    frais: str
    description: str
    conditions: str = ""
    justificatifs: str = ""
    modes_accueil: tuple[str, ...] = ("en-presentiel",)
    mobilisation: tuple[str, ...] = ("se-presenter", "telephoner")
    mobilisable_par: tuple[str, ...] = ("usagers", "professionnels")


@dataclass(frozen=True)
class GenreStructure:
    nom: str  # "{de}" is replaced by "de Lens", "d'Arras", "du Portel"…
    organisations: tuple[TypeOrganisation, ...]
    reseaux: tuple[str, ...]
    services: tuple[ModeleService, ...]
    poids: int


M = ModeleService
ALIMENTATION = "equipement-et-alimentation--alimentation"
PIECES_IDENTITE = "Pièce d'identité, justificatif de domicile, dernier avis d'imposition ou attestation CAF."

SERVICES_ALIMENTAIRES = (
    M(
        "Aide alimentaire",
        "aide-materielle",
        (ALIMENTATION,),
        ("personnes-en-situation-durgence", "familles"),
        "gratuit",
        "Distribution de colis alimentaires aux foyers orientés par un travailleur social.",
        "Sur orientation d'un travailleur social ou du CCAS.",
        PIECES_IDENTITE,
    ),
    M(
        "Épicerie solidaire",
        "aide-materielle",
        (ALIMENTATION,),
        ("beneficiaires-des-minimas-sociaux", "familles"),
        "payant",
        "Produits alimentaires et d'hygiène à 10 à 30 % du prix habituel, pour six mois renouvelables.",
        "Reste à vivre inférieur au barème de l'épicerie.",
        PIECES_IDENTITE,
    ),
    M(
        "Vestiaire solidaire",
        "aide-materielle",
        ("equipement-et-alimentation--habillement",),
        (PUBLIC_TOUS,),
        "gratuit",
        "Vêtements pour enfants et adultes, trousseaux de naissance, chaussures.",
    ),
    M(
        "Repas chauds et accueil de jour",
        "aide-materielle",
        (ALIMENTATION, "remobilisation--lien-social"),
        ("personnes-en-situation-durgence",),
        "gratuit",
        "Repas chaud le midi, douche, café et écoute, sans rendez-vous.",
    ),
)
SERVICES_CCAS = (
    M(
        "Domiciliation administrative",
        "accompagnement",
        ("difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",),
        ("personnes-en-situation-durgence",),
        "gratuit",
        "Adresse postale pour recevoir son courrier et faire valoir ses droits "
        "quand on n'a pas de domicile stable.",
        "Avoir un lien avec la commune.",
        "Pièce d'identité.",
    ),
    M(
        "Aide aux démarches administratives",
        "accompagnement",
        (
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
            "numerique--acceder-a-des-services-en-ligne",
        ),
        (PUBLIC_TOUS,),
        "gratuit",
        "Aide pour les dossiers CAF, CPAM, retraite, logement, et l'usage des services publics en ligne.",
    ),
    M(
        "Aides facultatives du CCAS",
        "aide-financiere",
        ("difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",),
        ("beneficiaires-des-minimas-sociaux", "familles", "seniors"),
        "gratuit",
        "Secours ponctuels (alimentation, énergie, cantine) après évaluation de la situation.",
        "Habiter la commune ; étude en commission.",
        PIECES_IDENTITE,
    ),
    M(
        "Portage de repas à domicile",
        "aide-materielle",
        ("cd62-autonomie--aide-a-domicile",),
        ("seniors", "personnes-en-situation-de-handicap"),
        "payant",
        "Livraison de repas équilibrés à domicile, du lundi au samedi, tarif selon les ressources.",
        "Avoir plus de 60 ans ou une reconnaissance de handicap.",
    ),
    M(
        "Point conseil budget",
        "accompagnement",
        (
            "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
            "difficultes-financieres--situation-dendettement-surendettement",
        ),
        (PUBLIC_TOUS,),
        "gratuit",
        "Conseils personnalisés pour faire face aux difficultés financières et prévenir le surendettement.",
        mobilisation=("telephoner", "envoyer-un-courriel"),
    ),
)
SERVICES_EMPLOI = (
    M(
        "Accompagnement vers l'emploi",
        "accompagnement",
        (
            "trouver-un-emploi--repondre-a-des-offres-demploi",
            "preparer-sa-candidature--valoriser-ses-competences",
        ),
        ("demandeurs-emploi", "beneficiaires-des-minimas-sociaux"),
        "gratuit",
        "Un conseiller vous accompagne dans votre recherche d'emploi : projet, candidatures, entretiens.",
    ),
    M(
        "Atelier CV et lettre de motivation",
        "atelier",
        ("preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",),
        ("demandeurs-emploi",),
        "gratuit",
        "Atelier collectif de deux heures pour construire ou mettre à jour son CV.",
        modes_accueil=("en-presentiel", "a-distance"),
    ),
    M(
        "Aide à la mobilité",
        "aide-financiere",
        ("mobilite--financer-ma-mobilite", "mobilite--preparer-un-permis"),
        ("demandeurs-emploi", "jeunes"),
        "gratuit",
        "Aide au financement du permis de conduire ou des déplacements "
        "pour une reprise d'emploi ou une formation.",
        "Être inscrit comme demandeur d'emploi.",
    ),
    M(
        "Découverte des métiers",
        "atelier",
        ("choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",),
        ("jeunes", "demandeurs-emploi"),
        "gratuit",
        "Immersions en entreprise et rencontres avec des professionnels.",
    ),
)
SERVICES_JEUNES = (
    M(
        "Accompagnement des jeunes vers l'emploi",
        "accompagnement",
        (
            "trouver-un-emploi--repondre-a-des-offres-demploi",
            "choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
        ),
        ("jeunes",),
        "gratuit",
        "Contrat d'engagement jeune, parcours d'accompagnement personnalisé des 16-25 ans.",
        "Avoir entre 16 et 25 ans.",
    ),
    M(
        "Aide au logement des jeunes",
        "information",
        ("logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",),
        ("jeunes",),
        "gratuit",
        "Information sur les foyers de jeunes travailleurs, la garantie Visale et les aides au logement.",
    ),
    M(
        "Point santé jeunes",
        "accompagnement",
        ("sante--acces-aux-soins", "sante--sante-mentale"),
        ("jeunes",),
        "gratuit",
        "Écoute, bilan de santé et orientation vers les soins, anonyme et gratuit.",
    ),
)
SERVICES_HEBERGEMENT = (
    M(
        "Hébergement d'urgence",
        "aide-materielle",
        ("logement-hebergement--rechercher-une-solution-dhebergement-temporaire",),
        ("personnes-en-situation-durgence",),
        "gratuit",
        "Mise à l'abri immédiate et accompagnement social, sur orientation du 115 ou du SIAO.",
        "Orientation par le 115 ou le SIAO.",
        mobilisation=("telephoner",),
    ),
    M(
        "Accompagnement vers le logement",
        "accompagnement",
        ("logement-hebergement--louer-un-logement", "logement-hebergement--se-maintenir-dans-le-logement"),
        ("personnes-en-situation-durgence", "beneficiaires-des-minimas-sociaux"),
        "gratuit",
        "Accompagnement social lié au logement : recherche, installation, budget et maintien dans les lieux.",
    ),
    M(
        "Prévention des expulsions locatives",
        "accompagnement",
        ("logement-hebergement--reduire-les-impayes-de-loyer",),
        (PUBLIC_TOUS,),
        "gratuit",
        "Diagnostic et plan d'apurement avec le bailleur dès les premiers impayés de loyer.",
        justificatifs="Bail, dernier avis d'échéance, courrier du bailleur.",
    ),
)
SERVICES_AUTONOMIE = (
    M(
        "Aide et accompagnement à domicile",
        "aide-materielle",
        ("cd62-autonomie--aide-a-domicile",),
        ("cd62-personnes-agees-dependantes", "personnes-en-situation-de-handicap"),
        "payant",
        "Aide pour les gestes de la vie quotidienne, l'entretien du logement et les courses.",
        "Prise en charge possible par l'APA ou la PCH.",
    ),
    M(
        "Accueil de jour et répit des aidants",
        "accompagnement",
        ("cd62-autonomie--soutien-aux-aidants",),
        ("cd62-proches-aidants", "seniors"),
        "payant",
        "Accueil à la journée de personnes atteintes de troubles cognitifs, pour soulager leurs proches.",
    ),
    M(
        "Hébergement permanent en EHPAD",
        "aide-materielle",
        ("cd62-autonomie--hebergement-personnes-agees",),
        ("cd62-personnes-agees-dependantes",),
        "payant",
        "Établissement habilité à l'aide sociale à l'hébergement.",
        justificatifs="Dossier unique d'admission en EHPAD, avis d'imposition.",
    ),
    M(
        "Accompagnement à la vie sociale (SAVS)",
        "accompagnement",
        ("cd62-handicap--accompagnement-medico-social",),
        ("personnes-en-situation-de-handicap",),
        "gratuit",
        "Accompagnement des adultes handicapés dans leur vie sociale et leur logement.",
        "Notification de la CDAPH.",
    ),
)
SERVICES_NUMERIQUE = (
    M(
        "Initiation au numérique",
        "atelier",
        ("numerique--maitriser-les-fondamentaux-du-numerique",),
        (PUBLIC_TOUS,),
        "gratuit",
        "Ateliers en petits groupes : ordinateur, smartphone, courriel, sécurité.",
        modes_accueil=("en-presentiel",),
    ),
    M(
        "Accès libre à un ordinateur",
        "aide-materielle",
        ("numerique--acceder-a-une-connexion-internet",),
        (PUBLIC_TOUS,),
        "gratuit",
        "Postes en libre accès avec imprimante et scanner, aide d'un médiateur.",
    ),
    M(
        "Cours de français",
        "formation",
        ("lecture-ecriture-calcul--maitriser-le-francais",),
        ("personnes-exilees",),
        "gratuit",
        "Cours de français langue étrangère, deux séances par semaine.",
    ),
)
SERVICES_FAMILLE = (
    M(
        "Soutien à la parentalité",
        "atelier",
        ("famille--soutien-a-la-parentalite-et-a-leducation",),
        ("familles",),
        "gratuit",
        "Groupes de parole et ateliers parents-enfants.",
    ),
    M(
        "Accueil des victimes de violences",
        "accompagnement",
        ("famille--surmonter-conflits-separation-violence",),
        ("femmes", "personnes-en-situation-durgence"),
        "gratuit",
        "Écoute, information juridique et mise à l'abri des victimes de violences conjugales.",
        mobilisation=("telephoner",),
    ),
    M(
        "Information sur les droits",
        "information",
        ("difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",),
        (PUBLIC_TOUS,),
        "gratuit",
        "Permanences d'information juridique et sociale, sur rendez-vous.",
    ),
)

GENRES: tuple[GenreStructure, ...] = (
    GenreStructure(
        "Épicerie solidaire {de}", (T_ORG.CCAS, T_ORG.ASSOCIATION), ("ccas-cias",), SERVICES_ALIMENTAIRES, 6
    ),
    GenreStructure(
        "Antenne alimentaire {de}", (T_ORG.ASSOCIATION,), ("secours-populaire",), SERVICES_ALIMENTAIRES, 5
    ),
    GenreStructure("Pôle solidarités {de}", (T_ORG.CCAS,), ("ccas-cias",), SERVICES_CCAS, 6),
    GenreStructure("Espace emploi {de}", (T_ORG.FRANCE_TRAVAIL,), ("france-travail",), SERVICES_EMPLOI, 3),
    GenreStructure(
        "Permanence jeunesse {de}", (T_ORG.MISSION_LOCALE,), ("mission-locale",), SERVICES_JEUNES, 3
    ),
    GenreStructure("Résidence d'accueil {de}", (T_ORG.ESMS,), ("chrs",), SERVICES_HEBERGEMENT, 2),
    GenreStructure(
        "Service autonomie {de}", (T_ORG.ESMS,), ("delegataire-conseil-departemental",), SERVICES_AUTONOMIE, 3
    ),
    GenreStructure(
        "Espace numérique {de}",
        (T_ORG.ASSOCIATION, T_ORG.CCAS),
        ("espaces-publics-numeriques",),
        SERVICES_NUMERIQUE,
        3,
    ),
    GenreStructure("Maison des familles {de}", (T_ORG.ASSOCIATION, T_ORG.CAF), ("caf",), SERVICES_FAMILLE, 3),
    GenreStructure("Agence logement {de}", (T_ORG.BAILLEUR_SOCIAL,), (), SERVICES_HEBERGEMENT[1:], 2),
)

SERVICES_MDS = (
    M(
        "Fonds de solidarité logement (FSL)",
        "aide-financiere",
        ("cd62-aides-departementales--fonds-solidarite-logement",),
        (PUBLIC_TOUS,),
        "gratuit",
        "Aides du Département pour accéder à un logement ou s'y maintenir : "
        "dépôt de garantie, impayés de loyer, d'énergie ou d'eau.",
        "Ressources sous le plafond du règlement départemental du FSL.",
        "Pièce d'identité, justificatifs de ressources des trois derniers mois, factures ou avis d'échéance.",
        mobilisable_par=("professionnels",),
    ),
    M(
        "Aides financières d'urgence",
        "aide-financiere",
        ("cd62-aides-departementales--aide-financiere-urgence",),
        ("familles", "personnes-en-situation-durgence"),
        "gratuit",
        "Secours d'urgence accordés après évaluation par un travailleur social de la MDS.",
        justificatifs="Justificatifs de ressources et de charges.",
        mobilisable_par=("professionnels",),
    ),
    M(
        "Accompagnement des allocataires du RSA",
        "accompagnement",
        ("cd62-aides-departementales--rsa-accompagnement",),
        ("cd62-allocataires-rsa",),
        "gratuit",
        "Orientation, contrat d'engagement et accompagnement social par un référent de la MDS.",
    ),
    M(
        "Fonds d'aide aux jeunes (FAJ)",
        "aide-financiere",
        ("cd62-jeunesse--fonds-aide-jeunes",),
        ("cd62-jeunes-18-25",),
        "gratuit",
        "Aides ponctuelles du Département aux 18-25 ans en difficulté pour un projet d'insertion.",
        "Avoir entre 18 et 25 ans.",
        "Pièce d'identité, justificatifs de ressources.",
        mobilisable_par=("professionnels",),
    ),
)
SERVICES_MAISON_AUTONOMIE = (
    M(
        "Allocation personnalisée d'autonomie (APA) à domicile",
        "aide-financiere",
        ("cd62-autonomie--apa-a-domicile",),
        ("cd62-personnes-agees-dependantes",),
        "gratuit",
        "Évaluation à domicile et plan d'aide pour les personnes de 60 ans et plus en perte d'autonomie.",
        "Avoir 60 ans ou plus et relever des GIR 1 à 4.",
        "Formulaire de demande d'APA, pièce d'identité, dernier avis d'imposition.",
    ),
    M(
        "Prestation de compensation du handicap (PCH)",
        "aide-financiere",
        ("cd62-handicap--pch",),
        ("personnes-en-situation-de-handicap",),
        "gratuit",
        "Information et aide à la constitution du dossier de PCH auprès de la MDPH.",
        justificatifs="Certificat médical de moins d'un an, pièce d'identité.",
    ),
    M(
        "Soutien aux proches aidants",
        "accompagnement",
        ("cd62-autonomie--soutien-aux-aidants",),
        ("cd62-proches-aidants",),
        "gratuit",
        "Information, formation et solutions de répit pour les aidants.",
    ),
)

HORAIRES = (
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "Mo,Tu,Th,Fr 08:30-12:00; We 14:00-17:00",
    "Tu,Th 14:00-17:30",
    "We 09:00-12:00; Sa 09:00-12:00",
    "Mo-Fr 08:30-17:00",
)
VOIES = (
    "rue Jean Jaurès",
    "rue de la République",
    "place du Général de Gaulle",
    "rue Pasteur",
    "rue Émile Zola",
    "boulevard Faidherbe",
    "rue Roger Salengro",
    "avenue de la Libération",
)
ACCESSIBILITE = (
    "Accès de plain-pied, accessible en fauteuil roulant.",
    "Boucle magnétique à l'accueil ; accompagnement possible en langue des signes sur rendez-vous.",
    "Étage sans ascenseur : rendez-vous possible au rez-de-chaussée sur demande.",
    "",
)


# --- Drawing ----------------------------------------------------------------------------------------


def de(commune: str) -> str:
    """« de Lens », « d'Arras », « du Portel », « des Attaques », « de la Couture »."""
    if commune.startswith("Le "):
        return "du " + commune[3:]
    if commune.startswith("Les "):
        return "des " + commune[4:]
    if commune.startswith("La "):
        return "de la " + commune[3:]
    if commune.startswith("L'"):
        return "de l'" + commune[2:]
    if commune[:1].upper() in "AEIOUYÉÈÊÂÎÔH":
        return "d'" + commune
    return "de " + commune


@dataclass(frozen=True)
class _Commune:
    id: int
    code_insee: str
    nom: str
    code_postal: str
    population: int
    epci: str
    territoire: str


@dataclass
class _Structure:
    public_id: uuid.UUID
    nom: str
    organisation: str
    commune: _Commune
    reseaux: tuple[str, ...]
    adresse: str
    telephone: str
    courriel: str
    horaires: str
    description: str
    confirme_le: datetime.date
    statut: StatutPublication
    modeles: tuple[ModeleService, ...] = ()
    services: list[_Service] = field(default_factory=list)


@dataclass
class _Service:
    public_id: uuid.UUID
    structure: _Structure
    modele: ModeleService
    zone_codes: list[str]
    zone_territoires: list[str]
    confirme_le: datetime.date
    statut: StatutPublication
    accessibilite: str
    contact: str


@dataclass
class RapportGuide:
    """Rows created by a load (all zero when the demo guide is already there)."""

    organisations: int = 0
    structures: int = 0
    services: int = 0
    transitions: int = 0
    referentiel_charge: bool = False

    @property
    def a_change(self) -> bool:
        return self.referentiel_charge or any((self.organisations, self.structures, self.services))


class _Tirage:
    def __init__(
        self,
        graine: int,
        communes: Sequence[_Commune],
        organisations: dict[str, tuple[str, str]],
        jour: datetime.date,
    ) -> None:
        self.graine = graine
        self.rng = random.Random(graine)
        self.communes = list(communes)
        self.poids = [c.population for c in self.communes]
        self.par_code = {c.code_insee: c for c in self.communes}
        self.organisations = organisations  # name -> (type, territory code)
        self.jour = jour
        self.nb_structures = 0
        self.nb_services = 0

    def date(self) -> datetime.date:
        # About a quarter of the entries are older than six months: the demo shows stale flags.
        return self.jour - datetime.timedelta(days=self.rng.randrange(0, 240))

    def statut(self) -> StatutPublication:
        return StatutPublication.A_MODERER if self.rng.random() < 0.02 else StatutPublication.PUBLIEE

    def structure(
        self,
        nom: str,
        organisation: str,
        commune: _Commune,
        reseaux: tuple[str, ...],
        modeles: tuple[ModeleService, ...],
        statut: StatutPublication | None = None,
    ) -> _Structure:
        public_id = uuid.uuid5(ESPACE_DEMO, f"{self.graine}/guide/structure/{self.nb_structures}")
        self.nb_structures += 1
        slug = _ascii(nom).strip("-")[:40].strip("-")
        return _Structure(
            public_id=public_id,
            nom=nom,
            organisation=organisation,
            commune=commune,
            reseaux=reseaux,
            adresse=f"{self.rng.randint(1, 120)} {self.rng.choice(VOIES)}",
            telephone=f"03 53 48 {self.rng.randrange(100):02d} {self.rng.randrange(100):02d}",
            courriel=f"contact@{slug}.{DOMAINE_COURRIEL}",
            horaires=self.rng.choice(HORAIRES),
            description=(
                f"{nom} : accueil, information et orientation des habitants {de(commune.nom)} "
                "et des environs."
            ),
            confirme_le=self.date(),
            statut=statut or self.statut(),
            modeles=modeles,
        )

    def service(
        self,
        structure: _Structure,
        modele: ModeleService,
        *,
        codes: list[str] | None = None,
        territoires: list[str] | None = None,
        statut: StatutPublication | None = None,
    ) -> _Service:
        public_id = uuid.uuid5(ESPACE_DEMO, f"{self.graine}/guide/service/{self.nb_services}")
        self.nb_services += 1
        if codes is None and territoires is None:
            codes, territoires = self.zone(structure.commune)
        service = _Service(
            public_id=public_id,
            structure=structure,
            modele=modele,
            zone_codes=codes or [],
            zone_territoires=territoires or [],
            confirme_le=self.date(),
            statut=statut or self.statut(),
            accessibilite=self.rng.choice(ACCESSIBILITE),
            contact="Accueil" if self.rng.random() < 0.7 else "Permanence sociale",
        )
        structure.services.append(service)
        return service

    def zone(self, commune: _Commune) -> tuple[list[str], list[str]]:
        tirage = self.rng.random()
        if tirage < 0.35:
            return [commune.code_insee], []
        if tirage < 0.6 and commune.epci:
            return [commune.epci], []
        if tirage < 0.85:
            return [], [commune.territoire]
        return [code_departement()], []

    def organisation_pour(self, genre: GenreStructure, commune: _Commune) -> str:
        candidates = sorted(n for n, (t, _) in self.organisations.items() if t in genre.organisations)
        proches = [n for n in candidates if self.organisations[n][1] == commune.territoire]
        return self.rng.choice(proches or candidates)

    def commune(self) -> _Commune:
        return self.rng.choices(self.communes, weights=self.poids)[0]


def _scenarios(t: _Tirage, territoires: Sequence[LigneTerritoire]) -> list[_Structure]:
    """The scripted entries (always published and fresh: the scenarios rely on them)."""
    publie = StatutPublication.PUBLIEE
    arras, calais, henin = t.par_code["62041"], t.par_code["62193"], t.par_code["62427"]
    structures = []
    ccas = t.structure(
        "Épicerie solidaire du CCAS d'Arras", "CCAS d'Arras", arras, ("ccas-cias",), (), publie
    )
    t.service(
        ccas,
        M(
            "Aide alimentaire d'urgence",
            "aide-materielle",
            (ALIMENTATION,),
            ("personnes-en-situation-durgence", "familles"),
            "gratuit",
            "Colis alimentaires d'urgence remis le jour même aux foyers d'Arras sans ressources, "
            "sur orientation.",
            "Habiter Arras ; orientation par un travailleur social.",
            PIECES_IDENTITE,
        ),
        codes=["62041"],
        statut=publie,
    )
    t.service(ccas, SERVICES_CCAS[0], codes=["62041"], statut=publie)
    restos = t.structure(
        "Restos du cœur – centre de Calais",
        "Restos du cœur – centre de Calais",
        calais,
        ("restos-du-coeur",),
        (),
        publie,
    )
    t.service(
        restos,
        M(
            "Distribution alimentaire",
            "aide-materielle",
            (ALIMENTATION,),
            (PUBLIC_TOUS,),
            "gratuit",
            "Distribution de repas et de denrées pendant la campagne d'hiver et d'été, sur inscription.",
        ),
        territoires=["calaisis"],
        statut=publie,
    )
    chrs = t.structure("CHRS La Passerelle", "CHRS La Passerelle", henin, ("chrs",), (), publie)
    t.service(chrs, SERVICES_HEBERGEMENT[0], codes=[code_departement()], statut=publie)
    ml = t.structure(
        "Mission locale du Calaisis – siège",
        "Mission locale du Calaisis",
        calais,
        ("mission-locale",),
        (),
        publie,
    )
    t.service(ml, SERVICES_JEUNES[0], territoires=["calaisis"], statut=publie)
    structures += [ccas, restos, chrs, ml]
    for territoire in territoires:
        chef_lieu = t.par_code[territoire.chef_lieu_insee]
        mds = t.structure(
            f"Maison du Département Solidarité {territoire.complement}",
            NOM_DEPARTEMENT,
            chef_lieu,
            ("maisons-des-solidarites", "departements"),
            (),
            publie,
        )
        for modele in SERVICES_MDS:
            t.service(mds, modele, territoires=[territoire.code], statut=publie)
        autonomie = t.structure(
            f"Maison de l'Autonomie {territoire.complement}",
            NOM_DEPARTEMENT,
            chef_lieu,
            ("maison-departementale-de-lautonomie", "departements"),
            (),
            publie,
        )
        for modele in SERVICES_MAISON_AUTONOMIE:
            t.service(autonomie, modele, territoires=[territoire.code], statut=publie)
        structures += [mds, autonomie]
    for structure in structures:  # the scenarios are fresh
        structure.confirme_le = t.jour
        for service in structure.services:
            service.confirme_le = t.jour
    return structures


def guide_tirer(
    graine: int,
    nb_structures: int,
    nb_services: int,
    communes: Sequence[_Commune],
    organisations: dict[str, tuple[str, str]],
    territoires: Sequence[LigneTerritoire],
    jour: datetime.date,
) -> list[_Structure]:
    """Draw the guide from one random stream; the draws never depend on the database state."""
    t = _Tirage(graine, communes, organisations, jour)
    structures = _scenarios(t, territoires)
    noms = {s.nom for s in structures}
    poids = [g.poids for g in GENRES]
    while len(structures) < nb_structures:
        genre = t.rng.choices(GENRES, weights=poids)[0]
        commune = t.commune()
        nom = genre.nom.format(de=de(commune.nom))
        if nom in noms:
            nom = f"{nom} – antenne {len([n for n in noms if n.startswith(nom)]) + 1}"
        noms.add(nom)
        structures.append(
            t.structure(nom, t.organisation_pour(genre, commune), commune, genre.reseaux, genre.services)
        )
    structures = structures[:nb_structures]
    tirees = [s for s in structures if s.modeles]
    total = sum(len(s.services) for s in structures)
    # Every drawn structure offers at least one service, then the others go where there is room.
    for structure in tirees:
        if total >= nb_services:
            break
        t.service(structure, t.rng.choice(structure.modeles))
        total += 1
    while total < nb_services:
        libres = [s for s in tirees if len(s.services) < len(s.modeles)]
        if not libres:
            break
        structure = t.rng.choice(libres)
        pris = {service.modele.nom for service in structure.services}
        t.service(structure, t.rng.choice([m for m in structure.modeles if m.nom not in pris]))
        total += 1
    return structures


# --- Loading ----------------------------------------------------------------------------------------


def _organisations(rapport: RapportGuide) -> dict[str, Organisation]:
    """The demo's partner organisations (created when missing) and the Département's own."""
    voulues = [*ORGANISATIONS_DEMO]
    existantes = {
        o.nom: o for o in Organisation.objects.filter(nom__in=[o.nom for o in voulues] + [NOM_DEPARTEMENT])
    }
    communes = {
        c.code_insee: c
        for c in Commune.objects.filter(code_insee__in={o.commune for o in voulues if o.commune} | {"62041"})
    }
    for demo in voulues:
        if demo.nom not in existantes:
            commune = communes[demo.commune] if demo.commune else None
            existantes[demo.nom] = organisation_creer(
                acting_user=None,
                nom=demo.nom,
                type=demo.type,
                siret=demo.siret,
                commune=commune,
                territoire=None if demo.departementale or commune is None else commune.territoire,
                courriel=f"contact@{_ascii(demo.nom).strip('-')}.{DOMAINE_COURRIEL}",
            )
            rapport.organisations += 1
    if NOM_DEPARTEMENT not in existantes:
        existantes[NOM_DEPARTEMENT] = organisation_creer(
            acting_user=None,
            nom=NOM_DEPARTEMENT,
            type=TypeOrganisation.AUTRE,
            siret=siret_demo(NOM_DEPARTEMENT),
            commune=communes["62041"],
            courriel=f"guide@departement.{DOMAINE_COURRIEL}",
        )
        rapport.organisations += 1
    return existantes


@transaction.atomic
def guide_demo_charger(
    *,
    graine: int = 62,
    nb_structures: int = 300,
    nb_services: int = 800,
    jour: datetime.date | None = None,
) -> RapportGuide:
    """Load the demonstration guide (reference data and partner organisations first if absent).
    Idempotent, deterministic for a given day (``jour``, today by default: freshness is relative to it).
    The benchmark draws a larger guide with another seed (``demo.generation.guide_generer``)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [VERROU_CHARGEMENT])
    rapport = RapportGuide()
    territoires = lire_territoires()
    if not Commune.objects.filter(code_insee__in=[t.chef_lieu_insee for t in territoires]).exists():
        referentiel_charger()
        rapport.referentiel_charge = True
    organisations = _organisations(rapport)
    communes = [
        _Commune(id_, code, nom, (postaux or [""])[0], population, epci or "", territoire)
        for id_, code, nom, postaux, population, epci, territoire in Commune.objects.filter(
            territoire__isnull=False
        )
        .order_by("code_insee")
        .values_list(
            "id", "code_insee", "nom", "codes_postaux", "population", "epci__siren", "territoire__code"
        )
    ]
    # From the declared list, not the rows: the draws must not change when an organisation is edited.
    code_territoire = {c.code_insee: c.territoire for c in communes}
    types = {
        o.nom: (str(o.type), code_territoire.get(o.commune or "", ""))
        for o in ORGANISATIONS_DEMO
        if not o.departementale
    }
    structures = guide_tirer(
        graine, nb_structures, nb_services, communes, types, territoires, jour or timezone.localdate()
    )
    _creer(structures, organisations, rapport)
    return rapport


def _creer(
    structures: list[_Structure], organisations: dict[str, Organisation], rapport: RapportGuide
) -> None:
    source = source_locale()
    existantes = set(
        Structure.objects.filter(public_id__in=[s.public_id for s in structures]).values_list(
            "public_id", flat=True
        )
    )
    nouvelles = [
        Structure(
            public_id=s.public_id,
            source=source,
            identifiant=f"{source}--{s.public_id}",
            organisation=organisations[s.organisation],
            nom=s.nom,
            description=s.description,
            telephone=s.telephone,
            courriel=s.courriel,
            adresse=s.adresse,
            code_postal=s.commune.code_postal,
            code_insee=s.commune.code_insee,
            commune_nom=s.commune.nom,
            commune_id=s.commune.id,
            horaires_accueil=s.horaires,
            reseaux_porteurs=list(s.reseaux),
            date_maj=s.confirme_le,
            confirme_le=s.confirme_le,
            statut=s.statut,
        )
        for s in structures
        if s.public_id not in existantes
    ]
    if nouvelles:
        bulk_create_with_history(
            nouvelles, Structure, batch_size=1000, default_change_reason=RAISON_HISTORIQUE
        )
    rapport.structures += len(nouvelles)
    ids = dict(
        Structure.objects.filter(public_id__in=[s.public_id for s in structures]).values_list(
            "public_id", "id"
        )
    )
    services = [service for s in structures for service in s.services]
    existants = set(
        Service.objects.filter(public_id__in=[s.public_id for s in services]).values_list(
            "public_id", flat=True
        )
    )
    nouveaux = []
    for s in services:
        if s.public_id in existants:
            continue
        m, commune = s.modele, s.structure.commune
        nouveaux.append(
            Service(
                public_id=s.public_id,
                source=source,
                identifiant=f"{source}--{s.public_id}",
                structure_id=ids[s.structure.public_id],
                # The structure's text at creation: no UPDATE of every row afterwards (a dead copy of
                # each row and of its index entries until the next VACUUM).
                texte_structure=" ".join(t for t in (s.structure.nom, s.structure.description) if t),
                nom=m.nom,
                description=m.description,
                type=m.type,
                thematiques=list(m.thematiques),
                publics=list(m.publics),
                frais=m.frais,
                conditions_acces=m.conditions,
                justificatifs=m.justificatifs,
                contact_nom_prenom=s.contact,
                telephone=s.structure.telephone,
                courriel=s.structure.courriel,
                modes_accueil=list(m.modes_accueil),
                modes_mobilisation=list(m.mobilisation),
                mobilisable_par=list(m.mobilisable_par),
                accessibilite=s.accessibilite,
                adresse=s.structure.adresse,
                code_postal=commune.code_postal,
                code_insee=commune.code_insee,
                commune_nom=commune.nom,
                commune_id=commune.id,
                horaires_accueil=s.structure.horaires,
                zone_codes=s.zone_codes,
                zone_territoires=s.zone_territoires,
                date_maj=s.confirme_le,
                confirme_le=s.confirme_le,
                statut=s.statut,
            )
        )
    if nouveaux:
        bulk_create_with_history(nouveaux, Service, batch_size=1000, default_change_reason=RAISON_HISTORIQUE)
    rapport.services += len(nouveaux)
    nouveaux_ids = {f.public_id for f in [*nouvelles, *nouveaux]}
    transitions = [
        TransitionPublication(structure_id=pk, de="", vers=statut, motif=RAISON_HISTORIQUE)
        for pk, statut in Structure.objects.filter(public_id__in=nouveaux_ids).values_list("id", "statut")
    ] + [
        TransitionPublication(service_id=pk, de="", vers=statut, motif=RAISON_HISTORIQUE)
        for pk, statut in Service.objects.filter(public_id__in=nouveaux_ids).values_list("id", "statut")
    ]
    TransitionPublication.objects.bulk_create(transitions, batch_size=1000)
    rapport.transitions += len(transitions)
    if nouvelles or nouveaux:
        textes_structures_rafraichir()  # the structures' text in their services' search vectors
        analyser_le_guide()
