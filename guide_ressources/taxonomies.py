"""The taxonomies in memory: labels, choices, groups of thématiques, and the national value of each
local term. One small query per read (``taxonomies_lire``): the rows themselves are kept per process
while their version is unchanged; pages and exports read them once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from guide_ressources.enums import Taxonomie
from guide_ressources.models import Terme

# Each record field using a taxonomy, and which one.
CHAMPS_TAXONOMIES: dict[str, Taxonomie] = {
    "thematiques": Taxonomie.THEMATIQUES,
    "type": Taxonomie.TYPES_SERVICES,
    "frais": Taxonomie.FRAIS,
    "publics": Taxonomie.PUBLICS,
    "modes_accueil": Taxonomie.MODES_ACCUEIL,
    "modes_mobilisation": Taxonomie.MODES_MOBILISATION,
    "mobilisable_par": Taxonomie.PERSONNES_MOBILISATRICES,
    "reseaux_porteurs": Taxonomie.RESEAUX_PORTEURS,
}


@dataclass(frozen=True)
class Categorie:
    valeur: str
    libelle: str
    thematiques: list[Terme] = field(default_factory=list)


@dataclass(frozen=True)
class Taxonomies:
    """Every term, by taxonomy then value (inactive terms included, for the labels of old records)."""

    termes: dict[str, dict[str, Terme]]
    # What callers derive from the terms, computed once per version (``derive``).
    _derives: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def derive(self, cle: str, calcul: Callable[[Taxonomies], Any]) -> Any:
        """``calcul(self)``, computed once for these terms (the object is shared while its version
        holds): the caller must not modify what it gets."""
        if cle not in self._derives:
            self._derives[cle] = calcul(self)
        return self._derives[cle]

    def libelle(self, taxonomie: Taxonomie | str, valeur: str) -> str:
        terme = self.termes.get(taxonomie, {}).get(valeur)
        return terme.libelle if terme else valeur

    def libelles(self, taxonomie: Taxonomie | str, valeurs: Iterable[str]) -> list[str]:
        return [self.libelle(taxonomie, valeur) for valeur in valeurs]

    def actifs(self, taxonomie: Taxonomie | str) -> list[Terme]:
        return [terme for terme in self.termes.get(taxonomie, {}).values() if terme.actif]

    def choix(self, taxonomie: Taxonomie | str) -> list[tuple[str, str]]:
        return [(terme.valeur, terme.libelle) for terme in self.actifs(taxonomie)]

    def valeurs(self, taxonomie: Taxonomie | str) -> set[str]:
        return {terme.valeur for terme in self.actifs(taxonomie)}

    def inconnues(self, taxonomie: Taxonomie | str, valeurs: Iterable[str]) -> list[str]:
        connues = self.valeurs(taxonomie)
        return [valeur for valeur in valeurs if valeur not in connues]

    def vers_national(self, taxonomie: Taxonomie | str, valeurs: Iterable[str]) -> list[str]:
        """The values as exported: each local term becomes its national correspondence (dropped when
        it has none); duplicates removed, first occurrence kept."""
        resultat: list[str] = []
        for valeur in valeurs:
            terme = self.termes.get(taxonomie, {}).get(valeur)
            nationale = (terme.correspondance or None) if terme is not None and terme.locale else valeur
            if nationale and nationale not in resultat:
                resultat.append(nationale)
        return resultat

    def fusion_locale(
        self, taxonomie: Taxonomie | str, actuelles: Iterable[str], importees: list[str]
    ) -> list[str]:
        """Imported national values merged with a record's current local terms: a local term stays
        when its national correspondence is still imported, and stands for it (export → import →
        export is stable and keeps the local precision)."""
        gardees = []
        couvertes: set[str] = set()
        for valeur in actuelles:
            terme = self.termes.get(taxonomie, {}).get(valeur)
            if terme is not None and terme.locale and terme.correspondance in importees:
                gardees.append(valeur)
                couvertes.add(terme.correspondance)
        return gardees + [valeur for valeur in importees if valeur not in couvertes]

    def categories(self) -> list[Categorie]:
        """Groups of thématiques (``categorie--sous-thematique``), in the order of their labels file."""
        categories = {
            terme.valeur: Categorie(terme.valeur, terme.libelle)
            for terme in self.actifs(Taxonomie.CATEGORIES_THEMATIQUES)
        }
        for terme in self.actifs(Taxonomie.THEMATIQUES):
            categorie = categories.setdefault(terme.categorie, Categorie(terme.categorie, terme.categorie))
            categorie.thematiques.append(terme)
        return [categorie for categorie in categories.values() if categorie.thematiques]

    def thematiques_de(self, filtre: str) -> list[str]:
        """A thématique, or every thématique of a group when ``filtre`` names a group."""
        if "--" in filtre:
            return [filtre]
        return [terme.valeur for terme in self.actifs(Taxonomie.THEMATIQUES) if terme.categorie == filtre]


# The version of the terms table: every row's identity and tuple (``xmin``: the transaction that wrote
# it, ``ctid``: where). Any insert, update or delete changes it, in the writing transaction as well as
# in others once committed, and a rollback brings back the previous value: the cache is exact across
# processes and transactions (tests included) without any invalidation to call. ~0.2 ms for 250 rows.
_VERSION_SQL = (
    "SELECT md5(coalesce(string_agg(id::text || ':' || xmin::text || ctid::text, ',' ORDER BY id), ''))"
    " FROM guide_ressources_terme"
)
_cache: tuple[str, str, Taxonomies] | None = None  # (database name, version, taxonomies)


def taxonomies_lire() -> Taxonomies:
    """Every term (one small query for the version; the rows are read again only when it changed).
    The returned object and its terms are shared: read only."""
    global _cache
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        (version,) = cursor.fetchone()
    cache = _cache
    if cache is not None and cache[0] == connection.settings_dict["NAME"] and cache[1] == version:
        return cache[2]
    termes: dict[str, dict[str, Terme]] = {}
    for terme in Terme.objects.order_by("taxonomie", "rang", "valeur"):
        termes.setdefault(terme.taxonomie, {})[terme.valeur] = terme
    taxonomies = Taxonomies(termes)
    _cache = (connection.settings_dict["NAME"], version, taxonomies)
    return taxonomies
