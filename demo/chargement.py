"""Demonstration data: partner organisations, one account per persona, councils, and people with
their households, spread over the Pas-de-Calais like its population.

Deterministic (one ``random.Random(graine)``, ``uuid5`` public ids) and idempotent: every part
creates only what is missing, keyed on natural identifiers (organisation and council names,
usernames, public ids), so a second run reads a few tables and writes nothing. People are
generated household by household from one random stream, so the first N people are the same
whatever ``nb_personnes`` is: loading more people later only adds households.

Nothing here is real: names are drawn from common surnames, telephone numbers are in the range
ARCEP reserves for fiction (06 39 98), e-mail addresses end in ``.invalid``, SIRET and NIR are
generated with valid check digits but designate nobody.

The demo spans every domain app, so it lives in the ``demo`` app, above all of them (like the
interface packages); no domain code depends on it.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from simple_history.utils import bulk_create_with_history

from instances.enums import NiveauInstance, RoleMembre
from instances.models import Instance, Mandat
from social.actions import adhesion_creer, affectation_creer, organisation_creer
from social.enums import LienFoyer, OrganismePayeur, RoleAgent, Sexe, TypeOrganisation
from social.models import (
    Adhesion,
    Affectation,
    Commune,
    Foyer,
    MembreFoyer,
    Organisation,
    Personne,
    Rattachement,
    Site,
    Territoire,
    Utilisateur,
)
from social.referentiel import (
    NOM_SIEGE,
    VERROU_CHARGEMENT,
    LigneTerritoire,
    lire_territoires,
    referentiel_charger,
)
from social.validators import luhn_valide

T = TypeVar("T")

MOT_DE_PASSE_DEMO = "demo-proche"  # published on purpose: demo accounts only
DOMAINE_COURRIEL = "demo.proche.invalid"
# Fixed, so that the same seed gives the same people whatever the day of the load.
DATE_REFERENCE = datetime.date(2025, 1, 1)
ESPACE_DEMO = uuid.UUID("5d0c1e62-7a1b-4d3e-9c62-000000000062")
MOTIF_SUIVI_MDS = "Suivi MDS"
MOTIF_PARTENAIRE = "Partenaire désigné"
RAISON_HISTORIQUE = "Données de démonstration"
TAUX_PARTENAIRE = 0.065  # drawn for everyone, kept for the eligible (16 and over): ~5 %


# --- Accounts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompteDemo:
    username: str
    prenom: str
    nom: str
    description: str
    site: str = ""  # département agents: site name …
    role: RoleAgent | None = None  # … and role there
    organisation: str = ""  # partners
    instance: str = ""  # council members
    administrateur: bool = False


_COMPTES: tuple[CompteDemo, ...] = (
    CompteDemo(
        "admin", "Claire", "Dubois", "administrateur fonctionnel (référentiels, organisations, comptes)",
        administrateur=True,
    ),
    CompteDemo(
        "accueil.arras", "Sandrine", "Caron", "agent d'accueil, MDS de l'Arrageois",
        site="MDS de l'Arrageois", role=RoleAgent.ACCUEIL,
    ),
    CompteDemo(
        "ts.arras", "Julie", "Lemaire", "travailleur social, MDS de l'Arrageois",
        site="MDS de l'Arrageois", role=RoleAgent.TRAVAILLEUR_SOCIAL,
    ),
    CompteDemo(
        "ts.calais", "Karim", "Belkacem", "travailleur social, MDS du Calaisis",
        site="MDS du Calaisis", role=RoleAgent.TRAVAILLEUR_SOCIAL,
    ),
    CompteDemo(
        "encadrant.arras", "Philippe", "Delattre", "encadrant, MDS de l'Arrageois",
        site="MDS de l'Arrageois", role=RoleAgent.ENCADRANT,
    ),
    CompteDemo(
        "evaluateur.arras", "Isabelle", "Vasseur",
        "évaluateur médico-social, Maison de l'Autonomie de l'Arrageois",
        site="Maison de l'Autonomie de l'Arrageois", role=RoleAgent.EVALUATEUR_MEDICO_SOCIAL,
    ),
    CompteDemo(
        "partenaire.ccas-arras", "Nathalie", "Leroy", "membre du CCAS d'Arras", organisation="CCAS d'Arras"
    ),
    CompteDemo(
        "partenaire.ml-calais", "Thomas", "Boulanger", "membre de la Mission locale du Calaisis",
        organisation="Mission locale du Calaisis",
    ),
    CompteDemo(
        "elu.arrageois", "Jean-Marc", "Dhainaut",
        "membre du conseil territorial du développement social de l'Arrageois",
        instance="Conseil territorial du développement social de l'Arrageois",
    ),
    CompteDemo(
        "elu.calaisis", "Martine", "Fournier",
        "membre du conseil territorial du développement social du Calaisis",
        instance="Conseil territorial du développement social du Calaisis",
    ),
    CompteDemo(
        "direction", "Hélène", "Mercier", "direction des solidarités (observation de tout le département)",
        site=NOM_SIEGE, role=RoleAgent.DIRECTION,
    ),
)  # fmt: skip

COMPTES_DEMO: list[tuple[str, str]] = [(compte.username, compte.description) for compte in _COMPTES]

NOM_CONSEIL_DEPARTEMENTAL = "Conseil départemental du développement social"


def nom_conseil_territorial(territoire: LigneTerritoire) -> str:
    return f"Conseil territorial du développement social {territoire.complement}"


def nom_commission_faj(territoire: LigneTerritoire) -> str:
    return f"Commission FAJ {territoire.complement}"


# --- Partner organisations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationDemo:
    nom: str
    type: TypeOrganisation
    commune: str | None  # INSEE code of its seat in the département, if any
    departementale: bool = False  # serves the whole département: no territory

    @property
    def siret(self) -> str:
        return siret_demo(self.nom)


_CCAS = (
    ("CCAS d'Arras", "62041"),
    ("CCAS de Béthune", "62119"),
    ("CCAS de Boulogne-sur-Mer", "62160"),
    ("CCAS de Calais", "62193"),
    ("CCAS d'Hénin-Beaumont", "62427"),
    ("CCAS de Lens", "62498"),
    ("CCAS de Montreuil-sur-Mer", "62588"),
    ("CCAS de Saint-Omer", "62765"),
    ("CCAS de Saint-Pol-sur-Ternoise", "62767"),
)
ORGANISATIONS_DEMO: tuple[OrganisationDemo, ...] = (
    *(OrganisationDemo(nom, TypeOrganisation.CCAS, code) for nom, code in _CCAS),
    OrganisationDemo("CAF du Pas-de-Calais", TypeOrganisation.CAF, "62041", departementale=True),
    OrganisationDemo("MSA Nord-Pas de Calais", TypeOrganisation.MSA, None, departementale=True),
    OrganisationDemo("MDPH du Pas-de-Calais", TypeOrganisation.MDPH, "62041", departementale=True),
    OrganisationDemo("Pas-de-Calais habitat", TypeOrganisation.BAILLEUR_SOCIAL, "62041", departementale=True),
    OrganisationDemo("France Travail Arras", TypeOrganisation.FRANCE_TRAVAIL, "62041"),
    OrganisationDemo("France Travail Béthune", TypeOrganisation.FRANCE_TRAVAIL, "62119"),
    OrganisationDemo("France Travail Boulogne-sur-Mer", TypeOrganisation.FRANCE_TRAVAIL, "62160"),
    OrganisationDemo("France Travail Calais", TypeOrganisation.FRANCE_TRAVAIL, "62193"),
    OrganisationDemo("France Travail Lens", TypeOrganisation.FRANCE_TRAVAIL, "62498"),
    OrganisationDemo("Mission locale de l'Arrageois", TypeOrganisation.MISSION_LOCALE, "62041"),
    OrganisationDemo("Mission locale du Calaisis", TypeOrganisation.MISSION_LOCALE, "62193"),
    OrganisationDemo("Mission locale de Lens-Liévin", TypeOrganisation.MISSION_LOCALE, "62498"),
    OrganisationDemo("Mission locale du Boulonnais", TypeOrganisation.MISSION_LOCALE, "62160"),
    OrganisationDemo("Mission locale de l'Audomarois", TypeOrganisation.MISSION_LOCALE, "62765"),
    # Département-wide, seated in Arras: no territory of its own, so the people's and the guide's draws
    # stay as they were; it is suggested to the youth pathways of its seat's territory (the Arrageois).
    OrganisationDemo(
        "Maison des adolescents du Pas-de-Calais",
        TypeOrganisation.MAISON_DES_ADOLESCENTS,
        "62041",
        departementale=True,
    ),
    OrganisationDemo("Secours populaire – comité de Lens", TypeOrganisation.ASSOCIATION, "62498"),
    OrganisationDemo("Restos du cœur – centre de Calais", TypeOrganisation.ASSOCIATION, "62193"),
    OrganisationDemo("Secours catholique – équipe d'Arras", TypeOrganisation.ASSOCIATION, "62041"),
    OrganisationDemo("Croix-Rouge française – unité de Saint-Omer", TypeOrganisation.ASSOCIATION, "62765"),
    OrganisationDemo("Emmaüs – communauté de Béthune", TypeOrganisation.ASSOCIATION, "62119"),
    OrganisationDemo("EHPAD Les Tilleuls", TypeOrganisation.ESMS, "62767"),
    OrganisationDemo("SAAD Artois Domicile", TypeOrganisation.ESMS, "62119"),
    OrganisationDemo("CHRS La Passerelle", TypeOrganisation.ESMS, "62427"),
    OrganisationDemo("SAVS du Montreuillois", TypeOrganisation.ESMS, "62588"),
    OrganisationDemo("Maisons & Cités – agence de Lens", TypeOrganisation.BAILLEUR_SOCIAL, "62498"),
    OrganisationDemo(
        "Habitat Hauts-de-France – agence de Boulogne", TypeOrganisation.BAILLEUR_SOCIAL, "62160"
    ),
)

# Which partners a person may be designated to, by age (the mission locale follows 16–25 year-olds).
_AGES_PARTENAIRES: dict[str, tuple[int, int]] = {
    TypeOrganisation.MISSION_LOCALE: (16, 25),
    TypeOrganisation.ESMS: (60, 120),
    TypeOrganisation.FRANCE_TRAVAIL: (16, 64),
}


def cle_luhn(chiffres: str) -> str:
    """The digit that, appended to ``chiffres``, makes a number valid under the Luhn check."""
    return next(c for c in "0123456789" if luhn_valide(chiffres + c))


def siret_demo(nom: str) -> str:
    """A SIRET derived from the organisation's name: valid SIREN (Luhn) + NIC whose key makes the
    SIRET valid too. Stable whatever the seed, so that the organisation keeps it across loads."""
    tirage = random.Random(hashlib.sha256(nom.encode()).digest())
    siren = str(tirage.randrange(10_000_000, 100_000_000))
    if siren.startswith("356"):  # La Poste's SIREN follows another rule (social.validators)
        siren = "4" + siren[1:]
    siren += cle_luhn(siren)
    debut_siret = siren + f"{tirage.randrange(1, 10_000):04d}"
    return debut_siret + cle_luhn(debut_siret)


def nir_demo(sexe: str, naissance: datetime.date, code_insee: str, ordre: int) -> str:
    """A NIR with its key (97 - number mod 97); born in the département, in the given commune."""
    corps = f"{1 if sexe == Sexe.HOMME else 2}{naissance:%y%m}{code_insee}{ordre:03d}"
    return f"{corps}{97 - int(corps) % 97:02d}"


# --- People ------------------------------------------------------------------------------------------

# Common surnames of the Nord–Pas-de-Calais, with its Polish, Maghrebi, Portuguese and West African
# families; weights roughly follow frequency.
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
_NOMS_LISTE = [nom for nom, _ in _NOMS]
_NOMS_POIDS = [poids for _, poids in _NOMS]

# Given names by sex and generation (born before 1960, 1960–1989, from 1990).
_PRENOMS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    Sexe.FEMME: (
        ("Monique", "Jacqueline", "Françoise", "Colette", "Simone", "Josiane", "Micheline", "Ginette",
         "Danielle", "Thérèse", "Odette", "Gisèle", "Andrée", "Marie-Thérèse", "Hélène", "Yvette"),
        ("Nathalie", "Sandrine", "Isabelle", "Valérie", "Céline", "Stéphanie", "Virginie", "Sylvie",
         "Aurélie", "Émilie", "Karine", "Séverine", "Véronique", "Laëtitia", "Fatima", "Corinne"),
        ("Léa", "Chloé", "Inès", "Manon", "Camille", "Océane", "Jade", "Louise", "Zoé", "Lina", "Maëlys",
         "Anaïs", "Clémence", "Yasmine", "Lou", "Emma", "Éva", "Noémie"),
    ),
    Sexe.HOMME: (
        ("Jean", "Michel", "André", "Bernard", "Gérard", "René", "Marcel", "Roger", "Jacques", "Raymond",
         "Daniel", "Claude", "Henri", "Jean-Claude", "Lucien", "Georges"),
        ("Christophe", "Stéphane", "Sébastien", "Frédéric", "Laurent", "Jérôme", "Éric", "Olivier",
         "David", "Grégory", "Cédric", "Franck", "Mickaël", "Karim", "Thierry", "Rachid"),
        ("Lucas", "Hugo", "Théo", "Nathan", "Enzo", "Mathis", "Noah", "Louis", "Gabriel", "Kévin",
         "Dylan", "Adam", "Rayan", "Timéo", "Jérémy", "Maxime", "Noé", "Léo"),
    ),
}  # fmt: skip

_VOIES = (
    "rue Jean Jaurès", "rue Victor Hugo", "rue de la République", "avenue du Maréchal Leclerc",
    "rue Pasteur", "rue Gambetta", "rue des Écoles", "chemin du Moulin", "rue de l'Église",
    "place du Général de Gaulle", "rue Émile Zola", "rue Roger Salengro", "résidence Les Tilleuls",
    "cité des Fleurs", "rue Paul Bert", "boulevard Faidherbe", "rue du 11 Novembre", "allée des Peupliers",
)  # fmt: skip

# Household kinds: weight, reference person's age range.
_COMPOSITIONS: dict[str, tuple[int, tuple[int, int]]] = {
    "seul": (30, (18, 64)),
    "seul_age": (10, (65, 95)),
    "couple": (18, (22, 80)),
    "couple_enfants": (27, (24, 55)),
    "monoparental": (15, (19, 55)),
}


@dataclass
class _Individu:
    nom: str
    prenoms: str
    sexe: str
    naissance: datetime.date
    lien: LienFoyer
    nom_naissance: str = ""
    partenaire: str = ""  # name of the designated partner organisation, if any
    public_id: uuid.UUID = ESPACE_DEMO  # replaced by the household's draw (uuid5 of seed and index)
    telephone: str = ""
    courriel: str = ""
    organisme_payeur: str = ""
    numero_allocataire: str = ""
    nir: str = ""
    consentement_partage: bool = False
    consentement_sms: bool = False
    consentement_date: datetime.date | None = None
    depuis: datetime.date = DATE_REFERENCE
    rattache_depuis: datetime.date = DATE_REFERENCE


@dataclass
class _Foyer:
    public_id: uuid.UUID
    commune_id: int
    territoire_id: int
    adresse: str
    membres: list[_Individu]


@dataclass(frozen=True)
class _Commune:
    id: int
    code_insee: str
    population: int
    territoire_id: int


@dataclass(frozen=True)
class _Partenaire:
    nom: str
    type: str


def _age(naissance: datetime.date, jour: datetime.date = DATE_REFERENCE) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


def _ascii(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte.replace("œ", "oe"))
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in decompose if not unicodedata.combining(c)).lower())


class _Generateur:
    """Draws households from one random stream; the draws never depend on the database state."""

    def __init__(
        self, graine: int, communes: Sequence[_Commune], partenaires: dict[int, list[_Partenaire]]
    ) -> None:
        self.graine = graine
        self.rng = random.Random(graine)
        self.communes = list(communes)
        self.poids_cumules: list[int] = []
        total = 0
        for commune in self.communes:
            total += commune.population
            self.poids_cumules.append(total)
        self.par_code = {c.code_insee: c for c in self.communes}
        self.partenaires = partenaires
        self.nb_personnes = 0
        self.nb_foyers = 0

    # Drawing identities ----------------------------------------------------------------------------

    def naissance(self, age_min: int, age_max: int) -> datetime.date:
        age = self.rng.randint(age_min, age_max)
        return DATE_REFERENCE - datetime.timedelta(days=age * 365 + self.rng.randrange(365) + age // 4)

    def prenom(self, sexe: str, naissance: datetime.date) -> str:
        generation = 0 if naissance.year < 1960 else 1 if naissance.year < 1990 else 2
        return self.rng.choice(_PRENOMS[sexe][generation])

    def nom(self) -> str:
        return self.rng.choices(_NOMS_LISTE, weights=_NOMS_POIDS)[0]

    def individu(
        self,
        *,
        nom: str,
        sexe: str,
        naissance: datetime.date,
        lien: LienFoyer,
        prenoms: str = "",
        nom_naissance: str = "",
        partenaire: str = "",
    ) -> _Individu:
        return _Individu(
            nom=nom,
            prenoms=prenoms or self.prenom(sexe, naissance),
            sexe=sexe,
            naissance=naissance,
            lien=lien,
            nom_naissance=nom_naissance,
            partenaire=partenaire,
        )

    # Households ------------------------------------------------------------------------------------

    def foyer_aleatoire(self) -> _Foyer:
        commune = self.rng.choices(self.communes, cum_weights=self.poids_cumules)[0]
        composition = self.rng.choices(list(_COMPOSITIONS), weights=[p for p, _ in _COMPOSITIONS.values()])[0]
        age_min, age_max = _COMPOSITIONS[composition][1]
        naissance_ref = self.naissance(age_min, age_max)
        nom_famille = self.nom()
        if composition == "monoparental":
            sexe_ref = Sexe.FEMME if self.rng.random() < 0.85 else Sexe.HOMME
        else:
            sexe_ref = self.rng.choice((Sexe.FEMME, Sexe.HOMME))
        reference = self.individu(
            nom=nom_famille, sexe=sexe_ref, naissance=naissance_ref, lien=LienFoyer.REFERENCE
        )
        membres = [reference]
        if composition in ("couple", "couple_enfants"):
            meme_sexe = self.rng.random() < 0.04
            sexe_conjoint = sexe_ref if meme_sexe else (Sexe.HOMME if sexe_ref == Sexe.FEMME else Sexe.FEMME)
            age_conjoint = max(18, _age(naissance_ref) + self.rng.randint(-6, 6))
            conjoint = self.individu(
                nom=nom_famille,
                sexe=sexe_conjoint,
                naissance=self.naissance(age_conjoint, age_conjoint),
                lien=LienFoyer.CONJOINT,
            )
            maries = not meme_sexe and self.rng.random() < 0.65
            if not maries:
                conjoint.nom = self.nom()
            else:  # the wife uses her husband's name; her birth name is kept
                epouse = reference if sexe_ref == Sexe.FEMME else conjoint
                epouse.nom_naissance = self.nom()
                if epouse.nom_naissance == epouse.nom:
                    epouse.nom_naissance = ""
            membres.append(conjoint)
        if composition in ("couple_enfants", "monoparental"):
            age_parent = min(_age(m.naissance) for m in membres)
            age_max_enfant = min(24, age_parent - 18)
            nb_enfants = self.rng.choices((1, 2, 3, 4), weights=(40, 35, 17, 8))[0]
            for naissance in sorted(self.naissance(0, age_max_enfant) for _ in range(nb_enfants)):
                membres.append(
                    self.individu(
                        nom=nom_famille,
                        sexe=self.rng.choice((Sexe.FEMME, Sexe.HOMME)),
                        naissance=naissance,
                        lien=LienFoyer.ENFANT,
                    )
                )
            if composition == "couple_enfants" and self.rng.random() < 0.03:
                age_grand_parent = min(98, _age(naissance_ref) + self.rng.randint(22, 35))
                sexe_gp = self.rng.choice((Sexe.FEMME, Sexe.HOMME))
                membres.append(
                    self.individu(
                        nom=nom_famille if sexe_gp == Sexe.HOMME else self.nom(),
                        sexe=sexe_gp,
                        naissance=self.naissance(age_grand_parent, age_grand_parent),
                        lien=LienFoyer.PARENT,
                    )
                )
        foyer = self.finaliser(commune, membres)
        for individu in foyer.membres:
            if not individu.partenaire and self.rng.random() < TAUX_PARTENAIRE:
                individu.partenaire = self.partenaire_pour(individu, commune.territoire_id)
        return foyer

    def foyer_fixe(self, code_insee: str, membres: list[_Individu]) -> _Foyer:
        """A scripted household (the people the demo scenarios and tests rely on)."""
        return self.finaliser(self.par_code[code_insee], membres)

    def finaliser(self, commune: _Commune, membres: list[_Individu]) -> _Foyer:
        """Ids, address, contact details, benefits and consent, drawn the same way for every household."""
        foyer = _Foyer(
            public_id=uuid.uuid5(ESPACE_DEMO, f"{self.graine}/foyer/{self.nb_foyers}"),
            commune_id=commune.id,
            territoire_id=commune.territoire_id,
            adresse=f"{self.rng.randint(1, 180)} {self.rng.choice(_VOIES)}",
            membres=membres,
        )
        self.nb_foyers += 1
        forme_le = DATE_REFERENCE - datetime.timedelta(days=self.rng.randrange(30, 15 * 365))
        suivi_depuis = DATE_REFERENCE - datetime.timedelta(days=self.rng.randrange(0, 4 * 365))
        for individu in membres:
            individu.public_id = uuid.uuid5(ESPACE_DEMO, f"{self.graine}/personne/{self.nb_personnes}")
            self.nb_personnes += 1
            individu.depuis = max(forme_le, individu.naissance)
            individu.rattache_depuis = max(suivi_depuis, individu.naissance)
            if _age(individu.naissance) < 16:
                continue
            if self.rng.random() < 0.7:
                individu.telephone = f"06 39 98 {self.rng.randrange(100):02d} {self.rng.randrange(100):02d}"
            if self.rng.random() < 0.25:
                local = f"{_ascii(individu.prenoms)}.{_ascii(individu.nom)}{self.rng.randrange(100)}"
                individu.courriel = f"{local}@{DOMAINE_COURRIEL}"
            individu.consentement_partage = self.rng.random() < 0.65
            individu.consentement_sms = bool(individu.telephone) and self.rng.random() < 0.5
            if individu.consentement_partage or individu.consentement_sms:
                individu.consentement_date = DATE_REFERENCE - datetime.timedelta(days=self.rng.randrange(900))
            if self.rng.random() < 0.03 and individu.sexe in (Sexe.FEMME, Sexe.HOMME):
                individu.nir = nir_demo(
                    individu.sexe, individu.naissance, commune.code_insee, self.rng.randint(1, 999)
                )
        reference = membres[0]
        tirage = self.rng.random()
        if commune.population < 3500 and tirage < 0.12:
            reference.organisme_payeur = OrganismePayeur.MSA
            reference.numero_allocataire = f"{self.rng.randrange(10**9, 10**10)}"
        elif tirage < 0.6:
            reference.organisme_payeur = OrganismePayeur.CAF
            reference.numero_allocataire = f"{self.rng.randrange(10**6, 10**7)}"
        return foyer

    def partenaire_pour(self, individu: _Individu, territoire_id: int) -> str:
        age = _age(individu.naissance)
        possibles = [
            p.nom
            for p in self.partenaires.get(territoire_id, [])
            if _AGES_PARTENAIRES.get(p.type, (16, 120))[0]
            <= age
            <= _AGES_PARTENAIRES.get(p.type, (16, 120))[1]
        ]
        return self.rng.choice(possibles) if possibles else ""

    def foyers_fixes(self) -> list[_Foyer]:
        d = datetime.date
        i = self.individu
        ref, conj, enf = LienFoyer.REFERENCE, LienFoyer.CONJOINT, LienFoyer.ENFANT
        f, h = Sexe.FEMME, Sexe.HOMME
        return [
            self.foyer_fixe("62041", [
                i(nom="Lefèvre", prenoms="Jean-Pierre", sexe=h, naissance=d(1968, 3, 14), lien=ref,
                  partenaire="CCAS d'Arras"),
                i(nom="Lefèvre", nom_naissance="Caron", prenoms="Sylvie", sexe=f, naissance=d(1970, 9, 2),
                  lien=conj),
                i(nom="Lefèvre", prenoms="Léa", sexe=f, naissance=d(2006, 5, 21), lien=enf),
                i(nom="Lefèvre", prenoms="Hugo", sexe=h, naissance=d(2010, 11, 8), lien=enf),
            ]),
            self.foyer_fixe("62041", [
                i(nom="Lefebvre", prenoms="Martine", sexe=f, naissance=d(1952, 1, 30), lien=ref,
                  partenaire="CCAS d'Arras"),
            ]),
            self.foyer_fixe("62193", [
                i(nom="Lefèvre", prenoms="Sébastien", sexe=h, naissance=d(1975, 6, 12), lien=ref),
                i(nom="Lefèvre", nom_naissance="Dumont", prenoms="Aurélie", sexe=f, naissance=d(1978, 2, 27),
                  lien=conj),
                i(nom="Lefèvre", prenoms="Mathis", sexe=h, naissance=d(2005, 8, 3), lien=enf,
                  partenaire="Mission locale du Calaisis"),
            ]),
            self.foyer_fixe("62193", [
                i(nom="Lefèvre", prenoms="Océane", sexe=f, naissance=d(2003, 4, 17), lien=ref,
                  partenaire="Mission locale du Calaisis"),
            ]),
            self.foyer_fixe("62041", [
                i(nom="Benali", prenoms="Yasmine", sexe=f, naissance=d(1988, 12, 5), lien=ref,
                  partenaire="CCAS d'Arras"),
                i(nom="Benali", prenoms="Inès", sexe=f, naissance=d(2014, 7, 19), lien=enf),
            ]),
        ]  # fmt: skip

    def foyers(self, nb_personnes: int) -> list[_Foyer]:
        """Households until ``nb_personnes`` people; the last one is cut to fit (the draws are not)."""
        resultat: list[_Foyer] = []
        total = 0
        for foyer in self.foyers_fixes():
            resultat.append(foyer)
            total += len(foyer.membres)
        while total < nb_personnes:
            foyer = self.foyer_aleatoire()
            resultat.append(foyer)
            total += len(foyer.membres)
        while total > nb_personnes:
            excedent = total - nb_personnes
            dernier = resultat[-1]
            if excedent >= len(dernier.membres):
                resultat.pop()
                total -= len(dernier.membres)
            else:
                del dernier.membres[-excedent:]
                total -= excedent
        return resultat


# --- Loading -----------------------------------------------------------------------------------------


@dataclass
class RapportDemo:
    """Rows created by a load (all zero when the demo is already there)."""

    organisations: int = 0
    comptes: int = 0
    affectations: int = 0
    adhesions: int = 0
    instances: int = 0
    mandats: int = 0
    permissions: int = 0
    foyers: int = 0
    personnes: int = 0
    membres: int = 0
    rattachements: int = 0
    referentiel_charge: bool = False

    @property
    def a_change(self) -> bool:
        return self.referentiel_charge or any(
            (
                self.organisations,
                self.comptes,
                self.affectations,
                self.adhesions,
                self.instances,
                self.mandats,
                self.permissions,
                self.foyers,
                self.personnes,
                self.membres,
                self.rattachements,
            )
        )


@transaction.atomic
def demo_charger(*, graine: int = 62, nb_personnes: int = 2000) -> RapportDemo:
    """Load the demonstration data (reference data first if absent). Idempotent and deterministic."""
    if nb_personnes < 0:
        raise ValidationError("Le nombre de personnes ne peut pas être négatif.", code="demo_nb_personnes")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [VERROU_CHARGEMENT])
    rapport = RapportDemo()
    territoires = lire_territoires()
    sites = _sites_du_referentiel(territoires, rapport)
    organisations = _organisations_creer(rapport)
    instances = _instances_creer(territoires, rapport)
    _comptes_creer(sites, organisations, instances, rapport)
    _personnes_creer(graine, nb_personnes, territoires, sites, organisations, rapport)
    return rapport


def _sites_du_referentiel(territoires: Sequence[LigneTerritoire], rapport: RapportDemo) -> dict[str, Site]:
    noms = {f"MDS {t.complement}" for t in territoires} | {
        f"Maison de l'Autonomie {t.complement}" for t in territoires
    }
    noms.add(NOM_SIEGE)  # the direction's assignment
    sites = {s.nom: s for s in Site.objects.filter(nom__in=noms)}
    if len(sites) < len(noms):
        referentiel_charger()
        rapport.referentiel_charge = True
        sites = {s.nom: s for s in Site.objects.filter(nom__in=noms)}
    return sites


def _organisations_creer(rapport: RapportDemo) -> dict[str, Organisation]:
    existantes = {o.nom: o for o in Organisation.objects.filter(nom__in=[o.nom for o in ORGANISATIONS_DEMO])}
    communes = {
        c.code_insee: c
        for c in Commune.objects.filter(code_insee__in={o.commune for o in ORGANISATIONS_DEMO if o.commune})
    }
    for demo in ORGANISATIONS_DEMO:
        if demo.nom in existantes:
            continue
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
    return existantes


def _instances_creer(territoires: Sequence[LigneTerritoire], rapport: RapportDemo) -> dict[str, Instance]:
    territoires_db = {t.code: t for t in Territoire.objects.all()}
    existantes: dict[str, Instance] = {i.nom: i for i in Instance.objects.all()}

    def instance(
        nom: str, niveau: NiveauInstance, territoire: Territoire | None, parent: Instance | None
    ) -> Instance:
        if nom not in existantes:
            existantes[nom] = Instance.objects.create(
                nom=nom, niveau=niveau, territoire=territoire, parent=parent
            )
            rapport.instances += 1
        return existantes[nom]

    instance(NOM_CONSEIL_DEPARTEMENTAL, NiveauInstance.DEPARTEMENTAL, None, None)
    for t in territoires:
        conseil = instance(
            nom_conseil_territorial(t), NiveauInstance.TERRITORIAL, territoires_db[t.code], None
        )
        instance(nom_commission_faj(t), NiveauInstance.COMMISSION, territoires_db[t.code], conseil)
    return dict(existantes)


def _comptes_creer(
    sites: dict[str, Site],
    organisations: dict[str, Organisation],
    instances: dict[str, Instance],
    rapport: RapportDemo,
) -> None:
    depuis = DATE_REFERENCE - datetime.timedelta(days=2 * 365)
    utilisateurs = {
        u.username: u for u in Utilisateur.objects.filter(username__in=[c.username for c in _COMPTES])
    }
    nouveaux = [c for c in _COMPTES if c.username not in utilisateurs]
    if nouveaux:
        # One hash for every demo account: they share a published password, so a per-account salt
        # protects nothing here and Argon2 would cost a quarter of a second per account.
        empreinte = make_password(MOT_DE_PASSE_DEMO)
        for compte in nouveaux:
            utilisateurs[compte.username] = Utilisateur.objects.create(
                username=compte.username,
                first_name=compte.prenom,
                last_name=compte.nom,
                email=f"{compte.username}@{DOMAINE_COURRIEL}",
                password=empreinte,
                is_staff=compte.administrateur,
                est_administrateur_fonctionnel=compte.administrateur,
            )
            rapport.comptes += 1

    ids = [u.pk for u in utilisateurs.values()]
    affectations = set(
        Affectation.objects.filter(utilisateur_id__in=ids).values_list("utilisateur_id", "site_id", "role")
    )
    adhesions = set(
        Adhesion.objects.filter(utilisateur_id__in=ids).values_list("utilisateur_id", "organisation_id")
    )
    mandats = set(Mandat.objects.filter(utilisateur_id__in=ids).values_list("utilisateur_id", "organe_id"))
    for compte in _COMPTES:
        utilisateur = utilisateurs[compte.username]
        if compte.site and compte.role is not None:
            site = _obtenir(sites, compte.site, "site")
            if (utilisateur.pk, site.pk, compte.role.value) not in affectations:
                affectation_creer(utilisateur=utilisateur, site=site, role=compte.role, depuis=depuis)
                rapport.affectations += 1
        if compte.organisation:
            organisation = _obtenir(organisations, compte.organisation, "organisation")
            if (utilisateur.pk, organisation.pk) not in adhesions:
                adhesion_creer(utilisateur=utilisateur, organisation=organisation, depuis=depuis)
                rapport.adhesions += 1
        if compte.instance:
            conseil = _obtenir(instances, compte.instance, "instance")
            if (utilisateur.pk, conseil.pk) not in mandats:
                mandat = Mandat(
                    organe=conseil, utilisateur=utilisateur, role=RoleMembre.ELU, date_debut=depuis
                )
                mandat.full_clean()
                mandat.save()
                rapport.mandats += 1
        if compte.administrateur:
            rapport.permissions += _permissions_administrateur(utilisateur)


def _obtenir(objets: Mapping[str, T], nom: str, genre: str) -> T:
    try:
        return objets[nom]
    except KeyError as exc:
        raise ValidationError(
            "Données de démonstration : %(genre)s « %(nom)s » introuvable dans le référentiel.",
            code="demo_referentiel_incomplet",
            params={"genre": genre, "nom": nom},
        ) from exc


# The reference models the functional administrator maintains in the Django admin.
MODELES_ADMINISTRATEUR = (
    ("social", "territoire"),
    ("social", "commune"),
    ("social", "epci"),
    ("social", "site"),
    ("social", "organisation"),
    ("social", "affectation"),
    ("social", "adhesion"),
    ("social", "utilisateur"),
    ("instances", "instance"),
    ("instances", "mandat"),
)


def _permissions_administrateur(utilisateur: Utilisateur) -> int:
    voulues = Permission.objects.filter(
        content_type__in=[
            ContentType.objects.get_by_natural_key(app_label, modele)
            for app_label, modele in MODELES_ADMINISTRATEUR
        ]
    )
    manquantes = list(voulues.exclude(pk__in=utilisateur.user_permissions.values("pk")))
    if manquantes:
        utilisateur.user_permissions.add(*manquantes)
    return len(manquantes)


def _personnes_creer(
    graine: int,
    nb_personnes: int,
    territoires: Sequence[LigneTerritoire],
    sites: dict[str, Site],
    organisations: dict[str, Organisation],
    rapport: RapportDemo,
) -> None:
    communes = [
        _Commune(*valeurs)
        for valeurs in Commune.objects.filter(territoire__isnull=False)
        .order_by("code_insee")
        .values_list("id", "code_insee", "population", "territoire_id")
    ]
    # From the declared list and the reference data, not from the organisations' current rows: the draws
    # must not change when an administrator edits an organisation.
    territoire_de_commune = {c.code_insee: c.territoire_id for c in communes}
    partenaires: dict[int, list[_Partenaire]] = {}
    for demo in ORGANISATIONS_DEMO:
        if demo.commune and not demo.departementale:
            partenaires.setdefault(territoire_de_commune[demo.commune], []).append(
                _Partenaire(demo.nom, demo.type)
            )
    foyers = _Generateur(graine, communes, partenaires).foyers(nb_personnes)

    individus = [(foyer, individu) for foyer in foyers for individu in foyer.membres]
    existantes = set(
        Personne.objects.filter(public_id__in=[i.public_id for _, i in individus]).values_list(
            "public_id", flat=True
        )
    )
    # A person and her household membership and attachments are created in the same transaction, so an
    # existing person is complete: only new people get links (a changed generator never grafts links
    # onto people drawn by an older one).
    nouveaux = [(foyer, individu) for foyer, individu in individus if individu.public_id not in existantes]
    if not nouveaux:
        return

    personnes = [
        Personne(
            public_id=individu.public_id,
            nom=individu.nom,
            nom_naissance=individu.nom_naissance,
            prenoms=individu.prenoms,
            date_naissance=individu.naissance,
            sexe=individu.sexe,
            telephone=individu.telephone,
            courriel=individu.courriel,
            adresse=foyer.adresse,
            commune_id=foyer.commune_id,
            organisme_payeur=individu.organisme_payeur,
            numero_allocataire=individu.numero_allocataire,
            nir=individu.nir,
            consentement_partage=individu.consentement_partage,
            consentement_sms=individu.consentement_sms,
            consentement_date=individu.consentement_date,
        )
        for foyer, individu in nouveaux
    ]
    _creer_avec_historique(personnes)
    id_personne = {p.public_id: p.pk for p in personnes}
    rapport.personnes += len(personnes)

    # A household cut by a smaller earlier load already exists: its new members join it.
    publics_foyers = {foyer.public_id for foyer, _ in nouveaux}
    id_foyer = dict(Foyer.objects.filter(public_id__in=publics_foyers).values_list("public_id", "id"))
    foyers_crees = [Foyer(public_id=public_id) for public_id in sorted(publics_foyers - id_foyer.keys())]
    _creer_avec_historique(foyers_crees)
    id_foyer.update((f.public_id, f.pk) for f in foyers_crees)
    rapport.foyers += len(foyers_crees)

    membres = [
        MembreFoyer(
            foyer_id=id_foyer[foyer.public_id],
            personne_id=id_personne[individu.public_id],
            lien=individu.lien,
            date_debut=individu.depuis,
        )
        for foyer, individu in nouveaux
    ]
    _creer_avec_historique(membres)
    rapport.membres += len(membres)

    territoire_ids = dict(Territoire.objects.values_list("code", "id"))
    mds_par_territoire = {
        territoire_ids[t.code]: _obtenir(sites, f"MDS {t.complement}", "site").pk for t in territoires
    }
    rattachements: list[Rattachement] = []
    for foyer, individu in nouveaux:
        personne_id = id_personne[individu.public_id]
        rattachements.append(
            Rattachement(
                personne_id=personne_id,
                site_id=mds_par_territoire[foyer.territoire_id],
                motif=MOTIF_SUIVI_MDS,
                date_debut=individu.rattache_depuis,
            )
        )
        if individu.partenaire:
            rattachements.append(
                Rattachement(
                    personne_id=personne_id,
                    organisation_id=_obtenir(organisations, individu.partenaire, "organisation").pk,
                    motif=MOTIF_PARTENAIRE,
                    date_debut=max(individu.rattache_depuis, DATE_REFERENCE - datetime.timedelta(days=200)),
                )
            )
    _creer_avec_historique(rattachements)
    rapport.rattachements += len(rattachements)


def _creer_avec_historique(objets: Sequence[models.Model]) -> None:
    """Bulk insert of historised rows, with their "created" history rows (simple-history helper)."""
    if objets:
        bulk_create_with_history(
            list(objets), type(objets[0]), batch_size=1000, default_change_reason=RAISON_HISTORIQUE
        )
