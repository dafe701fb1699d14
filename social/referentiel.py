"""Loading the département's reference data: EPCI, communes, territories of social action and sites.

The source files live in ``social/data/`` (see ``social/data/pas-de-calais/SOURCE.md``): the
communes and EPCI of the COG (Etalab) and the rules that give each commune its territory. The load is
an upsert keyed on the natural identifiers (SIREN, INSEE code, territory code, site name); it is
idempotent, and a second run reads every table once and writes nothing.

Nothing is ever deleted: communes and sites are protected by the people, assignments and
organisations that point at them. Only the communes served by the sites created here are kept equal
to the rules (links added and removed).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction

from social.enums import TypeSite
from social.models import Commune, Epci, Site, Territoire

DOSSIER_DONNEES = Path(__file__).resolve().parent / "data"
DOSSIER_PAR_DEFAUT = DOSSIER_DONNEES / "pas-de-calais"

# Shared with the demo loader, which writes reference rows too (transaction-scoped advisory lock).
VERROU_CHARGEMENT = 6_200_002
NOM_SIEGE = "Siège du Département"
CHEF_LIEU_DEPARTEMENT = "62041"  # Arras, préfecture du Pas-de-Calais.
# The Maisons des Adolescents serve the territory of the town they stand in.
MAISONS_DES_ADOLESCENTS: tuple[tuple[str, str], ...] = (
    ("Maison des Adolescents d'Arras", "62041"),
    ("Maison des Adolescents de Boulogne-sur-Mer", "62160"),
    ("Maison des Adolescents de Calais", "62193"),
    ("Maison des Adolescents de Lens", "62498"),
)

_CODE_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_CODE_POSTAL = re.compile(r"^\d{5}$")
_SIREN = re.compile(r"^\d{9}$")
_ARRONDISSEMENT = re.compile(r"^[0-9AB]{2,3}$")
_CODE_TERRITOIRE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class LigneEpci:
    siren: str
    nom: str
    type: str
    population_totale: int


@dataclass(frozen=True)
class LigneCommune:
    code_insee: str
    nom: str
    codes_postaux: tuple[str, ...]
    population: int
    arrondissement: str
    epci_siren: str
    numero_ligne: int


@dataclass(frozen=True)
class LigneTerritoire:
    code: str
    nom: str
    complement: str  # "de l'Arrageois", "du Boulonnais", "d'Hénin-Carvin": the name with its elision.
    arrondissements: frozenset[str]
    epci_sirens: frozenset[str]
    chef_lieu_insee: str
    numero_ligne: int


@dataclass
class Compte:
    crees: int = 0
    modifies: int = 0


@dataclass
class RapportChargement:
    """What a load created and changed (all zero on a second load of the same files)."""

    epci: Compte = field(default_factory=Compte)
    territoires: Compte = field(default_factory=Compte)
    communes: Compte = field(default_factory=Compte)
    sites: Compte = field(default_factory=Compte)
    dessertes_ajoutees: int = 0
    dessertes_retirees: int = 0

    @property
    def total_crees(self) -> int:
        return self.epci.crees + self.territoires.crees + self.communes.crees + self.sites.crees

    @property
    def total_modifies(self) -> int:
        return self.epci.modifies + self.territoires.modifies + self.communes.modifies + self.sites.modifies

    @property
    def a_change(self) -> bool:
        return bool(
            self.total_crees or self.total_modifies or self.dessertes_ajoutees or self.dessertes_retirees
        )


def fichier_territoires(dossier: Path) -> Path:
    """The territory rules of a département folder.

    ``data/pas-de-calais`` → ``data/territoires-pas-de-calais.csv``.
    """
    return dossier.parent / f"territoires-{dossier.name}.csv"


# --- Reading and checking the files (before any write) -----------------------------------------------


def _erreur(chemin: Path, numero: int, message: str) -> ValidationError:
    return ValidationError(
        "Fichier %(fichier)s, ligne %(ligne)s : %(message)s",
        code="referentiel_invalide",
        params={"fichier": chemin.name, "ligne": numero, "message": message},
    )


def _lire_csv(chemin: Path, colonnes: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a UTF-8 CSV file with a header naming at least ``colonnes``, with their line numbers."""
    if not chemin.is_file():
        raise ValidationError(
            "Fichier de référence introuvable : %(chemin)s",
            code="referentiel_absent",
            params={"chemin": chemin},
        )
    lignes: list[tuple[int, dict[str, str]]] = []
    try:
        with chemin.open(encoding="utf-8", newline="") as fichier:
            lecteur = csv.reader(fichier)
            entete = [colonne.strip() for colonne in next(lecteur, [])]
            manquantes = [colonne for colonne in colonnes if colonne not in entete]
            if manquantes:
                raise _erreur(chemin, 1, f"colonnes manquantes dans l'en-tête : {', '.join(manquantes)}")
            for cellules in lecteur:
                if not any(cellule.strip() for cellule in cellules):
                    continue
                if len(cellules) != len(entete):
                    raise _erreur(
                        chemin,
                        lecteur.line_num,
                        f"{len(entete)} colonnes attendues, {len(cellules)} trouvées",
                    )
                lignes.append(
                    (lecteur.line_num, dict(zip(entete, (c.strip() for c in cellules), strict=True)))
                )
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "Fichier %(fichier)s : encodage invalide (UTF-8 attendu).",
            code="referentiel_invalide",
            params={"fichier": chemin.name},
        ) from exc
    except csv.Error as exc:
        raise ValidationError(
            "Fichier %(fichier)s : CSV mal formé (%(erreur)s).",
            code="referentiel_invalide",
            params={"fichier": chemin.name, "erreur": exc},
        ) from exc
    return lignes


