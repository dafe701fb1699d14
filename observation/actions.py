"""Computing the indicators: the only writer of ``observation.Indicateur``.

A run deletes the rows of the month range and inserts them again with one ``INSERT … SELECT`` per
indicator (``observation.calculs``), in one transaction: readers see the previous figures until it
commits. An advisory lock serialises concurrent runs (the periodic task and the command).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from observation.calculs import Periode, premier_du_mois, preparer_versions
from observation.catalogue import CATALOGUE
from observation.models import CalculIndicateurs, Indicateur

logger = logging.getLogger(__name__)

_VERROU = 6_200_006
_COLONNES = (
    "code, mois, territoire_id, site_id, dispositif, organisation_id, categorie, "
    "numerateur, denominateur, valeur, computed_at"
)


@dataclass(frozen=True)
class ResultatCalcul:
    premier_mois: datetime.date | None
    dernier_mois: datetime.date | None
    lignes: int


def _premier_mois_des_donnees() -> datetime.date | None:
    with connection.cursor() as curseur:
        curseur.execute("SELECT MIN(date_ouverture) FROM parcours_parcours")
        (premier,) = curseur.fetchone()
    return premier_du_mois(premier) if premier is not None else None


@transaction.atomic
def indicateurs_calculer(
    *, depuis: datetime.date | None, jour: datetime.date | None = None
) -> ResultatCalcul:
    """Recompute every indicator of the catalogue for the months from ``depuis`` (its month) to the
    current one; ``depuis=None`` is the full refresh, from the month of the first pathway. Records the
    run (its start is the watermark of the next incremental refresh)."""
    debut_execution = timezone.now()
    jour = jour or timezone.localdate()
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_advisory_xact_lock(%s)", [_VERROU])
    complet = depuis is None
    premier = _premier_mois_des_donnees() if depuis is None else premier_du_mois(depuis)
    dernier = premier_du_mois(jour)
    if complet:
        Indicateur.objects.all().delete()
    lignes = 0
    if premier is not None and premier <= dernier:
        periode = Periode(debut=premier, fin=dernier, jour=jour)
        if not complet:
            Indicateur.objects.filter(mois__gte=premier, mois__lte=dernier).delete()
        with connection.cursor() as curseur:
            preparer_versions(curseur)
            for definition in CATALOGUE:
                requete = definition.calcul(periode)
                curseur.execute(
                    f"INSERT INTO observation_indicateur ({_COLONNES}) "  # noqa: S608 (constant SQL)
                    f"SELECT %(code)s, r.*, %(maintenant)s FROM ({requete.sql}) AS r",
                    {**requete.params, "code": definition.code.value, "maintenant": debut_execution},
                )
                lignes += max(curseur.rowcount, 0)
            # Fresh statistics for the pages' queries: the rows were just replaced (a full refresh
            # replaces them all; the planner would otherwise misjudge the levels' filters).
            curseur.execute("ANALYZE observation_indicateur")
    else:
        premier = None
    CalculIndicateurs.objects.create(
        debut=debut_execution,
        fin=timezone.now(),
        complet=complet,
        premier_mois=premier,
        dernier_mois=dernier if premier is not None else None,
        lignes=lignes,
    )
    logger.info("Observation : %s lignes d'indicateurs calculées depuis %s", lignes, premier)
    return ResultatCalcul(premier_mois=premier, dernier_mois=dernier if premier else None, lignes=lignes)


# What a change since the watermark touches (one query): for a pathway, the dates that changed compared
# with its previous version (a new pathway: its opening), and the day of a change of site or référent (in
# force from then on); for a deadline, its passing and meeting days; for an orientation, its decision;
# for an APA file, an aid file or a decision changed since then, the dates of all its versions (old and
# new values); for a referral or a session, its dates. Guide freshness is the current month's only.
# The month of the previous run is always recomputed (the figures of a month still running).
_TOUCHES = """
SELECT MIN(d) FROM (
    SELECT CASE
        WHEN prec.id IS NULL OR h.history_type = '-'
            THEN LEAST(h.date_ouverture, h.date_cloture, (h.history_date AT TIME ZONE %(tz)s)::date)
        ELSE LEAST(
            CASE WHEN h.date_ouverture IS DISTINCT FROM prec.date_ouverture
                THEN LEAST(h.date_ouverture, prec.date_ouverture) END,
            CASE WHEN h.date_cloture IS DISTINCT FROM prec.date_cloture
                THEN LEAST(h.date_cloture, prec.date_cloture) END,
            CASE WHEN (h.site_id, h.referent_id, h.dispositif)
                    IS DISTINCT FROM (prec.site_id, prec.referent_id, prec.dispositif)
                THEN (h.history_date AT TIME ZONE %(tz)s)::date END
        ) END AS d
    FROM parcours_historicalparcours h
    LEFT JOIN LATERAL (
        SELECT p.id, p.date_ouverture, p.date_cloture, p.site_id, p.referent_id, p.dispositif
        FROM parcours_historicalparcours p
        WHERE p.id = h.id AND (p.history_date, p.history_id) < (h.history_date, h.history_id)
        ORDER BY p.history_date DESC, p.history_id DESC
        LIMIT 1
    ) AS prec ON TRUE
    WHERE h.history_date > %(depuis)s
    UNION ALL
    SELECT LEAST(h.date_limite + 1, h.tenue_le) FROM parcours_historicalecheance h
    WHERE h.history_date > %(depuis)s
    UNION ALL
    SELECT h.decidee_le FROM parcours_historicalorientationrsa h WHERE h.history_date > %(depuis)s
    UNION ALL
    SELECT MIN(o.decidee_le) FROM parcours_historicaldossierrsa h
    JOIN parcours_orientationrsa o ON o.parcours_id = h.parcours_id
    WHERE h.history_date > %(depuis)s
    UNION ALL
    SELECT LEAST(h.accuse_le, h.recue_le) FROM parcours_historicaldossierapa h
    WHERE h.id IN (SELECT id FROM parcours_historicaldossierapa WHERE history_date > %(depuis)s)
    UNION ALL
    SELECT LEAST(h.decidee_le, h.notifiee_le) FROM parcours_historicaldecisionapa h
    WHERE h.id IN (SELECT id FROM parcours_historicaldecisionapa WHERE history_date > %(depuis)s)
    UNION ALL
    SELECT h.deposee_le FROM instances_historicaldemandeaide h
    WHERE h.id IN (SELECT id FROM instances_historicaldemandeaide WHERE history_date > %(depuis)s)
    UNION ALL
    SELECT LEAST(h.decidee_le, h.notifiee_le) FROM instances_historicaldecision h
    WHERE h.id IN (SELECT id FROM instances_historicaldecision WHERE history_date > %(depuis)s)
    UNION ALL
    SELECT LEAST((o.created_at AT TIME ZONE %(tz)s)::date, (o.repondue_le AT TIME ZONE %(tz)s)::date,
                 o.date_limite)
    FROM parcours_orientationpartenaire o WHERE o.updated_at > %(depuis)s
    UNION ALL
    SELECT (s.date AT TIME ZONE %(tz)s)::date FROM instances_seance s WHERE s.updated_at > %(depuis)s
) AS touches"""


def premier_jour_touche(*, depuis: datetime.datetime) -> datetime.date | None:
    """The earliest day whose figures the records changed after ``depuis`` may alter."""
    from django.conf import settings

    with connection.cursor() as curseur:
        curseur.execute(_TOUCHES, {"depuis": depuis, "tz": settings.TIME_ZONE})
        (jour,) = curseur.fetchone()
    return jour


def indicateurs_actualiser(*, jour: datetime.date | None = None) -> ResultatCalcul:
    """The incremental refresh: recompute the months touched since the last run (its watermark), and
    the month of that run; a full refresh when no run was recorded."""
    jour = jour or timezone.localdate()
    dernier = CalculIndicateurs.objects.order_by("-debut", "-id").first()
    if dernier is None:
        return indicateurs_calculer(depuis=None, jour=jour)
    depuis = timezone.localdate(dernier.debut)
    touche = premier_jour_touche(depuis=dernier.debut)
    if touche is not None:
        depuis = min(depuis, touche)
    return indicateurs_calculer(depuis=depuis, jour=jour)
