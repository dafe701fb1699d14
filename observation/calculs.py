"""The indicators as SQL aggregations: one query per indicator and month range, never a loop over rows.

Each ``calcul_*`` function returns a :class:`Requete` whose rows are
``(mois, territoire_id, site_id, dispositif, numerateur, denominateur, valeur)`` for every level at once
(``GROUPING SETS``): site × dispositif, site, territory × dispositif, territory, département ×
dispositif, département (a blank ``dispositif`` is "all"; no territory and no site is the département).
``observation.actions.indicateurs_calculer`` inserts them with ``INSERT … SELECT``.

**Where a pathway is counted.** A pathway moves between sites (transfer, reorganisation): each month's
figure goes to the site the pathway belonged to *at that date*, read from its history
(django-simple-history's ``HistoricalParcours``): a version is in force from its ``history_date`` to
the next one's. The state at the end of a month is the version in force just before midnight (local
time, ``settings.TIME_ZONE``) of the first day of the next month; an event of day *d* (an entry, an
exit, a decision) goes to the site of the version in force at the end of *d*. A pathway's first version
stands for the time before it was recorded (pathways keyed in after their opening).

**Stocks** (open pathways, without a référent) are counted from the flows: each interval during which
a pathway is open at one site adds +1 in its first month and −1 after its last one, and a running sum
per site and dispositif gives the stock at each month's end. The cost follows the number of versions,
not versions × months.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

from parcours.enums import TypeEcheance


@dataclass(frozen=True)
class Requete:
    sql: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Periode:
    """Months ``debut`` to ``fin`` (first days), both included; ``jour`` is "today" for what depends
    on it (a deadline is passed only once its day is over)."""

    debut: datetime.date
    fin: datetime.date
    jour: datetime.date

    @property
    def apres(self) -> datetime.date:
        """The first day after the period."""
        return mois_suivant(self.fin)

    def params(self) -> dict[str, Any]:
        return {
            "debut": self.debut,
            "fin": self.fin,
            "apres": self.apres,
            "jour": self.jour,
            "tz": settings.TIME_ZONE,
        }


def premier_du_mois(jour: datetime.date) -> datetime.date:
    return jour.replace(day=1)


def mois_suivant(mois: datetime.date) -> datetime.date:
    return datetime.date(mois.year + mois.month // 12, mois.month % 12 + 1, 1)


# Each version of each pathway with its validity interval [debut, fin) (NULL: unbounded). Pathways
# written without history (raw SQL, bulk loads) count with their current row. Built once per run into a
# temporary table (``preparer_versions``): every indicator reads it instead of sorting the history again.
_VERSIONS_SELECT = """
    SELECT h.id AS parcours_id, h.site_id, h.referent_id,
           CASE WHEN ROW_NUMBER() OVER w = 1 THEN NULL ELSE h.history_date END AS debut,
           LEAD(h.history_date) OVER w AS fin
    FROM parcours_historicalparcours h
    WHERE h.history_type <> '-'
    WINDOW w AS (PARTITION BY h.id ORDER BY h.history_date, h.history_id)
    UNION ALL
    SELECT p.id, p.site_id, p.referent_id, NULL, NULL
    FROM parcours_parcours p
    WHERE NOT EXISTS (SELECT 1 FROM parcours_historicalparcours h WHERE h.id = p.id)"""

TABLE_VERSIONS = "observation_versions_parcours"
VERSIONS = f"versions AS (SELECT * FROM {TABLE_VERSIONS})"


def preparer_versions(curseur: Any) -> None:
    """Build the versions table of this transaction (dropped at commit); call it before the indicators."""
    curseur.execute(f"DROP TABLE IF EXISTS {TABLE_VERSIONS}")
    curseur.execute(f"CREATE TEMPORARY TABLE {TABLE_VERSIONS} ON COMMIT DROP AS {_VERSIONS_SELECT}")
    curseur.execute(f"CREATE INDEX ON {TABLE_VERSIONS} (parcours_id)")
    curseur.execute(f"ANALYZE {TABLE_VERSIONS}")


def _version_a_la_fin_du(jour: str) -> str:
    """SQL condition: version ``v`` is in force at the end of day ``jour`` (a SQL date), local time."""
    instant = f"(({jour}) + 1)::timestamp AT TIME ZONE %(tz)s"
    return f"(v.debut IS NULL OR v.debut < {instant}) AND (v.fin IS NULL OR v.fin >= {instant})"


def _mois(date_sql: str) -> str:
    return f"date_trunc('month', ({date_sql})::timestamp)::date"


def _mois_local(instant_sql: str) -> str:
    return f"date_trunc('month', {instant_sql} AT TIME ZONE %(tz)s)::date"


# Every level in one query. The territory-level set drops the sites without a territory (their rows
# would read as the département's).
_NIVEAUX = """GROUPING SETS (
        (b.mois, b.territoire_id, b.site_id, b.dispositif),
        (b.mois, b.territoire_id, b.site_id),
        (b.mois, b.territoire_id, b.dispositif),
        (b.mois, b.territoire_id),
        (b.mois, b.dispositif),
        (b.mois)
    )"""


def _agreger(*, avec: str, base: str, numerateur: str, denominateur: str, valeur: str) -> str:
    return f"""