def _entier(valeur: str, chemin: Path, numero: int, colonne: str) -> int:
    if not valeur.isdigit():
        raise _erreur(chemin, numero, f"« {colonne} » doit être un entier positif (lu : « {valeur} »)")
    return int(valeur)


def _verifier(condition: bool, chemin: Path, numero: int, message: str) -> None:
    if not condition:
        raise _erreur(chemin, numero, message)


def lire_epci(dossier: Path = DOSSIER_PAR_DEFAUT) -> list[LigneEpci]:
    chemin = dossier / "epci.csv"
    resultat: dict[str, LigneEpci] = {}
    for numero, ligne in _lire_csv(chemin, ("siren", "nom", "type", "population_totale")):
        siren = ligne["siren"]
        _verifier(bool(_SIREN.match(siren)), chemin, numero, f"SIREN invalide « {siren} » (9 chiffres)")
        _verifier(siren not in resultat, chemin, numero, f"SIREN en double « {siren} »")
        _verifier(0 < len(ligne["nom"]) <= 200, chemin, numero, "nom manquant ou trop long (200 caractères)")
        _verifier(0 < len(ligne["type"]) <= 10, chemin, numero, "type manquant ou trop long (10 caractères)")
        resultat[siren] = LigneEpci(
            siren=siren,
            nom=ligne["nom"],
            type=ligne["type"],
            population_totale=_entier(ligne["population_totale"], chemin, numero, "population_totale"),
        )
    return list(resultat.values())


