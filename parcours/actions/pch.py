"""The PCH of a pathway: the request pending before the CDAPH (PCH-6), the CDAPH decisions element by
element (PCH-2, PCH-5) and the département's payments (PCH-1, PCH-5), through ``parcours.regles.pch``.

Each action checks, in this order: a PCH pathway (400), open (409), the user's role (403), the rules and
the dates (400); then it writes the row, moves the pathway through ``parcours_transitionner`` (« Décision de
la CDAPH reçue » on a new decision, « En paiement » on the first payment) and keeps the CDAPH silence
deadline. A refusal raises ``DomainError`` with a French message and writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q

from parcours import workflows
from parcours.actions._outils import aujourd_hui, enregistrer, exiger_ouvert, refuser, verrouiller
from parcours.actions.parcours import parcours_transitionner
from parcours.enums import Dispositif, ElementDecisionPch, EtatPch, StatutEcheance, TypeEcheance
from parcours.models import DecisionPch, Echeance, Parcours, VersementPch
from parcours.permissions import roles_sur_parcours
from parcours.regles import pch as regles_pch
from parcours.regles.commun import date_fr, vers_enum
from parcours.regles.enums import ElementPch
from social.exceptions import DomainError
from social.models import Utilisateur

ELEMENTS_PARENTALITE = frozenset(
    {ElementDecisionPch.PARENTALITE_AIDE_HUMAINE, ElementDecisionPch.PARENTALITE_AIDES_TECHNIQUES}
)

AnyUser = Utilisateur | AnonymousUser
T = TypeVar("T")


def can_gerer_pch(user: AnyUser, parcours: Parcours) -> bool:
    """The référent, the team members and the encadrants of the responsible site record the CDAPH's
    requests and decisions and the payments, on an open PCH pathway."""
    return (
        parcours.dispositif == Dispositif.PCH
        and not parcours.est_clos
        and bool(roles_sur_parcours(user, parcours) & workflows.ROLES_PCH)
    )


@transaction.atomic
def pch_demande_enregistrer(
    *,
    parcours: Parcours,
    deposee_le: datetime.date,
    acting_user: Utilisateur,
    criteres_remplis_avant_age_limite: bool = False,
    en_activite: bool = False,
) -> Echeance:
    """Record that a request (first one, renewal or revision) was filed with the MDPH on ``deposee_le``:
    the CDAPH's silence for 4 months is an implicit rejection (CASF R241-33, PCH-6), tracked as a deadline
    with its alerts; the next CDAPH decision meets it.

    A first request (no CDAPH decision recorded for the person yet) is refused after the age limit unless
    the handicap met the criteria before it or the person still works (PCH-3); the exception is written
    in the deadline's history."""
    parcours = _preparer(parcours, acting_user)
    if deposee_le > aujourd_hui():
        raise refuser("La date de dépôt ne peut pas être dans le futur.", "date_future", champ="deposee_le")
    raison = "Demande de PCH déposée"
    if not DecisionPch.objects.filter(parcours__personne_id=parcours.personne_id).exists():
        par_exception = _regle(
            regles_pch.pch_age_premiere_demande_verifier,
            champ="deposee_le",
            naissance=parcours.personne.date_naissance,
            demande_le=deposee_le,
            criteres_remplis_avant_age_limite=criteres_remplis_avant_age_limite,
            en_activite=en_activite,
        )
        if par_exception:
            exceptions = [
                libelle
                for retenue, libelle in (
                    (
                        criteres_remplis_avant_age_limite,
                        "critères remplis avant",
                    ),
                    (en_activite, "en activité"),
                )
                if retenue
            ]
            raison = f"Première demande de PCH après la limite d'âge : {', '.join(exceptions)} (PCH-3)"
    ligne = Echeance.objects.filter(parcours=parcours, type=TypeEcheance.PCH_SILENCE_CDAPH).first()
    if ligne is not None and ligne.statut != StatutEcheance.TENUE and ligne.date_depart != deposee_le:
        raise refuser(
            f"Une demande déposée le {date_fr(ligne.date_depart)} attend encore la décision de la CDAPH.",
            "pch_demande_en_attente",
            champ="deposee_le",
        )
    limite = regles_pch.pch_rejet_implicite_le(demande_deposee_le=deposee_le)
    valeurs = {
        "date_depart": deposee_le,
        "date_limite": limite,
        "statut": StatutEcheance.DEPASSEE if limite < aujourd_hui() else StatutEcheance.OUVERTE,
        "tenue_le": None,
        "parametre": regles_pch.SILENCE_CDAPH,
    }
    if ligne is None:
        ligne = Echeance(parcours=parcours, type=TypeEcheance.PCH_SILENCE_CDAPH, **valeurs)
        enregistrer(ligne, acting_user=acting_user, raison=raison)
    else:
        for nom, valeur in valeurs.items():
            setattr(ligne, nom, valeur)
        enregistrer(
            ligne,
            acting_user=acting_user,
            raison=raison,
            update_fields=[*valeurs, "updated_at"],
        )
    return ligne


