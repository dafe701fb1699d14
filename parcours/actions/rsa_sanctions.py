"""RSA sanctions « suspension-remobilisation » (rules RSA-8 to RSA-14) and reorientation requests, through
the pure rules of ``parcours.regles.rsa``.

A sanction procedure moves through ``parcours.workflows.TRANSITIONS_SANCTION_RSA``: each action checks, in
this order, an RSA pathway with its file (400/409), open (409), a step the table allows from the current
state (409), the user's role (403), the rule of the step (``rsa_sanction_etape_verifier``: observations
before any decision, EP opinion before a suppression), its own data and dates (400); then it writes the
procedure, logs a ``PassageSanctionRsa`` and, where the pathway's workflow has the matching transition,
moves the pathway (« Suspendu » on a suspension or suppression from « En accompagnement », back on the
lifting, « Sorti du dispositif » on a radiation). A refusal raises ``DomainError`` and writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from decimal import Decimal
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from parcours import workflows
from parcours.actions._outils import aujourd_hui, enregistrer, exiger_ouvert, refuser, verrouiller
from parcours.actions.parcours import parcours_transitionner
from parcours.actions.rsa import rsa_orienter
from parcours.enums import (
    DemandeurReorientation,
    Dispositif,
    EtatRsa,
    EtatSanctionRsa,
    StatutEcheance,
    StatutReorientation,
    TypeEcheance,
)
from parcours.models import (
    DemandeReorientationRsa,
    DossierRsa,
    Echeance,
    OrientationRsa,
    Parcours,
    PassageSanctionRsa,
    ProcedureSanctionRsa,
)
from parcours.permissions import roles_sur_parcours
from parcours.regles import rsa as regles_rsa
from parcours.regles.commun import date_fr, euros, vers_enum
from parcours.regles.enums import (
    DeposantRecours,
    DestinataireRecours,
    EtapeSanction,
    IssueRecours,
    MotifManquement,
    NatureDecisionSanction,
    ParcoursRsa,
    RangManquement,
    SuiteSuppression,
    Vulnerabilite,
)
from social.exceptions import DomainError
from social.models import Organisation, Utilisateur
from social.parametres import echeance

AnyUser = Utilisateur | AnonymousUser
T = TypeVar("T")
S = EtatSanctionRsa

# The rule's steps (RSA-8) for the states that are steps of the procedure in the law.
_ETAPES: dict[str, EtapeSanction] = {
    S.MANQUEMENT_CONSTATE: EtapeSanction.MANQUEMENT_CONSTATE,
    S.OBSERVATIONS_DEMANDEES: EtapeSanction.OBSERVATIONS_DEMANDEES,
    S.OBSERVATIONS_RECUES: EtapeSanction.OBSERVATIONS_RECUES,
    S.DELAI_OBSERVATIONS_EXPIRE: EtapeSanction.DELAI_OBSERVATIONS_EXPIRE,
    S.AVIS_EP: EtapeSanction.AVIS_EP,
    S.DECIDEE: EtapeSanction.DECISION,
    S.CLASSEE: EtapeSanction.DECISION,
    S.LEVEE: EtapeSanction.LEVEE,
}
ETATS_TERMINES = frozenset({S.LEVEE, S.RADIEE, S.CLASSEE, S.ANNULEE})
# The form field a rule's refusal belongs to, when the rule does not name one.
CHAMPS_PAR_CODE = {
    "rsa_sanction_duree_hors_bornes": "duree_mois",
    "rsa_sanction_premier_manquement_suspension": "nature",
    "rsa_sanction_avis_ep_requis": "nature",
    "rsa_foyer_vide": "personnes_foyer",
}


# Who may (on top of ``Parcours.objects.visible_by``).


def can_suivre_sanction_rsa(user: AnyUser, parcours: Parcours) -> bool:
    """Record a failure and the steps of the procedure: the référent, the team and the encadrants of the
    site, on an open RSA pathway."""
    return _roles_ok(user, parcours, workflows.transition_sanction("", S.MANQUEMENT_CONSTATE))


def can_decider_sanction_rsa(user: AnyUser, parcours: Parcours) -> bool:
    """Decide a sanction, end the right: the encadrants of the site (delegates of the PCD)."""
    return _roles_ok(user, parcours, workflows.transition_sanction(S.AVIS_EP, S.DECIDEE))


def can_demander_reorientation(user: AnyUser, parcours: Parcours) -> bool:
    """The référent, the team and the encadrants record a reorientation request (theirs or the person's)."""
    return _open_rsa(parcours) and bool(
        roles_sur_parcours(user, parcours) & workflows.ROLES_DEMANDE_REORIENTATION
    )


def can_decider_reorientation(user: AnyUser, parcours: Parcours) -> bool:
    """The encadrants of the site decide a reorientation request."""
    return _open_rsa(parcours) and bool(
        roles_sur_parcours(user, parcours) & workflows.ROLES_DECISION_REORIENTATION
    )


def _open_rsa(parcours: Parcours) -> bool:
    return parcours.dispositif == Dispositif.RSA and not parcours.est_clos


def _roles_ok(user: AnyUser, parcours: Parcours, transition: workflows.TransitionSanction | None) -> bool:
    return (
        _open_rsa(parcours)
        and transition is not None
        and bool(roles_sur_parcours(user, parcours) & transition.roles)
    )


# The procedure.


@transaction.atomic
def sanction_manquement_constater(
    *,
    parcours: Parcours,
    motif: MotifManquement | str,
    rang: RangManquement | str,
    constate_le: datetime.date,
    faits: str,
    acting_user: Utilisateur,
) -> ProcedureSanctionRsa:
    """Open a sanction procedure on a failure (CASF L262-37 I; RSA-8 step 1): its ground, first failure or
    persistence/repetition (two scales, RSA-9), the day and the facts. Only for a person « soumis aux droits
    et devoirs » (RSA-7); one procedure at a time."""
    parcours = verrouiller(parcours)
    dossier = _dossier(parcours)
    motif = vers_enum(MotifManquement, motif, "motif")
    rang = vers_enum(RangManquement, rang, "rang")
    _verifier_role(acting_user, parcours, workflows.transition_sanction("", S.MANQUEMENT_CONSTATE))
    if (
        ProcedureSanctionRsa.objects.filter(parcours=parcours)
        .exclude(etat__in=ETATS_TERMINES)
        .exclude(etat=S.NOTIFIEE, nature=NatureDecisionSanction.REORIENTATION)
        .exists()
    ):
        raise refuser(
            "Une procédure de sanction est déjà en cours sur ce parcours : menez-la à son terme.",
            "rsa_sanction_en_cours",
        )
    _date_passee(constate_le, "constate_le")
    faits = _texte(faits, "Décrivez les faits constitutifs du manquement.", "faits")
    _regle(
        historique=[],
        suivante=regles_rsa.PassageEtape(
            etape=EtapeSanction.MANQUEMENT_CONSTATE, le=constate_le, motif=motif
        ),
        soumis_droits_devoirs=dossier.soumis_droits_devoirs,
    )
    procedure = ProcedureSanctionRsa(
        parcours=parcours,
        dossier=dossier,
        etat=S.MANQUEMENT_CONSTATE,
        motif=motif,
        rang=rang,
        constate_le=constate_le,
        faits=faits,
        created_by=acting_user,
    )
    enregistrer(procedure, acting_user=acting_user, raison="Manquement constaté")
    PassageSanctionRsa.objects.create(
        procedure=procedure,
        depuis="",
        vers=S.MANQUEMENT_CONSTATE,
        le=constate_le,
        motif=faits,
        acting_user=acting_user,
    )
    return procedure


@transaction.atomic
def sanction_observations_demander(
    *, procedure: ProcedureSanctionRsa, demandees_le: datetime.date, acting_user: Utilisateur
) -> ProcedureSanctionRsa:
    """Invite the person to present observations, possibly assisted (L262-37; RSA-8 step 2). The delay is
    the parameter in force on the day of the invitation (10 days [à vérifier: règlement départemental]);
    it is tracked as a deadline with its alerts."""
    procedure, parcours = _preparer(procedure, S.OBSERVATIONS_DEMANDEES, acting_user)
    _date_passee(demandees_le, "demandees_le")
    _passer(procedure, parcours, S.OBSERVATIONS_DEMANDEES, demandees_le, acting_user)
    procedure.observations_demandees_le = demandees_le
    procedure.observations_limite = echeance(regles_rsa.DELAI_OBSERVATIONS, demandees_le)
    _enregistrer(
        procedure, acting_user, "Observations demandées", "observations_demandees_le", "observations_limite"
    )
    _echeance_observations(parcours, procedure, acting_user)
    return procedure


@transaction.atomic
def sanction_observations_enregistrer(
    *, procedure: ProcedureSanctionRsa, recues_le: datetime.date, observations: str, acting_user: Utilisateur
) -> ProcedureSanctionRsa:
    """Record the person's observations (L262-37)."""
    procedure, parcours = _preparer(procedure, S.OBSERVATIONS_RECUES, acting_user)
    _date_passee(recues_le, "recues_le")
    observations = _texte(observations, "Résumez les observations de la personne.", "observations")
    _passer(procedure, parcours, S.OBSERVATIONS_RECUES, recues_le, acting_user)
    procedure.observations_recues_le = recues_le
    procedure.observations = observations
    _enregistrer(procedure, acting_user, "Observations reçues", "observations_recues_le", "observations")
    _echeance_observations(parcours, procedure, acting_user, tenue_le=recues_le)
    return procedure


@transaction.atomic
def sanction_delai_observations_constater(
    *, procedure: ProcedureSanctionRsa, le: datetime.date, acting_user: Utilisateur
) -> ProcedureSanctionRsa:
    """The delay to present observations ran out without an answer (refused while it runs)."""
    procedure, parcours = _preparer(procedure, S.DELAI_OBSERVATIONS_EXPIRE, acting_user)
    _date_passee(le, "le")
    _passer(procedure, parcours, S.DELAI_OBSERVATIONS_EXPIRE, le, acting_user)
    _enregistrer(procedure, acting_user, "Délai d'observations expiré")
    _echeance_observations(parcours, procedure, acting_user, tenue_le=le)
    return procedure


@transaction.atomic
def sanction_avis_ep_enregistrer(
    *, procedure: ProcedureSanctionRsa, le: datetime.date, avis: str, acting_user: Utilisateur
) -> ProcedureSanctionRsa:
    """Record the opinion of the équipe pluridisciplinaire (L262-39; required before a suppression or a
    reorientation, and before a suspension when the règlement says so)."""
    procedure, parcours = _preparer(procedure, S.AVIS_EP, acting_user)
    _date_passee(le, "le")
    avis = _texte(avis, "Indiquez l'avis de l'équipe pluridisciplinaire.", "avis")
    _passer(procedure, parcours, S.AVIS_EP, le, acting_user, motif=avis)
    procedure.avis_ep_le = le
    procedure.avis_ep = avis
    _enregistrer(procedure, acting_user, "Avis de l'équipe pluridisciplinaire", "avis_ep_le", "avis_ep")
    return procedure


@transaction.atomic
def sanction_decider(
    *,
    procedure: ProcedureSanctionRsa,
    nature: NatureDecisionSanction | str,
    decidee_le: datetime.date,
    motivation: str,
    acting_user: Utilisateur,
    taux: Decimal | None = None,
    duree_mois: int | None = None,
    debut: datetime.date | None = None,
    personnes_foyer: int | None = None,
    majoration_isolement: bool = False,
) -> ProcedureSanctionRsa:
    """The decision of the PCD or its delegate (RSA-8 step 4), motivated (G-2). A suspension or suppression
    stays within the scale in force on the decision day: 30 % to 100 % for 1 to 2 months on a first
    failure, 1 to 4 months on persistence (RSA-9), at most 50 % for a household of more than one person or
    with the majoration L262-9 (RSA-10). « Sans suite » closes the procedure."""
    nature = vers_enum(NatureDecisionSanction, nature, "nature")
    vers = S.CLASSEE if nature == NatureDecisionSanction.SANS_SUITE else S.DECIDEE
    procedure, parcours = _preparer(procedure, vers, acting_user)
    _date_passee(decidee_le, "decidee_le")
    motivation = _texte(
        motivation,
        "La décision doit être motivée : fondement juridique et faits (CRPA L211-2, L211-5).",
        "motivation",
    )
    _passer(procedure, parcours, vers, decidee_le, acting_user, motif=motivation, nature=nature)
    procedure.nature = nature
    procedure.decidee_le = decidee_le
    procedure.motivation = motivation
    champs = ["nature", "decidee_le", "motivation"]
    motif_parcours = motivation
    if nature in regles_rsa.NATURES_LEVABLES:
        if taux is None or duree_mois is None or personnes_foyer is None:
            champ = "taux" if taux is None else "duree_mois" if duree_mois is None else "personnes_foyer"
            raise refuser(
                "Indiquez le taux, la durée et le nombre de personnes du foyer de la sanction.",
                "rsa_sanction_incomplete",
                champ=champ,
            )
        sanction = _appliquer_regle(
            regles_rsa.SanctionRsa,
            champ="taux",
            nature=nature,
            rang=procedure.rang,
            taux=taux,
            duree_mois=duree_mois,
            decidee_le=decidee_le,
            debut=debut or decidee_le,
        )
        _appliquer_regle(
            regles_rsa.rsa_sanction_verifier,
            champ="taux",
            sanction=sanction,
            soumis_droits_devoirs=procedure.dossier.soumis_droits_devoirs,
            personnes_foyer=personnes_foyer,
            majoration_isolement=majoration_isolement,
        )
        procedure.taux = taux
        procedure.duree_mois = duree_mois
        procedure.debut = sanction.debut
        procedure.fin = sanction.fin
        procedure.personnes_foyer = personnes_foyer
        procedure.majoration_isolement = majoration_isolement
        procedure.suite = regles_rsa.rsa_sanction_suites(
            sanction=sanction, mise_en_conformite_le=None, jour=decidee_le
        )
        champs += ["taux", "duree_mois", "debut", "fin", "personnes_foyer", "majoration_isolement", "suite"]
        motif_parcours = f"{nature.label} de {taux * 100:.0f} % pendant {duree_mois} mois. {motivation}"
    _enregistrer(procedure, acting_user, "Décision de sanction", *champs)
    if nature in regles_rsa.NATURES_LEVABLES and parcours.etat == EtatRsa.EN_ACCOMPAGNEMENT:
        parcours_transitionner(
            parcours=parcours,
            vers=EtatRsa.SUSPENDU,
            acting_user=acting_user,
            motif=motif_parcours,
            par_action_dediee=True,
        )
    return procedure


# G-3: the rejection of the recours is itself a decision to notify with its voies et délais de recours.
MENTIONS_RECOURS_CONTENTIEUX = (
    "Vous pouvez contester cette décision devant le tribunal administratif dans un délai de deux mois à "
    "compter de sa notification (CJA R421-1). Faute de ces mentions dans le courrier notifié, ce délai ne "
    "vous est pas opposable."
)


def mentions_recours(notifiee_le: datetime.date) -> tuple[datetime.date, str]:
    """RSA-14, G-3: the voies et délais de recours a notified decision carries, and the last day."""
    limite = echeance(regles_rsa.DELAI_RECOURS, notifiee_le)
    return limite, (
        "Vous pouvez contester cette décision par un recours administratif préalable obligatoire, motivé, "
        "adressé au président du conseil départemental dans les deux mois de sa notification, soit au plus "
        f"tard le {date_fr(limite)} (CASF L262-47, R262-88). Une association ne peut agir qu'avec votre "
        "mandat écrit. La décision sur ce recours peut ensuite être portée devant le tribunal administratif "
        "dans un délai de deux mois."
    )


@transaction.atomic
def sanction_notifier(
    *, procedure: ProcedureSanctionRsa, notifiee_le: datetime.date, acting_user: Utilisateur
) -> ProcedureSanctionRsa:
    """Record the notification of the decision, with the voies et délais de recours (R262-91; G-3,
    RSA-14): the recours is admissible until 2 months after this day."""
    procedure, parcours = _preparer(procedure, S.NOTIFIEE, acting_user)
    _date_passee(notifiee_le, "notifiee_le")
    assert procedure.decidee_le is not None
    if notifiee_le < procedure.decidee_le:
        raise refuser(
            f"La notification ne peut pas précéder la décision ({date_fr(procedure.decidee_le)}).",
            "rsa_notification_avant_decision",
            champ="notifiee_le",
        )
    _passer(procedure, parcours, S.NOTIFIEE, notifiee_le, acting_user)
    procedure.notifiee_le = notifiee_le
    procedure.recours_limite, procedure.mentions_recours = mentions_recours(notifiee_le)
    _enregistrer(
        procedure, acting_user, "Décision notifiée", "notifiee_le", "recours_limite", "mentions_recours"
    )
    return procedure


@transaction.atomic
def sanction_recours_enregistrer(
    *,
    procedure: ProcedureSanctionRsa,
    forme_le: datetime.date,
    destinataire: DestinataireRecours | str,
    depose_par: DeposantRecours | str,
    motifs: str,
    acting_user: Utilisateur,
    mandat_ecrit: bool = False,
    cra_saisie_le: datetime.date | None = None,
) -> ProcedureSanctionRsa:
    """Record a recours administratif préalable against the notified decision (RSA-14): admissible only
    within 2 months of the notification, addressed to the PCD, motivated, with a written mandate when an
    association files it; the PCD then rules within 2 months (1 + 1 with the CRA)."""
    procedure = ProcedureSanctionRsa.objects.select_related("parcours", "dossier").get(pk=procedure.pk)
    parcours = verrouiller(procedure.parcours)
    procedure = (
        ProcedureSanctionRsa.objects.select_for_update(of=("self",))
        .select_related("dossier")
        .get(pk=procedure.pk)
    )
    if not can_suivre_sanction_rsa(acting_user, parcours):
        raise refuser(
            "Seuls le référent, l'équipe et les encadrants du site enregistrent un recours.", "interdit"
        )
    if procedure.notifiee_le is None:
        raise refuser(
            "Un recours se forme contre une décision notifiée : enregistrez d'abord la notification.",
            "transition_impossible",
            etat=procedure.etat,
        )
    if procedure.recours_forme_le is not None:
        raise refuser("Un recours est déjà enregistré contre cette décision.", "rsa_recours_deja_forme")
    _date_passee(forme_le, "forme_le")
    recours = _appliquer_regle(
        regles_rsa.RecoursRsa,
        champ="forme_le",
        decision_notifiee_le=procedure.notifiee_le,
        forme_le=forme_le,
        destinataire=destinataire,
        depose_par=depose_par,
        mandat_ecrit=mandat_ecrit,
        motifs=motifs,
    )
    _appliquer_regle(regles_rsa.rsa_recours_verifier, champ="forme_le", recours=recours)
    procedure.recours_forme_le = forme_le
    procedure.recours_depose_par = recours.depose_par
    procedure.recours_motifs = motifs.strip()
    procedure.recours_cra_saisie_le = cra_saisie_le
    procedure.recours_decision_limite = regles_rsa.rsa_recours_echeances(
        recu_le=forme_le, cra_saisie_le=cra_saisie_le
    ).decision_pcd
    _enregistrer(
        procedure,
        acting_user,
        "Recours administratif préalable",
        "recours_forme_le",
        "recours_depose_par",
        "recours_motifs",
        "recours_cra_saisie_le",
        "recours_decision_limite",
    )
    _echeance_recours(parcours, acting_user)
    return procedure


@transaction.atomic
def sanction_recours_statuer(
    *,
    procedure: ProcedureSanctionRsa,
    statue_le: datetime.date,
    issue: IssueRecours | str,
    motivation: str,
    acting_user: Utilisateur,
) -> ProcedureSanctionRsa:
    """The PCD (an encadrant of the site, its delegate) rules on the recours, with a motivated decision
    (RSA-14), also after the deadline when silence was an implicit rejection. Rejected, the sanction stands.
    Admitted, the sanction was decided on a wrong ground: the procedure is annulled and every sum withheld
    since its first day is to be regularised (RSA-13), beside what a lifting already restored; the pathway
    leaves « Suspendu » when this sanction was the one in force.

    Refused, in this order: a role other than the encadrants (403), no recours or one already decided, a
    procedure the table does not let annul (409), then the data (400)."""
    procedure, parcours = _verrouiller(procedure)
    if not can_decider_sanction_rsa(acting_user, parcours):
        raise refuser(
            "Seuls les encadrants du site, délégataires du président, statuent sur un recours.", "interdit"
        )
    if procedure.recours_forme_le is None:
        raise refuser(
            "Aucun recours n'est enregistré contre cette décision.",
            "rsa_recours_absent",
            etat=procedure.etat,
        )
    if procedure.recours_statue_le is not None:
        raise refuser(
            f"Il a déjà été statué sur ce recours le {date_fr(procedure.recours_statue_le)}.",
            "rsa_recours_deja_statue",
        )
    issue = vers_enum(IssueRecours, issue, "issue")
    depuis = procedure.etat
    if issue == IssueRecours.ADMIS and workflows.transition_sanction(depuis, S.ANNULEE) is None:
        raise refuser(
            f"La procédure est à l'étape « {procedure.get_etat_display()} » : la sanction ne peut plus être "
            "annulée.",
            "transition_impossible",
            etat=depuis,
            vers=S.ANNULEE,
        )
    _date_passee(statue_le, "statue_le")
    _appliquer_regle(
        regles_rsa.rsa_recours_decision_verifier,
        champ="statue_le",
        decision=regles_rsa.DecisionRecoursRsa(
            recours_forme_le=procedure.recours_forme_le,
            statue_le=statue_le,
            issue=issue,
            motivation=motivation,
            nature_decision=NatureDecisionSanction(procedure.nature),
        ),
    )
    motivation = motivation.strip()
    procedure.recours_statue_le = statue_le
    procedure.recours_issue = issue
    procedure.recours_decision_motivation = motivation
    champs = ["recours_statue_le", "recours_issue", "recours_decision_motivation"]
    if issue == IssueRecours.REJETE:
        procedure.recours_decision_mentions = MENTIONS_RECOURS_CONTENTIEUX
        _enregistrer(procedure, acting_user, "Recours rejeté", *champs, "recours_decision_mentions")
        _echeance_recours(parcours, acting_user)
        return procedure
    _passer(procedure, parcours, S.ANNULEE, statue_le, acting_user, motif=motivation, champ="statue_le")
    regularisation = regles_rsa.rsa_sanction_regularisation(sanction=_sanction(procedure))
    procedure.regularisation = regularisation.total
    procedure.suite = SuiteSuppression.AUCUNE
    _enregistrer(
        procedure, acting_user, "Recours admis : sanction annulée", *champs, "regularisation", "suite"
    )
    _echeance_recours(parcours, acting_user)
    # Only a notified sanction is in force: after a lifting, another procedure may have suspended the
    # pathway since (one procedure in course at a time), and that one stands.
    if depuis == S.NOTIFIEE and parcours.etat == EtatRsa.SUSPENDU:
        parcours_transitionner(
            parcours=parcours,
            vers=EtatRsa.EN_ACCOMPAGNEMENT,
            acting_user=acting_user,
            motif=(
                f"Sanction annulée sur recours le {date_fr(statue_le)} ; "
                f"{euros(regularisation.total)} à régulariser."
            ),
            date_effet=_date_effet(parcours, statue_le),
            par_action_dediee=True,
        )
    return procedure


@transaction.atomic
def sanction_mise_en_conformite_enregistrer(
    *, procedure: ProcedureSanctionRsa, le: datetime.date, acting_user: Utilisateur
) -> ProcedureSanctionRsa:
    """The person signed or updated the contract, or complied with the obligations (RSA-11): the sanction is
    lifted automatically from that day (or from its start), and the sums withheld since then are computed
    for restitution (montant forfaitaire in force each month × rate × days). The pathway leaves
    « Suspendu »."""
    procedure, parcours = _preparer(procedure, S.LEVEE, acting_user)
    _date_passee(le, "le")
    if procedure.nature not in regles_rsa.NATURES_LEVABLES:
        raise refuser(
            "Seule une suspension ou une suppression peut être levée.", "rsa_sanction_levee_impossible"
        )
    sanction = _sanction(procedure)
    levee_le = regles_rsa.rsa_sanction_levee_le(sanction=sanction, mise_en_conformite_le=le)
    if levee_le is None:
        raise refuser(
            f"La sanction a pris fin le {date_fr(sanction.fin)} : il n'y a plus rien à lever.",
            "rsa_sanction_terminee",
            champ="le",
        )
    _passer(procedure, parcours, S.LEVEE, le, acting_user)
    restitution = regles_rsa.rsa_sanction_restitution(sanction=sanction, mise_en_conformite_le=le)
    procedure.mise_en_conformite_le = le
    procedure.levee_le = levee_le
    procedure.restitution = restitution.total
    procedure.suite = SuiteSuppression.AUCUNE
    _enregistrer(
        procedure,
        acting_user,
        "Levée de la sanction",
        "mise_en_conformite_le",
        "levee_le",
        "restitution",
        "suite",
    )
    if parcours.etat == EtatRsa.SUSPENDU:
        parcours_transitionner(
            parcours=parcours,
            vers=EtatRsa.EN_ACCOMPAGNEMENT,
            acting_user=acting_user,
            motif=(
                f"Levée automatique au {date_fr(levee_le)} (mise en conformité) ; "
                f"{euros(restitution.total)} à restituer."
            ),
            par_action_dediee=True,
        )
    return procedure


@transaction.atomic
def sanction_radier(
    *, procedure: ProcedureSanctionRsa, le: datetime.date, motivation: str, acting_user: Utilisateur
) -> ProcedureSanctionRsa:
    """RSA-12: after a total suppression of 4 months has run out without compliance, the PCD may end the
    right and strike the person off the RSA (R262-68-1, R262-40): refused before that. Motivated (G-2);
    the pathway is closed (« Sorti du dispositif »)."""
    procedure, parcours = _preparer(procedure, S.RADIEE, acting_user)
    _date_passee(le, "le")
    motivation = _texte(motivation, "La fin de droit doit être motivée (CRPA L211-2).", "motivation")
    if procedure.nature not in regles_rsa.NATURES_LEVABLES:
        raise refuser(
            "Seule une suppression totale de 4 mois ouvre la fin de droit.", "rsa_radiation_impossible"
        )
    suite = regles_rsa.rsa_sanction_suites(sanction=_sanction(procedure), mise_en_conformite_le=None, jour=le)
    if suite != SuiteSuppression.FIN_DE_DROIT_POSSIBLE:
        raise refuser(
            "La fin de droit n'est possible qu'au terme d'une suppression totale d'au moins 4 mois "
            "restée sans mise en conformité (CASF R262-68-1)"
            + (
                f" : la suppression court jusqu'au {date_fr(procedure.fin)} inclus." if procedure.fin else "."
            ),
            "rsa_radiation_prematuree",
            champ="le",
        )
    _passer(procedure, parcours, S.RADIEE, le, acting_user, motif=motivation)
    procedure.radiee_le = le
    procedure.suite = SuiteSuppression.FIN_DE_DROIT_POSSIBLE
    _enregistrer(procedure, acting_user, "Fin de droit et radiation", "radiee_le", "suite")
    parcours_transitionner(
        parcours=parcours,
        vers=EtatRsa.SORTIE,
        acting_user=acting_user,
        motif=f"Fin de droit et radiation du RSA (CASF R262-68-1). {motivation}",
        date_effet=_date_effet(parcours, le),
        par_action_dediee=True,
    )
    return procedure


# Reorientation requests.


@transaction.atomic
def reorientation_demander(
    *,
    parcours: Parcours,
    demandeur: DemandeurReorientation | str,
    demandee_le: datetime.date,
    motifs: str,
    acting_user: Utilisateur,
) -> DemandeReorientationRsa:
    """Record a reorientation request of the référent or of the person (CASF L262-31, L262-39), once the
    person is oriented; one pending request at a time."""
    parcours = verrouiller(parcours)
    _exiger_rsa(parcours)
    exiger_ouvert(parcours)
    demandeur = vers_enum(DemandeurReorientation, demandeur, "demandeur")
    if not can_demander_reorientation(acting_user, parcours):
        raise refuser(
            "Seuls le référent, les membres de l'équipe et les encadrants du site enregistrent une "
            "demande de réorientation.",
            "interdit",
        )
    if not OrientationRsa.objects.filter(parcours=parcours).exists():
        raise refuser(
            "La personne n'est pas encore orientée : enregistrez d'abord l'orientation.", "rsa_non_oriente"
        )
    if DemandeReorientationRsa.objects.filter(
        parcours=parcours, statut=StatutReorientation.DEMANDEE
    ).exists():
        raise refuser(
            "Une demande de réorientation attend déjà une décision.", "rsa_reorientation_en_attente"
        )
    _date_passee(demandee_le, "demandee_le")
    motifs = _texte(motifs, "Indiquez les motifs de la demande de réorientation.", "motifs")
    demande = DemandeReorientationRsa(
        parcours=parcours, demandeur=demandeur, demandee_le=demandee_le, motifs=motifs, created_by=acting_user
    )
    enregistrer(demande, acting_user=acting_user, raison="Demande de réorientation")
    return demande


@transaction.atomic
def reorientation_decider(
    *,
    demande: DemandeReorientationRsa,
    acceptee: bool,
    decidee_le: datetime.date,
    motivation: str,
    acting_user: Utilisateur,
    criteres: regles_rsa.CriteresOrientation | None = None,
    parcours_type: ParcoursRsa | str | None = None,
    organisme_referent: Organisation | None = None,
    notifiee_le: datetime.date | None = None,
    vulnerabilites: Collection[Vulnerabilite | str] = (),
) -> DemandeReorientationRsa:
    """An encadrant decides a reorientation request, with a motivation (G-2). Accepted, the new orientation
    (parcours, criteria, organisme référent, dates) is recorded by ``rsa_orienter``, which applies the RSA
    rules and moves the pathway (« Réorienter »; a new contract clock, RSA-3)."""
    parcours = verrouiller(demande.parcours)
    _exiger_rsa(parcours)
    exiger_ouvert(parcours)
    demande = DemandeReorientationRsa.objects.select_for_update(of=("self",)).get(
        pk=demande.pk, parcours=parcours
    )
    if not can_decider_reorientation(acting_user, parcours):
        raise refuser("Seuls les encadrants du site décident d'une réorientation.", "interdit")
    if demande.statut != StatutReorientation.DEMANDEE:
        raise refuser(
            f"Cette demande a déjà été décidée ({demande.get_statut_display().lower()}).",
            "transition_impossible",
            etat=demande.statut,
        )
    _date_passee(decidee_le, "decidee_le")
    if decidee_le < demande.demandee_le:
        raise refuser(
            f"La décision ne peut pas précéder la demande ({date_fr(demande.demandee_le)}).",
            "date_anterieure",
            champ="decidee_le",
        )
    motivation = _texte(
        motivation, "La décision sur la demande de réorientation doit être motivée.", "motivation"
    )
    if acceptee:
        if criteres is None or parcours_type is None or notifiee_le is None:
            raise refuser(
                "Pour accepter, indiquez la nouvelle orientation : parcours, critères et date de "
                "notification.",
                "rsa_reorientation_incomplete",
                champ="parcours_type" if parcours_type is None else "notifiee_le",
            )
        demande.orientation = rsa_orienter(
            parcours=parcours,
            criteres=criteres,
            parcours_type=parcours_type,
            organisme_referent=organisme_referent,
            decidee_le=decidee_le,
            notifiee_le=notifiee_le,
            vulnerabilites=vulnerabilites,
            motif=motivation,
            acting_user=acting_user,
        )
    demande.statut = StatutReorientation.ACCEPTEE if acceptee else StatutReorientation.REFUSEE
    demande.decidee_le = decidee_le
    demande.motivation = motivation
    demande.decidee_par = acting_user
    enregistrer(
        demande,
        acting_user=acting_user,
        raison="Réorientation acceptée" if acceptee else "Réorientation refusée",
        update_fields=["statut", "decidee_le", "motivation", "decidee_par", "orientation"],
    )
    return demande


# Helpers.


def _exiger_rsa(parcours: Parcours) -> None:
    if parcours.dispositif != Dispositif.RSA:
        raise refuser("Ce parcours n'est pas un parcours RSA.", "dispositif_incompatible")


def _dossier(parcours: Parcours) -> DossierRsa:
    _exiger_rsa(parcours)
    exiger_ouvert(parcours)
    dossier = DossierRsa.objects.filter(parcours=parcours).first()
    if dossier is None:
        raise refuser(
            "Renseignez d'abord le dossier RSA : la sanction suppose une personne soumise aux droits "
            "et devoirs.",
            "rsa_dossier_requis",
        )
    return dossier


def _verrouiller(procedure: ProcedureSanctionRsa) -> tuple[ProcedureSanctionRsa, Parcours]:
    """Lock the open RSA pathway then the procedure (same order everywhere), fresh from the database."""
    parcours = verrouiller(procedure.parcours)
    _exiger_rsa(parcours)
    exiger_ouvert(parcours)
    procedure = (
        ProcedureSanctionRsa.objects.select_for_update(of=("self",))
        .select_related("dossier")
        .get(pk=procedure.pk, parcours=parcours)
    )
    return procedure, parcours


def _preparer(
    procedure: ProcedureSanctionRsa, vers: str, acting_user: Utilisateur
) -> tuple[ProcedureSanctionRsa, Parcours]:
    """Lock the pathway then the procedure, check the state and the role."""
    procedure, parcours = _verrouiller(procedure)
    transition = workflows.transition_sanction(procedure.etat, vers)
    if transition is None:
        possibles = ", ".join(
            f"« {t.libelle} »" for t in workflows.TRANSITIONS_SANCTION_RSA if t.depuis == procedure.etat
        )
        raise refuser(
            f"La procédure est à l'étape « {procedure.get_etat_display()} » : elle ne peut pas passer à "
            f"« {EtatSanctionRsa(vers).label} »."
            + (f" Étapes possibles : {possibles}." if possibles else ""),
            "transition_impossible",
            etat=procedure.etat,
            vers=vers,
        )
    _verifier_role(acting_user, parcours, transition)
    return procedure, parcours


def _verifier_role(
    user: Utilisateur, parcours: Parcours, transition: workflows.TransitionSanction | None
) -> None:
    if transition is None or not roles_sur_parcours(user, parcours) & transition.roles:
        libelle = transition.libelle if transition else "cette étape"
        raise refuser(
            f"Votre rôle sur ce parcours ne permet pas de « {libelle} »"
            + (
                " (réservé aux encadrants du site, délégataires du président)."
                if transition and transition.roles == frozenset({"encadrant"})
                else "."
            ),
            "interdit",
        )


def _historique(procedure: ProcedureSanctionRsa) -> list[regles_rsa.PassageEtape]:
    etapes = []
    for vers, le in procedure.passages.order_by("created_at", "id").values_list("vers", "le"):
        etape = _ETAPES.get(vers)
        if etape is None:
            continue
        etapes.append(
            regles_rsa.PassageEtape(
                etape=etape,
                le=le,
                motif=MotifManquement(procedure.motif)
                if etape == EtapeSanction.MANQUEMENT_CONSTATE
                else None,
                nature_decision=NatureDecisionSanction(procedure.nature)
                if etape == EtapeSanction.DECISION
                else None,
            )
        )
    return etapes


def _passer(
    procedure: ProcedureSanctionRsa,
    parcours: Parcours,
    vers: str,
    le: datetime.date,
    acting_user: Utilisateur,
    *,
    motif: str = "",
    nature: NatureDecisionSanction | None = None,
    champ: str = "le",
) -> None:
    """The rule of the step (RSA-8), then the state and its log; ``champ`` is the date's form field."""
    etape = _ETAPES.get(vers)
    historique = _historique(procedure)
    if etape is not None:
        _regle(
            historique=historique,
            suivante=regles_rsa.PassageEtape(etape=etape, le=le, nature_decision=nature),
            soumis_droits_devoirs=procedure.dossier.soumis_droits_devoirs,
        )
    dernier = procedure.passages.order_by("-le").values_list("le", flat=True).first()
    if dernier is not None and le < dernier:
        raise refuser(
            f"Cette étape ne peut pas être datée avant l'étape précédente ({date_fr(dernier)}).",
            "rsa_sanction_etape_anterieure",
            champ=champ,
        )
    depuis = procedure.etat
    procedure.etat = vers
    PassageSanctionRsa.objects.create(
        procedure=procedure, depuis=depuis, vers=vers, le=le, motif=motif, acting_user=acting_user
    )


def _enregistrer(
    procedure: ProcedureSanctionRsa, acting_user: Utilisateur, raison: str, *champs: str
) -> None:
    enregistrer(
        procedure, acting_user=acting_user, raison=raison, update_fields=["etat", *champs, "updated_at"]
    )


def _regle(**arguments: object) -> None:
    _appliquer_regle(regles_rsa.rsa_sanction_etape_verifier, champ="le", **arguments)


def _appliquer_regle(fonction: Callable[..., T], /, *, champ: str, **arguments: object) -> T:
    try:
        return fonction(**arguments)
    except DomainError as exc:
        exc.extra.setdefault("champ", CHAMPS_PAR_CODE.get(exc.code, champ))
        raise


def _sanction(procedure: ProcedureSanctionRsa) -> regles_rsa.SanctionRsa:
    assert procedure.decidee_le and procedure.debut and procedure.taux is not None and procedure.duree_mois
    return regles_rsa.SanctionRsa(
        nature=NatureDecisionSanction(procedure.nature),
        rang=RangManquement(procedure.rang),
        taux=procedure.taux,
        duree_mois=procedure.duree_mois,
        decidee_le=procedure.decidee_le,
        debut=procedure.debut,
    )


def _date_effet(parcours: Parcours, jour: datetime.date) -> datetime.date | None:
    """The pathway's transition on the step's day, or today when a later step was already logged."""
    derniere = parcours.transitions.order_by("-date_effet").values_list("date_effet", flat=True).first()
    return jour if derniere is None or jour >= derniere else None


def _date_passee(jour: datetime.date, champ: str) -> None:
    if jour > aujourd_hui():
        raise refuser("Cette date ne peut pas être dans le futur.", "date_future", champ=champ)


def _texte(texte: str, message: str, champ: str) -> str:
    texte = (texte or "").strip()
    if not texte:
        raise refuser(
            message, "motif_requis" if champ in {"motivation", "motifs"} else f"{champ}_requis", champ=champ
        )
    return texte


def _echeance_observations(
    parcours: Parcours,
    procedure: ProcedureSanctionRsa,
    acting_user: Utilisateur,
    tenue_le: datetime.date | None = None,
) -> None:
    """The delay to present observations (RSA-8), as a deadline of the pathway with its alerts (G-4)."""
    assert procedure.observations_demandees_le and procedure.observations_limite
    _echeance_suivre(
        parcours,
        TypeEcheance.RSA_SANCTION_OBSERVATIONS,
        depart=procedure.observations_demandees_le,
        limite=procedure.observations_limite,
        tenue_le=tenue_le,
        parametre=regles_rsa.DELAI_OBSERVATIONS,
        acting_user=acting_user,
        raison="Observations",
    )


def _echeance_recours(parcours: Parcours, acting_user: Utilisateur) -> None:
    """The PCD's decision on a recours (RSA-14) as a deadline of the pathway with its alerts (G-4): after
    it, silence is an implicit rejection. One row per pathway: the earliest recours still waiting for its
    decision (a lifted procedure's recours may still wait while another procedure is contested), else the
    last one decided, held."""
    procedures = ProcedureSanctionRsa.objects.filter(parcours=parcours, recours_forme_le__isnull=False)
    suivie = (
        procedures.filter(recours_statue_le__isnull=True).order_by("recours_decision_limite", "id").first()
        or procedures.order_by("-recours_statue_le", "-id").first()
    )
    assert suivie is not None and suivie.recours_forme_le and suivie.recours_decision_limite
    _echeance_suivre(
        parcours,
        TypeEcheance.RSA_RECOURS_DECISION,
        depart=suivie.recours_forme_le,
        limite=suivie.recours_decision_limite,
        tenue_le=suivie.recours_statue_le,
        parametre=regles_rsa.DELAI_DECISION_APRES_CRA
        if suivie.recours_cra_saisie_le
        else regles_rsa.DELAI_DECISION_SANS_CRA,
        acting_user=acting_user,
        raison="Recours",
    )


def _echeance_suivre(
    parcours: Parcours,
    type_echeance: TypeEcheance,
    *,
    depart: datetime.date,
    limite: datetime.date,
    tenue_le: datetime.date | None,
    parametre: str,
    acting_user: Utilisateur,
    raison: str,
) -> None:
    """Create or update the pathway's deadline of this type (one per pathway: the procedure in course)."""
    valeurs = {
        "date_depart": depart,
        "date_limite": limite,
        "statut": StatutEcheance.TENUE
        if tenue_le is not None
        else StatutEcheance.DEPASSEE
        if limite < aujourd_hui()
        else StatutEcheance.OUVERTE,
        "tenue_le": tenue_le,
        "parametre": parametre,
    }
    ligne = Echeance.objects.filter(parcours=parcours, type=type_echeance).first()
    if ligne is None:
        enregistrer(
            Echeance(parcours=parcours, type=type_echeance, **valeurs), acting_user=acting_user, raison=raison
        )
        return
    for nom, valeur in valeurs.items():
        setattr(ligne, nom, valeur)
    enregistrer(ligne, acting_user=acting_user, raison=raison, update_fields=[*valeurs, "updated_at"])
