"""Decisions on aid files: in an open session (votes, the chair's casting vote, optimistic concurrency
on ``Decision.version``) or, for an urgent aid, by the holder of a delegation of signature (G-5), then
reported to the next session. Eligibility and caps are checked again on the decision day; negative
decisions are motivated (G-2). The référent is told in real time after commit, and the decision
enters the pathway's timeline (``instances.chronologie``)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from instances.actions._outils import (
    aujourd_hui,
    demande_transitionner,
    enregistrer,
    refuser,
    verrouiller_demande,
    verrouiller_seance,
)
from instances.actions.demandes import verifier_droits
from instances.direct import SEANCE_DECISION, seance_diffuser
from instances.enums import (
    ISSUES_ACCORD,
    PRESENCES_EFFECTIVES,
    EtatDemande,
    FormeAide,
    IssueDecision,
    RoleMembre,
    SensVote,
    StatutPresence,
)
from instances.models import ConflitInteret, Decision, Delegation, DemandeAide, PointOrdreJour, Presence, Vote
from instances.permissions import can_decide_urgence, can_record_decision
from instances.regles.decisions import (
    DelegationRegles,
    IssueSaisie,
    com_4_issue_verifier,
    g_5_delegation_verifier,
)
from instances.regles.seances import ResultatVote, com_4_resultat_vote
from instances.selectors import prochaine_seance
from parcours.regles.commun import vers_enum
from social.models import Utilisateur
from social.temps_reel import diffuser

EVENEMENT_DECISION = "demande_aide.decidee"


def _notifier_referent(demande: DemandeAide) -> None:
    if demande.parcours.referent_id is not None:
        diffuser(
            utilisateur_ids=[demande.parcours.referent_id],
            evenement=EVENEMENT_DECISION,
            objet_ids=[demande.public_id, demande.parcours.public_id],
        )


def _saisie(
    demande: DemandeAide,
    *,
    issue: IssueDecision | str,
    montant: Decimal | None,
    forme: FormeAide | str | None,
    tiers: str,
    motivation: str,
    motif_ajournement: str = "",
    date_reexamen: datetime.date | None = None,
) -> IssueSaisie:
    return IssueSaisie(
        issue=vers_enum(IssueDecision, issue, "issue"),
        montant_demande=demande.montant_demande,
        montant=montant,
        forme=vers_enum(FormeAide, forme, "forme") if forme else None,
        tiers=tiers.strip(),
        motivation=motivation.strip(),
        motif_ajournement=motif_ajournement.strip(),
        date_reexamen=date_reexamen,
    )


def _resultat_votes(
    point: PointOrdreJour, votes: Mapping[int, SensVote | str]
) -> tuple[ResultatVote | None, list[Vote]]:
    """COM-2, COM-3, COM-4: only members present with a vote, without a conflict of interest on this
    file, vote; each vote counts the mandates its author holds; a tie goes to the chair's vote."""
    if not votes:
        return None, []
    presences = {
        p.mandat_id: p for p in Presence.objects.filter(seance_id=point.seance_id).select_related("mandat")
    }
    en_conflit = set(ConflitInteret.objects.filter(point=point).values_list("mandat_id", flat=True))
    lignes: list[Vote] = []
    comptes = {SensVote.POUR: 0, SensVote.CONTRE: 0, SensVote.ABSTENTION: 0}
    voix_president: SensVote | None = None
    for mandat_id, sens_brut in votes.items():
        sens = vers_enum(SensVote, sens_brut, "votes")
        presence = presences.get(mandat_id)
        if (
            presence is None
            or presence.statut not in PRESENCES_EFFECTIVES
            or not presence.mandat.voix_deliberative
        ):
            raise refuser(
                "Seuls les membres présents ayant voix délibérative votent.", "votant_invalide", champ="votes"
            )
        if mandat_id in en_conflit:
            raise refuser(
                f"{presence.mandat.utilisateur} a déclaré un conflit d'intérêts sur ce dossier : "
                "ce membre ne prend pas part au vote.",
                "conflit_interet",
                champ="votes",
            )
        # A mandate given by a member in conflict on this file is not used for it.
        poids = 1 + sum(
            1
            for p in presences.values()
            if p.procuration_a_id == mandat_id
            and p.statut == StatutPresence.REPRESENTE
            and p.mandat_id not in en_conflit
        )
        comptes[sens] += poids
        if presence.mandat.role == RoleMembre.PRESIDENT:
            voix_president = sens
        lignes.append(Vote(mandat_id=mandat_id, sens=sens, poids=poids))
    resultat = com_4_resultat_vote(
        pour=comptes[SensVote.POUR],
        contre=comptes[SensVote.CONTRE],
        abstention=comptes[SensVote.ABSTENTION],
        voix_president=voix_president,
    )
    if not resultat.adopte:
        raise refuser(
            f"La proposition n'est pas adoptée ({resultat.pour} pour, {resultat.contre} contre) : "
            "enregistrez la décision que l'instance a adoptée.",
            "proposition_rejetee",
            champ="votes",
        )
    return resultat, lignes


