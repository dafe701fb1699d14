"""Reads of the guide: the search, the scoped fetches, the partner's and the moderator's lists.

Search (``services_rechercher``): one box, accent- and case-insensitive French full text with prefix
matching over the stored ``recherche`` vectors (immutable ``guide_vecteur_*`` SQL functions of
migration 0001: unaccent + the ``french`` configuration, GIN indexes), ranked with ``ts_rank``, with a
trigram fallback on service names for typos; facets and the zone filter are SQL conditions on
indexed arrays, and the facet counts one query (``facettes_compter``). The same code runs on the
embedded and the server PostgreSQL. Measured at 10,000 services: docs/decisions/0003.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Func,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.utils import timezone

from guide_ressources.enums import PUBLIC_TOUS, StatutPublication, Taxonomie
from guide_ressources.models import (
    Importation,
    Service,
    Structure,
    StructureUserObjectPermission,
    TransitionPublication,
)
from guide_ressources.models.fiches import ServiceQuerySet, codes_couvrant, lecteur_du_guide
from guide_ressources.reglages import code_departement
from guide_ressources.taxonomies import Taxonomies, taxonomies_lire
from social.enums import UniteParametre
from social.exceptions import ParametreIntrouvable
from social.models import Commune, Epci, Organisation, Territoire, Utilisateur
from social.models.parametres import Parametre
from social.parametres import ajouter_mois, parametre_en_vigueur
from social.perimetre import perimetre_de

AnyUser = Utilisateur | AnonymousUser
LONGUEUR_MINIMALE_MOT = 2
LONGUEUR_MINIMALE_TRIGRAMME = 4
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def seuil_fraicheur(jour: datetime.date | None = None) -> datetime.date:
    """Entries not confirmed since this day are stale: ``jour`` minus the ``guide.fraicheur`` delay."""
    jour = jour or timezone.localdate()
    parametre = parametre_en_vigueur("guide.fraicheur", jour)
    return seuil_depuis(jour, int(parametre.valeur), parametre.unite)


def seuil_depuis(jour: datetime.date, quantite: int, unite: str) -> datetime.date:
    """``jour`` minus the freshness delay ``quantite`` ``unite`` (``seuil_fraicheur``)."""
    match unite:
        case UniteParametre.MOIS:
            return ajouter_mois(jour, -quantite)
        case UniteParametre.ANNEES:
            return ajouter_mois(jour, -12 * quantite)
        case UniteParametre.SEMAINES:
            return jour - datetime.timedelta(weeks=quantite)
        case _:
            return jour - datetime.timedelta(days=quantite)


def mots_recherche(texte: str) -> list[str]:
    """Lower case, no accents, ligatures spelled out, letters and digits only: the words of a query
    as the SQL ``guide_texte`` sees the indexed text."""
    decompose = unicodedata.normalize("NFKD", texte.translate(_LIGATURES))
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c)).lower()
    return [mot for mot in re.split(r"[^a-z0-9]+", sans_accents) if len(mot) >= LONGUEUR_MINIMALE_MOT]


def requete_plein_texte(mots: list[str]) -> SearchQuery:
    """``to_tsquery('french', 'heberg:* & urgenc:*')``: every word, each as a prefix. Words hold only
    ``[a-z0-9]``, so the raw syntax cannot be injected."""
    return SearchQuery(" & ".join(f"{mot}:*" for mot in mots), search_type="raw", config="french")


@dataclass(frozen=True)
class Criteres:
    """A search: the box and the facets (each optional)."""

    texte: str = ""
    thematique: str = ""  # a thématique, or a group of them (``logement-hebergement``)
    public: str = ""
    frais: str = ""
    mode_accueil: str = ""
    commune: Commune | None = None  # services whose zone covers this commune

    @property
    def vide(self) -> bool:
        return not (
            mots_recherche(self.texte)
            or self.thematique
            or self.public
            or self.frais
            or self.mode_accueil
            or self.commune
        )


def _correspondances(taxonomies: Taxonomies, taxonomie: Taxonomie) -> dict[str, set[str]]:
    """Each local term and its national correspondence, both ways."""
    resultat: dict[str, set[str]] = {}
    for terme in taxonomies.actifs(taxonomie):
        if terme.locale and terme.correspondance:
            resultat.setdefault(terme.valeur, set()).add(terme.correspondance)
            resultat.setdefault(terme.correspondance, set()).add(terme.valeur)
    return resultat


def _equivalents(
    taxonomies: Taxonomies,
    taxonomie: Taxonomie,
    valeurs: list[str],
    correspondances: dict[str, set[str]] | None = None,
) -> list[str]:
    """The values and their local/national equivalents: filtering on a national term finds the local
    terms exported as it, and the other way round."""
    if correspondances is None:
        correspondances = _correspondances(taxonomies, taxonomie)
    resultat = set(valeurs)
    for valeur in valeurs:
        resultat |= correspondances.get(valeur, set())
    return sorted(resultat)


def _valeurs_facettes(criteres: Criteres, taxonomies: Taxonomies) -> dict[str, Any]:
    """What each active facet filters on, by facet name: the thématiques and publics with their
    equivalents, the fees, the reception mode, the commune's covering zone codes and territory. The
    ORM conditions (``_conditions_facettes``) and the page's SQL (``recherche_page``) are built from it."""
    valeurs: dict[str, Any] = {}
    if criteres.thematique:
        valeurs["thematique"] = _equivalents(
            taxonomies, Taxonomie.THEMATIQUES, taxonomies.thematiques_de(criteres.thematique)
        )
    if criteres.public:
        valeurs["public"] = [*_equivalents(taxonomies, Taxonomie.PUBLICS, [criteres.public]), PUBLIC_TOUS]
    if criteres.frais:
        valeurs["frais"] = criteres.frais
    if criteres.mode_accueil:
        valeurs["mode_accueil"] = criteres.mode_accueil
    if criteres.commune is not None:
        commune = criteres.commune
        valeurs["commune"] = (
            codes_couvrant(
                code_insee=commune.code_insee,
                siren_epci=commune.epci.siren if commune.epci_id else None,  # type: ignore[union-attr]
                departement=_departement_de(commune.code_insee),
            ),
            commune.territoire.code if commune.territoire_id else None,  # type: ignore[union-attr]
        )
    return valeurs


