"""The APA file of a pathway (DOMAIN.md §2, rules APA-1 to APA-11): the request, its acknowledgement with
the missing documents (APA-2), the complete file (APA-3), the evaluation with its AGGIR grid, the plan
d'aide with its ceiling, participation and threshold at home (APA-6, APA-7, APA-8) or the establishment's
tariffs with the participation and amount (APA-9), the decision with its reasons
(G-2) and recourse mentions (APA-11), its notification (APA-3), the urgency (APA-5), the silence (APA-4)
and the revision (APA-10).

Each action checks, in this order: an open APA pathway, a state of the workflow table that allows the
step (409), the user's role (403), the APA file, the rules, the dates; then it writes its rows and moves
the pathway through ``parcours_transitionner`` (transition log, events), which recomputes the deadlines:
the acknowledgement clock (10 days from the receipt) is met by the acknowledgement, the decision clock
(2 months from the registration of the complete file) by the notification. A refusal raises
``DomainError`` with a French message and writes nothing. Amounts come from ``parcours.apa.calculs``
(dated parameters at the relevant date, rule G-1) and are frozen on the rows.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction

from parcours import workflows
from parcours.actions._outils import aujourd_hui, enregistrer, exiger_ouvert, refuser, verrouiller
from parcours.actions.parcours import parcours_transitionner
from parcours.apa.aggir import calculer_gir
from parcours.apa.calculs import (
    GIRS_APA,
    MOTIF_GIR_5_6,
    apa_etablissement,
    arrondir,
    eligibilite_apa,
    montant_forfaitaire_silence,
    montant_urgence,
    simuler_apa,
)
from parcours.apa.permissions import can_attribuer_urgence_apa, can_evaluer_apa, can_instruire_dossier_apa
from parcours.apa.procedure import ETATS_AVANT_NOTIFICATION, VOIES_RECOURS, date_silence_acquis
from parcours.enums import (
    CasParticipationEtablissement,
    Dispositif,
    EtatApa,
    LieuApa,
    OrigineRevisionApa,
    SensDecisionApa,
    TypeAideApa,
    UniteAideApa,
)
from parcours.models import (
    DecisionApa,
    DossierApa,
    EvaluationApa,
    LignePlanAide,
    Parcours,
    PlanAide,
    PropositionEtablissementApa,
    RevisionApa,
    TransitionParcours,
)
from parcours.permissions import can_transition_parcours
from parcours.regles.commun import date_fr, euros, vers_enum
from social.exceptions import DomainError
from social.models import Utilisateur

logger = logging.getLogger(__name__)

PRECISION_QUANTITE: Final = Decimal("0.01")


@dataclass(frozen=True)
class LigneSaisie:
    """One line of a plan as entered: a type of help, a quantity per month, its unit and unit price."""

    type_aide: TypeAideApa | str
    quantite: Decimal
    unite: UniteAideApa | str
    prix_unitaire: Decimal
    precision: str = ""


# --- The request, the acknowledgement, the complete file (APA-2, APA-3) ----------------------------------


@transaction.atomic
def apa_demande_enregistrer(
    *, parcours: Parcours, demande_le: datetime.date, lieu: LieuApa | str, acting_user: Utilisateur
) -> DossierApa:
    """Record (or correct, before the acknowledgement) the APA request: the day it was filed (age checked
    on that day at the decision, APA-1) and where the person lives (APA-3). The file is received on the
    pathway's reception day, which starts the 10-day acknowledgement clock (APA-2)."""
    parcours = _preparer(parcours)
    if not can_instruire_dossier_apa(acting_user, parcours):
        raise _interdit()
    if parcours.etat != EtatApa.DEMANDE_RECUE:
        raise _etat(parcours, "la demande ne se modifie plus une fois l'accusé de réception envoyé")
    lieu = vers_enum(LieuApa, lieu, "lieu")
    if demande_le > aujourd_hui():
        raise refuser(
            "La date de la demande ne peut pas être dans le futur.", "date_future", champ="demande_le"
        )
    if demande_le > parcours.date_reception:
        raise refuser(
            f"La demande ne peut pas suivre sa réception par le Département "
            f"({date_fr(parcours.date_reception)}).",
            "apa_demande_apres_reception",
            champ="demande_le",
        )
    dossier = DossierApa.objects.filter(parcours=parcours).first()
    if dossier is None:
        dossier = DossierApa(
            parcours=parcours, demande_le=demande_le, recue_le=parcours.date_reception, lieu=lieu
        )
        enregistrer(dossier, acting_user=acting_user, raison="Demande d'APA enregistrée")
    else:
        dossier.demande_le, dossier.lieu = demande_le, lieu
        enregistrer(
            dossier,
            acting_user=acting_user,
            raison="Demande d'APA corrigée",
            update_fields=["demande_le", "lieu", "updated_at"],
        )
    return dossier


