"""Timeline sources of the PCH (CDAPH decisions, payments) and of the RSA sanction procedures (their steps),
registered by ``ParcoursConfig.ready``. Each returns nothing, without a query, for another dispositif or a
viewer who may not read them: the detail of a PCH decision reveals the disability, a sanction's facts are
personal (DP-2), so partners never get them."""

from __future__ import annotations

from parcours.chronologie import Evenement
from parcours.enums import Dispositif, EtatSanctionRsa
from parcours.models import Parcours
from parcours.permissions import can_view_sante_parcours
from parcours.regles.commun import euros
from parcours.selectors_pch import decisions_pch
from parcours.selectors_rsa_sanctions import procedures_sanction
from social.models import Utilisateur


def _nom(utilisateur: Utilisateur | None) -> str:
    return str(utilisateur) if utilisateur is not None else ""


def source_pch(*, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int) -> list[Evenement]:
    """The CDAPH decisions and the payments of a PCH pathway (two queries, shared with the PCH section of the
    pathway page: ``selectors_pch.decisions_pch``)."""
    if parcours.dispositif != Dispositif.PCH or partenaire or not can_view_sante_parcours(user, parcours):
        return []
    toutes = decisions_pch(parcours)
    decisions = sorted(toutes, key=lambda d: (d.created_at, d.pk), reverse=True)[:limite]
    versements = sorted(
        (v for d in toutes for v in d.versements.all()), key=lambda v: (v.created_at, v.pk), reverse=True
    )[:limite]
    evenements = [
        Evenement(
            moment=d.created_at,
            genre="pch_decision",
            titre=f"Décision de la CDAPH n° {d.numero} : {d.get_element_display()}",
            detail=f"Décidée le {d.decidee_le:%d/%m/%Y}",
            auteur=_nom(d.created_by),
        )
        for d in decisions
    ]
    evenements += [
        Evenement(
            moment=v.created_at,
            genre="pch_versement",
            titre=f"Versement PCH de {euros(v.montant)} ({v.decision.get_element_display()})",
            detail=f"Versé le {v.verse_le:%d/%m/%Y}, décision n° {v.decision.numero}",
            auteur=_nom(v.created_by),
        )
        for v in versements
    ]
    return evenements


def source_sanctions_rsa(
    *, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int
) -> list[Evenement]:
    """The steps of the RSA sanction procedures (two queries, shared with the sanctions section of the pathway
    page: ``selectors_rsa_sanctions.procedures_sanction``)."""
    if parcours.dispositif != Dispositif.RSA or partenaire or not can_view_sante_parcours(user, parcours):
        return []
    passages = sorted(
        (p for procedure in procedures_sanction(parcours) for p in procedure.passages.all()),
        key=lambda p: (p.created_at, p.pk),
        reverse=True,
    )
    return [
        Evenement(
            moment=p.created_at,
            genre="rsa_sanction",
            titre=f"Procédure de sanction : {EtatSanctionRsa(p.vers).label}",
            detail=f"Le {p.le:%d/%m/%Y}",
            auteur=_nom(p.acting_user),
        )
        for p in passages[:limite]
    ]
