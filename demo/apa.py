"""Demonstration APA files: a few APA pathways at the Maison de l'Autonomie de l'Arrageois kept with their
APA file (``parcours.models.apa``), written only through ``parcours.actions.apa``, one at each step:
request awaiting its acknowledgement, file incomplete, evaluation (GIR 3), plan proposed (the DOMAIN.md
§2.5 example: GIR 2, 1 500 €, participation 298,39 €), decision notified (by the encadrant of the Maison
de l'Autonomie, ``encadrant.autonomie-arras``), silence of two months (« accord réputé »), and a
resident of an EHPAD whose APA in an establishment (APA-9) was computed on its tariffs, decided and
notified (rights open on the complete file).

Idempotent: once the Maison de l'Autonomie holds ``len(SCENARIOS)`` APA files, nothing is created.
People are the demo's people aged 61 and over of the Arrageois without any APA pathway, in a fixed order.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from demo.chargement import DATE_REFERENCE, DOMAINE_COURRIEL, MOT_DE_PASSE_DEMO
from demo.parcours import AUTONOMIE_ARRAS, _decideur
from parcours import actions
from parcours.actions.apa import LigneSaisie
from parcours.enums import Dispositif, LieuApa, SensDecisionApa, TypeAideApa, UniteAideApa
from parcours.models import DossierApa, Parcours
from social.actions.personnes import affectation_creer
from social.enums import RoleAgent
from social.models import Personne, Site, Utilisateur

EVALUATEUR = "evaluateur.arras"
# The APA decision is an encadrant's of the Maison de l'Autonomie (``parcours.workflows``): the demo's
# list of accounts (``demo.chargement``) has none, this module adds her with the demo's password.
ENCADRANTE = ("encadrant.autonomie-arras", "Sophie", "Lefranc")
VARIABLES = (
    "coherence",
    "orientation",
    "toilette",
    "habillage",
    "alimentation",
    "elimination",
    "transferts",
    "deplacements_interieur",
    "deplacements_exterieur",
    "communication",
)
GRILLE_GIR_2: dict[str, Any] = {
    "coherence": "B",
    "orientation": "B",
    "toilette": {"haut": "B", "bas": "C"},
    "habillage": "C",
    "alimentation": "B",
    "elimination": "C",
    "transferts": "C",
    "deplacements_interieur": "B",
    "deplacements_exterieur": "C",
    "communication": {"S": True, "T": True, "H": True, "C": True},
}
GRILLE_GIR_4: dict[str, Any] = {**dict.fromkeys(VARIABLES, "A"), "toilette": "B", "habillage": "B"}
# (scenario, days since the receipt)
SCENARIOS = (
    ("demande", 3),
    ("incomplet", 20),
    ("evaluation", 40),
    ("plan", 50),
    ("notifie", 80),
    ("silence", 100),
    ("etablissement", 70),
)
# APA-9: an EHPAD of the Arrageois, its monthly dependency tariffs (GIR 1-2, GIR 5-6) and the resident's
# resources (the progressive band of R232-19 with the MTP of 2025-2026).
ETABLISSEMENT = "EHPAD Les Tilleuls, Arras"
TARIF_GIR_1_2 = Decimal("620.00")
TARIF_GIR_5_6 = Decimal("175.00")
RESSOURCES_ETABLISSEMENT = Decimal("3200.00")


def apa_demo_charger() -> int:
    """Create the missing demonstration APA files; returns how many pathways were created."""
    site = Site.objects.filter(nom=AUTONOMIE_ARRAS).first()
    evaluateur = Utilisateur.objects.filter(username=EVALUATEUR).first()
    if site is None or evaluateur is None:
        return 0
    deja = DossierApa.objects.filter(parcours__site=site).count()
    if deja >= len(SCENARIOS):
        return 0
    aujourd_hui = timezone.localdate()
    personnes = list(
        Personne.objects.filter(
            commune__territoire_id=site.territoire_id,
            date_naissance__lte=aujourd_hui.replace(year=aujourd_hui.year - 61),
        )
        .exclude(parcours__dispositif=Dispositif.APA)
        .order_by("date_naissance", "public_id")[: len(SCENARIOS) - deja]
    )
    decideur = _decideur(site) or _encadrante(site)
    for personne, (scenario, recu) in zip(personnes, SCENARIOS[deja:], strict=False):
        _creer(scenario, recu, personne=personne, site=site, evaluateur=evaluateur, decideur=decideur)
    return len(personnes)


def _encadrante(site: Site) -> Utilisateur:
    username, prenom, nom = ENCADRANTE
    utilisateur = Utilisateur.objects.filter(username=username).first()
    if utilisateur is None:
        utilisateur = Utilisateur.objects.create(
            username=username,
            first_name=prenom,
            last_name=nom,
            email=f"{username}@{DOMAINE_COURRIEL}",
            password=make_password(MOT_DE_PASSE_DEMO),
        )
    affectation_creer(
        utilisateur=utilisateur,
        site=site,
        role=RoleAgent.ENCADRANT,
        depuis=DATE_REFERENCE - datetime.timedelta(days=2 * 365),
    )
    return utilisateur


def _jour(jours: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=jours)


@transaction.atomic
def _creer(
    scenario: str,
    recu: int,
    *,
    personne: Personne,
    site: Site,
    evaluateur: Utilisateur,
    decideur: Utilisateur | None,
) -> Parcours:
    parcours = actions.parcours_ouvrir(
        personne=personne,
        dispositif=Dispositif.APA,
        acting_user=evaluateur,
        site=site,
        referent=evaluateur,
        date_reception=_jour(recu),
    )
    par = evaluateur
    lieu = LieuApa.ETABLISSEMENT if scenario == "etablissement" else LieuApa.DOMICILE
    actions.apa_demande_enregistrer(parcours=parcours, demande_le=_jour(recu + 2), lieu=lieu, acting_user=par)
    if scenario == "demande":
        return parcours
    if scenario == "incomplet":
        actions.apa_accuser_reception(
            parcours=parcours,
            accuse_le=_jour(recu - 6),
            pieces_manquantes=["Dernier avis d'imposition", "Relevé d'identité bancaire"],
            acting_user=par,
        )
        return parcours
    actions.apa_accuser_reception(
        parcours=parcours, accuse_le=_jour(recu - 5), pieces_manquantes=[], acting_user=par
    )
    if scenario == "silence":
        actions.apa_silence_constater(parcours=parcours)
        return parcours
    grille = GRILLE_GIR_4 if scenario == "notifie" else GRILLE_GIR_2
    actions.apa_evaluer(parcours=parcours, evaluee_le=_jour(recu - 20), grille=grille, acting_user=par)
    if scenario == "evaluation":
        return parcours
    if scenario == "etablissement":
        actions.apa_etablissement_proposer(
            parcours=parcours,
            propose_le=_jour(recu - 25),
            etablissement=ETABLISSEMENT,
            tarif_gir=TARIF_GIR_1_2,
            tarif_gir_5_6=TARIF_GIR_5_6,
            ressources_mensuelles=RESSOURCES_ETABLISSEMENT,
            couple=False,
            acting_user=par,
        )
        if decideur is not None:
            actions.apa_decider(
                parcours=parcours,
                sens=SensDecisionApa.ACCORD,
                decidee_le=_jour(recu - 30),
                acting_user=decideur,
            )
            actions.apa_notifier(parcours=parcours, notifiee_le=_jour(recu - 32), acting_user=par)
        return parcours
    actions.apa_plan_proposer(
        parcours=parcours,
        propose_le=_jour(recu - 25),
        lignes=[
            LigneSaisie(
                type_aide=TypeAideApa.AIDE_HUMAINE_PRESTATAIRE,
                quantite=Decimal("60") if scenario == "plan" else Decimal("25"),
                unite=UniteAideApa.HEURES,
                prix_unitaire=Decimal("25.00"),
                precision="Aide à la toilette et aux repas",
            ),
            *(
                []
                if scenario == "plan"
                else [
                    LigneSaisie(
                        type_aide=TypeAideApa.TELEASSISTANCE,
                        quantite=Decimal("1"),
                        unite=UniteAideApa.FORFAIT,
                        prix_unitaire=Decimal("24.90"),
                    )
                ]
            ),
        ],
        ressources_mensuelles=Decimal("1800"),
        couple=False,
        acting_user=par,
    )
    if scenario == "plan" or decideur is None:
        return parcours
    actions.apa_decider(
        parcours=parcours, sens=SensDecisionApa.ACCORD, decidee_le=_jour(recu - 30), acting_user=decideur
    )
    actions.apa_notifier(parcours=parcours, notifiee_le=_jour(recu - 32), acting_user=par)
    return parcours