@transaction.atomic
def apa_accuser_reception(
    *,
    parcours: Parcours,
    accuse_le: datetime.date,
    pieces_manquantes: Sequence[str],
    acting_user: Utilisateur,
) -> DossierApa:
    """Send the acknowledgement (APA-2, R232-23), due within 10 days of the receipt: with the number and
    nature of the missing documents (the file is incomplete), or recording the registration of the
    complete file on that day, which starts the 2-month decision clock (APA-3)."""
    parcours = _preparer(parcours)
    pieces = [piece.strip() for piece in pieces_manquantes if piece.strip()]
    vers = EtatApa.DOSSIER_INCOMPLET if pieces else EtatApa.DOSSIER_COMPLET
    _exiger_transition(parcours, vers, "l'accusé de réception a déjà été envoyé")
    dossier = _dossier(parcours)
    _verifier_date(parcours, accuse_le, champ="accuse_le", apres=dossier.recue_le, libelle="la réception")
    if any(len(piece) > 200 for piece in pieces):
        raise refuser(
            "Décrivez chaque pièce manquante en 200 caractères au plus.",
            "apa_piece_trop_longue",
            champ="pieces_manquantes",
        )
    dossier.accuse_le = accuse_le
    dossier.pieces_manquantes = pieces
    champs = ["accuse_le", "pieces_manquantes", "updated_at"]
    if not pieces:
        dossier.complet_le = accuse_le
        champs.append("complet_le")
    enregistrer(dossier, acting_user=acting_user, raison="Accusé de réception envoyé", update_fields=champs)
    motif = (
        f"{len(pieces)} pièce(s) manquante(s) : {' ; '.join(pieces)}."
        if pieces
        else "Accusé de réception : dossier complet enregistré."
    )
    parcours_transitionner(
        parcours=parcours,
        vers=vers,
        acting_user=acting_user,
        motif=motif,
        date_effet=accuse_le,
        par_action_dediee=True,
    )
    return dossier


@transaction.atomic
def apa_dossier_completer(
    *, parcours: Parcours, complet_le: datetime.date, acting_user: Utilisateur
) -> DossierApa:
    """Register the complete file once the missing documents arrive: the 2-month decision clock starts on
    that day (APA-3, R232-23)."""
    parcours = _preparer(parcours)
    if parcours.etat != EtatApa.DOSSIER_INCOMPLET:
        raise _etat(parcours, "seul un dossier déclaré incomplet attend ses pièces manquantes")
    _exiger_transition(parcours, EtatApa.DOSSIER_COMPLET, "")
    dossier = _dossier(parcours)
    _verifier_date(
        parcours,
        complet_le,
        champ="complet_le",
        apres=dossier.accuse_le or dossier.recue_le,
        libelle="l'accusé de réception",
    )
    dossier.complet_le = complet_le
    enregistrer(
        dossier,
        acting_user=acting_user,
        raison="Dossier complet enregistré",
        update_fields=["complet_le", "updated_at"],
    )
    parcours_transitionner(
        parcours=parcours,
        vers=EtatApa.DOSSIER_COMPLET,
        acting_user=acting_user,
        motif="Pièces manquantes reçues : dossier complet enregistré.",
        date_effet=complet_le,
        par_action_dediee=True,
    )
    return dossier


@transaction.atomic
def apa_urgence_attribuer(*, parcours: Parcours, le: datetime.date, acting_user: Utilisateur) -> DossierApa:
    """Grant the provisional APA of an urgency at home (APA-5, R232-19): the part in force (50 %) of the
    GIR 1 ceiling on that day, regularised by the decision. In an establishment it is a share of the
    establishment's GIR 1-2 tariff, which this file does not hold: refused."""
    parcours = _preparer(parcours)
    if parcours.etat not in ETATS_AVANT_NOTIFICATION:
        raise _etat(parcours, "une APA d'urgence précède la décision")
    if not can_attribuer_urgence_apa(acting_user, parcours):
        raise refuser(
            "Seuls les encadrants du site attribuent une APA d'urgence (décision du Département).", "interdit"
        )
    dossier = _dossier(parcours)
    if dossier.lieu != LieuApa.DOMICILE:
        raise refuser(
            "En établissement, l'APA d'urgence se calcule sur le tarif dépendance GIR 1-2 de "
            "l'établissement, "
            "que ce dossier ne connaît pas : enregistrez-la dans l'outil de paiement.",
            "apa_urgence_etablissement",
        )
    if dossier.urgence_le is not None:
        raise refuser(
            f"Une APA d'urgence a déjà été attribuée le {date_fr(dossier.urgence_le)}.",
            "apa_urgence_deja",
            champ="le",
        )
    _verifier_date(parcours, le, champ="le", apres=dossier.recue_le, libelle="la réception", etape=False)
    dossier.urgence_le = le
    dossier.montant_urgence = montant_urgence(le)
    enregistrer(
        dossier,
        acting_user=acting_user,
        raison="APA d'urgence attribuée",
        update_fields=["urgence_le", "montant_urgence", "updated_at"],
    )
    return dossier


# --- Evaluation and plan (AGGIR, APA-6, APA-7, APA-8) -----------------------------------------------------