def lire_communes(dossier: Path, sirens_epci: Iterable[str]) -> list[LigneCommune]:
    chemin = dossier / "communes.csv"
    sirens = set(sirens_epci)
    resultat: dict[str, LigneCommune] = {}
    colonnes = ("code_insee", "nom", "codes_postaux", "population", "arrondissement", "epci_siren")
    for numero, ligne in _lire_csv(chemin, colonnes):
        code = ligne["code_insee"]
        _verifier(bool(_CODE_INSEE.match(code)), chemin, numero, f"code INSEE invalide « {code} »")
        _verifier(code not in resultat, chemin, numero, f"code INSEE en double « {code} »")
        _verifier(0 < len(ligne["nom"]) <= 120, chemin, numero, "nom manquant ou trop long (120 caractères)")
        codes_postaux = tuple(ligne["codes_postaux"].split())
        for code_postal in codes_postaux:
            _verifier(
                bool(_CODE_POSTAL.match(code_postal)),
                chemin,
                numero,
                f"code postal invalide « {code_postal} »",
            )
        arrondissement = ligne["arrondissement"]
        _verifier(
            bool(_ARRONDISSEMENT.match(arrondissement)),
            chemin,
            numero,
            f"arrondissement invalide « {arrondissement} »",
        )
        epci_siren = ligne["epci_siren"]
        _verifier(
            not epci_siren or epci_siren in sirens,
            chemin,
            numero,
            f"EPCI inconnu « {epci_siren} » (absent de epci.csv)",
        )
        resultat[code] = LigneCommune(
            code_insee=code,
            nom=ligne["nom"],
            codes_postaux=codes_postaux,
            population=_entier(ligne["population"], chemin, numero, "population"),
            arrondissement=arrondissement,
            epci_siren=epci_siren,
            numero_ligne=numero,
        )
    return list(resultat.values())


def lire_territoires(dossier: Path = DOSSIER_PAR_DEFAUT) -> list[LigneTerritoire]:
    """The territories and their rules (also read by the demo loader for the sites' complements)."""
    chemin = fichier_territoires(dossier)
    resultat: dict[str, LigneTerritoire] = {}
    arrondissements_vus: dict[str, str] = {}
    epci_vus: dict[str, str] = {}
    colonnes = ("code", "nom", "complement", "arrondissements", "epci_siren", "chef_lieu_insee")
    for numero, ligne in _lire_csv(chemin, colonnes):
        code = ligne["code"]
        _verifier(
            bool(_CODE_TERRITOIRE.match(code)), chemin, numero, f"code de territoire invalide « {code} »"
        )
        _verifier(len(code) <= 40, chemin, numero, "code de territoire trop long (40 caractères)")
        _verifier(code not in resultat, chemin, numero, f"territoire en double « {code} »")
        _verifier(0 < len(ligne["nom"]) <= 120, chemin, numero, "nom manquant ou trop long (120 caractères)")
        _verifier(bool(ligne["complement"]), chemin, numero, "complément du nom manquant")
        arrondissements = frozenset(ligne["arrondissements"].split())
        epci_sirens = frozenset(ligne["epci_siren"].split())
        _verifier(
            bool(arrondissements or epci_sirens),
            chemin,
            numero,
            "ni arrondissement ni EPCI : territoire vide",
        )
        for arrondissement in arrondissements:
            _verifier(
                arrondissement not in arrondissements_vus,
                chemin,
                numero,
                f"arrondissement {arrondissement} déjà attribué au territoire "
                f"« {arrondissements_vus.get(arrondissement)} »",
            )
            arrondissements_vus[arrondissement] = code
        for siren in epci_sirens:
            _verifier(bool(_SIREN.match(siren)), chemin, numero, f"SIREN d'EPCI invalide « {siren} »")
            _verifier(
                siren not in epci_vus,
                chemin,
                numero,
                f"EPCI {siren} déjà attribué au territoire « {epci_vus.get(siren)} »",
            )
            epci_vus[siren] = code
        chef_lieu = ligne["chef_lieu_insee"]
        _verifier(bool(_CODE_INSEE.match(chef_lieu)), chemin, numero, f"code INSEE invalide « {chef_lieu} »")
        resultat[code] = LigneTerritoire(
            code=code,
            nom=ligne["nom"],
            complement=ligne["complement"],
            arrondissements=arrondissements,
            epci_sirens=epci_sirens,
            chef_lieu_insee=chef_lieu,
            numero_ligne=numero,
        )
    return list(resultat.values())


