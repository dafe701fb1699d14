"""Reads of the PCH of a pathway: the CDAPH decisions with their payments, the caps left per element
(PCH-1), the recourse deadlines of the latest notified decision and the pending request (PCH-6).

A constant number of queries whatever the number of decisions and payments. The detail (elements,
amounts, hours) reveals the disability: département staff of the pathway only, never partners (DP-2).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum

from parcours.actions.pch import can_gerer_pch
from parcours.enums import Dispositif, ElementDecisionPch, TypeEcheance
from parcours.lectures import lecture_partagee
from parcours.models import DecisionPch, Echeance, Parcours, VersementPch
from parcours.permissions import can_view_sante_parcours
from parcours.regles import pch as regles_pch
from parcours.regles.commun import UN_JOUR
from parcours.regles.enums import ElementPch
from social.models import Utilisateur
from social.parametres import ajouter_mois, valeurs_en_vigueur


@dataclass(frozen=True)
class DecisionAffichee:
    decision: DecisionPch
    versements: list[VersementPch]
    total_verse: Decimal

    @property
    def reste(self) -> Decimal | None:
        """What is left of a total amount (PCH-5); None for a monthly amount or hours."""
        return None if self.decision.montant is None else self.decision.montant - self.total_verse


@dataclass(frozen=True)
class PlafondAffiche:
    """PCH-1: the cap in force today for an element, paid over the 10 years ending today, available."""

    element: ElementPch
    plafond: Decimal
    fenetre_debut: datetime.date
    deja_verse: Decimal

    @property
    def disponible(self) -> Decimal:
        return max(self.plafond - self.deja_verse, Decimal(0))


@dataclass(frozen=True)
class FichePch:
    voit_details: bool
    peut_gerer: bool
    demande: Echeance | None
    decisions: list[DecisionAffichee] = field(default_factory=list)
    plafonds: list[PlafondAffiche] = field(default_factory=list)
    recours: regles_pch.EcheancesRecoursPch | None = None
    recours_decision: DecisionPch | None = None


def decisions_pch(parcours: Parcours) -> list[DecisionPch]:
    """Every CDAPH decision of the pathway with its payments (newest first) and their authors, in two queries
    shared by the PCH section and the timeline source on the pathway page (``parcours.lectures``). A read
    helper, no permission check: the callers decide what the viewer may see."""
    return lecture_partagee(parcours, "decisions_pch", lambda: _charger_decisions(parcours))


def _charger_decisions(parcours: Parcours) -> list[DecisionPch]:
    decisions = list(
        DecisionPch.objects.filter(parcours=parcours)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "versements",
                queryset=VersementPch.objects.select_related("created_by").order_by("-verse_le", "-id"),
            )
        )
        .order_by("-decidee_le", "element", "-id")
    )
    for decision in decisions:
        for versement in decision.versements.all():
            versement.decision = decision  # the timeline names the decision: no query per payment
    return decisions


def fiche_pch(
    *,
    parcours: Parcours,
    user: Utilisateur,
    jour: datetime.date | None = None,
    echeances: list[Echeance] | None = None,
) -> FichePch | None:
    """The PCH section of a PCH pathway (None otherwise). Partners get the pending request only.
    ``echeances``: the pathway's due dates when the caller has them already (no query for the request)."""
    if parcours.dispositif != Dispositif.PCH:
        return None
    from parcours.actions._outils import aujourd_hui

    jour = jour or aujourd_hui()
    if echeances is None:
        demande = Echeance.objects.filter(parcours=parcours, type=TypeEcheance.PCH_SILENCE_CDAPH).first()
    else:
        demande = next((e for e in echeances if e.type == TypeEcheance.PCH_SILENCE_CDAPH), None)
    if not can_view_sante_parcours(user, parcours):
        return FichePch(voit_details=False, peut_gerer=False, demande=demande)
    decisions = decisions_pch(parcours)
    affichees = [
        DecisionAffichee(
            d, list(d.versements.all()), sum((v.montant for v in d.versements.all()), Decimal(0))
        )
        for d in decisions
    ]
    notifiees = [d for d in decisions if d.notifiee_le is not None]
    recours_decision = max(notifiees, key=lambda d: (d.notifiee_le, d.pk), default=None)
    recours = (
        regles_pch.pch_recours_echeances(decision_notifiee_le=recours_decision.notifiee_le)
        if recours_decision is not None and recours_decision.notifiee_le is not None
        else None
    )
    return FichePch(
        voit_details=True,
        peut_gerer=can_gerer_pch(user, parcours),
        demande=demande,
        decisions=affichees,
        plafonds=_plafonds(parcours, jour),
        recours=recours,
        recours_decision=recours_decision,
    )


def _plafonds(parcours: Parcours, jour: datetime.date) -> list[PlafondAffiche]:
    """PCH-1 on ``jour`` for each capped element, over the person's payments (two queries)."""
    codes = [*regles_pch.PLAFONDS.values(), regles_pch.FENETRE_PLAFONDS]
    valeurs = valeurs_en_vigueur(codes, jour)
    debut = ajouter_mois(jour, -12 * int(valeurs[regles_pch.FENETRE_PLAFONDS])) + UN_JOUR
    verses = dict(
        VersementPch.objects.filter(
            decision__parcours__personne_id=parcours.personne_id,
            decision__element__in=[str(e) for e in regles_pch.PLAFONDS],
            verse_le__range=(debut, jour),
        )
        .values_list("decision__element")
        .annotate(total=Sum("montant"))
        .values_list("decision__element", "total")
    )
    return [
        PlafondAffiche(element, valeurs[code], debut, verses.get(str(element)) or Decimal(0))
        for element, code in regles_pch.PLAFONDS.items()
    ]


LIBELLES_ELEMENTS = dict(ElementDecisionPch.choices)