@transaction.atomic
def apa_evaluer(
    *,
    parcours: Parcours,
    evaluee_le: datetime.date,
    grille: Mapping[str, Any],
    acting_user: Utilisateur,
) -> EvaluationApa:
    """Record the home evaluation: the AGGIR grid as entered, the GIR computed by the official engine
    (``parcours.apa.aggir``) with its trace and rule-table version. From the complete file or a revision
    the pathway moves to « Évaluation médico-sociale »; during the evaluation, a new grid replaces the
    previous one (which is kept). Only a medico-social profile enters a grid (health data, DP-2)."""
    parcours = _preparer(parcours)
    if parcours.etat != EtatApa.EVALUATION:
        _exiger_transition(
            parcours, EtatApa.EVALUATION, "l'évaluation suit l'enregistrement du dossier complet"
        )
    if not can_evaluer_apa(acting_user, parcours):
        raise refuser(
            "Seul un évaluateur médico-social du parcours saisit la grille AGGIR (données de santé).",
            "interdit",
        )
    dossier = _dossier(parcours)
    _verifier_date(
        parcours,
        evaluee_le,
        champ="evaluee_le",
        apres=dossier.complet_le or dossier.recue_le,
        libelle="l'enregistrement du dossier complet",
    )
    try:
        resultat = calculer_gir(grille)
    except ValidationError as exc:
        erreurs = exc.message_dict if hasattr(exc, "error_dict") else {"grille": exc.messages}
        premier = next(iter(erreurs.values()))[0]
        raise refuser(
            f"La grille AGGIR est incomplète ou invalide : {premier}",
            "aggir_invalide",
            champ="grille",
            erreurs=erreurs,
        ) from exc
    evaluation = EvaluationApa(
        parcours=parcours,
        evaluee_le=evaluee_le,
        evaluateur=acting_user,
        grille=dict(grille),
        gir=resultat.gir,
        trace={
            "rang": resultat.rang,
            "groupe": resultat.groupe,
            "scores": resultat.scores,
            "codes": resultat.codes,
            "sous_codes": resultat.sous_codes,
        },
        version_regles=resultat.version,
    )
    enregistrer(evaluation, acting_user=acting_user, raison=f"Évaluation AGGIR : GIR {resultat.gir}")
    if parcours.etat != EtatApa.EVALUATION:
        parcours_transitionner(
            parcours=parcours,
            vers=EtatApa.EVALUATION,
            acting_user=acting_user,
            date_effet=evaluee_le,
            par_action_dediee=True,
        )
    return evaluation