@transaction.atomic
def pch_decision_enregistrer(
    *,
    parcours: Parcours,
    numero: str,
    decidee_le: datetime.date,
    element: ElementDecisionPch | str,
    debut: datetime.date,
    fin: datetime.date | None,
    acting_user: Utilisateur,
    notifiee_le: datetime.date | None = None,
    montant: Decimal | None = None,
    montant_mensuel: Decimal | None = None,
    heures_mensuelles: Decimal | None = None,
    tarif_horaire: Decimal | None = None,
    handicap_non_susceptible_evolution_favorable: bool = False,
    naissance_enfant: datetime.date | None = None,
    parent_isole: bool = False,
) -> DecisionPch:
    """Record what the CDAPH decided for one element (PCH-5): reference, date, exactly one quantity
    (total, monthly amount, or monthly hours with their hourly tariff), dates. At most 10 years (PCH-1);
    no end date only for a handicap not likely to improve (PCH-2). PCH parentalité (PCH-4): against the
    child's age (``naissance_enfant``: the youngest child for the aide humaine, which also needs an aide
    humaine decision of the parent in force at its start; ``parent_isole``). A pathway « En paiement » goes
    back to « Décision de la CDAPH reçue »; the pending request, if any, is met (PCH-6)."""
    parcours = _preparer(parcours, acting_user)
    element = vers_enum(ElementDecisionPch, element, "element")
    numero = numero.strip()
    jour = aujourd_hui()
    if decidee_le > jour:
        raise refuser(
            "La date de la décision ne peut pas être dans le futur.", "date_future", champ="decidee_le"
        )
    if notifiee_le is not None and notifiee_le > jour:
        raise refuser(
            "La date de notification ne peut pas être dans le futur.", "date_future", champ="notifiee_le"
        )
    if notifiee_le is not None and notifiee_le < decidee_le:
        raise refuser(
            f"La notification ne peut pas précéder la décision ({date_fr(decidee_le)}).",
            "pch_notification_avant_decision",
            champ="notifiee_le",
        )
    regle = _regle(
        regles_pch.DecisionCdaph,
        champ="montant",
        numero=numero,
        decidee_le=decidee_le,
        element=_element_regles(element),
        debut=debut,
        fin=fin,
        montant=montant,
        montant_mensuel=montant_mensuel,
        heures_mensuelles=heures_mensuelles,
        handicap_non_susceptible_evolution_favorable=handicap_non_susceptible_evolution_favorable,
    )
    _regle(regles_pch.pch_decision_verifier, champ="fin", decision=regle)
    if heures_mensuelles is not None and (tarif_horaire is None or tarif_horaire <= 0):
        raise refuser(
            "Indiquez le tarif horaire des heures accordées (emploi direct, mandataire, prestataire ou "
            "aidant familial).",
            "pch_tarif_requis",
            champ="tarif_horaire",
        )
    if heures_mensuelles is None and tarif_horaire is not None:
        raise refuser(
            "Un tarif horaire ne s'indique que pour des heures accordées.",
            "pch_tarif_sans_heures",
            champ="tarif_horaire",
        )
    parentalite = element in ELEMENTS_PARENTALITE
    if not parentalite and (naissance_enfant is not None or parent_isole):
        raise refuser(
            "La date de naissance de l'enfant et la situation de parent isolé ne concernent que la PCH "
            "parentalité.",
            "pch_parentalite_seulement",
            champ="naissance_enfant",
        )
    if parentalite:
        aide_humaine = element == ElementDecisionPch.PARENTALITE_AIDE_HUMAINE
        beneficiaire = (
            aide_humaine
            and DecisionPch.objects.filter(
                parcours__personne_id=parcours.personne_id,
                element=ElementDecisionPch.AIDES_HUMAINES,
                debut__lte=debut,
            )
            .filter(Q(fin__isnull=True) | Q(fin__gte=debut))
            .exists()
        )
        _regle(
            regles_pch.pch_parentalite_decision_verifier,
            champ="element",
            aide_humaine=aide_humaine,
            naissance_enfant=naissance_enfant,
            parent_isole=parent_isole,
            debut=debut,
            fin=fin,
            montant=montant,
            montant_mensuel=montant_mensuel,
            beneficiaire_aide_humaine=beneficiaire,
        )
    if DecisionPch.objects.filter(parcours=parcours, numero=numero, element=element).exists():
        raise refuser(
            f"L'élément « {ElementDecisionPch(element).label} » de la décision n° {numero} est déjà "
            "enregistré.",
            "pch_decision_deja_enregistree",
            champ="numero",
        )
    decision = DecisionPch(
        parcours=parcours,
        numero=numero,
        decidee_le=decidee_le,
        notifiee_le=notifiee_le,
        element=element,
        montant=montant,
        montant_mensuel=montant_mensuel,
        heures_mensuelles=heures_mensuelles,
        tarif_horaire=tarif_horaire,
        debut=debut,
        fin=fin,
        handicap_non_susceptible_evolution_favorable=handicap_non_susceptible_evolution_favorable,
        naissance_enfant=naissance_enfant,
        parent_isole=parent_isole,
        created_by=acting_user,
    )
    enregistrer(decision, acting_user=acting_user, raison="Décision de la CDAPH enregistrée")
    demande = Echeance.objects.filter(
        parcours=parcours, type=TypeEcheance.PCH_SILENCE_CDAPH, tenue_le__isnull=True
    ).first()
    if demande is not None and decidee_le >= demande.date_depart:
        demande.statut = StatutEcheance.TENUE
        demande.tenue_le = decidee_le
        enregistrer(
            demande,
            acting_user=acting_user,
            raison="Décision de la CDAPH reçue",
            update_fields=["statut", "tenue_le", "updated_at"],
        )
    if parcours.etat == EtatPch.EN_PAIEMENT:
        parcours_transitionner(
            parcours=parcours,
            vers=EtatPch.DECISION_CDAPH_RECUE,
            acting_user=acting_user,
            motif=f"Décision n° {numero} du {date_fr(decidee_le)}.",
            par_action_dediee=True,
        )
    return decision