def _territoires_des_communes(
    dossier: Path, communes: Sequence[LigneCommune], territoires: Sequence[LigneTerritoire]
) -> dict[str, str]:
    """INSEE code → territory code. An EPCI rule takes precedence over an arrondissement rule."""
    par_epci = {siren: t.code for t in territoires for siren in t.epci_sirens}
    par_arrondissement = {a: t.code for t in territoires for a in t.arrondissements}
    resultat: dict[str, str] = {}
    for commune in communes:
        territoire = par_epci.get(commune.epci_siren) or par_arrondissement.get(commune.arrondissement)
        if territoire is None:
            raise _erreur(
                dossier / "communes.csv",
                commune.numero_ligne,
                f"aucun territoire pour la commune {commune.code_insee} {commune.nom} "
                f"(arrondissement {commune.arrondissement}, EPCI {commune.epci_siren or 'aucun'})",
            )
        resultat[commune.code_insee] = territoire
    chemin = fichier_territoires(dossier)
    for territoire_lu in territoires:
        _verifier(
            resultat.get(territoire_lu.chef_lieu_insee) == territoire_lu.code,
            chemin,
            territoire_lu.numero_ligne,
            f"le chef-lieu {territoire_lu.chef_lieu_insee} est absent des communes ou hors du territoire",
        )
    for nom, code in [*MAISONS_DES_ADOLESCENTS, (NOM_SIEGE, CHEF_LIEU_DEPARTEMENT)]:
        if code not in resultat:
            raise ValidationError(
                "La commune %(code)s du site « %(nom)s » est absente de communes.csv.",
                code="referentiel_invalide",
                params={"code": code, "nom": nom},
            )
    return resultat


# --- Writing ---------------------------------------------------------------------------------------

M = TypeVar("M", bound=models.Model)


def _synchroniser(
    modele: type[M], cle: str, voulus: Mapping[str, dict[str, Any]], compte: Compte
) -> dict[str, M]:
    """Upsert ``modele`` rows keyed on the unique field ``cle``; ``voulus`` gives each key's values by
    attname. Reads the table once, then one bulk insert and one bulk update of the changed rows only."""
    existants: dict[str, M] = {getattr(objet, cle): objet for objet in modele._default_manager.all()}
    a_creer: list[M] = []
    a_modifier: list[M] = []
    champs_modifies: set[str] = set()
    for valeur_cle, valeurs in voulus.items():
        objet = existants.get(valeur_cle)
        if objet is None:
            objet = modele(**{cle: valeur_cle, **valeurs})
            a_creer.append(objet)
            existants[valeur_cle] = objet
            continue
        differents = [attname for attname, valeur in valeurs.items() if getattr(objet, attname) != valeur]
        if differents:
            for attname in differents:
                setattr(objet, attname, valeurs[attname])
            champs_modifies.update(differents)
            a_modifier.append(objet)
    if a_creer:
        modele._default_manager.bulk_create(a_creer)
    if a_modifier:
        noms = {f.attname: f.name for f in modele._meta.concrete_fields}
        modele._default_manager.bulk_update(a_modifier, sorted(noms[a] for a in champs_modifies))
    compte.crees += len(a_creer)
    compte.modifies += len(a_modifier)
    return existants


