"""Deadlines of a pathway, computed from the dated parameters (rule G-1) and its transitions (rule G-4)."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from parcours import workflows
from parcours.actions._outils import aujourd_hui, enregistrer, verrouiller
from parcours.enums import Dispositif, EtatRsa, EvenementParcours, StatutEcheance, TypeEcheance
from parcours.models import ContratEngagement, DossierRsa, Echeance, OrientationRsa, Parcours
from parcours.regles import jeunes as regles_jeunes
from parcours.regles import rsa as regles_rsa
from parcours.regles.commun import age_revolu, entier
from parcours.regles.enums import ParcoursRsa, StatutTransitionContrat
from social.exceptions import ParametreIntrouvable
from social.parametres import echeance
from social.temps_reel import diffuser

# What a deadline is made of before it is stored: start, due date, day it was met, parameter.
Calcul = tuple[datetime.date, datetime.date, datetime.date | None, str]
# Deadlines that stop applying (a joint diagnostic once the person leaves the social parcours; the ASE
# entretien once the person is recorded as not entrusted to the ASE): removed.
TYPES_RETIRABLES = frozenset({TypeEcheance.RSA_DIAGNOSTIC_CONJOINT, TypeEcheance.ASE_ENTRETIEN_AUTONOMIE})


@transaction.atomic
def echeances_recalculer(*, parcours: Parcours, jour: datetime.date | None = None) -> list[Echeance]:
    """Create or update the deadlines of ``REGLES_ECHEANCES`` for this pathway.

    Each clock starts on the pathway's reception date or on the latest entry into a state (a new
    orientation restarts the contract clock, RSA-3); its length is the parameter in force on the start
    date; it is met by the first later entry into one of its ``tenue`` states. For an RSA pathway whose
    RSA file is kept (``parcours.models.rsa``), the RSA rules refine them (``_echeances_rsa``). Raises
    ``ParametreIntrouvable`` when no value of the parameter covers the start date."""
    jour = jour or aujourd_hui()
    entrees = list(
        parcours.transitions.order_by("date_effet", "created_at", "id").values_list("vers", "date_effet")
    )
    existantes = {e.type: e for e in Echeance.objects.filter(parcours=parcours)}
    calculs: dict[str, Calcul] = {}
    for regle in workflows.REGLES_ECHEANCES:
        if regle.dispositif != parcours.dispositif:
            continue
        if regle.depart is None:
            rang, depart = -1, parcours.date_reception
        else:
            rangs = [i for i, (vers, _date) in enumerate(entrees) if vers == regle.depart]
            if not rangs:
                continue
            rang, depart = rangs[-1], entrees[rangs[-1]][1]
        limite = echeance(regle.parametre, depart)
        tenue_le = next((date for vers, date in entrees[rang + 1 :] if vers in regle.tenue), None)
        calculs[regle.type] = (depart, limite, tenue_le, regle.parametre)
    if parcours.dispositif == Dispositif.RSA:
        calculs = _echeances_rsa(parcours, calculs)
        transition = _echeance_transition_contrat(parcours, entrees, jour)
        if transition is not None:
            calculs[TypeEcheance.RSA_TRANSITION_CONTRAT] = transition
    entretien_ase = _echeance_ase(parcours)
    if entretien_ase is not None:
        calculs[TypeEcheance.ASE_ENTRETIEN_AUTONOMIE] = entretien_ase
    resultat = []
    for type_echeance, (depart, limite, tenue_le, parametre) in calculs.items():
        if tenue_le is not None:
            statut = StatutEcheance.TENUE
        elif limite < jour:
            statut = StatutEcheance.DEPASSEE
        else:
            statut = StatutEcheance.OUVERTE
        ligne = existantes.get(type_echeance)
        valeurs = {
            "date_depart": depart,
            "date_limite": limite,
            "statut": statut,
            "tenue_le": tenue_le,
            "parametre": parametre,
        }
        if ligne is None:
            ligne = Echeance(parcours=parcours, type=type_echeance, **valeurs)
            enregistrer(ligne, acting_user=None, raison="Échéance calculée")
        else:
            modifies = [nom for nom, valeur in valeurs.items() if getattr(ligne, nom) != valeur]
            if modifies:
                for nom in modifies:
                    setattr(ligne, nom, valeurs[nom])
                enregistrer(
                    ligne,
                    acting_user=None,
                    raison="Échéance recalculée",
                    update_fields=[*modifies, "updated_at"],
                )
        resultat.append(ligne)
    for type_echeance, ligne in existantes.items():
        if type_echeance in TYPES_RETIRABLES and type_echeance not in calculs:
            ligne._change_reason = "Échéance sans objet"  # type: ignore[attr-defined]
            ligne.delete()
    return resultat


def _echeance_ase(parcours: Parcours) -> Calcul | None:
    """ASE-1, whatever the dispositif: for a person entrusted to the ASE and still a minor on the pathway's
    reception date, the entretien d'accès à l'autonomie is due on her 17th birthday at the latest (CASF
    L222-5-1, parameters in force on that date); met on the day it was held. None otherwise, or before the
    rule existed (loi du 7 février 2022)."""
    personne = parcours.personne
    if not personne.confie_ase_avant_majorite:
        return None
    depart = parcours.date_reception
    try:
        if age_revolu(personne.date_naissance, depart) >= entier(regles_jeunes.AGE_MAJORITE, depart):
            return None  # an adult: the accompaniment jeune majeur, not the entretien
        limite = regles_jeunes.ase_entretien_date_limite(naissance=personne.date_naissance, jour=depart)
    except ParametreIntrouvable:
        return None
    return depart, limite, personne.entretien_autonomie_le, regles_jeunes.ENTRETIEN_AVANT_MAJORITE


def _echeances_rsa(parcours: Parcours, calculs: dict[str, Calcul]) -> dict[str, Calcul]:
    """The RSA deadlines from the RSA file, when it is kept (three small queries):

    - orientation (RSA-1): 6 weeks from the day the information on the opening or transfer of the right
      was received (``DossierRsa.information_recue_le``), met by the first orientation decision;
    - contract (RSA-3): 1 month from the latest notification of an orientation (a new orientation
      restarts it), met by a contract signed since that notification;
    - joint diagnostic (RSA-6): while the current orientation is the social parcours, 6 months from its
      notification, 12 months with a vulnerability; removed when the person leaves the social parcours.

    Without an RSA file or orientation, the generic computation (from the transitions) stands."""
    calculs = dict(calculs)
    dossier = DossierRsa.objects.filter(parcours=parcours).first()
    if dossier is not None:
        tenue_le = (
            calculs[TypeEcheance.RSA_ORIENTATION][2] if TypeEcheance.RSA_ORIENTATION in calculs else None
        )
        depart = dossier.information_recue_le
        limite = regles_rsa.rsa_orientation_echeance(information_recue_le=depart)
        calculs[TypeEcheance.RSA_ORIENTATION] = (depart, limite, tenue_le, regles_rsa.DELAI_ORIENTATION)
    orientations = list(
        OrientationRsa.objects.filter(parcours=parcours).order_by("decidee_le", "created_at", "id")
    )
    if not orientations:
        return calculs
    notifications = [orientation.notifiee_le for orientation in orientations]
    derniere_notification = max(notifications)
    signes: list[datetime.date] = list(
        ContratEngagement.objects.filter(parcours=parcours, signe_le__gte=derniere_notification).values_list(
            "signe_le", flat=True
        )
    )
    generique = calculs.get(TypeEcheance.RSA_CONTRAT)
    if generique is not None and generique[2] is not None and generique[2] >= derniere_notification:
        signes.append(generique[2])  # a signature recorded by a transition only (before the RSA file)
    calculs[TypeEcheance.RSA_CONTRAT] = (
        derniere_notification,
        regles_rsa.rsa_contrat_echeance(notifications_orientation=notifications),
        min(signes, default=None),
        regles_rsa.DELAI_CONTRAT,
    )
    actuelle = orientations[-1]
    if actuelle.parcours_type == ParcoursRsa.SOCIAL:
        vulnerabilites = actuelle.vulnerabilites_retenues
        calculs[TypeEcheance.RSA_DIAGNOSTIC_CONJOINT] = (
            actuelle.notifiee_le,
            regles_rsa.rsa_diagnostic_conjoint_echeance(
                parcours=ParcoursRsa.SOCIAL,
                entree_parcours_social_le=actuelle.notifiee_le,
                vulnerabilites=vulnerabilites,
            ),
            None,
            regles_rsa.DELAI_DIAGNOSTIC_VULNERABLE if vulnerabilites else regles_rsa.DELAI_DIAGNOSTIC,
        )
    return calculs


def _echeance_transition_contrat(
    parcours: Parcours, entrees: list[tuple[str, datetime.date]], jour: datetime.date
) -> Calcul | None:
    """RSA-5: a file open on the reform date (1 January 2025) must have a contrat d'engagement by the
    date limit in force (1 January 2027): a deadline from the reform date, met by the first contract
    signed since the reform (recorded, or an entry into « contractualisé »: the transitions ``entrees``).
    A file received before the reform and not closed before it was accompanied on that date; None for the
    others (one query)."""
    reforme = regles_rsa.premiere_entree_en_vigueur(regles_rsa.DELAI_TRANSITION)
    if parcours.date_cloture is not None and parcours.date_cloture < reforme:
        return None
    signes = [date for vers, date in entrees if vers == EtatRsa.CONTRACTUALISE and date >= reforme]
    signes += ContratEngagement.objects.filter(parcours=parcours, signe_le__gte=reforme).values_list(
        "signe_le", flat=True
    )[:1]
    signe_le = min(signes, default=None)
    statut = regles_rsa.rsa_transition_statut(
        accompagne_depuis=min(parcours.date_reception, parcours.date_ouverture),
        contrat_engagement_signe_le=signe_le,
        jour=jour,
    )
    if statut == StatutTransitionContrat.NON_CONCERNE:
        return None
    return (
        reforme,
        regles_rsa.rsa_transition_date_limite(jour=jour),
        signe_le if statut == StatutTransitionContrat.CONVERTI else None,
        regles_rsa.DELAI_TRANSITION,
    )


def echeances_transition_contrat_completer(*, jour: datetime.date | None = None) -> int:
    """RSA-5 for the files stored before its deadline existed: every open RSA pathway received on or
    before the reform date without that deadline gets its deadlines recomputed, each in its own
    transaction under its lock (a file without it is never flagged otherwise). Returns the number of
    pathways completed; none once every such file has it (the nightly pass calls it first)."""
    jour = jour or aujourd_hui()
    reforme = regles_rsa.premiere_entree_en_vigueur(regles_rsa.DELAI_TRANSITION)
    a_completer = (
        Parcours.objects.ouverts()
        .filter(dispositif=Dispositif.RSA)
        .filter(Q(date_reception__lte=reforme) | Q(date_ouverture__lte=reforme))
        .exclude(echeances__type=TypeEcheance.RSA_TRANSITION_CONTRAT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    nombre = 0
    for pk in list(a_completer):
        with transaction.atomic():
            parcours = verrouiller(Parcours(pk=pk))
            if not parcours.est_clos:
                echeances_recalculer(parcours=parcours, jour=jour)
                nombre += 1
    return nombre


@transaction.atomic
def echeances_actualiser(*, jour: datetime.date | None = None) -> int:
    """The nightly pass: mark the expired deadlines of open pathways, and notify the référents of the
    deadlines that just expired and of those due in 7 days (alert before expiry, G-4). Returns the
    number of deadlines marked expired."""
    from parcours.selectors import JOURS_ALERTE_AVANT_ECHEANCE

    jour = jour or aujourd_hui()
    depassees: dict[int, list[uuid.UUID]] = defaultdict(list)
    nombre = 0
    for ligne in (
        Echeance.objects.select_for_update(of=("self",))
        .filter(statut=StatutEcheance.OUVERTE, date_limite__lt=jour, parcours__date_cloture__isnull=True)
        .select_related("parcours")
    ):
        ligne.statut = StatutEcheance.DEPASSEE
        enregistrer(
            ligne, acting_user=None, raison="Échéance dépassée", update_fields=["statut", "updated_at"]
        )
        nombre += 1
        if ligne.parcours.referent_id is not None:
            depassees[ligne.parcours.referent_id].append(ligne.parcours.public_id)
    proches: dict[int, list[uuid.UUID]] = defaultdict(list)
    for referent_id, public_id in Echeance.objects.filter(
        statut=StatutEcheance.OUVERTE,
        date_limite=jour + datetime.timedelta(days=JOURS_ALERTE_AVANT_ECHEANCE),
        parcours__date_cloture__isnull=True,
        parcours__referent__isnull=False,
    ).values_list("parcours__referent_id", "parcours__public_id"):
        proches[referent_id].append(public_id)
    expires, fin_proche = _contrats_finissants(
        jour, jour + datetime.timedelta(days=JOURS_ALERTE_AVANT_ECHEANCE)
    )
    for evenement, destinataires in (
        (EvenementParcours.ECHEANCE_DEPASSEE.value, depassees),
        (EvenementParcours.ECHEANCE_PROCHE.value, proches),
        (EvenementParcours.CONTRAT_EXPIRE.value, expires),
        (EvenementParcours.CONTRAT_FIN_PROCHE.value, fin_proche),
    ):
        for referent_id, ids in destinataires.items():
            diffuser(utilisateur_ids=[referent_id], evenement=evenement, objet_ids=ids)
    return nombre


def _contrats_finissants(
    jour: datetime.date, dans_7_jours: datetime.date
) -> tuple[dict[int, list[uuid.UUID]], dict[int, list[uuid.UUID]]]:
    """The référents to warn of a contrat d'engagement that expired yesterday (its last day was the day
    before ``jour``: the rupture ``contrat_expire`` starts today) or that ends in 7 days; only the latest
    contract of an open pathway with a référent counts (one query)."""
    plus_recent = ContratEngagement.objects.filter(parcours_id=OuterRef("parcours_id")).filter(
        Q(signe_le__gt=OuterRef("signe_le"))
        | Q(signe_le=OuterRef("signe_le"), created_at__gt=OuterRef("created_at"))
        | Q(signe_le=OuterRef("signe_le"), created_at=OuterRef("created_at"), id__gt=OuterRef("id"))
    )
    veille = jour - datetime.timedelta(days=1)
    expires: dict[int, list[uuid.UUID]] = defaultdict(list)
    fin_proche: dict[int, list[uuid.UUID]] = defaultdict(list)
    for date_fin, referent_id, public_id in (
        ContratEngagement.objects.filter(
            date_fin__in=[veille, dans_7_jours],
            parcours__date_cloture__isnull=True,
            parcours__referent__isnull=False,
        )
        .exclude(Exists(plus_recent))
        .values_list("date_fin", "parcours__referent_id", "parcours__public_id")
    ):
        (expires if date_fin == veille else fin_proche)[referent_id].append(public_id)
    return expires, fin_proche