@transaction.atomic
def decision_enregistrer(
    *,
    point: PointOrdreJour,
    issue: IssueDecision | str,
    acting_user: Utilisateur,
    version: int | None,
    montant: Decimal | None = None,
    forme: FormeAide | str | None = None,
    tiers: str = "",
    motivation: str = "",
    motif_ajournement: str = "",
    date_reexamen: datetime.date | None = None,
    votes: Mapping[int, SensVote | str] | None = None,
) -> Decision:
    """Record (or correct) the decision on one agenda item of an open session, with the votes of the
    members present (mandate holders count for their principals). ``version``: None for a first
    decision, else the version read; an older one is refused (two people editing the same decision
    cannot overwrite each other silently)."""
    seance = verrouiller_seance(point.seance)
    if not can_record_decision(acting_user, seance):
        if seance.etat != "ouverte":
            raise refuser("Les décisions s'enregistrent pendant la séance ouverte.", "seance_non_ouverte")
        raise refuser("Seuls le secrétariat et la présidence enregistrent les décisions.", "interdit")
    point = PointOrdreJour.objects.select_related("seance").get(pk=point.pk)
    existante = Decision.objects.select_for_update(of=("self",)).filter(point=point).first()
    if (existante is None and version not in (None, 0)) or (
        existante is not None and version != existante.version
    ):
        raise refuser(
            "Cette décision a été modifiée entre-temps"
            + (f" (version {existante.version})" if existante else "")
            + " : rechargez-la avant de l'enregistrer, pour ne pas effacer la saisie d'une autre personne.",
            "version_perimee",
            version=existante.version if existante else None,
        )
    demande = verrouiller_demande(point.demande)
    jour = aujourd_hui()
    saisie = _saisie(
        demande,
        issue=issue,
        montant=montant,
        forme=forme,
        tiers=tiers,
        motivation=motivation,
        motif_ajournement=motif_ajournement,
        date_reexamen=date_reexamen,
    )
    com_4_issue_verifier(saisie, jour=jour)
    if saisie.issue in ISSUES_ACCORD:
        assert saisie.montant is not None
        verifier_droits(demande, montant=saisie.montant, jour=jour, en_seance=True)
    resultat, lignes = _resultat_votes(point, votes or {})
    decision = existante or Decision(demande=demande, point=point)
    _remplir(decision, saisie, jour=jour, acting_user=acting_user)
    decision.votes_pour = resultat.pour if resultat else 0
    decision.votes_contre = resultat.contre if resultat else 0
    decision.abstentions = resultat.abstention if resultat else 0
    decision.voix_preponderante = resultat.voix_preponderante if resultat else False
    if existante is not None:
        decision.version = existante.version + 1
    enregistrer(decision, acting_user=acting_user, raison="Décision en séance")
    decision.votes.all().delete()
    Vote.objects.bulk_create(
        [Vote(decision=decision, mandat_id=v.mandat_id, sens=v.sens, poids=v.poids) for v in lignes]
    )
    vers = EtatDemande.AJOURNEE if saisie.issue == IssueDecision.AJOURNEMENT else EtatDemande.DECIDEE
    if demande.etat != vers:
        demande_transitionner(
            demande,
            vers,
            acting_user=acting_user,
            motif=f"Séance du {seance.jour:%d/%m/%Y} : {saisie.issue.label}",
        )
    _notifier_referent(demande)
    seance_diffuser(seance, SEANCE_DECISION, point.public_id, decision.public_id)
    return decision


