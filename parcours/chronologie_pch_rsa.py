"""Timeline sources of the PCH (CDAPH decisions, payments) and of the RSA sanction procedures (their steps),
registered by ``ParcoursConfig.ready``. Each returns nothing, without a query, for another dispositif or a
viewer who may not read them: the detail of a PCH decision reveals the disability, a sanction's facts are
personal (DP-2), so partners never get them."""

from __future__ import annotations

from parcours.chronologie import Evenement
from parcours.enums import Dispositif, EtatSanctionRsa
from parcours.models import DecisionPch, Parcours, PassageSanctionRsa, VersementPch
from parcours.permissions import can_view_sante_parcours
from parcours.regles.commun import euros
from social.models import Utilisateur


def _nom(utilisateur: Utilisateur | None) -> str:
    return str(utilisateur) if utilisateur is not None else ""


def source_pch(*, parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int) -> list[Evenement]:
    """The CDAPH decisions and the payments of a PCH pathway (two queries)."""
    if parcours.dispositif != Dispositif.PCH or partenaire or not can_view_sante_parcours(user, parcours):
        return []
    decisions = list(
        DecisionPch.objects.filter(parcours=parcours)
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limite]
    )
    versements = list(
        VersementPch.objects.filter(decision__parcours=parcours)
        .select_related("decision", "created_by")
        .order_by("-created_at", "-id")[:limite]
    )
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
    """The steps of the RSA sanction procedures (one query)."""
    if parcours.dispositif != Dispositif.RSA or partenaire or not can_view_sante_parcours(user, parcours):
        return []
    passages = PassageSanctionRsa.objects.filter(procedure__parcours=parcours).select_related("acting_user")
    return [
        Evenement(
            moment=p.created_at,
            genre="rsa_sanction",
            titre=f"Procédure de sanction : {EtatSanctionRsa(p.vers).label}",
            detail=f"Le {p.le:%d/%m/%Y}",
            auteur=_nom(p.acting_user),
        )
        for p in passages.order_by("-created_at", "-id")[:limite]
    ]