@transaction.atomic
def referentiel_charger(*, dossier: Path | None = None) -> RapportChargement:
    """Load (or refresh) the EPCI, communes, territories and the département's sites from ``dossier``.

    ``dossier`` holds ``communes.csv`` and ``epci.csv``; the territory rules are the sibling file
    ``territoires-<dossier>.csv``. Every file is read and checked before the first write, so a
    malformed file raises ``ValidationError`` (file and line in French) and saves nothing.

    Sites: per territory, one MDS and one Maison de l'Autonomie serving all its communes, located in
    its main town; the Maisons des Adolescents of Arras, Boulogne-sur-Mer, Calais and Lens serving
    their territory; the Siège du Département in Arras, serving no commune.
    """
    dossier = dossier or DOSSIER_PAR_DEFAUT
    epcis = lire_epci(dossier)
    communes = lire_communes(dossier, (e.siren for e in epcis))
    territoires = lire_territoires(dossier)
    territoire_de = _territoires_des_communes(dossier, communes, territoires)

    # Two loads at once (several processes starting together) would both insert the same rows:
    # the second waits for the first to commit, then finds everything in place.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [VERROU_CHARGEMENT])
    rapport = RapportChargement()
    territoires_db = _synchroniser(
        Territoire, "code", {t.code: {"nom": t.nom} for t in territoires}, rapport.territoires
    )
    epcis_db = _synchroniser(
        Epci,
        "siren",
        {e.siren: {"nom": e.nom, "type": e.type, "population_totale": e.population_totale} for e in epcis},
        rapport.epci,
    )
    communes_db = _synchroniser(
        Commune,
        "code_insee",
        {
            c.code_insee: {
                "nom": c.nom,
                "codes_postaux": list(c.codes_postaux),
                "population": c.population,
                "arrondissement": c.arrondissement,
                "epci_id": epcis_db[c.epci_siren].pk if c.epci_siren else None,
                "territoire_id": territoires_db[territoire_de[c.code_insee]].pk,
            }
            for c in communes
        },
        rapport.communes,
    )

    communes_du_territoire: dict[str, set[int]] = {t.code: set() for t in territoires}
    for code_insee, code_territoire in territoire_de.items():
        communes_du_territoire[code_territoire].add(communes_db[code_insee].pk)

    sites_voulus: dict[str, dict[str, Any]] = {}
    dessertes_voulues: dict[str, set[int]] = {}

    def site(nom: str, type_site: TypeSite, code_insee: str, territoire: str | None) -> None:
        sites_voulus[nom] = {
            "type": type_site.value,
            "commune_id": communes_db[code_insee].pk,
            "territoire_id": territoires_db[territoire].pk if territoire else None,
        }
        dessertes_voulues[nom] = communes_du_territoire[territoire] if territoire else set()

    for t in territoires:
        site(f"MDS {t.complement}", TypeSite.MDS, t.chef_lieu_insee, t.code)
        site(f"Maison de l'Autonomie {t.complement}", TypeSite.MAISON_AUTONOMIE, t.chef_lieu_insee, t.code)
    for nom, code_insee in MAISONS_DES_ADOLESCENTS:
        site(nom, TypeSite.MAISON_ADOLESCENTS, code_insee, territoire_de[code_insee])
    site(NOM_SIEGE, TypeSite.SIEGE, CHEF_LIEU_DEPARTEMENT, None)
    sites_db = _synchroniser(Site, "nom", sites_voulus, rapport.sites)

    _synchroniser_dessertes(
        {sites_db[nom].pk: communes for nom, communes in dessertes_voulues.items()}, rapport
    )
    return rapport


def _synchroniser_dessertes(voulues: Mapping[int, set[int]], rapport: RapportChargement) -> None:
    """Make the communes served by these sites equal to ``voulues`` (site id → commune ids)."""
    Desserte = Site.communes_desservies.through
    existantes = set(Desserte.objects.filter(site_id__in=voulues).values_list("site_id", "commune_id"))
    cibles = {(site_id, commune_id) for site_id, communes in voulues.items() for commune_id in communes}
    a_ajouter = cibles - existantes
    a_retirer = existantes - cibles
    if a_ajouter:
        Desserte.objects.bulk_create(
            [Desserte(site_id=site_id, commune_id=commune_id) for site_id, commune_id in sorted(a_ajouter)]
        )
    for site_id in {site_id for site_id, _ in a_retirer}:
        Desserte.objects.filter(
            site_id=site_id, commune_id__in=[c for s, c in a_retirer if s == site_id]
        ).delete()
    rapport.dessertes_ajoutees += len(a_ajouter)
    rapport.dessertes_retirees += len(a_retirer)