@transaction.atomic
def apa_plan_proposer(
    *,
    parcours: Parcours,
    propose_le: datetime.date,
    lignes: Sequence[LigneSaisie],
    ressources_mensuelles: Decimal,
    couple: bool,
    acting_user: Utilisateur,
) -> PlanAide:
    """Propose the plan d'aide of the current evaluation's GIR: its lines (quantity × unit price), its
    total retained up to the ceiling of the GIR on the proposal day (R232-10, APA-6), the participation
    from the monthly resources, a couple's divided by 1.7 (R232-11, APA-7), the APA amount and whether it
    is paid (D232-31, APA-8). The pathway moves to « Plan d'aide proposé »; a new proposal (the person
    asked for changes) replaces the previous one, which is kept. At home only: in an establishment the
    amounts come from its tariffs (``apa_etablissement_proposer``)."""
    parcours = _preparer(parcours)
    transition = _transition_vers(parcours, EtatApa.PLAN_PROPOSE)
    if parcours.etat == EtatApa.PLAN_PROPOSE:
        transition = workflows.workflow(Dispositif.APA).transition(EtatApa.EVALUATION, EtatApa.PLAN_PROPOSE)
    elif transition is None:
        raise _etat(parcours, "le plan d'aide suit l'évaluation médico-sociale")
    assert transition is not None
    if not can_transition_parcours(acting_user, parcours, transition):
        raise refuser(
            "Seuls le référent, les évaluateurs médico-sociaux et les encadrants du site proposent "
            "le plan d'aide.",
            "interdit",
        )
    if DossierApa.objects.filter(parcours=parcours).values_list("lieu", flat=True).first() == (
        LieuApa.ETABLISSEMENT
    ):
        raise refuser(
            "La personne vit en établissement : pas de plan d'aide à domicile. Saisissez les tarifs "
            "dépendance de l'établissement pour calculer l'APA en établissement (CASF R232-19).",
            "apa_plan_en_etablissement",
        )
    evaluation = _evaluation(parcours)
    if evaluation.gir not in GIRS_APA:
        raise refuser(
            f"L'évaluation a classé la personne en GIR {evaluation.gir} : pas de plan d'aide APA. "
            f"{MOTIF_GIR_5_6} "
            "Enregistrez une décision de refus motivée.",
            "apa_gir_hors_apa",
        )
    _verifier_date(
        parcours, propose_le, champ="propose_le", apres=evaluation.evaluee_le, libelle="l'évaluation"
    )
    if ressources_mensuelles < 0:
        raise refuser(
            "Les ressources ne peuvent pas être négatives.", "montant_negatif", champ="ressources_mensuelles"
        )
    if not lignes:
        raise refuser("Le plan d'aide doit comporter au moins une aide.", "apa_plan_vide", champ="lignes")
    a_creer = []
    for numero, ligne in enumerate(lignes, start=1):
        if ligne.quantite <= 0 or ligne.quantite != ligne.quantite.quantize(PRECISION_QUANTITE):
            raise refuser(
                f"Aide n° {numero} : indiquez une quantité positive, avec au plus deux décimales.",
                "apa_quantite_invalide",
                champ="lignes",
                ligne=numero,
            )
        if ligne.prix_unitaire < 0:
            raise refuser(
                f"Aide n° {numero} : le prix unitaire ne peut pas être négatif.",
                "montant_negatif",
                champ="lignes",
                ligne=numero,
            )
        a_creer.append(
            LignePlanAide(
                type_aide=vers_enum(TypeAideApa, ligne.type_aide, "type_aide"),
                precision=ligne.precision.strip()[:200],
                quantite=ligne.quantite,
                unite=vers_enum(UniteAideApa, ligne.unite, "unite"),
                prix_unitaire=ligne.prix_unitaire,
                montant_mensuel=arrondir(ligne.quantite * ligne.prix_unitaire),
            )
        )
    total = sum((creee.montant_mensuel for creee in a_creer), Decimal("0.00"))
    simulation = simuler_apa(
        gir=evaluation.gir,
        ressources_mensuelles=ressources_mensuelles,
        montant_plan=total,
        couple=couple,
        jour=propose_le,
    )
    plan = PlanAide(
        parcours=parcours,
        evaluation=evaluation,
        propose_le=propose_le,
        gir=evaluation.gir,
        ressources_mensuelles=ressources_mensuelles,
        couple=couple,
        montant_plan=total,
        plafond=simulation.plafond.montant,
        montant_retenu=simulation.montant_plan_retenu,
        participation=simulation.participation.montant,
        montant_apa=simulation.montant_apa,
        seuil_versement=simulation.seuil_versement,
        verse=simulation.verse,
        created_by=acting_user,
    )
    enregistrer(plan, acting_user=acting_user, raison="Plan d'aide proposé")
    for a_enregistrer in a_creer:
        a_enregistrer.plan = plan
    LignePlanAide.objects.bulk_create(a_creer)
    if parcours.etat != EtatApa.PLAN_PROPOSE:
        parcours_transitionner(
            parcours=parcours,
            vers=EtatApa.PLAN_PROPOSE,
            acting_user=acting_user,
            date_effet=propose_le,
            par_action_dediee=True,
        )
    return plan


# --- In an establishment: the tariffs and the amounts (APA-9) ----------------------------------------------

MONTANT_MAXIMAL: Final = Decimal("100000000")  # the columns hold 10 digits, 2 after the point


