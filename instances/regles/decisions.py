"""The outcome of an aid file (COM-4), its written motivation (G-2) and the delegation of signature of
a decision taken outside a session (G-5)."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from instances.enums import ISSUES_ACCORD, ISSUES_MOTIVEES, FormeAide, IssueDecision
from parcours.regles.commun import date_fr, euros, vers_enum
from social.exceptions import DomainError


def _refus(message: str, code: str, champ: str) -> DomainError:
    return DomainError(message, code=code, extra={"champ": champ})


def g_2_motivation_verifier(*, issue: IssueDecision, motivation: str) -> None:
    """G-2: a refusal and a partial grant carry a written motivation, the legal and factual grounds
    (CRPA L211-2, L211-5), before they can be recorded, validated or notified."""
    if vers_enum(IssueDecision, issue, "issue") in ISSUES_MOTIVEES and not motivation.strip():
        raise _refus(
            "Une décision de refus ou d'accord partiel doit être motivée par écrit : indiquez les motifs "
            "de droit et de fait (CRPA L211-2 et L211-5).",
            "motivation_requise",
            "motivation",
        )


@dataclass(frozen=True, kw_only=True)
class IssueSaisie:
    issue: IssueDecision
    montant_demande: Decimal
    montant: Decimal | None = None
    forme: FormeAide | None = None
    tiers: str = ""
    motivation: str = ""
    motif_ajournement: str = ""
    date_reexamen: datetime.date | None = None


def com_4_issue_verifier(saisie: IssueSaisie, *, jour: datetime.date) -> None:
    """COM-4: an accord states the amount, the form and, for a payment to a third party, the payee; an
    accord for less than the request is an accord partiel; an ajournement states its reason and the
    date of the new examination. G-2 on top."""
    issue = vers_enum(IssueDecision, saisie.issue, "issue")
    if issue in ISSUES_ACCORD:
        if saisie.montant is None or saisie.montant <= 0:
            raise _refus("Indiquez le montant accordé.", "montant_requis", "montant")
        if saisie.forme is None:
            raise _refus("Indiquez la forme de l'aide accordée.", "forme_requise", "forme")
        if saisie.forme == FormeAide.PAIEMENT_TIERS and not saisie.tiers.strip():
            raise _refus("Un paiement à un tiers nomme le tiers payé.", "tiers_requis", "tiers")
        if issue == IssueDecision.ACCORD and saisie.montant < saisie.montant_demande:
            raise _refus(
                f"Un montant inférieur à la demande ({euros(saisie.montant_demande)}) est un accord partiel, "
                "qui doit être motivé.",
                "accord_partiel_attendu",
                "issue",
            )
        if issue == IssueDecision.ACCORD_PARTIEL and saisie.montant >= saisie.montant_demande:
            raise _refus(
                f"Un accord partiel est inférieur au montant demandé ({euros(saisie.montant_demande)}).",
                "accord_partiel_invalide",
                "montant",
            )
        if saisie.montant > saisie.montant_demande:
            raise _refus(
                "Le montant accordé ne peut pas dépasser le montant demandé "
                f"({euros(saisie.montant_demande)}).",
                "montant_superieur_demande",
                "montant",
            )
    if issue == IssueDecision.AJOURNEMENT:
        if not saisie.motif_ajournement.strip():
            raise _refus(
                "Indiquez le motif de l'ajournement.", "motif_ajournement_requis", "motif_ajournement"
            )
        if saisie.date_reexamen is None or saisie.date_reexamen <= jour:
            raise _refus(
                f"Indiquez la date du nouvel examen, après le {date_fr(jour)}.",
                "date_reexamen_requise",
                "date_reexamen",
            )
    g_2_motivation_verifier(issue=issue, motivation=saisie.motivation)


@dataclass(frozen=True, kw_only=True)
class DelegationRegles:
    """A délégation de signature as the rule reads it."""

    acte_reference: str
    types_codes: Collection[str]
    montant_maximum: Decimal
    date_debut: datetime.date
    date_fin: datetime.date | None


def g_5_delegation_verifier(
    *,
    delegations: Collection[DelegationRegles],
    type_code: str,
    libelle_type: str,
    montant: Decimal,
    jour: datetime.date,
) -> DelegationRegles:
    """G-5: a decision taken by delegation needs a delegation of the signatory valid on the decision
    day, for this type of aid and up to at least this amount. Returns the delegation used (recorded
    with the decision: act reference and validity dates)."""
    en_vigueur = [
        d
        for d in delegations
        if d.date_debut <= jour and (d.date_fin is None or d.date_fin >= jour) and type_code in d.types_codes
    ]
    if not en_vigueur:
        raise _refus(
            f"Vous n'avez pas de délégation de signature en vigueur le {date_fr(jour)} pour l'aide "
            f"« {libelle_type} ».",
            "delegation_absente",
            "montant",
        )
    suffisante = [d for d in en_vigueur if d.montant_maximum >= montant]
    if not suffisante:
        maximum = max(d.montant_maximum for d in en_vigueur)
        raise _refus(
            f"Votre délégation de signature couvre les aides « {libelle_type} » jusqu'à {euros(maximum)} : "
            f"une aide de {euros(montant)} relève de la commission ou d'un autre signataire.",
            "delegation_montant_depasse",
            "montant",
        )
    return max(suffisante, key=lambda d: d.montant_maximum)
