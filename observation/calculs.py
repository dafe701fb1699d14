"""The indicators as SQL aggregations: one query per indicator and month range, never a loop over rows.

Each ``calcul_*`` function returns a :class:`Requete` whose rows are
``(mois, territoire_id, site_id, dispositif, organisation_id, categorie, numerateur, denominateur,
valeur)`` for every level at once (``GROUPING SETS``): site × dispositif, site, territory × dispositif,
territory, département × dispositif, département (a blank ``dispositif`` is "all"; no territory and no
site is the département). Referral figures add one row per partner organisation (département-wide) or
per thématique; council figures have the territory of the instance (none: the département's).
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

from observation.enums import CodeIndicateur
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


# Each version of each pathway with its validity interval [debut, fin) (NULL: unbounded), and the
# pathway's dispositif (the records of a pathway need not join it again). Pathways written without history
# (raw SQL, bulk loads) count with their current row. Built once per run into a
# temporary table (``preparer_versions``): every indicator reads it instead of sorting the history again.
_VERSIONS_SELECT = """
    SELECT h.id AS parcours_id, h.site_id, h.referent_id, p.dispositif,
           CASE WHEN ROW_NUMBER() OVER w = 1 THEN NULL ELSE h.history_date END AS debut,
           LEAD(h.history_date) OVER w AS fin
    FROM parcours_historicalparcours h
    JOIN parcours_parcours p ON p.id = h.id
    WHERE h.history_type <> '-'
    WINDOW w AS (PARTITION BY h.id ORDER BY h.history_date, h.history_id)
    UNION ALL
    SELECT p.id, p.site_id, p.referent_id, p.dispositif, NULL, NULL
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


def _agreger(
    *,
    avec: str,
    base: str,
    numerateur: str,
    denominateur: str,
    valeur: str,
    base_organisations: str | None = None,
) -> str:
    """Every level of ``base`` (rows ``mois, territoire_id, site_id, dispositif`` and the measured
    columns); with ``base_organisations`` (rows ``mois, organisation_id`` and the same columns), one more
    row per organisation and month, département-wide."""
    sql = f"""
WITH {avec}
SELECT b.mois, b.territoire_id, b.site_id, COALESCE(b.dispositif, '') AS dispositif,
       NULL::bigint AS organisation_id, ''::varchar AS categorie,
       {numerateur} AS numerateur, {denominateur} AS denominateur, {valeur} AS valeur
FROM ({base}) AS b
GROUP BY {_NIVEAUX}
HAVING GROUPING(b.territoire_id) = 1 OR GROUPING(b.site_id) = 0 OR b.territoire_id IS NOT NULL
"""
    if base_organisations is not None:
        sql += f"""
UNION ALL
SELECT b.mois, NULL::bigint, NULL::bigint, '', b.organisation_id, '',
       {numerateur}, {denominateur}, {valeur}
FROM ({base_organisations}) AS b
GROUP BY b.mois, b.organisation_id
"""
    return sql


def _part(colonne: str = "a_temps") -> dict[str, str]:
    return {
        "numerateur": f"SUM(b.{colonne})",
        "denominateur": "COUNT(*)",
        "valeur": f"ROUND(100.0 * SUM(b.{colonne}) / COUNT(*), 1)",
    }


_COMPTE = {"numerateur": "COUNT(*)", "denominateur": "NULL::bigint", "valeur": "COUNT(*)"}
_PART = _part()


