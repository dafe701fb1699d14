"""Deadlines of a pathway, computed from the dated parameters (rule G-1) and its transitions (rule G-4)."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict

from django.db import transaction

from parcours import workflows
from parcours.actions._outils import aujourd_hui, enregistrer
from parcours.enums import EvenementParcours, StatutEcheance
from parcours.models import Echeance, Parcours
from social.parametres import echeance
from social.temps_reel import diffuser


@transaction.atomic
def echeances_recalculer(*, parcours: Parcours, jour: datetime.date | None = None) -> list[Echeance]:
    """Create or update the deadlines of ``REGLES_ECHEANCES`` for this pathway.

    Each clock starts on the pathway's reception date or on the latest entry into a state (a new
    orientation restarts the contract clock, RSA-3); its length is the parameter in force on the start
    date; it is met by the first later entry into one of its ``tenue`` states. Raises
    ``ParametreIntrouvable`` when no value of the parameter covers the start date."""
    jour = jour or aujourd_hui()
    entrees = list(
        parcours.transitions.order_by("date_effet", "created_at", "id").values_list("vers", "date_effet")
    )
    existantes = {e.type: e for e in Echeance.objects.filter(parcours=parcours)}
    resultat = []
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
        if tenue_le is not None:
            statut = StatutEcheance.TENUE
        elif limite < jour:
            statut = StatutEcheance.DEPASSEE
        else:
            statut = StatutEcheance.OUVERTE
        ligne = existantes.get(regle.type)
        valeurs = {
            "date_depart": depart,
            "date_limite": limite,
            "statut": statut,
            "tenue_le": tenue_le,
            "parametre": regle.parametre,
        }
        if ligne is None:
            ligne = Echeance(parcours=parcours, type=regle.type, **valeurs)
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
    return resultat


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
    for evenement, destinataires in (
        (EvenementParcours.ECHEANCE_DEPASSEE.value, depassees),
        (EvenementParcours.ECHEANCE_PROCHE.value, proches),
    ):
        for referent_id, ids in destinataires.items():
            diffuser(utilisateur_ids=[referent_id], evenement=evenement, objet_ids=ids)
    return nombre