@transaction.atomic
def apa_etablissement_proposer(
    *,
    parcours: Parcours,
    propose_le: datetime.date,
    tarif_gir: Decimal | None,
    tarif_gir_5_6: Decimal | None,
    ressources_mensuelles: Decimal | None,
    couple: bool,
    acting_user: Utilisateur,
    etablissement: str = "",
) -> PropositionEtablissementApa:
    """In an establishment, instead of a plan d'aide (APA-9, CASF R232-19): record the establishment's
    monthly dependency tariffs (the one of the current evaluation's GIR, 1-2 or 3-4, and the GIR 5-6 one)
    and the monthly resources, and freeze the participation and the APA amount computed by
    ``parcours.apa.calculs.apa_etablissement`` (a couple's resources divided by 2, reste-à-vivre guard).

    The parameters are those in force on the day the rights open: the registration of the complete file
    for a first request (R232-23, APA-3); for a revision, whose rights open on its notification (not known
    yet), the day of the computation. The pathway moves to « APA en établissement calculée »; a new
    computation (a tariff corrected) replaces the previous one, which is kept. Refusals name their field
    (``extra["champ"]``, and ``extra["erreurs"]`` for all of them) and write nothing."""
    parcours = _preparer(parcours)
    transition = _transition_vers(parcours, EtatApa.PROPOSITION_ETABLISSEMENT)
    if parcours.etat == EtatApa.PROPOSITION_ETABLISSEMENT:
        transition = workflows.workflow(Dispositif.APA).transition(
            EtatApa.EVALUATION, EtatApa.PROPOSITION_ETABLISSEMENT
        )
    elif transition is None:
        raise _etat(parcours, "l'APA en établissement se calcule après l'évaluation médico-sociale")
    assert transition is not None
    if not can_transition_parcours(acting_user, parcours, transition):
        raise refuser(
            "Seuls le référent, les évaluateurs médico-sociaux et les encadrants du site calculent l'APA "
            "en établissement.",
            "interdit",
        )
    dossier = _dossier(parcours)
    if dossier.lieu != LieuApa.ETABLISSEMENT:
        raise refuser(
            "La personne vit à domicile : l'APA se calcule sur le plan d'aide (CASF R232-10 et R232-11), "
            "pas sur les tarifs d'un établissement.",
            "apa_etablissement_a_domicile",
        )
    evaluation = _evaluation(parcours)
    if evaluation.gir not in GIRS_APA:
        raise refuser(
            f"L'évaluation a classé la personne en GIR {evaluation.gir} : pas d'APA. {MOTIF_GIR_5_6} "
            "Enregistrez une décision de refus motivée.",
            "apa_gir_hors_apa",
        )
    _verifier_date(
        parcours, propose_le, champ="propose_le", apres=evaluation.evaluee_le, libelle="l'évaluation"
    )
    etablissement = etablissement.strip()
    tranche = "1-2" if evaluation.gir <= 2 else "3-4"
    erreurs = _erreurs_montants(
        {
            "tarif_gir": (tarif_gir, f"le tarif dépendance GIR {tranche} de l'établissement"),
            "tarif_gir_5_6": (tarif_gir_5_6, "le tarif dépendance GIR 5-6 de l'établissement"),
            "ressources_mensuelles": (ressources_mensuelles, "les ressources mensuelles"),
        }
    )
    if len(etablissement) > 200:
        erreurs["etablissement"] = ["Nommez l'établissement en 200 caractères au plus."]
    if tarif_gir is not None and tarif_gir <= 0 and "tarif_gir" not in erreurs:
        erreurs["tarif_gir"] = [f"Le tarif dépendance GIR {tranche} de l'établissement doit être positif."]
    if not erreurs:
        assert tarif_gir is not None and tarif_gir_5_6 is not None and ressources_mensuelles is not None
        premiere = not DecisionApa.objects.filter(parcours=parcours, notifiee_le__isnull=False).exists()
        calculee_au = dossier.complet_le if premiere and dossier.complet_le is not None else propose_le
        try:
            calcul = apa_etablissement(
                gir=evaluation.gir,
                ressources_mensuelles=ressources_mensuelles,
                tarif_gir=tarif_gir,
                tarif_gir_5_6=tarif_gir_5_6,
                couple=couple,
                jour=calculee_au,
            )
        except ValidationError as exc:  # the rule's own checks (a tariff below the GIR 5-6 one)
            erreurs = {champ: list(messages) for champ, messages in exc.message_dict.items()}
    if erreurs:
        champ, messages = next(iter(erreurs.items()))
        raise refuser(messages[0], "apa_etablissement_invalide", champ=champ, erreurs=erreurs)
    proposition = PropositionEtablissementApa(
        parcours=parcours,
        evaluation=evaluation,
        propose_le=propose_le,
        calculee_au=calculee_au,
        etablissement=etablissement,
        gir=evaluation.gir,
        tarif_gir=calcul.tarif_gir,
        tarif_gir_5_6=calcul.tarif_gir_5_6,
        ressources_mensuelles=calcul.ressources_mensuelles,
        couple=couple,
        ressources_retenues=arrondir(calcul.ressources_retenues),
        seuil_bas=arrondir(calcul.seuil_bas),
        seuil_haut=arrondir(calcul.seuil_haut),
        cas=CasParticipationEtablissement(calcul.cas),
        reste_a_vivre_applique=calcul.reste_a_vivre_applique,
        participation=calcul.participation,
        montant_apa=calcul.montant_apa,
        created_by=acting_user,
    )
    enregistrer(proposition, acting_user=acting_user, raison="APA en établissement calculée")
    if parcours.etat != EtatApa.PROPOSITION_ETABLISSEMENT:
        parcours_transitionner(
            parcours=parcours,
            vers=EtatApa.PROPOSITION_ETABLISSEMENT,
            acting_user=acting_user,
            date_effet=propose_le,
            par_action_dediee=True,
        )
    return proposition


def _erreurs_montants(montants: Mapping[str, tuple[Decimal | None, str]]) -> dict[str, list[str]]:
    """The French message of each missing, negative or over-precise amount, by field."""
    erreurs: dict[str, list[str]] = {}
    for champ, (valeur, libelle) in montants.items():
        if valeur is None:
            erreurs[champ] = [f"Indiquez {libelle}."]
        elif not valeur.is_finite() or valeur < 0:
            erreurs[champ] = [f"Indiquez {libelle} : un montant positif ou nul."]
        elif valeur != valeur.quantize(Decimal("0.01")) or valeur >= MONTANT_MAXIMAL:
            erreurs[champ] = [f"Indiquez {libelle} en euros, avec au plus deux décimales."]
    return erreurs


# --- Decision, notification, silence, revision (APA-1, APA-3, APA-4, APA-10, APA-11, G-2) ---------------


