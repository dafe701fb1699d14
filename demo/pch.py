"""Demonstration data of the PCH (CDAPH decisions, payments) and of the RSA sanctions (one procedure), on the
demo pathways (after ``parcours_demo_charger``). Through the actions, so every rule holds; idempotent: a
pathway that already has a decision or a procedure is left as it is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from parcours.actions.pch import pch_decision_enregistrer, pch_versement_enregistrer
from parcours.actions.rsa_sanctions import sanction_manquement_constater, sanction_observations_demander
from parcours.enums import Dispositif, ElementDecisionPch, EtatRsa
from parcours.models import DecisionPch, DossierRsa, Parcours, ProcedureSanctionRsa
from parcours.regles.enums import MotifManquement, RangManquement
from social.parametres import ajouter_mois

UN_JOUR = datetime.timedelta(days=1)


@dataclass
class RapportPchDemo:
    decisions: int = 0
    versements: int = 0
    sanctions: int = 0


@transaction.atomic
def pch_demo_charger(*, nombre: int = 5) -> RapportPchDemo:
    """A CDAPH decision (aides techniques) and a first payment on up to ``nombre`` open PCH pathways with a
    référent, and one sanction procedure on an RSA pathway in accompaniment."""
    rapport = RapportPchDemo()
    jour = timezone.localdate()
    pch = (
        Parcours.objects.ouverts()
        .filter(dispositif=Dispositif.PCH, referent__isnull=False)
        .exclude(pk__in=DecisionPch.objects.values("parcours_id"))
        .select_related("referent")
        .order_by("id")[:nombre]
    )
    for rang, parcours in enumerate(pch):
        assert parcours.referent is not None
        decidee_le = parcours.date_reception
        decision = pch_decision_enregistrer(
            parcours=parcours,
            numero=f"CDAPH-DEMO-{parcours.pk}",
            decidee_le=decidee_le,
            notifiee_le=min(decidee_le + 4 * UN_JOUR, jour),
            element=ElementDecisionPch.AIDES_TECHNIQUES,
            montant=Decimal(3000 + 500 * rang),
            debut=decidee_le,
            fin=ajouter_mois(decidee_le, 60) - UN_JOUR,
            acting_user=parcours.referent,
        )
        verse_le = min(decidee_le + 10 * UN_JOUR, jour)
        pch_versement_enregistrer(
            decision=decision,
            verse_le=verse_le,
            montant=Decimal(1200),
            periode_debut=verse_le,
            periode_fin=verse_le,
            acting_user=parcours.referent,
        )
        rapport.decisions += 1
        rapport.versements += 1
    if not ProcedureSanctionRsa.objects.exists():
        parcours = (
            Parcours.objects.ouverts()
            .filter(
                etat=EtatRsa.EN_ACCOMPAGNEMENT,
                referent__isnull=False,
                pk__in=DossierRsa.objects.filter(soumis_droits_devoirs=True).values("parcours_id"),
            )
            .select_related("referent")
            .order_by("id")
            .first()
        )
        if parcours is not None and parcours.referent is not None:
            procedure = sanction_manquement_constater(
                parcours=parcours,
                motif=MotifManquement.MANQUEMENT_OBLIGATIONS,
                rang=RangManquement.PREMIER,
                constate_le=jour - 20 * UN_JOUR,
                faits="Trois rendez-vous avec la référente manqués sans excuse.",
                acting_user=parcours.referent,
            )
            sanction_observations_demander(
                procedure=procedure, demandees_le=jour - 19 * UN_JOUR, acting_user=parcours.referent
            )
            rapport.sanctions += 1
    return rapport
