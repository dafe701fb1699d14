"""The observation's share of the benchmark dataset: APA files and decisions, aid files with their
decisions (in session or by delegation), council sessions and referrals to partners, written set-based
from the generated pathways so that every indicator of ``observation.catalogue`` has volume to compute.

Deterministic without a random generator: each pathway's choices come from a multiplicative hash of its
id (``_H``). Idempotent: nothing is written when aid files already exist. ``manage.py
mesurer_performances`` calls it before timing the refresh (a dataset generated before it gets its share).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from instances.enums import NiveauInstance
from instances.models import Delegation, DemandeAide, Instance, TypeAide
from social.models import Territoire, Utilisateur

# A pseudo-random number 0–999 of a row id (Knuth's multiplicative hash).
_H = "((({id}) * 2654435761) %% 1000)::int"  # "%%": the statements have parameters


def _h(colonne: str) -> str:
    return _H.format(id=colonne)


def dossiers_observation_generer(*, jour: datetime.date | None = None) -> dict[str, int]:
    """Write the observation's records of the benchmark (see the module docstring); the number of rows
    of each kind."""
    jour = jour or timezone.localdate()
    if DemandeAide.objects.exists():
        return {}
    comptes: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as c:
        type_aide = TypeAide.objects.order_by("ordre", "pk").first()
        agent = Utilisateur.objects.order_by("pk").first()
        if type_aide is None or agent is None:
            return {}
        delegation = Delegation.objects.get_or_create(
            acte_reference="Arrêté du banc de mesure",
            defaults={
                "utilisateur": agent,
                "montant_maximum": Decimal("500"),
                "date_debut": datetime.date(2000, 1, 1),
            },
        )[0]
        for territoire in Territoire.objects.all():
            Instance.objects.get_or_create(
                nom=f"Commission des aides – {territoire.nom} (banc)",
                defaults={"niveau": NiveauInstance.COMMISSION, "territoire": territoire},
            )
        params: dict[str, Any] = {
            "jour": jour,
            "type_aide": type_aide.pk,
            "delegation": delegation.pk,
            "tz": settings.TIME_ZONE,
        }

        # APA: the file from the pathway's deadlines (acknowledgement met, decision clock), one
        # evaluation and one decision notified when the decision deadline was met.
        c.execute(
            """
            INSERT INTO parcours_dossierapa (parcours_id, demande_le, recue_le, lieu, accuse_le,
                pieces_manquantes, complet_le, created_at, updated_at)
            SELECT p.id, p.date_reception, p.date_reception, 'domicile', a.tenue_le, '{}',
                   GREATEST(d.date_depart, p.date_reception), now(), now()
            FROM parcours_parcours p
            JOIN parcours_echeance a ON a.parcours_id = p.id AND a.type = 'apa_accuse_reception'
            LEFT JOIN parcours_echeance d ON d.parcours_id = p.id AND d.type = 'apa_decision'
            WHERE p.dispositif = 'apa'
            """
        )
        comptes["dossiers_apa"] = c.rowcount
        c.execute(
            """
            INSERT INTO parcours_evaluationapa (public_id, parcours_id, evaluee_le, grille, gir, trace,
                version_regles, created_at)
            SELECT gen_random_uuid(), e.parcours_id, e.date_depart, '{}'::jsonb, 5, '{}'::jsonb, 'banc',
                   now()
            FROM parcours_echeance e
            WHERE e.type = 'apa_decision' AND e.tenue_le IS NOT NULL
            """
        )
        c.execute(
            """
            INSERT INTO parcours_decisionapa (public_id, parcours_id, sens, evaluation_id, gir, verse,
                motivation, voies_recours, decidee_le, notifiee_le, created_at)
            SELECT gen_random_uuid(), ev.parcours_id, 'rejet', ev.id, 5, false, 'GIR 5 (banc de mesure).',
                   'Recours administratif préalable.', e.tenue_le, e.tenue_le, now()
            FROM parcours_evaluationapa ev
            JOIN parcours_echeance e ON e.parcours_id = ev.parcours_id AND e.type = 'apa_decision'
            """
        )
        comptes["decisions_apa"] = c.rowcount

        # Aid files: one pathway in ten, submitted within two months of its opening.
        c.execute(
            f"""
            INSERT INTO instances_demandeaide (public_id, parcours_id, type_aide_id, etat, urgence,
                montant_demande, forme, tiers, objet, motivation, personnes_14_ans_et_plus,
                enfants_moins_14_ans, ressources, ressources_ignorees, charges, unites_consommation,
                reste_a_vivre_par_uc, deposee_le, created_at, updated_at)
            SELECT gen_random_uuid(), p.id, %(type_aide)s, 'decidee', false, 100 + {_h("p.id")} %% 400,
                   'subvention', '', 'Aide du banc de mesure', 'Banc de mesure.', 1, 0, 0, 0, 0, 1, 0,
                   p.date_ouverture + ({_h("p.id")} %% 60), now(), now()
            FROM parcours_parcours p
            WHERE {_h("p.id")} %% 10 = 0 AND p.date_ouverture + ({_h("p.id")} %% 60) < %(jour)s
            """,  # noqa: S608 (constant SQL, parameters apart)
            params,
        )
        comptes["demandes_aide"] = c.rowcount
        # Sessions: each territory's committee sits on the 10th of every month, 14:00.
        c.execute(
            """
            INSERT INTO instances_seance (public_id, organe_id, date, duree_minutes, lieu, etat,
                urgence_motif, sans_quorum, sequence_convocation, created_at, updated_at)
            SELECT gen_random_uuid(), i.id,
                   ((m.mois + interval '9 days 14 hours')::timestamp AT TIME ZONE %(tz)s), 120,
                   'Salle du conseil', 'validee', '', false, 1, now(), now()
            FROM instances_instance i
            CROSS JOIN generate_series(
                (SELECT date_trunc('month', MIN(deposee_le)) FROM instances_demandeaide),
                %(jour)s::date - interval '1 month', interval '1 month') AS m(mois)
            WHERE i.nom LIKE '%%(banc)'
            """,
            params,
        )
        comptes["seances"] = c.rowcount
        # Two files in three go to the next session of their territory's committee, the others are
        # decided by delegation; outcomes 60 % accord, 10 % partial, 20 % refusal, 10 % adjournment.
        c.execute(
            f"""
            CREATE TEMPORARY TABLE banc_examens ON COMMIT DROP AS
            SELECT da.id AS demande_id, da.montant_demande, da.deposee_le,
                   {_h("da.id")} AS h, se.id AS seance_id,
                   (se.date AT TIME ZONE %(tz)s)::date AS jour_seance,
                   ROW_NUMBER() OVER (PARTITION BY se.id ORDER BY da.id) AS ordre
            FROM instances_demandeaide da
            JOIN parcours_parcours p ON p.id = da.parcours_id
            JOIN social_site s ON s.id = p.site_id
            LEFT JOIN instances_instance i ON i.territoire_id = s.territoire_id AND i.nom LIKE '%%(banc)'
            LEFT JOIN instances_seance se ON se.organe_id = i.id
                 AND {_h("da.id")} %% 3 <> 0
                 AND (se.date AT TIME ZONE %(tz)s)::date
                     = (date_trunc('month', da.deposee_le) + interval '1 month 9 days')::date
            """,  # noqa: S608 (constant SQL, parameters apart)
            params,
        )
        c.execute(
            """
            INSERT INTO instances_pointordrejour (public_id, seance_id, demande_id, ordre)
            SELECT gen_random_uuid(), seance_id, demande_id, ordre
            FROM banc_examens WHERE seance_id IS NOT NULL
            """
        )
        c.execute(
            """
            INSERT INTO instances_decision (public_id, demande_id, point_id, delegation_id, delegation_acte,
                issue, montant, forme, tiers, motivation, motif_ajournement, decidee_le, votes_pour,
                votes_contre, abstentions, voix_preponderante, notifiee_le, version, created_at, updated_at)
            SELECT gen_random_uuid(), x.demande_id, pt.id,
                   CASE WHEN pt.id IS NULL THEN %(delegation)s END,
                   CASE WHEN pt.id IS NULL THEN 'Arrêté du banc de mesure' ELSE '' END,
                   x.issue,
                   CASE WHEN x.issue = 'accord' THEN x.montant_demande
                        WHEN x.issue = 'accord_partiel' THEN round(x.montant_demande / 2, 2) END,
                   CASE WHEN x.issue IN ('accord', 'accord_partiel') THEN 'subvention' ELSE '' END, '',
                   CASE WHEN x.issue IN ('refus', 'accord_partiel') THEN 'Motif du banc de mesure.'
                        ELSE '' END,
                   CASE WHEN x.issue = 'ajournement' THEN 'Pièces manquantes.' ELSE '' END,
                   x.decidee_le, 0, 0, 0, false,
                   CASE WHEN x.decidee_le + 4 < %(jour)s THEN x.decidee_le + 4 END, 1, now(), now()
            FROM (
                SELECT e.*, COALESCE(e.jour_seance, e.deposee_le + e.h %% 10) AS decidee_le,
                       CASE WHEN e.h %% 10 < 6 THEN 'accord' WHEN e.h %% 10 = 6 THEN 'accord_partiel'
                            WHEN e.h %% 10 < 9 THEN 'refus' ELSE 'ajournement' END AS issue
                FROM banc_examens e
            ) AS x
            LEFT JOIN instances_pointordrejour pt
                   ON pt.demande_id = x.demande_id AND pt.seance_id = x.seance_id
            WHERE x.decidee_le < %(jour)s
            """,
            params,
        )
        comptes["decisions_aides"] = c.rowcount

        # Referrals: one pathway in five, to a service of a partner organisation; 50 % accepted, 15 %
        # refused, 15 % expired, 20 % open.
        c.execute(
            """
            CREATE TEMPORARY TABLE banc_services ON COMMIT DROP AS
            SELECT ROW_NUMBER() OVER (ORDER BY sv.id) - 1 AS rang, sv.id, st.organisation_id
            FROM guide_ressources_service sv
            JOIN guide_ressources_structure st ON st.id = sv.structure_id
            WHERE st.organisation_id IS NOT NULL
            """
        )
        c.execute(
            f"""
            INSERT INTO parcours_orientationpartenaire (public_id, parcours_id, service_id, organisation_id,
                statut, message, nom_partage, telephone_partage, courriel_partage, consentement_le,
                consentement_mode, date_limite, lien_envoye_a, reponse_motif, repondue_le, canal_reponse,
                created_at, updated_at)
            SELECT gen_random_uuid(), o.parcours_id, sv.id, sv.organisation_id, o.statut,
                   'Orientation du banc de mesure.', '', '', '', o.le::date, 'oral_entretien',
                   o.le::date + 15, '', CASE WHEN o.statut = 'refusee' THEN 'Complet.' ELSE '' END,
                   CASE WHEN o.statut IN ('validee', 'refusee') THEN o.le + (o.h %% 14) * interval '1 day'
                        WHEN o.statut = 'expiree' THEN o.le + interval '16 days' END,
                   '', o.le, now()
            FROM (
                SELECT p.id AS parcours_id, {_h("p.id")} AS h,
                       CASE WHEN {_h("p.id")} %% 20 < 10 THEN 'validee'
                            WHEN {_h("p.id")} %% 20 < 13 THEN 'refusee'
                            WHEN {_h("p.id")} %% 20 < 16 THEN 'expiree' ELSE 'ouverte' END AS statut,
                       ((p.date_ouverture + ({_h("p.id")} %% 90))::timestamp + interval '10 hours')
                           AT TIME ZONE %(tz)s AS le
                FROM parcours_parcours p
                WHERE {_h("p.id")} %% 5 = 1
            ) AS o
            JOIN banc_services sv ON sv.rang = o.h %% (SELECT COUNT(*) FROM banc_services)
            WHERE o.le + interval '20 days' < %(jour)s::timestamp AT TIME ZONE %(tz)s
            """,  # noqa: S608 (constant SQL, parameters apart)
            params,
        )
        comptes["orientations"] = c.rowcount
        for table in (
            "parcours_dossierapa",
            "parcours_evaluationapa",
            "parcours_decisionapa",
            "instances_demandeaide",
            "instances_decision",
            "instances_seance",
            "instances_pointordrejour",
            "parcours_orientationpartenaire",
        ):
            c.execute(f"ANALYZE {table}")
    return comptes