@transaction.atomic
def pch_versement_enregistrer(
    *,
    decision: DecisionPch,
    verse_le: datetime.date,
    montant: Decimal,
    periode_debut: datetime.date,
    periode_fin: datetime.date,
    acting_user: Utilisateur,
    heures: Decimal | None = None,
) -> VersementPch:
    """Record a payment under a CDAPH decision (PCH-5): for its element, a period within its dates, within
    its amount (cumulated) or its monthly amount or hours; and within the element's cap over the 10 years
    ending on the payment day, at the cap in force that day (PCH-1, G-1): the refusal says what remains.
    The first payment moves the pathway to « En paiement »."""
    parcours = _preparer(decision.parcours, acting_user)
    decision = DecisionPch.objects.get(pk=decision.pk, parcours=parcours)
    if verse_le > aujourd_hui():
        raise refuser("La date de versement ne peut pas être dans le futur.", "date_future", champ="verse_le")
    if verse_le < decision.decidee_le:
        raise refuser(
            f"Un versement ne peut pas précéder la décision de la CDAPH ({date_fr(decision.decidee_le)}).",
            "pch_versement_avant_decision",
            champ="verse_le",
        )
    versement = _regle(
        regles_pch.VersementPch,
        champ="montant",
        decision_numero=decision.numero,
        element=decision.element_regles,
        verse_le=verse_le,
        montant=montant,
        periode_debut=periode_debut,
        periode_fin=periode_fin,
        heures=heures,
    )
    _regle(
        regles_pch.pch_versement_verifier,
        champ="montant",
        decision=_decision_regles(decision),
        versement=versement,
        versements_anterieurs=_versements_anterieurs(decision),
    )
    if decision.element == ElementDecisionPch.PARENTALITE_AIDE_HUMAINE and decision.naissance_enfant:
        _regle(
            regles_pch.pch_parentalite_versement_verifier,
            champ="montant",
            naissance_enfant=decision.naissance_enfant,
            parent_isole=decision.parent_isole,
            periode_debut=periode_debut,
            periode_fin=periode_fin,
            montant=montant,
        )
    ligne = VersementPch(
        decision=decision,
        verse_le=verse_le,
        montant=montant,
        heures=heures,
        periode_debut=periode_debut,
        periode_fin=periode_fin,
        created_by=acting_user,
    )
    enregistrer(ligne, acting_user=acting_user, raison="Versement PCH")
    if parcours.etat == EtatPch.DECISION_CDAPH_RECUE:
        parcours_transitionner(
            parcours=parcours,
            vers=EtatPch.EN_PAIEMENT,
            acting_user=acting_user,
            motif=f"Premier versement au titre de la décision n° {decision.numero}.",
            par_action_dediee=True,
        )
    return ligne