def _conditions_facettes(criteres: Criteres, taxonomies: Taxonomies) -> dict[str, Q]:
    """The SQL condition of each active facet, by facet name (``thematique``, ``public``, ``frais``,
    ``mode_accueil``, ``commune``)."""
    conditions: dict[str, Q] = {}
    for nom, valeur in _valeurs_facettes(criteres, taxonomies).items():
        match nom:
            case "thematique":
                conditions[nom] = Q(thematiques__overlap=valeur)
            case "public":
                conditions[nom] = Q(publics__overlap=valeur)
            case "frais":
                conditions[nom] = Q(frais=valeur)
            case "mode_accueil":
                conditions[nom] = Q(modes_accueil__contains=[valeur])
            case "commune":
                codes, territoire = valeur
                condition = Q(zone_codes__overlap=codes)
                if territoire:
                    condition |= Q(zone_territoires__contains=[territoire])
                conditions[nom] = condition
    return conditions


@dataclass(frozen=True)
class MotLu:
    """What the indexes say of one word of the query, read before the search (``mots_lire``)."""

    mot: str
    vide: bool  # a French stop word (« du », « les »): to_tsquery drops it, the word is ignored
    dans_services: bool  # some service's text (its structure's included) has a word it prefixes


def mots_lire(texte: str) -> list[MotLu]:
    """The words of a query and what the GIN index says of each: one query for every word (no
    row-by-row evaluation). A page reads them once for its results and its facet counts."""
    mots = mots_recherche(texte)
    if not mots:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT numnode(q) = 0,
                   EXISTS(SELECT 1 FROM guide_ressources_service s WHERE s.recherche @@ q)
            FROM unnest(%s::text[]) WITH ORDINALITY AS m(mot, rang),
                 LATERAL to_tsquery('french', m.mot || ':*') AS q
            ORDER BY m.rang
            """,
            [mots],
        )
        return [MotLu(mot, vide, existe) for mot, (vide, existe) in zip(mots, cursor.fetchall(), strict=True)]


def _mots_indexes(lus: list[MotLu]) -> list[str]:
    """The words searched on the index: all but stop words and typos (``_services_du_texte``)."""
    return [lu.mot for lu in lus if not lu.vide and not _faute_de_frappe(lu)]


def _faute_de_frappe(lu: MotLu) -> bool:
    return not lu.vide and not lu.dans_services and len(lu.mot) >= LONGUEUR_MINIMALE_TRIGRAMME


def _services_du_texte(*, user: AnyUser, lus: list[MotLu]) -> ServiceQuerySet:
    """Published services visible by ``user`` whose text matches every word (no facet applied).

    Every word must prefix a word of the service's vector, which holds its name, thématiques,
    description and its structure's name and description (``Service.texte_structure``): the words
    together are one ``@@`` condition on the GIN index. A word that prefixes no word anywhere is taken
    for a typo, and matches the services whose name has a close word (trigrams, from 4 letters); no
    per-row similarity otherwise, the costliest part (docs/decisions/0003)."""
    services = Service.objects.publies_visibles_par(user)
    mots = _mots_indexes(lus)
    if mots:
        services = services.filter(recherche=requete_plein_texte(mots))
    for lu in lus:
        if _faute_de_frappe(lu):
            services = services.filter(nom_normalise__trigram_word_similar=lu.mot)
    return services


def services_rechercher(
    *,
    user: AnyUser,
    criteres: Criteres,
    taxonomies: Taxonomies | None = None,
    jour: datetime.date | None = None,
    lus: list[MotLu] | None = None,
) -> QuerySet[Service]:
    """Published services visible by ``user`` matching ``criteres``, best first, each annotated with
    ``perimee`` (not confirmed since the freshness delay) and ``rang``.

    Text: every word must prefix a word of the service (name, thématiques, description) or of its
    structure (name, description), accents and case ignored (« heberg » finds « Hébergement
    d'urgence »); a word that prefixes no word anywhere is taken for a typo and must be close to a
    word of the service's name (trigrams: « alimantaire »); stop words are ignored. Ranked by
    ``ts_rank`` (the service's name first, the structure's text last) and the name's similarity.
    Zone: the service's zone lists the commune, its EPCI, its territory, its département or the
    country (one SQL condition on GIN-indexed arrays).
    """
    taxonomies = taxonomies or taxonomies_lire()
    lus = mots_lire(criteres.texte) if lus is None else lus
    mots = [lu.mot for lu in lus if not lu.vide]
    services = (
        _services_du_texte(user=user, lus=lus)
        .filter(*_conditions_facettes(criteres, taxonomies).values())
        # The structures of the page only (a query by id), not joined to every matching service.
        .prefetch_related(Prefetch("structure", queryset=Structure.objects.defer("recherche")))
        # Large tsvectors and the copied text, never shown.
        .defer("recherche", "nom_normalise", "texte_structure")
        .avec_fraicheur(seuil_fraicheur(jour))
    )
    if not mots:
        return services.annotate(rang=Value(0.0)).order_by("nom_normalise", "id")
    indexes = _mots_indexes(lus)
    similarite = TrigramWordSimilarity(" ".join(mots), "nom_normalise") * Value(0.5)
    rang = SearchRank(F("recherche"), requete_plein_texte(indexes)) + similarite if indexes else similarite
    return services.annotate(rang=rang).order_by("-rang", "nom_normalise", "id")


# --- Facet counts ------------------------------------------------------------------------------------

FACETTES = ("thematique", "public", "frais", "mode_accueil", "commune")


@dataclass(frozen=True)
class Facettes:
    """For each value of each facet, the number of services the search would list with that value
    chosen and the other active filters kept (the value's own facet is set aside). Values without a
    service are absent (``nombre`` gives 0). ``commune``: the services covering the chosen commune
    (None without a commune); ``toutes_zones``: the same search whatever the zone; ``total``: what
    the search lists (the page's count, without a query of its own)."""

    thematique: dict[str, int] = field(default_factory=dict)
    public: dict[str, int] = field(default_factory=dict)
    frais: dict[str, int] = field(default_factory=dict)
    mode_accueil: dict[str, int] = field(default_factory=dict)
    commune: int | None = None
    toutes_zones: int = 0
    total: int = 0  # the services the search lists (every filter applied)

    def nombre(self, facette: str, valeur: str) -> int:
        return cast(dict[str, int], getattr(self, facette)).get(valeur, 0)


def _inverse(
    taxonomies: Taxonomies, taxonomie: Taxonomie, valeurs_facette: dict[str, list[str]]
) -> dict[str, list[str]]:
    """Each stored value -> the facet values whose filter it satisfies (equivalents included)."""
    correspondances = _correspondances(taxonomies, taxonomie)
    inverse: dict[str, set[str]] = {}
    for valeur_facette, filtre in valeurs_facette.items():
        for stockee in _equivalents(taxonomies, taxonomie, filtre, correspondances):
            inverse.setdefault(stockee, set()).add(valeur_facette)
    return {stockee: sorted(valeurs) for stockee, valeurs in sorted(inverse.items())}


def _cartes_facettes(taxonomies: Taxonomies) -> tuple[str, str]:
    """The JSON maps of ``facettes_compter`` (stored value -> facet values), for thématiques and
    publics; computed once per version of the taxonomies (``Taxonomies.derive``)."""
    categories = taxonomies.categories()
    thematiques = {
        **{c.valeur: [t.valeur for t in c.thematiques] for c in categories},
        **{t.valeur: [t.valeur] for c in categories for t in c.thematiques},
    }
    publics = {v: [v] for v in taxonomies.valeurs(Taxonomie.PUBLICS) if v != PUBLIC_TOUS}
    publics_inverse = _inverse(taxonomies, Taxonomie.PUBLICS, publics)
    publics_inverse[PUBLIC_TOUS] = sorted(publics)  # « tous publics » is offered to every public
    return json.dumps(_inverse(taxonomies, Taxonomie.THEMATIQUES, thematiques)), json.dumps(publics_inverse)


def facettes_compter(
    *,
    user: AnyUser,
    criteres: Criteres,
    taxonomies: Taxonomies | None = None,
    lus: list[MotLu] | None = None,
) -> Facettes:
    """The facet counts of a search, in one SQL query whatever the number of values.

    The services matching the text (and visible by ``user``) are read once, each with one boolean per
    active facet; each facet is then counted over the services passing the *other* facets, by
    unnesting the service's values through a map from stored value to facet values (a thématique
    counts for itself, its group and its local or national equivalent; « tous publics » counts for every
    public), one distinct count per facet value."""
    taxonomies = taxonomies or taxonomies_lire()
    conditions = _conditions_facettes(criteres, taxonomies)
    base = (
        _services_du_texte(user=user, lus=mots_lire(criteres.texte) if lus is None else lus)
        .annotate(
            **{
                f"f_{nom}": ExpressionWrapper(conditions.get(nom, Q(pk__isnull=False)), BooleanField())
                for nom in FACETTES
            }
        )
        .values("id", "thematiques", "publics", "frais", "modes_accueil", *[f"f_{nom}" for nom in FACETTES])
        .order_by()
    )
    sql, params = base.query.sql_with_params()
    carte_thematiques, carte_publics = taxonomies.derive("guide.facettes", _cartes_facettes)

    def autres(nom: str) -> str:
        return " AND ".join(f"b.f_{autre}" for autre in FACETTES if autre != nom)

    requete = f"""
        WITH b AS MATERIALIZED ({sql})
        SELECT 'thematique', k, count(DISTINCT b.id) FROM b, unnest(b.thematiques) v,
            jsonb_array_elements_text(%s::jsonb -> v) k WHERE {autres("thematique")} GROUP BY k
        UNION ALL
        SELECT 'public', k, count(DISTINCT b.id) FROM b, unnest(b.publics) v,
            jsonb_array_elements_text(%s::jsonb -> v) k WHERE {autres("public")} GROUP BY k
        UNION ALL
        SELECT 'frais', b.frais, count(*) FROM b WHERE {autres("frais")} AND b.frais <> '' GROUP BY b.frais
        UNION ALL
        SELECT 'mode_accueil', v, count(DISTINCT b.id) FROM b, unnest(b.modes_accueil) v
            WHERE {autres("mode_accueil")} GROUP BY v
        UNION ALL
        SELECT 'total', '', count(*) FROM b WHERE {" AND ".join(f"b.f_{nom}" for nom in FACETTES)}
        UNION ALL
        SELECT 'commune', 'couverte', count(*) FROM b WHERE {autres("commune")} AND b.f_commune
        UNION ALL
        SELECT 'commune', 'toutes', count(*) FROM b WHERE {autres("commune")}
    """  # noqa: S608 (only column names and fixed SQL are formatted in; values are parameters)
    comptes: dict[str, dict[str, int]] = {nom: {} for nom in (*FACETTES, "total")}
    with connection.cursor() as cursor:
        cursor.execute(
            requete,
            [
                *params,
                carte_thematiques,
                carte_publics,
            ],
        )
        for facette, valeur, nombre in cursor.fetchall():
            comptes[facette][valeur] = nombre
    return Facettes(
        thematique=comptes["thematique"],
        public=comptes["public"],
        frais=comptes["frais"],
        mode_accueil=comptes["mode_accueil"],
        commune=comptes["commune"].get("couverte", 0) if criteres.commune is not None else None,
        toutes_zones=comptes["commune"].get("toutes", 0),
        total=comptes["total"].get("", 0),
    )


# --- The search page in one statement ----------------------------------------------------------------


@dataclass(frozen=True)
class LigneResultat:
    """A row of the results table: what the page shows of a service, its structure's name included."""

    public_id: str
    nom: str
    structure_nom: str
    commune_nom: str
    thematiques: list[str]
    frais: str
    confirme_le: datetime.date
    perimee: bool  # not confirmed since the freshness delay (``seuil_fraicheur``)


@dataclass(frozen=True)
class PageRecherche:
    """A page of a search: the facet counts (and the total), the page number actually shown
    (``Paginator.get_page``'s rule: not a number → 1, out of range → the last page) and its rows."""

    facettes: Facettes
    numero: int
    lignes: list[LigneResultat]


# The tables ``recherche_sql`` reads, named after the models (its columns are named in the SQL, and
# its tests compare it with the ORM formulation).
_SERVICE = Service._meta.db_table
_STRUCTURE = Structure._meta.db_table
_PARAMETRE = Parametre._meta.db_table


def _conditions_facettes_sql(valeurs: dict[str, Any]) -> tuple[dict[str, str], list[Any]]:
    """``_conditions_facettes`` as SQL on the alias ``s``, with the same casts as the ORM's lookups
    (the column's type), every value a parameter; an inactive facet is ``true``."""
    conditions: dict[str, str] = {}
    params: list[Any] = []
    for nom in FACETTES:
        if nom not in valeurs:
            conditions[nom] = "true"
            continue
        valeur = valeurs[nom]
        match nom:
            case "thematique":
                conditions[nom] = "s.thematiques && %s::varchar(150)[]"
                params.append(valeur)
            case "public":
                conditions[nom] = "s.publics && %s::varchar(150)[]"
                params.append(valeur)
            case "frais":
                conditions[nom] = "s.frais = %s"
                params.append(valeur)
            case "mode_accueil":
                conditions[nom] = "s.modes_accueil @> %s::varchar(40)[]"
                params.append([valeur])
            case "commune":
                codes, territoire = valeur
                conditions[nom] = "s.zone_codes && %s::varchar(9)[]"
                params.append(codes)
                if territoire:
                    conditions[nom] = f"({conditions[nom]} OR s.zone_territoires @> %s::varchar(40)[])"
                    params.append([territoire])
    return conditions, params


def _visibles_sql(user: AnyUser) -> tuple[str, list[Any]]:
    """``Service.objects.publies_visibles_par(user)`` as a condition on the alias ``s``: written out
    for guide readers (every page of the search), compiled by the ORM otherwise."""
    perimetre = perimetre_de(user)
    if perimetre.est_administrateur or lecteur_du_guide(perimetre):
        return (
            f"s.statut = %s AND s.structure_id IN (SELECT t.id FROM {_STRUCTURE} t WHERE t.statut = %s)",  # noqa: S608
            [StatutPublication.PUBLIEE.value, StatutPublication.PUBLIEE.value],
        )
    try:
        sql, params = Service.objects.publies_visibles_par(user).values("id").query.sql_with_params()
    except EmptyResultSet:  # nothing visible (an anonymous visitor of a closed guide)
        return "false", []
    return f"s.id IN ({sql})", list(params)


def _numero_demande(numero: Any) -> int:
    """The page asked for, as ``Paginator.validate_number`` reads it: not an integer → page 1 (the
    range is checked in SQL, against the total)."""
    try:
        if isinstance(numero, float) and not numero.is_integer():
            raise ValueError
        demande = int(numero)
    except (TypeError, ValueError):
        return 1
    # Below 1 or beyond any page: the last page (0 is never in range; SQL integers are 32 bits).
    return demande if 1 <= demande < 2**31 else 0


def recherche_sql(
    *,
    user: AnyUser,
    criteres: Criteres,
    taxonomies: Taxonomies,
    lus: list[MotLu] | None,
    numero: Any = None,
    par_page: int = 20,
    jour: datetime.date | None = None,
) -> tuple[str, list[Any]]:
    """The SQL of ``recherche_page`` and its parameters (every value a parameter). ``lus=None``: every
    word taken as found on the index (``recherche_page`` says why that is exact when the statement
    finds a service, and searches again with the words read when it does not)."""
    visibles, params_visibles = _visibles_sql(user)
    texte: list[str] = []
    params_texte: list[Any] = []
    if lus is None:
        # Stop words too: to_tsquery drops them from the query (« les:* & jeunes:* » is « jeun:* »).
        indexes = mots_recherche(criteres.texte)
        typos: list[str] = []
    else:
        indexes = _mots_indexes(lus)
        typos = [lu.mot for lu in lus if _faute_de_frappe(lu)]
    if indexes:
        texte.append("s.recherche @@ to_tsquery('french'::regconfig, %s)")
        params_texte.append(" & ".join(f"{mot}:*" for mot in indexes))
    for mot in typos:
        texte.append("s.nom_normalise %%> %s")
        params_texte.append(mot)
    conditions, params_conditions = _conditions_facettes_sql(_valeurs_facettes(criteres, taxonomies))
    # The rank of ``services_rechercher``, same expression and types (float4 + float4 * float8), over
    # the words that are not stop words (``mots_lire``'s test, in SQL when the words were not read).
    if lus is None:
        mots_sql = (
            "(SELECT string_agg(m.mot, ' ' ORDER BY m.rang) FROM unnest(%s::text[]) WITH ORDINALITY AS"
            " m(mot, rang) WHERE numnode(to_tsquery('french', m.mot || ':*')) > 0)"
        )
        mots: list[Any] = [indexes] if indexes else []
    else:
        mots_sql = "%s"
        mots = [" ".join(lu.mot for lu in lus if not lu.vide)] if any(not lu.vide for lu in lus) else []
    if not mots:
        rang, params_rang = "0.0::float8", []
    elif indexes:
        rang = (
            "ts_rank(s.recherche, to_tsquery('french'::regconfig, %s)) "
            f"+ word_similarity({mots_sql}, s.nom_normalise) * %s"
        )
        params_rang = [" & ".join(f"{mot}:*" for mot in indexes), *mots, 0.5]
    else:
        rang, params_rang = f"word_similarity({mots_sql}, s.nom_normalise) * %s", [*mots, 0.5]
    carte_thematiques, carte_publics = taxonomies.derive("guide.facettes", _cartes_facettes)
    tous = " AND ".join(f"b.f_{nom}" for nom in FACETTES)

    def autres(nom: str) -> str:
        return " AND ".join(f"b.f_{autre}" for autre in FACETTES if autre != nom)

    jour = jour or timezone.localdate()
    # ``b``: the visible services matching the text, read once (one scan of the full-text index), each
    # with one boolean per facet; the rank is computed for the rows passing every filter only. The
    # facets count ``b``; the page is its best rows, with their structure's name. The freshness
    # parameter in force comes along (``seuil_fraicheur``).
    sql = f"""
        WITH b AS MATERIALIZED (
            SELECT s.id, s.thematiques, s.publics, s.frais, s.modes_accueil,
                   {", ".join(f"{conditions[nom]} AS f_{nom}" for nom in FACETTES)}
            FROM {_SERVICE} s
            WHERE {" AND ".join([visibles, *texte])}
        ),
        r AS MATERIALIZED (
            SELECT s.id, s.structure_id, s.nom_normalise, {rang} AS rang
            FROM b JOIN {_SERVICE} s ON s.id = b.id
            WHERE {tous}
        ),
        n AS (
            SELECT count(*) AS total,
                   greatest(1, ceil(count(*) / %s::numeric))::int AS pages
            FROM r
        ),
        numero AS (
            SELECT CASE WHEN %s::int BETWEEN 1 AND n.pages THEN %s::int ELSE n.pages END AS numero FROM n
        ),
        p AS (
            SELECT r.id, r.structure_id, r.nom_normalise, r.rang
            FROM r
            ORDER BY r.rang DESC, r.nom_normalise, r.id
            LIMIT %s OFFSET (SELECT (numero.numero - 1) * %s FROM numero)
        ),
        f AS (
            SELECT 'thematique' AS facette, k AS valeur, count(DISTINCT b.id) AS nombre
                FROM b, unnest(b.thematiques) v, jsonb_array_elements_text(%s::jsonb -> v) k
                WHERE {autres("thematique")} GROUP BY k
            UNION ALL
            SELECT 'public', k, count(DISTINCT b.id)
                FROM b, unnest(b.publics) v, jsonb_array_elements_text(%s::jsonb -> v) k
                WHERE {autres("public")} GROUP BY k
            UNION ALL
            SELECT 'frais', b.frais, count(*) FROM b
                WHERE {autres("frais")} AND b.frais <> '' GROUP BY b.frais
            UNION ALL
            SELECT 'mode_accueil', v, count(DISTINCT b.id) FROM b, unnest(b.modes_accueil) v
                WHERE {autres("mode_accueil")} GROUP BY v
            UNION ALL
            SELECT 'commune', 'toutes', count(*) FROM b WHERE {autres("commune")}
        )
        SELECT
            EXISTS (SELECT FROM b),
            (SELECT json_agg(json_build_array(f.facette, f.valeur, f.nombre)) FROM f),
            (SELECT n.total FROM n),
            (SELECT numero.numero FROM numero),
            (SELECT json_agg(
                json_build_array(
                    s.public_id, s.nom, t.nom, s.commune_nom, s.thematiques, s.frais, s.confirme_le
                ) ORDER BY p.rang DESC, p.nom_normalise, p.id)
             FROM p JOIN {_SERVICE} s ON s.id = p.id JOIN {_STRUCTURE} t ON t.id = p.structure_id),
            (SELECT json_build_array(pa.valeur::text, pa.unite) FROM {_PARAMETRE} pa
             WHERE pa.code = %s AND pa.date_debut <= %s AND (pa.date_fin IS NULL OR pa.date_fin >= %s)
             ORDER BY pa.code, pa.date_debut LIMIT 1)
    """  # noqa: S608 (only table and column names and fixed SQL are formatted in; values are parameters)
    demande = _numero_demande(numero)
    params = [
        *params_conditions,
        *params_visibles,
        *params_texte,
        *params_rang,
        par_page,
        demande,
        demande,
        par_page,
        par_page,
        carte_thematiques,
        carte_publics,
        "guide.fraicheur",
        jour,
        jour,
    ]
    return sql, params


def recherche_page(
    *,
    user: AnyUser,
    criteres: Criteres,
    taxonomies: Taxonomies | None = None,
    lus: list[MotLu] | None = None,
    numero: Any = None,
    par_page: int = 20,
    jour: datetime.date | None = None,
) -> PageRecherche:
    """What the search page shows, in one SQL statement: the facet counts and the total
    (``facettes_compter``), and the page ``numero`` of the results (``services_rechercher``: same
    services, same order, each with its structure's name and freshness). The services matching the
    text are read once for both, the rank computed only for those passing every filter, and no query
    is compiled by the ORM (docs/decisions/0003). Without ``lus``, the words are read on the indexes
    (``mots_lire``) only when the statement finds no service matching them all."""
    taxonomies = taxonomies or taxonomies_lire()
    jour = jour or timezone.localdate()
    with connection.cursor() as cursor:
        while True:
            sql, params = recherche_sql(
                user=user,
                criteres=criteres,
                taxonomies=taxonomies,
                lus=lus,
                numero=numero,
                par_page=par_page,
                jour=jour,
            )
            cursor.execute(sql, params)
            texte_trouve, facettes_json, total, numero_affiche, lignes_json, parametre = cursor.fetchone()
            # Without the words read first (``lus=None``), each word was taken as found on the index.
            # A visible service matching them all proves it (each word prefixes one of its words):
            # ``mots_lire`` would have said so, the result is exact. None: read the words, and search
            # again if one is a typo or all are stop words (then the facets alone), which the first
            # statement could not know.
            if lus is not None or texte_trouve or not mots_recherche(criteres.texte):
                break
            lus = mots_lire(criteres.texte)
            if not any(_faute_de_frappe(lu) for lu in lus) and not all(lu.vide for lu in lus):
                break
    if parametre is None:
        raise ParametreIntrouvable("guide.fraicheur", jour)
    seuil = seuil_depuis(jour, int(Decimal(parametre[0])), parametre[1])
    comptes: dict[str, dict[str, int]] = {nom: {} for nom in FACETTES}
    for facette, valeur, nombre in facettes_json or []:
        comptes[facette][valeur] = nombre
    lignes = []
    for public_id, nom, structure_nom, commune_nom, thematiques, frais, confirme_le in lignes_json or []:
        confirme = datetime.date.fromisoformat(confirme_le)
        lignes.append(
            LigneResultat(
                public_id, nom, structure_nom, commune_nom, thematiques, frais, confirme, confirme < seuil
            )
        )
    facettes = Facettes(
        thematique=comptes["thematique"],
        public=comptes["public"],
        frais=comptes["frais"],
        mode_accueil=comptes["mode_accueil"],
        commune=total if criteres.commune is not None else None,
        toutes_zones=comptes["commune"].get("toutes", 0),
        total=total,
    )
    return PageRecherche(facettes=facettes, numero=numero_affiche, lignes=lignes)


def _departement_de(code_insee: str) -> str:
    """``62`` for ``62041``; overseas départements have three digits (``971``)."""
    if code_insee.startswith("97"):
        return code_insee[:3]
    return code_insee[:2] if code_insee else code_departement()


@dataclass(frozen=True)
class CommuneTrouvee:
    commune: Commune | None
    candidates: list[Commune]


def commune_trouver(texte: str) -> CommuneTrouvee:
    """A commune from what an agent types: « Arras », « arras », « Arras (62041) », « 62041 » or a
    postal code (« 62000 »). Several matches: none chosen, the candidates returned."""
    texte = texte.strip()
    communes = Commune.objects.select_related("epci", "territoire").order_by("nom", "code_insee")
    code = re.search(r"\((\d{5}|2[AB]\d{3})\)\s*$", texte) or re.fullmatch(r"(\d{5}|2[AB]\d{3})", texte)
    if code:
        trouvee = communes.filter(code_insee=code[1].upper()).first()
        if trouvee is not None:
            return CommuneTrouvee(trouvee, [trouvee])
        candidates = list(communes.filter(codes_postaux__contains=[code[1]])[:10])
    else:
        cle = " ".join(mots_recherche(texte) if len(texte) > 1 else [])
        if not cle:
            return CommuneTrouvee(None, [])
        normalise = Func(
            Func(F("nom"), function="guide_texte"),
            Value("[^a-z0-9]+"),
            Value(" "),
            Value("g"),
            function="regexp_replace",
        )
        candidates = list(communes.alias(cle=normalise).filter(cle=cle)[:10])
    return CommuneTrouvee(candidates[0] if len(candidates) == 1 else None, candidates)


# --- Scoped fetches (out of scope: 404) --------------------------------------------------------------


def _obtenir(requete: QuerySet[Any], public_id: uuid.UUID | str) -> Any:
    try:
        return requete.get(public_id=public_id)
    except (requete.model.DoesNotExist, ValueError, ValidationError) as exc:  # malformed UUID
        raise Http404("Fiche introuvable") from exc


def service_obtenir(*, user: AnyUser, public_id: uuid.UUID | str) -> Service:
    return _obtenir(
        Service.objects.visible_by(user)
        .select_related("structure", "structure__organisation", "commune")
        .avec_fraicheur(seuil_fraicheur()),
        public_id,
    )


def structure_obtenir(*, user: AnyUser, public_id: uuid.UUID | str) -> Structure:
    return _obtenir(
        Structure.objects.visible_by(user).select_related("organisation").avec_fraicheur(seuil_fraicheur()),
        public_id,
    )


def fiche_obtenir(
    *, user: AnyUser, modele: type[Structure] | type[Service], public_id: uuid.UUID | str
) -> Structure | Service:
    """A structure or a service visible by ``user`` (moderation forms name the kind)."""
    return _obtenir(modele.objects.visible_by(user), public_id)


def service_modifiable_obtenir(*, user: AnyUser, public_id: uuid.UUID | str) -> Service:
    """A service ``user`` may edit; any other (another organisation's, imported, absent) is a 404."""
    return _obtenir(Service.objects.modifiables_par(user).select_related("structure"), public_id)


def structure_modifiable_obtenir(*, user: AnyUser, public_id: uuid.UUID | str) -> Structure:
    return _obtenir(Structure.objects.modifiables_par(user).select_related("organisation"), public_id)


def services_de_structure(*, user: AnyUser, structure: Structure) -> list[Service]:
    return list(
        Service.objects.visible_by(user)
        .filter(structure=structure)
        .avec_fraicheur(seuil_fraicheur())
        .order_by("nom", "id")
    )


def coediteurs_de(*, structure: Structure) -> list[StructureUserObjectPermission]:
    """The co-editor grants of a structure (expired ones included, flagged ``expiree``), newest first;
    one query whatever their number."""
    maintenant = timezone.now()
    return list(
        StructureUserObjectPermission.objects.filter(
            content_object=structure, permission__codename="change_structure"
        )
        .select_related("user", "accorde_par")
        .annotate(
            expiree=ExpressionWrapper(
                Q(expire_le__isnull=False, expire_le__lte=maintenant), output_field=BooleanField()
            )
        )
        .order_by("-accorde_le", "-id")
    )


def coediteur_obtenir(*, structure: Structure, autorisation_id: int) -> StructureUserObjectPermission:
    """A grant on this structure (another structure's: 404)."""
    try:
        return StructureUserObjectPermission.objects.select_related("user").get(
            pk=autorisation_id, content_object=structure
        )
    except StructureUserObjectPermission.DoesNotExist as exc:
        raise Http404("Co-éditeur introuvable") from exc


# --- Partner and moderator lists ---------------------------------------------------------------------


def fiches_modifiables(*, user: AnyUser) -> list[Structure]:
    """The structures ``user`` may edit, each with its services (``services_fiches``), freshness
    annotated; three queries whatever their number."""
    seuil = seuil_fraicheur()
    return list(
        Structure.objects.modifiables_par(user)
        .select_related("organisation")
        .avec_fraicheur(seuil)
        .prefetch_related(
            Prefetch(
                "services",
                queryset=Service.objects.avec_fraicheur(seuil).order_by("nom", "id"),
                to_attr="services_fiches",
            )
        )
        .order_by("nom", "id")
    )


@dataclass(frozen=True)
class AModerer:
    structures: list[Structure]
    services: list[Service]

    @property
    def nombre(self) -> int:
        return len(self.structures) + len(self.services)


def fiches_a_moderer() -> AModerer:
    return AModerer(
        structures=list(
            Structure.objects.filter(statut=StatutPublication.A_MODERER)
            .select_related("organisation")
            .order_by("updated_at", "id")
        ),
        services=list(
            Service.objects.filter(statut=StatutPublication.A_MODERER)
            .select_related("structure", "structure__organisation")
            .order_by("updated_at", "id")
        ),
    )


def dernier_refus(fiche: Structure | Service) -> TransitionPublication | None:
    filtre = {"structure": fiche} if isinstance(fiche, Structure) else {"service": fiche}
    return (
        TransitionPublication.objects.filter(**filtre, vers=StatutPublication.REFUSEE)
        .order_by("-created_at", "-id")
        .first()
    )


def historique_fiche(fiche: Structure | Service, limite: int = 20) -> list[Any]:
    """The latest history records of an entry (who changed it, when, why)."""
    return list(fiche.history.select_related("history_user").order_by("-history_date")[:limite])


def importations_recentes(limite: int = 20) -> list[Importation]:
    return list(Importation.objects.select_related("created_by").defer("donnees")[:limite])


def importation_obtenir(*, public_id: uuid.UUID | str) -> Importation:
    return _obtenir(Importation.objects.defer("donnees"), public_id)


def organisations_du_partenaire(*, user: AnyUser) -> list[Organisation]:
    """The organisations for which ``user`` may create structures (all of them for administrators)."""
    perimetre = perimetre_de(user)
    if perimetre.est_administrateur:
        return list(Organisation.objects.order_by("nom"))
    return list(Organisation.objects.filter(pk__in=perimetre.organisation_ids).order_by("nom"))


def zone_lisible(service: Service) -> list[str]:
    """The eligibility zone in words: « Tout le département », territories, EPCI and commune names;
    codes outside the referential as they are. Three small queries."""
    departement = code_departement()
    codes = [code for code in service.zone_codes if code != departement]
    resultat = ["Tout le département"] if departement in service.zone_codes else []
    territoires = dict(
        Territoire.objects.filter(code__in=service.zone_territoires).values_list("code", "nom")
    )
    resultat += [f"Territoire {territoires.get(code, code)}" for code in service.zone_territoires]
    epci = dict(Epci.objects.filter(siren__in=codes).values_list("siren", "nom"))
    communes = dict(Commune.objects.filter(code_insee__in=codes).values_list("code_insee", "nom"))
    for code in codes:
        if code in epci:
            resultat.append(epci[code])
        elif code in communes:
            resultat.append(f"{communes[code]} ({code})")
        elif code in {"france", "99100"}:
            resultat.append("Toute la France")
        else:
            resultat.append(code)
    return resultat