@transaction.atomic
def apa_decider(
    *,
    parcours: Parcours,
    sens: SensDecisionApa | str,
    decidee_le: datetime.date,
    acting_user: Utilisateur,
    motivation: str = "",
) -> DecisionApa:
    """Record the decision of the PCD or its delegate (encadrants of the site): an accord on the current
    plan at home or the current amounts in an establishment (APA-9), with its amounts (the person must
    be eligible on the day of the request: age and GIR 1 to 4, APA-1), or a rejet with written reasons
    (G-2); after an evaluation in GIR 5 or 6, only a rejet. On a revision, a reduction of the amount
    needs written reasons too (APA-10). Every decision carries the recourse mentions (RAPO to the PCD,
    then the administrative court, APA-11)."""
    parcours = _preparer(parcours)
    sens = vers_enum(SensDecisionApa, sens, "sens")
    transition = _exiger_transition(
        parcours, EtatApa.DECIDE, "la décision suit le plan d'aide (ou l'évaluation, pour un refus)"
    )
    if not can_transition_parcours(acting_user, parcours, transition):
        raise refuser(
            "Seuls les encadrants du site enregistrent la décision (délégation du Département).", "interdit"
        )
    motivation = motivation.strip()
    evaluation = _evaluation(parcours)
    dossier = _dossier(parcours)
    plan = None
    proposition = None
    montants: PlanAide | PropositionEtablissementApa | None = None
    if sens == SensDecisionApa.ACCORD:
        if parcours.etat == EtatApa.PLAN_PROPOSE:
            plan = (
                PlanAide.objects.filter(parcours=parcours)
                .order_by("-propose_le", "-created_at", "-id")
                .first()
            )
            assert plan is not None  # the state « Plan d'aide proposé » is reached with a plan
            montants = plan
        elif parcours.etat == EtatApa.PROPOSITION_ETABLISSEMENT:
            proposition = (
                PropositionEtablissementApa.objects.filter(parcours=parcours)
                .order_by("-propose_le", "-created_at", "-id")
                .first()
            )
            assert proposition is not None  # the state is reached with its amounts
            montants = proposition
        elif dossier.lieu == LieuApa.ETABLISSEMENT:
            raise refuser(
                "Un accord en établissement porte sur l'APA calculée : saisissez d'abord les tarifs "
                "dépendance de l'établissement.",
                "apa_etablissement_requis",
                champ="sens",
            )
        else:
            raise refuser(
                "Un accord porte sur un plan d'aide : proposez d'abord le plan.",
                "apa_plan_requis",
                champ="sens",
            )
        eligibilite = eligibilite_apa(
            gir=evaluation.gir,
            date_demande=dossier.demande_le,
            date_naissance=parcours.personne.date_naissance,
        )
        if not eligibilite.eligible:
            raise refuser(
                " ".join(eligibilite.motifs) + " Enregistrez une décision de rejet motivée.",
                "apa_non_eligible",
                champ="sens",
            )
    elif not motivation:
        raise refuser(
            "Un rejet doit être motivé par écrit : motifs de droit et de fait (CRPA L211-2 et L211-5).",
            "motif_requis",
            champ="motivation",
        )
    precedente = (
        DecisionApa.objects.filter(parcours=parcours, notifiee_le__isnull=False)
        .order_by("-notifiee_le", "-created_at", "-id")
        .first()
    )
    reduction = (
        precedente is not None
        and precedente.sens == SensDecisionApa.ACCORD
        and precedente.montant_apa is not None
        and (montants is None or montants.montant_apa < precedente.montant_apa)
    )
    if reduction and not motivation:
        raise refuser(
            "Cette décision réduit l'APA accordée par la décision précédente : elle doit être "
            "motivée par écrit "
            "(CRPA L211-2).",
            "motif_requis",
            champ="motivation",
        )
    _verifier_date(parcours, decidee_le, champ="decidee_le", apres=None, libelle="")
    decision = DecisionApa(
        parcours=parcours,
        sens=sens,
        evaluation=evaluation,
        plan=plan,
        proposition_etablissement=proposition,
        remplace=precedente,
        gir=evaluation.gir,
        montant_plan_retenu=plan.montant_retenu if plan else None,
        participation=montants.participation if montants else None,
        montant_apa=montants.montant_apa if montants else None,
        # In an establishment the threshold of D232-31 is not applied (DOMAIN.md §2.6 does not say it
        # is): paid whenever there is an amount.
        verse=plan.verse if plan else bool(proposition and proposition.montant_apa > 0),
        motivation=motivation,
        voies_recours=VOIES_RECOURS,
        decidee_le=decidee_le,
        decidee_par=acting_user,
    )
    enregistrer(decision, acting_user=acting_user, raison=f"Décision APA : {sens.label.lower()}")
    if plan is not None:
        libelle = f"Accord : APA de {plan.montant_apa} € par mois."
    elif proposition is not None:
        libelle = f"Accord : APA en établissement de {proposition.montant_apa} € par mois."
    else:
        libelle = "Rejet de la demande d'APA."
    parcours_transitionner(
        parcours=parcours,
        vers=EtatApa.DECIDE,
        acting_user=acting_user,
        motif=f"{libelle} {motivation}".strip(),
        date_effet=decidee_le,
        par_action_dediee=True,
    )
    return decision