# Helpers.


def _preparer(parcours: Parcours, acting_user: Utilisateur) -> Parcours:
    parcours = verrouiller(parcours)
    if parcours.dispositif != Dispositif.PCH:
        raise refuser("Ce parcours n'est pas un parcours PCH.", "dispositif_incompatible")
    exiger_ouvert(parcours)
    if not can_gerer_pch(acting_user, parcours):
        raise refuser(
            "Seuls le référent, les membres de l'équipe et les encadrants du site enregistrent les décisions "
            "de la CDAPH et les versements de la PCH.",
            "interdit",
        )
    return parcours


def _element_regles(element: str) -> ElementPch:
    return DecisionPch(element=element).element_regles


def _decision_regles(decision: DecisionPch) -> regles_pch.DecisionCdaph:
    return regles_pch.DecisionCdaph(
        numero=decision.numero,
        decidee_le=decision.decidee_le,
        element=decision.element_regles,
        debut=decision.debut,
        fin=decision.fin,
        montant=decision.montant,
        montant_mensuel=decision.montant_mensuel,
        heures_mensuelles=decision.heures_mensuelles,
        handicap_non_susceptible_evolution_favorable=decision.handicap_non_susceptible_evolution_favorable,
    )


def _versements_anterieurs(decision: DecisionPch) -> list[regles_pch.VersementPch]:
    """The person's PCH payments, every pathway and decision together (the PCH-1 caps are the person's).
    Payments of other decision rows carry a distinct reference: a CDAPH decision number covers several
    elements, and PCH-5 cumulates per decision row. Parentalité payments are outside the caps (PCH-4)."""
    lignes = VersementPch.objects.filter(
        decision__parcours__personne_id=decision.parcours.personne_id
    ).values_list(
        "decision_id", "decision__element", "verse_le", "montant", "periode_debut", "periode_fin", "heures"
    )
    resultat = []
    for decision_id, element, verse_le, montant, periode_debut, periode_fin, heures in lignes:
        resultat.append(
            regles_pch.VersementPch(
                decision_numero=decision.numero if decision_id == decision.pk else f"autre-{decision_id}",
                element=_element_regles(element),
                verse_le=verse_le,
                montant=montant,
                periode_debut=periode_debut,
                periode_fin=periode_fin,
                heures=heures,
            )
        )
    return resultat


def _regle(fonction: Callable[..., T], /, *, champ: str, **arguments: object) -> T:
    """Call a rule; its refusal names a form field (the rule's own when it names one)."""
    try:
        return fonction(**arguments)
    except DomainError as exc:
        if "champ" not in exc.extra:
            exc.extra["champ"] = champ
        raise