WITH {avec}
SELECT b.mois, b.territoire_id, b.site_id, COALESCE(b.dispositif, '') AS dispositif,
       {numerateur} AS numerateur, {denominateur} AS denominateur, {valeur} AS valeur
FROM ({base}) AS b
GROUP BY {_NIVEAUX}
HAVING GROUPING(b.territoire_id) = 1 OR GROUPING(b.site_id) = 0 OR b.territoire_id IS NOT NULL
"""


_COMPTE = {"numerateur": "COUNT(*)", "denominateur": "NULL::bigint", "valeur": "COUNT(*)"}
_PART = {
    "numerateur": "SUM(b.a_temps)",
    "denominateur": "COUNT(*)",
    "valeur": "ROUND(100.0 * SUM(b.a_temps) / COUNT(*), 1)",
}


# --- Activity ----------------------------------------------------------------------------------------


def _stock(periode: Periode, *, condition: str) -> Requete:
    avec = f"""{VERSIONS},
segments AS (
    SELECT p.dispositif, v.site_id,
           GREATEST({_mois("p.date_ouverture")}, COALESCE({_mois_local("v.debut")}, %(debut)s), %(debut)s)
               AS premier,
           LEAST(
               COALESCE(({_mois("p.date_cloture")} - interval '1 month')::date, %(fin)s),
               COALESCE(({_mois_local("v.fin")} - interval '1 month')::date, %(fin)s),
               %(fin)s
           ) AS dernier
    FROM parcours_parcours p
    JOIN versions v ON v.parcours_id = p.id
    WHERE {condition}
),
flux AS (
    SELECT premier AS mois, site_id, dispositif, 1 AS delta FROM segments WHERE premier <= dernier
    UNION ALL
    SELECT (dernier + interval '1 month')::date, site_id, dispositif, -1
    FROM segments WHERE premier <= dernier AND dernier < %(fin)s
),
flux_mensuels AS (SELECT mois, site_id, dispositif, SUM(delta) AS delta FROM flux GROUP BY 1, 2, 3),
groupes AS (SELECT DISTINCT site_id, dispositif FROM flux),
calendrier AS (
    SELECT generate_series(%(debut)s::date, %(fin)s::date, interval '1 month')::date AS mois
),
stocks AS (
    SELECT c.mois, g.site_id, g.dispositif,
           SUM(COALESCE(f.delta, 0)) OVER (PARTITION BY g.site_id, g.dispositif ORDER BY c.mois) AS stock
    FROM groupes g
    CROSS JOIN calendrier c
    LEFT JOIN flux_mensuels f ON f.mois = c.mois AND f.site_id = g.site_id AND f.dispositif = g.dispositif
)"""
    base = """
    SELECT st.mois, s.territoire_id, st.site_id, st.dispositif, st.stock
    FROM stocks st JOIN social_site s ON s.id = st.site_id
    WHERE st.stock <> 0"""
    sql = _agreger(
        avec=avec, base=base, numerateur="SUM(b.stock)", denominateur="NULL::bigint", valeur="SUM(b.stock)"
    )
    return Requete(sql, periode.params())


def calcul_parcours_ouverts(periode: Periode) -> Requete:
    """Pathways open at the end of the month (opened on or before its last day, not closed by then),
    at the site they belonged to at that moment."""
    return _stock(periode, condition="TRUE")


def calcul_sans_referent(periode: Periode) -> Requete:
    """Open pathways whose version in force at the end of the month has no référent."""
    return _stock(periode, condition="v.referent_id IS NULL")


def _evenements_parcours(periode: Periode, *, colonne: str) -> Requete:
    base = f"""
    SELECT {_mois(f"p.{colonne}")} AS mois, s.territoire_id, v.site_id, p.dispositif
    FROM parcours_parcours p
    JOIN versions v ON v.parcours_id = p.id AND {_version_a_la_fin_du(f"p.{colonne}")}
    JOIN social_site s ON s.id = v.site_id
    WHERE p.{colonne} >= %(debut)s AND p.{colonne} < %(apres)s"""
    return Requete(_agreger(avec=VERSIONS, base=base, **_COMPTE), periode.params())


def calcul_entrees(periode: Periode) -> Requete:
    """Pathways opened in the month (``date_ouverture``)."""
    return _evenements_parcours(periode, colonne="date_ouverture")


def calcul_sorties(periode: Periode) -> Requete:
    """Pathways closed in the month (``date_cloture``)."""
    return _evenements_parcours(periode, colonne="date_cloture")


def calcul_ruptures(periode: Periode) -> Requete:
    """Deadlines (``parcours.Echeance``) that passed in the month: the day after their due date falls
    in it and is over, they were not met by then, and the pathway was still open on the due date."""
    base = f"""
    SELECT {_mois("e.date_limite + 1")} AS mois, s.territoire_id, v.site_id, p.dispositif
    FROM parcours_echeance e
    JOIN parcours_parcours p ON p.id = e.parcours_id
    JOIN versions v ON v.parcours_id = p.id AND {_version_a_la_fin_du("e.date_limite + 1")}
    JOIN social_site s ON s.id = v.site_id
    WHERE e.date_limite + 1 >= %(debut)s AND e.date_limite + 1 < %(apres)s
      AND e.date_limite < %(jour)s
      AND (e.tenue_le IS NULL OR e.tenue_le > e.date_limite)
      AND (p.date_cloture IS NULL OR p.date_cloture > e.date_limite)"""
    return Requete(_agreger(avec=VERSIONS, base=base, **_COMPTE), periode.params())


def calcul_ruptures_resolues(periode: Periode) -> Requete:
    """Passed deadlines met late in the month (``tenue_le`` in the month, after the due date)."""
    base = f"""
    SELECT {_mois("e.tenue_le")} AS mois, s.territoire_id, v.site_id, p.dispositif
    FROM parcours_echeance e
    JOIN parcours_parcours p ON p.id = e.parcours_id
    JOIN versions v ON v.parcours_id = p.id AND {_version_a_la_fin_du("e.tenue_le")}
    JOIN social_site s ON s.id = v.site_id
    WHERE e.tenue_le >= %(debut)s AND e.tenue_le < %(apres)s AND e.tenue_le > e.date_limite"""
    return Requete(_agreger(avec=VERSIONS, base=base, **_COMPTE), periode.params())


# --- RSA delays ----------------------------------------------------------------------------------------


def _premieres_orientations() -> tuple[str, str]:
    """One row per RSA pathway whose first orientation decision falls in the period: on time when decided
    by the due date stored on its ``rsa_orientation`` deadline (RSA-1, computed from the dated parameter
    by ``parcours.actions.echeances_recalculer``), delay in days from the CAF/MSA information."""
    avec = f"""{VERSIONS},