@transaction.atomic
def apa_notifier(*, parcours: Parcours, notifiee_le: datetime.date, acting_user: Utilisateur) -> DecisionApa:
    """Record the notification of the decision: it meets the 2-month clock (APA-3). For an accord, the
    rights open on the notification day at home, on the registration of the complete file in an
    establishment (R232-23, APA-3); a revision's rights open on its notification."""
    parcours = _preparer(parcours)
    transition = _exiger_transition(parcours, EtatApa.NOTIFIE, "seule une décision prise se notifie")
    if not can_transition_parcours(acting_user, parcours, transition):
        raise refuser(
            "Seuls le référent, l'équipe et les encadrants du site enregistrent la notification.", "interdit"
        )
    decision = (
        DecisionApa.objects.select_for_update(of=("self",))
        .filter(parcours=parcours, notifiee_le__isnull=True)
        .order_by("-decidee_le", "-created_at", "-id")
        .first()
    )
    assert decision is not None  # the state « Décision prise » is reached with a decision
    dossier = _dossier(parcours)
    _verifier_date(
        parcours, notifiee_le, champ="notifiee_le", apres=decision.decidee_le, libelle="la décision"
    )
    decision.notifiee_le = notifiee_le
    if decision.sens == SensDecisionApa.ACCORD:
        premiere = decision.remplace_id is None
        if dossier.lieu == LieuApa.ETABLISSEMENT and premiere and dossier.complet_le is not None:
            decision.droits_ouverts_le = dossier.complet_le
        else:
            decision.droits_ouverts_le = notifiee_le
    enregistrer(
        decision,
        acting_user=acting_user,
        raison="Décision APA notifiée",
        update_fields=["notifiee_le", "droits_ouverts_le"],
    )
    parcours_transitionner(
        parcours=parcours,
        vers=EtatApa.NOTIFIE,
        acting_user=acting_user,
        date_effet=notifiee_le,
        par_action_dediee=True,
    )
    return decision


@transaction.atomic
def apa_silence_constater(
    *, parcours: Parcours, jour: datetime.date | None = None, acting_user: Utilisateur | None = None
) -> DossierApa | None:
    """APA-4 (L232-14, G-4): at home, when 2 months have passed since the registration of the complete
    file without a notified decision, the APA is deemed granted (« accord réputé ») and the flat rate is
    paid until the decision. Records it on the file with a row in the pathway's transition log (the state
    stays: the decision is still awaited), idempotent; returns the file, or None when the silence is not
    (or not yet) acquired. Without ``acting_user`` (the nightly pass ``apa_silences_constater``), the log
    row is the system's (``automatique``)."""
    jour = jour or aujourd_hui()
    parcours = verrouiller(parcours)
    if (
        parcours.dispositif != Dispositif.APA
        or parcours.est_clos
        or parcours.etat not in ETATS_AVANT_NOTIFICATION
    ):
        return None
    dossier = DossierApa.objects.select_for_update(of=("self",)).filter(parcours=parcours).first()
    if dossier is None or dossier.complet_le is None or dossier.lieu != LieuApa.DOMICILE:
        return None
    if dossier.accord_repute_le is not None:
        return dossier
    acquis_le = date_silence_acquis(dossier.complet_le)
    if jour < acquis_le:
        return None
    dossier.accord_repute_le = acquis_le
    dossier.montant_forfaitaire = montant_forfaitaire_silence(acquis_le)
    enregistrer(
        dossier,
        acting_user=acting_user,
        raison="Accord réputé acquis (silence de deux mois)",
        update_fields=["accord_repute_le", "montant_forfaitaire", "updated_at"],
    )
    TransitionParcours.objects.create(
        parcours=parcours,
        depuis=parcours.etat,
        vers=parcours.etat,
        motif=(
            f"Accord réputé acquis le {date_fr(acquis_le)} (règle APA-4, CASF L232-14) : aucune décision "
            f"notifiée dans les deux mois suivant l'enregistrement du dossier complet le "
            f"{date_fr(dossier.complet_le)}. Le montant forfaitaire de {euros(dossier.montant_forfaitaire)} "
            "par mois est versé jusqu'à la décision."
        ),
        date_effet=acquis_le,
        acting_user=acting_user,
        automatique=acting_user is None,
    )
    return dossier


def apa_silences_constater(*, jour: datetime.date | None = None) -> int:
    """The nightly pass of APA-4: records the « accord réputé » of every APA file at home still awaiting
    its notified decision two months after the registration of the complete file, as the system (no
    acting user). One transaction per pathway (a failure leaves the others recorded); idempotent: a
    recorded silence is never recorded twice. Returns the number recorded this time."""
    jour = jour or aujourd_hui()
    candidats = (
        Parcours.objects.filter(
            dispositif=Dispositif.APA,
            date_cloture__isnull=True,
            etat__in=ETATS_AVANT_NOTIFICATION,
            dossier_apa__lieu=LieuApa.DOMICILE,
            dossier_apa__complet_le__isnull=False,
            dossier_apa__complet_le__lt=jour,
            dossier_apa__accord_repute_le__isnull=True,
        )
        .order_by("id")
        .only("id")
    )
    nombre = 0
    for parcours in candidats.iterator():
        try:
            if apa_silence_constater(parcours=parcours, jour=jour) is not None:
                nombre += 1
        except DomainError as exc:  # a delay or an amount with no parameter in force: the others go on
            logger.warning("APA-4 : silence non enregistré pour le parcours %s (%s)", parcours.pk, exc.code)
    return nombre


