"""Demonstration referrals to partner services: each inbox and each pathway block has something to show.

On the demo's pathways (``demo.parcours``) and the scripted services of the demo guide (``demo.guide``):
``ts.arras`` refers RSA beneficiaries to the CCAS d'Arras (the inbox of ``partenaire.ccas-arras``: two
waiting, one accepted, one refused with its reason, one expired without an answer) and to the CHRS (no
partner account: answer by the signed link); ``ts.calais`` refers young people to the Mission locale
du Calaisis (``partenaire.ml-calais``: one waiting, one accepted) and an RSA beneficiary to the
Restos du cœur (refused through the signed link).

Written only through the public actions of ``parcours.actions.orientations`` (consent, transition
log, notifications, real-time notices as in real use). Deterministic and idempotent: each referral is
keyed on (pathway, service, message); the pathways are picked among the open ones of the worker in
that scheme, ordered by person. A referral whose pathway or service is missing is left out (counted).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from guide_ressources.models import Service
from parcours.actions.orientations import (
    jeton_reponse,
    orientation_partenaire_creer,
    orientation_partenaire_repondre,
    orientation_partenaire_repondre_par_lien,
    orientations_expirer,
)
from parcours.enums import Dispositif
from parcours.models import OrientationPartenaire, Parcours
from parcours.models.orientations import ModeConsentement, StatutOrientationPartenaire
from social.models import Utilisateur

S = StatutOrientationPartenaire
LIEN = "lien"  # answered through the signed link, without an account
ORIGINE_LIENS = "http://localhost:8000"  # the address of ``manage.py demarrer``

AIDE_CCAS = ("Épicerie solidaire du CCAS d'Arras", "Aide alimentaire d'urgence")
DOMICILIATION_CCAS = ("Épicerie solidaire du CCAS d'Arras", "Domiciliation administrative")
HEBERGEMENT_CHRS = ("CHRS La Passerelle", "Hébergement d'urgence")
JEUNES_ML = ("Mission locale du Calaisis – siège", "Accompagnement des jeunes vers l'emploi")
DISTRIBUTION_RESTOS = ("Restos du cœur – centre de Calais", "Distribution alimentaire")


@dataclass(frozen=True)
class OrientationDemo:
    agent: str  # the worker who refers (référent of the pathway)
    dispositif: Dispositif
    rang: int  # which of her open pathways in that scheme, by person
    service: tuple[str, str]  # (structure, service) of the demo guide
    message: str
    issue: S
    repond: str = ""  # the partner's username, or ``LIEN``
    motif: str = ""


ORIENTATIONS_DEMO: tuple[OrientationDemo, ...] = (
    OrientationDemo(
        "ts.arras",
        Dispositif.RSA,
        0,
        AIDE_CCAS,
        "Famille sans ressources depuis la fin des droits ; colis d'urgence demandé cette semaine.",
        S.OUVERTE,
    ),
    OrientationDemo(
        "ts.arras",
        Dispositif.RSA,
        1,
        DOMICILIATION_CCAS,
        "Personne sans domicile stable : domiciliation nécessaire pour l'ouverture des droits.",
        S.OUVERTE,
    ),
    OrientationDemo(
        "ts.arras",
        Dispositif.RSA,
        2,
        AIDE_CCAS,
        "Aide alimentaire en attendant le premier versement du RSA.",
        S.VALIDEE,
        repond="partenaire.ccas-arras",
    ),
    OrientationDemo(
        "ts.arras",
        Dispositif.RSA,
        3,
        AIDE_CCAS,
        "Demande de colis pour un couple avec deux enfants.",
        S.REFUSEE,
        repond="partenaire.ccas-arras",
        motif="Le foyer habite hors d'Arras : orientez-le vers le CCAS de sa commune.",
    ),
    OrientationDemo(
        "ts.arras",
        Dispositif.RSA,
        4,
        AIDE_CCAS,
        "Aide alimentaire ponctuelle pendant la reprise d'emploi.",
        S.EXPIREE,
    ),
    OrientationDemo(
        "ts.arras",
        Dispositif.RSA,
        5,
        HEBERGEMENT_CHRS,
        "Mise à l'abri demandée après une séparation ; la personne est joignable le matin.",
        S.OUVERTE,
    ),
    OrientationDemo(
        "ts.calais",
        Dispositif.JEUNES,
        0,
        JEUNES_ML,
        "Jeune de 19 ans sans diplôme, cherche une formation qualifiante.",
        S.OUVERTE,
    ),
    OrientationDemo(
        "ts.calais",
        Dispositif.JEUNES,
        1,
        JEUNES_ML,
        "Accompagnement vers l'emploi demandé, disponibilité immédiate.",
        S.VALIDEE,
        repond="partenaire.ml-calais",
    ),
    OrientationDemo(
        "ts.calais",
        Dispositif.RSA,
        0,
        DISTRIBUTION_RESTOS,
        "Inscription à la distribution de repas demandée.",
        S.REFUSEE,
        repond=LIEN,
        motif="La campagne d'hiver est complète ; nouvelle inscription possible en décembre.",
    ),
)


@dataclass
class RapportOrientationsDemo:
    creees: int = 0
    absentes: int = 0  # pathway or service missing (a smaller demo)


@transaction.atomic
def orientations_demo_charger() -> RapportOrientationsDemo:
    """Create the missing demo referrals and bring each to its state (see the module's docstring)."""
    rapport = RapportOrientationsDemo()
    aujourd_hui = timezone.localdate()
    a_expirer: list[int] = []
    for demo in ORIENTATIONS_DEMO:
        agent = Utilisateur.objects.filter(username=demo.agent).first()
        parcours = _parcours(demo)
        service = (
            Service.objects.publies()
            .filter(structure__nom=demo.service[0], nom=demo.service[1])
            .order_by("id")
            .first()
        )
        if agent is None or parcours is None or service is None:
            rapport.absentes += 1
            continue
        if OrientationPartenaire.objects.filter(
            parcours=parcours, service=service, message=demo.message
        ).exists():
            continue
        orientation = orientation_partenaire_creer(
            parcours=parcours,
            service=service,
            message=demo.message,
            nom_partage=f"{parcours.personne.prenoms} {parcours.personne.nom}",
            consentement_le=aujourd_hui,
            consentement_mode=ModeConsentement.ORAL_ENTRETIEN,
            acting_user=agent,
            lien_reponse=lambda jeton: ORIGINE_LIENS + reverse("frontend:orientation_lien", args=[jeton]),
        )
        rapport.creees += 1
        if demo.issue == S.EXPIREE:
            a_expirer.append(orientation.pk)
        elif demo.issue != S.OUVERTE and demo.repond == LIEN:
            orientation_partenaire_repondre_par_lien(
                jeton=jeton_reponse(orientation), vers=demo.issue, motif=demo.motif
            )
        elif demo.issue != S.OUVERTE:
            orientation_partenaire_repondre(
                orientation=orientation,
                vers=demo.issue,
                motif=demo.motif,
                acting_user=Utilisateur.objects.get(username=demo.repond),
            )
    if a_expirer:
        # No answer by the due date: the daily task closes it (its due date moved to yesterday).
        OrientationPartenaire.objects.filter(pk__in=a_expirer).update(
            date_limite=aujourd_hui - datetime.timedelta(days=1)
        )
        orientations_expirer(jour=aujourd_hui)
    return rapport


def _parcours(demo: OrientationDemo) -> Parcours | None:
    candidats = (
        Parcours.objects.ouverts()
        .filter(referent__username=demo.agent, dispositif=demo.dispositif)
        .select_related("personne")
        .order_by("personne__public_id", "id")
    )
    return candidats[demo.rang : demo.rang + 1].first()