premieres AS (
    SELECT o.parcours_id, MIN(o.decidee_le) AS decidee_le
    FROM parcours_orientationrsa o
    GROUP BY o.parcours_id
    HAVING MIN(o.decidee_le) >= %(debut)s AND MIN(o.decidee_le) < %(apres)s
)"""
    base = f"""
    SELECT {_mois("pr.decidee_le")} AS mois, s.territoire_id, v.site_id, p.dispositif,
           (pr.decidee_le <= e.date_limite)::int AS a_temps,
           (pr.decidee_le - d.information_recue_le) AS delai
    FROM premieres pr
    JOIN parcours_parcours p ON p.id = pr.parcours_id
    JOIN parcours_dossierrsa d ON d.parcours_id = p.id
    JOIN parcours_echeance e ON e.parcours_id = p.id AND e.type = '{TypeEcheance.RSA_ORIENTATION.value}'
    JOIN versions v ON v.parcours_id = p.id AND {_version_a_la_fin_du("pr.decidee_le")}
    JOIN social_site s ON s.id = v.site_id"""
    return avec, base


def calcul_rsa_orientation_delai_respecte(periode: Periode) -> Requete:
    """Share of the first RSA orientations decided in the month that were decided by the due date."""
    avec, base = _premieres_orientations()
    return Requete(_agreger(avec=avec, base=base, **_PART), periode.params())


def calcul_rsa_orientation_delai_median(periode: Periode) -> Requete:
    """Median delay, in days, from the CAF/MSA information to the first orientation decision."""
    avec, base = _premieres_orientations()
    sql = _agreger(
        avec=avec,
        base=base,
        numerateur="NULL::numeric",
        denominateur="COUNT(*)",
        valeur="ROUND((percentile_cont(0.5) WITHIN GROUP (ORDER BY b.delai))::numeric, 1)",
    )
    return Requete(sql, periode.params())


def calcul_rsa_contrat_delai_respecte(periode: Periode) -> Requete:
    """Contracts signed in the month after an orientation (the ``rsa_contrat`` deadline met in the
    month): on time when signed by its due date, 1 month after the latest orientation notice (RSA-3)."""
    base = f"""
    SELECT {_mois("e.tenue_le")} AS mois, s.territoire_id, v.site_id, p.dispositif,
           (e.tenue_le <= e.date_limite)::int AS a_temps
    FROM parcours_echeance e
    JOIN parcours_parcours p ON p.id = e.parcours_id
    JOIN versions v ON v.parcours_id = p.id AND {_version_a_la_fin_du("e.tenue_le")}
    JOIN social_site s ON s.id = v.site_id
    WHERE e.type = '{TypeEcheance.RSA_CONTRAT.value}'
      AND e.tenue_le >= %(debut)s AND e.tenue_le < %(apres)s"""
    return Requete(_agreger(avec=VERSIONS, base=base, **_PART), periode.params())


# --- Territorial equity ----------------------------------------------------------------------------


# Population of each territory (municipal population of its communes, ``social.Commune``) and of the
# département (the row whose territory is NULL).
POPULATION = """
    SELECT c.territoire_id, SUM(c.population) AS population
    FROM social_commune c
    WHERE c.territoire_id IS NOT NULL
    GROUP BY ROLLUP (c.territoire_id)"""


def population_par_territoire() -> dict[int | None, int]:
    """Inhabitants per territory id, and of the département under ``None`` (one query)."""
    with connection.cursor() as curseur:
        curseur.execute(POPULATION)
        return {territoire_id: int(population or 0) for territoire_id, population in curseur.fetchall()}


def pour_mille_sql(*, code_source: str, periode: Periode) -> Requete:
    """A "per 1,000 inhabitants" rate of an already computed count indicator, at the territory and
    département levels (every dispositif and all), read from the rows just written for the period."""
    sql = f"""
    SELECT i.mois, i.territoire_id, NULL::bigint AS site_id, i.dispositif,
           i.valeur AS numerateur, pop.population AS denominateur,
           ROUND(1000 * i.valeur / pop.population, 2) AS valeur
    FROM observation_indicateur i
    JOIN ({POPULATION}) AS pop ON pop.territoire_id IS NOT DISTINCT FROM i.territoire_id
    WHERE i.code = %(source)s AND i.site_id IS NULL AND pop.population > 0
      AND i.mois >= %(debut)s AND i.mois <= %(fin)s"""
    return Requete(sql, {**periode.params(), "source": code_source})


def calcul_parcours_ouverts_pour_mille(periode: Periode) -> Requete:
    from observation.enums import CodeIndicateur

    return pour_mille_sql(code_source=CodeIndicateur.PARCOURS_OUVERTS.value, periode=periode)