@transaction.atomic
def apa_revision_ouvrir(
    *,
    parcours: Parcours,
    origine: OrigineRevisionApa | str,
    ouverte_le: datetime.date,
    motif: str,
    acting_user: Utilisateur,
) -> RevisionApa:
    """Open a revision (APA-10): at any time after a notified decision, on the person's request or the
    département's initiative, with a written reason. A new evaluation, plan and decision follow; the
    previous ones are kept."""
    parcours = _preparer(parcours)
    origine = vers_enum(OrigineRevisionApa, origine, "origine")
    transition = _exiger_transition(parcours, EtatApa.REVISION, "une révision suit une décision notifiée")
    if not can_transition_parcours(acting_user, parcours, transition):
        raise refuser("Votre rôle sur ce parcours ne permet pas d'ouvrir une révision.", "interdit")
    motif = motif.strip()
    if not motif:
        raise refuser("Indiquez par écrit le motif de la révision.", "motif_requis", champ="motif")
    _verifier_date(parcours, ouverte_le, champ="ouverte_le", apres=None, libelle="")
    revision = RevisionApa(
        parcours=parcours, origine=origine, ouverte_le=ouverte_le, motif=motif, ouverte_par=acting_user
    )
    enregistrer(revision, acting_user=acting_user, raison="Révision ouverte")
    parcours_transitionner(
        parcours=parcours,
        vers=EtatApa.REVISION,
        acting_user=acting_user,
        motif=f"{origine.label} : {motif}",
        date_effet=ouverte_le,
        par_action_dediee=True,
    )
    return revision


# --- Helpers --------------------------------------------------------------------------------------------


def _preparer(parcours: Parcours) -> Parcours:
    parcours = verrouiller(parcours)
    if parcours.dispositif != Dispositif.APA:
        raise refuser("Ce parcours n'est pas un parcours APA.", "dispositif_incompatible")
    exiger_ouvert(parcours)
    return parcours


def _interdit() -> Exception:
    return refuser(
        "Seuls le référent, l'équipe, les évaluateurs et les encadrants du site instruisent le dossier APA.",
        "interdit",
    )


def _etat(parcours: Parcours, raison: str) -> Exception:
    return refuser(
        f"Le parcours est à l'état « {parcours.libelle_etat} » : {raison}.",
        "transition_impossible",
        etat=parcours.etat,
    )


def _transition_vers(parcours: Parcours, vers: str) -> workflows.Transition | None:
    return workflows.workflow(Dispositif.APA).transition(parcours.etat, vers)


def _exiger_transition(parcours: Parcours, vers: str, raison: str) -> workflows.Transition:
    """The step must be a transition of the table from the current state (409), and the user's role is
    checked by the caller (403)."""
    transition = _transition_vers(parcours, vers)
    if transition is None:
        raise _etat(parcours, raison or "cette étape n'y est pas possible")
    return transition


def _dossier(parcours: Parcours) -> DossierApa:
    dossier = DossierApa.objects.filter(parcours=parcours).first()
    if dossier is None:
        raise refuser(
            "Enregistrez d'abord la demande d'APA : date de la demande et lieu de vie.", "apa_dossier_requis"
        )
    return dossier


def _evaluation(parcours: Parcours) -> EvaluationApa:
    evaluation = (
        EvaluationApa.objects.filter(parcours=parcours).order_by("-evaluee_le", "-created_at", "-id").first()
    )
    if evaluation is None:
        raise refuser(
            "Enregistrez d'abord l'évaluation médico-sociale (grille AGGIR).", "apa_evaluation_requise"
        )
    return evaluation


def _verifier_date(
    parcours: Parcours,
    jour: datetime.date,
    *,
    champ: str,
    apres: datetime.date | None,
    libelle: str,
    etape: bool = True,
) -> None:
    """Not in the future, not before the previous step of the file (``apres``), nor before the pathway's
    last transition (``parcours_transitionner`` checks it too; here the message names the field)."""
    if jour > aujourd_hui():
        raise refuser("Cette date ne peut pas être dans le futur.", "date_future", champ=champ)
    if apres is not None and jour < apres:
        raise refuser(
            f"Cette date ne peut pas précéder {libelle} ({date_fr(apres)}).", "date_anterieure", champ=champ
        )
    if etape:
        derniere = parcours.transitions.order_by("-date_effet").values_list("date_effet", flat=True).first()
        if derniere is not None and jour < derniere:
            raise refuser(
                f"Cette date ne peut pas précéder la dernière étape du parcours ({date_fr(derniere)}).",
                "date_anterieure",
                champ=champ,
            )