def _mediane(colonne: str = "delai") -> dict[str, str]:
    return {
        "numerateur": "NULL::numeric",
        "denominateur": f"COUNT(b.{colonne})",
        "valeur": f"ROUND((percentile_cont(0.5) WITHIN GROUP (ORDER BY b.{colonne}))::numeric, 1)",
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
    return Requete(_agreger(avec=avec, base=base, **_mediane()), periode.params())


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


# --- APA delays ----------------------------------------------------------------------------------------


def _site_a_la_fin_du(jour: str, *, parcours: str = "p.id") -> str:
    """Joins ``versions v`` and ``social_site s``: the site of pathway ``parcours`` at the end of
    ``jour`` (``v.dispositif`` is the pathway's)."""
    return f"""
    JOIN versions v ON v.parcours_id = {parcours} AND {_version_a_la_fin_du(jour)}
    JOIN social_site s ON s.id = v.site_id"""


def _instant_dans_la_periode(colonne: str) -> str:
    """SQL condition: the instant ``colonne`` falls in the period's months, local time (a plain
    comparison the planner can estimate)."""
    return (
        f"{colonne} >= (%(debut)s::timestamp AT TIME ZONE %(tz)s) "
        f"AND {colonne} < (%(apres)s::timestamp AT TIME ZONE %(tz)s)"
    )


def calcul_apa_accuse_delai_respecte(periode: Periode) -> Requete:
    """APA files acknowledged in the month (``accuse_le``, acknowledgement or list of missing documents):
    on time when sent by the due date stored on the ``apa_accuse_reception`` deadline (10 days after the
    receipt, APA-2, dated parameter)."""
    base = f"""
    SELECT {_mois("d.accuse_le")} AS mois, s.territoire_id, v.site_id, v.dispositif,
           (d.accuse_le <= e.date_limite)::int AS a_temps
    FROM parcours_dossierapa d
    JOIN parcours_echeance e
      ON e.parcours_id = d.parcours_id AND e.type = '{TypeEcheance.APA_ACCUSE_RECEPTION.value}'
    {_site_a_la_fin_du("d.accuse_le", parcours="d.parcours_id")}
    WHERE d.accuse_le >= %(debut)s AND d.accuse_le < %(apres)s"""
    return Requete(_agreger(avec=VERSIONS, base=base, **_PART), periode.params())


def _premieres_decisions_apa() -> tuple[str, str]:
    """One row per APA file whose first decision is notified in the period: on time when notified by
    the due date stored on its ``apa_decision`` deadline (2 months after the complete file, APA-3), delay
    in days from the complete file."""
    avec = f"""{VERSIONS},
premieres AS (
    SELECT dc.parcours_id, MIN(dc.notifiee_le) AS notifiee_le
    FROM parcours_decisionapa dc
    WHERE dc.notifiee_le IS NOT NULL
    GROUP BY dc.parcours_id
    HAVING MIN(dc.notifiee_le) >= %(debut)s AND MIN(dc.notifiee_le) < %(apres)s
)"""
    base = f"""
    SELECT {_mois("pr.notifiee_le")} AS mois, s.territoire_id, v.site_id, v.dispositif,
           (pr.notifiee_le <= e.date_limite)::int AS a_temps,
           (pr.notifiee_le - d.complet_le) AS delai
    FROM premieres pr
    JOIN parcours_dossierapa d ON d.parcours_id = pr.parcours_id
    JOIN parcours_echeance e
      ON e.parcours_id = pr.parcours_id AND e.type = '{TypeEcheance.APA_DECISION.value}'
    {_site_a_la_fin_du("pr.notifiee_le", parcours="pr.parcours_id")}"""
    return avec, base


def calcul_apa_decision_delai_respecte(periode: Periode) -> Requete:
    avec, base = _premieres_decisions_apa()
    return Requete(_agreger(avec=avec, base=base, **_PART), periode.params())


def calcul_apa_decision_delai_median(periode: Periode) -> Requete:
    avec, base = _premieres_decisions_apa()
    return Requete(_agreger(avec=avec, base=base, **_mediane()), periode.params())


# --- Individual aid files --------------------------------------------------------------------------


def calcul_aides_demandes(periode: Periode) -> Requete:
    """Aid files submitted in the month (``deposee_le``), at the pathway's site that day."""
    base = f"""
    SELECT {_mois("da.deposee_le")} AS mois, s.territoire_id, v.site_id, v.dispositif
    FROM instances_demandeaide da
    {_site_a_la_fin_du("da.deposee_le", parcours="da.parcours_id")}
    WHERE da.deposee_le >= %(debut)s AND da.deposee_le < %(apres)s"""
    return Requete(_agreger(avec=VERSIONS, base=base, **_COMPTE), periode.params())


def _decisions_aides(condition: str) -> str:
    return f"""
    SELECT {_mois("dc.decidee_le")} AS mois, s.territoire_id, v.site_id, v.dispositif,
           (dc.issue = 'refus')::int AS refus, dc.montant
    FROM instances_decision dc
    JOIN instances_demandeaide da ON da.id = dc.demande_id
    {_site_a_la_fin_du("dc.decidee_le", parcours="da.parcours_id")}
    WHERE dc.decidee_le >= %(debut)s AND dc.decidee_le < %(apres)s AND {condition}"""


_ACCORDS = "dc.issue IN ('accord', 'accord_partiel')"


def calcul_aides_accords(periode: Periode) -> Requete:
    """Decisions granting an aid (accord, accord partiel) taken in the month (in session or by
    delegation)."""
    return Requete(_agreger(avec=VERSIONS, base=_decisions_aides(_ACCORDS), **_COMPTE), periode.params())


def calcul_aides_refus(periode: Periode) -> Requete:
    base = _decisions_aides("dc.issue = 'refus'")
    return Requete(_agreger(avec=VERSIONS, base=base, **_COMPTE), periode.params())


def calcul_aides_taux_refus(periode: Periode) -> Requete:
    """Refusals among the decisions on the merits (accords, partial accords, refusals) of the month; an
    adjournment is not a decision on the merits."""
    base = _decisions_aides("dc.issue IN ('accord', 'accord_partiel', 'refus')")
    return Requete(_agreger(avec=VERSIONS, base=base, **_part("refus")), periode.params())


def calcul_aides_montant_accorde(periode: Periode) -> Requete:
    """Sum of the amounts granted in the month; the denominator is the number of grants."""
    sql = _agreger(
        avec=VERSIONS,
        base=_decisions_aides(_ACCORDS),
        numerateur="SUM(b.montant)",
        denominateur="COUNT(*)",
        valeur="SUM(b.montant)",
    )
    return Requete(sql, periode.params())


def _decisions_finales(colonne: str) -> tuple[str, str]:
    """Each aid file's decision on the merits (its first decision that is not an adjournment) whose
    ``colonne`` (decided or notified day) falls in the period, with the delay from the submission."""
    avec = f"""{VERSIONS},
finales AS (
    SELECT DISTINCT ON (dc.demande_id) dc.demande_id, dc.decidee_le, dc.notifiee_le
    FROM instances_decision dc
    WHERE dc.issue <> 'ajournement'
    ORDER BY dc.demande_id, dc.decidee_le, dc.id
)"""
    base = f"""
    SELECT {_mois(f"fi.{colonne}")} AS mois, s.territoire_id, v.site_id, v.dispositif,
           (fi.{colonne} - da.deposee_le) AS delai
    FROM finales fi
    JOIN instances_demandeaide da ON da.id = fi.demande_id
    {_site_a_la_fin_du(f"fi.{colonne}", parcours="da.parcours_id")}
    WHERE fi.{colonne} >= %(debut)s AND fi.{colonne} < %(apres)s AND da.deposee_le IS NOT NULL"""
    return avec, base


def calcul_aides_delai_decision_median(periode: Periode) -> Requete:
    avec, base = _decisions_finales("decidee_le")
    return Requete(_agreger(avec=avec, base=base, **_mediane()), periode.params())


def calcul_aides_delai_notification_median(periode: Periode) -> Requete:
    avec, base = _decisions_finales("notifiee_le")
    return Requete(_agreger(avec=avec, base=base, **_mediane()), periode.params())


# --- Guide and partners ----------------------------------------------------------------------------

_JOUR_ORIENTATION = "(o.created_at AT TIME ZONE %(tz)s)::date"
_CLOSES = "o.statut IN ('validee', 'refusee', 'expiree')"
_REPONDUES = "o.statut IN ('validee', 'refusee') AND o.repondue_le IS NOT NULL"


def _orientations(instant: str, condition: str, colonnes: str) -> tuple[str, str]:
    """The referrals whose ``instant`` (a column) falls in the period: at the pathway's site that day (an
    anonymised referral has lost its pathway and counts only for its organisation), and per
    organisation."""
    jour = f"({instant} AT TIME ZONE %(tz)s)::date"
    filtre = f"{_instant_dans_la_periode(instant)} AND {condition}"
    base = f"""
    SELECT {_mois(jour)} AS mois, s.territoire_id, v.site_id, v.dispositif, {colonnes}
    FROM parcours_orientationpartenaire o
    {_site_a_la_fin_du(jour, parcours="o.parcours_id")}
    WHERE {filtre}"""
    organisations = f"""
    SELECT {_mois(jour)} AS mois, o.organisation_id, {colonnes}
    FROM parcours_orientationpartenaire o
    WHERE o.organisation_id IS NOT NULL AND {filtre}"""
    return base, organisations


def calcul_orientations(periode: Periode) -> Requete:
    """Referrals to partner services made in the month (local day of the referral)."""
    base, organisations = _orientations("o.created_at", "TRUE", "1 AS un")
    sql = _agreger(avec=VERSIONS, base=base, base_organisations=organisations, **_COMPTE)
    return Requete(sql, periode.params())


def calcul_orientations_thematique(periode: Periode) -> Requete:
    """Referrals of the month per thématique of the service (its category, the part before « -- »): a
    referral counts once per category; territories (pathway's site that day) and the département."""
    jour = _JOUR_ORIENTATION
    sql = f"""
WITH {VERSIONS},
themes AS (
    SELECT DISTINCT o.id, {_mois(jour)} AS mois, s.territoire_id, split_part(t.theme, '--', 1) AS categorie
    FROM parcours_orientationpartenaire o
    JOIN guide_ressources_service sv ON sv.id = o.service_id
    CROSS JOIN LATERAL unnest(sv.thematiques) AS t(theme)
    {_site_a_la_fin_du(jour, parcours="o.parcours_id")}
    WHERE {_instant_dans_la_periode("o.created_at")}
)
SELECT b.mois, b.territoire_id, NULL::bigint, '', NULL::bigint, b.categorie,
       COUNT(*), NULL::bigint, COUNT(*)
FROM themes b
GROUP BY GROUPING SETS ((b.mois, b.territoire_id, b.categorie), (b.mois, b.categorie))
HAVING GROUPING(b.territoire_id) = 1 OR b.territoire_id IS NOT NULL"""
    return Requete(sql, periode.params())


def calcul_orientations_acceptation(periode: Periode) -> Requete:
    """Referrals closed in the month (accepted, refused, expired; the day of the answer or of the expiry):
    share accepted by the partner."""
    # A closed referral carries its closing instant (the answer, or the expiry).
    base, organisations = _orientations("o.repondue_le", _CLOSES, "(o.statut = 'validee')::int AS a_temps")
    sql = _agreger(avec=VERSIONS, base=base, base_organisations=organisations, **_PART)
    return Requete(sql, periode.params())


def calcul_orientations_delai_reponse(periode: Periode) -> Requete:
    """Median delay, in days, from the referral to the partner's answer (accepted or refused), for the
    answers of the month; an expired referral has no answer."""
    jour = "(o.repondue_le AT TIME ZONE %(tz)s)::date"
    base, organisations = _orientations(
        "o.repondue_le", _REPONDUES, f"({jour} - {_JOUR_ORIENTATION}) AS delai"
    )
    sql = _agreger(avec=VERSIONS, base=base, base_organisations=organisations, **_mediane())
    return Requete(sql, periode.params())


def calcul_guide_fiches_perimees(periode: Periode) -> Requete:
    """Published guide entries (structures and services) not confirmed since the freshness threshold
    (``guide.fraicheur``, dated parameter) on the day of the computation, per organisation and for the
    département: the current month only (the guide keeps no past freshness)."""
    from guide_ressources.selectors import seuil_fraicheur

    sql = """
WITH fiches AS (
    SELECT st.organisation_id FROM guide_ressources_structure st
    WHERE st.statut = 'publiee' AND st.confirme_le < %(seuil)s
    UNION ALL
    SELECT st.organisation_id FROM guide_ressources_service sv
    JOIN guide_ressources_structure st ON st.id = sv.structure_id
    WHERE sv.statut = 'publiee' AND sv.confirme_le < %(seuil)s
)
SELECT %(mois)s::date, NULL::bigint, NULL::bigint, '', b.organisation_id, '',
       COUNT(*), NULL::bigint, COUNT(*)
FROM fiches b
GROUP BY GROUPING SETS ((b.organisation_id), ())
HAVING (GROUPING(b.organisation_id) = 1 OR b.organisation_id IS NOT NULL) AND %(courant)s"""
    mois = premier_du_mois(periode.jour)
    return Requete(
        sql,
        {
            **periode.params(),
            "seuil": seuil_fraicheur(periode.jour),
            "mois": mois,
            "courant": periode.debut <= mois <= periode.fin,
        },
    )


# --- Councils -------------------------------------------------------------------------------------

_SEANCES_TENUES = f"""
    SELECT se.id, {_mois_local("se.date")} AS mois, i.territoire_id
    FROM instances_seance se
    JOIN instances_instance i ON i.id = se.organe_id
    WHERE se.etat IN ('ouverte', 'cloturee', 'validee', 'notifiee')
      AND se.date >= %(debut)s::timestamp AT TIME ZONE %(tz)s
      AND se.date < %(apres)s::timestamp AT TIME ZONE %(tz)s"""


def _instances(base: str, *, numerateur: str, denominateur: str, valeur: str) -> str:
    """Council figures: the instance's territory and the département (an instance without territory
    counts for the département only)."""
    return f"""
SELECT b.mois, b.territoire_id, NULL::bigint, '', NULL::bigint, '',
       {numerateur}, {denominateur}, {valeur}
FROM ({base}) AS b
GROUP BY GROUPING SETS ((b.mois, b.territoire_id), (b.mois))
HAVING GROUPING(b.territoire_id) = 1 OR b.territoire_id IS NOT NULL"""


def calcul_seances_tenues(periode: Periode) -> Requete:
    """Sessions held (opened, closed, validated or notified) whose date falls in the month."""
    return Requete(_instances(_SEANCES_TENUES, **_COMPTE), periode.params())


def calcul_dossiers_par_seance(periode: Periode) -> Requete:
    """Files decided in session (adjournments included) per session held in the month."""
    base = f"""
    SELECT st.mois, st.territoire_id,
           (SELECT COUNT(*) FROM instances_pointordrejour pt
            JOIN instances_decision dc ON dc.point_id = pt.id WHERE pt.seance_id = st.id) AS dossiers
    FROM ({_SEANCES_TENUES}) AS st"""
    sql = _instances(
        base,
        numerateur="SUM(b.dossiers)",
        denominateur="COUNT(*)",
        valeur="ROUND(SUM(b.dossiers)::numeric / COUNT(*), 1)",
    )
    return Requete(sql, periode.params())


def calcul_ajournements_taux(periode: Periode) -> Requete:
    """Share of adjournments among the files decided in the sessions held in the month."""
    base = f"""
    SELECT st.mois, st.territoire_id, (dc.issue = 'ajournement')::int AS a_temps
    FROM ({_SEANCES_TENUES}) AS st
    JOIN instances_pointordrejour pt ON pt.seance_id = st.id
    JOIN instances_decision dc ON dc.point_id = pt.id"""
    return Requete(_instances(base, **_PART), periode.params())


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
           NULL::bigint AS organisation_id, ''::varchar AS categorie,
           i.valeur AS numerateur, pop.population AS denominateur,
           ROUND(1000 * i.valeur / pop.population, 2) AS valeur
    FROM observation_indicateur i
    JOIN ({POPULATION}) AS pop ON pop.territoire_id IS NOT DISTINCT FROM i.territoire_id
    WHERE i.code = %(source)s AND i.site_id IS NULL AND i.organisation_id IS NULL AND i.categorie = ''
      AND pop.population > 0 AND i.mois >= %(debut)s AND i.mois <= %(fin)s"""
    return Requete(sql, {**periode.params(), "source": code_source})


def calcul_parcours_ouverts_pour_mille(periode: Periode) -> Requete:
    return pour_mille_sql(code_source=CodeIndicateur.PARCOURS_OUVERTS.value, periode=periode)


def calcul_aides_montant_pour_mille(periode: Periode) -> Requete:
    """Amounts granted in the month per 1,000 inhabitants (territories and département): 2 grants of
    300 € in a territory of 10,000 inhabitants give 60 €."""
    return pour_mille_sql(code_source=CodeIndicateur.AIDES_MONTANT_ACCORDE.value, periode=periode)


def calcul_aides_montant_indice(periode: Periode) -> Requete:
    """Each territory's amount per 1,000 inhabitants against the département's (100 = the département
    average), per dispositif and month, read from the per-1,000 rows just written."""
    sql = """
    SELECT t.mois, t.territoire_id, NULL::bigint AS site_id, t.dispositif,
           NULL::bigint AS organisation_id, ''::varchar AS categorie,
           t.valeur AS numerateur, NULL::bigint AS denominateur,
           ROUND(100 * t.valeur / d.valeur, 1) AS valeur
    FROM observation_indicateur t
    JOIN observation_indicateur d
      ON d.code = t.code AND d.mois = t.mois AND d.dispositif = t.dispositif
     AND d.territoire_id IS NULL AND d.site_id IS NULL AND d.organisation_id IS NULL AND d.categorie = ''
    WHERE t.code = %(source)s AND t.territoire_id IS NOT NULL AND t.site_id IS NULL
      AND t.organisation_id IS NULL AND t.categorie = '' AND d.valeur > 0
      AND t.mois >= %(debut)s AND t.mois <= %(fin)s"""
    return Requete(sql, {**periode.params(), "source": CodeIndicateur.AIDES_MONTANT_POUR_MILLE.value})