def _remplir(
    decision: Decision, saisie: IssueSaisie, *, jour: datetime.date, acting_user: Utilisateur
) -> None:
    accord = saisie.issue in ISSUES_ACCORD
    decision.issue = saisie.issue
    decision.montant = saisie.montant if accord else None
    decision.forme = saisie.forme.value if accord and saisie.forme else ""
    decision.tiers = saisie.tiers if accord and saisie.forme == FormeAide.PAIEMENT_TIERS else ""
    decision.motivation = saisie.motivation
    decision.motif_ajournement = saisie.motif_ajournement if saisie.issue == IssueDecision.AJOURNEMENT else ""
    decision.date_reexamen = saisie.date_reexamen if saisie.issue == IssueDecision.AJOURNEMENT else None
    decision.decidee_le = jour
    decision.decidee_par = acting_user


@transaction.atomic
def decision_urgence_prendre(
    *,
    demande: DemandeAide,
    issue: IssueDecision | str,
    acting_user: Utilisateur,
    montant: Decimal | None = None,
    forme: FormeAide | str | None = None,
    tiers: str = "",
    motivation: str = "",
) -> Decision:
    """Decide an urgent aid outside a session (FAJ-5), as the holder of a delegation of signature in
    force for this type and up to this amount (G-5: otherwise refused); the decision records the
    delegation's act and dates and is reported to the next session of the competent instance."""
    demande = verrouiller_demande(demande)
    if not demande.urgence or demande.etat != EtatDemande.DEPOSEE:
        raise refuser(
            "Seule une demande déposée en procédure d'urgence se décide hors séance.", "transition_impossible"
        )
    if not can_decide_urgence(acting_user, demande):
        raise refuser(
            "Vous n'avez pas de délégation de signature en vigueur pour l'aide "
            f"« {demande.type_aide.libelle} ».",
            "interdit",
        )
    jour = aujourd_hui()
    saisie = _saisie(demande, issue=issue, montant=montant, forme=forme, tiers=tiers, motivation=motivation)
    if saisie.issue == IssueDecision.AJOURNEMENT:
        raise refuser(
            "Une aide d'urgence est accordée ou refusée : pour l'examiner en séance, elle doit être déposée "
            "sans la procédure d'urgence.",
            "ajournement_hors_seance",
            champ="issue",
        )
    com_4_issue_verifier(saisie, jour=jour)
    delegations = list(
        Delegation.objects.filter(utilisateur_id=acting_user.pk).prefetch_related("types_aide")
    )
    utilisee = g_5_delegation_verifier(
        delegations=[
            DelegationRegles(
                acte_reference=str(d.pk),
                types_codes={t.code for t in d.types_aide.all()},
                montant_maximum=d.montant_maximum,
                date_debut=d.date_debut,
                date_fin=d.date_fin,
            )
            for d in delegations
        ],
        type_code=demande.type_aide.code,
        libelle_type=demande.type_aide.libelle,
        montant=saisie.montant if saisie.montant is not None else demande.montant_demande,
        jour=jour,
    )
    delegation = next(d for d in delegations if str(d.pk) == utilisee.acte_reference)
    if saisie.issue in ISSUES_ACCORD:
        assert saisie.montant is not None
        verifier_droits(demande, montant=saisie.montant, jour=jour, en_seance=False)
    decision = Decision(demande=demande, delegation=delegation)
    _remplir(decision, saisie, jour=jour, acting_user=acting_user)
    fin = f" au {delegation.date_fin:%d/%m/%Y}" if delegation.date_fin else ""
    decision.delegation_acte = f"{delegation.acte_reference} (du {delegation.date_debut:%d/%m/%Y}{fin})"
    decision.rapportee_a = prochaine_seance(demande=demande, jour=jour)
    enregistrer(decision, acting_user=acting_user, raison="Décision par délégation (urgence)")
    demande_transitionner(
        demande, EtatDemande.DECIDEE, acting_user=acting_user, motif="Décision d'urgence par délégation"
    )
    _notifier_referent(demande)
    return decision
