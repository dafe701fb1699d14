"""Demonstration councils' work: committees deciding the aid catalogue, their members, a secretariat
account, a delegation of signature, aid files and sessions (after ``demo_charger`` and
``parcours_demo_charger``).

- « Commission des aides individuelles de l'Arrageois » and « … du Calaisis », attached to the
  territorial councils, deciding every type of the catalogue, files presented pseudonymised;
- members: ``elu.arrageois`` and ``elu.calaisis`` sit on them (they read only the files on the agenda
  of their sessions), ``secretariat.arrageois`` and ``secretariat.calaisis`` (new accounts) prepare
  the sessions;
- ``encadrant.arras`` holds a delegation of signature for urgent aid up to 200 €;
- aid files written through the actions by the référents (``ts.arras``, ``ts.calais``): drafts,
  submitted files, an urgent aid decided by delegation;
- sessions: a convoked one in 12 days (members read its files), one being prepared in 30 days.

Idempotent: nothing is created when the Arrageois committee already has sessions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from instances.actions import (
    decision_urgence_prendre,
    demande_aide_creer,
    demande_aide_deposer,
    seance_convoquer,
    seance_creer,
    seance_point_ajouter,
)
from instances.enums import CategorieBudget, FormeAide, IssueDecision, NiveauInstance, RoleMembre, SensBudget
from instances.models import Delegation, DemandeAide, Instance, Mandat, TypeAide
from instances.regles.budget import LigneBudgetaire
from parcours.enums import Dispositif
from parcours.models import Parcours
from social.exceptions import DomainError
from social.models import Territoire, Utilisateur

DOMAINE = "demo.proche.invalid"
# territory code → (committee, elected member, secretariat account)
COMMISSIONS = {
    "arrageois": (
        "Commission des aides individuelles de l'Arrageois",
        "elu.arrageois",
        "secretariat.arrageois",
    ),
    "calaisis": ("Commission des aides individuelles du Calaisis", "elu.calaisis", "secretariat.calaisis"),
}
SECRETARIATS = {
    "secretariat.arrageois": ("Aurélie", "Vandamme"),
    "secretariat.calaisis": ("Sébastien", "Lefort"),
}


@dataclass
class RapportInstancesDemo:
    instances: int = 0
    comptes: int = 0
    demandes: int = 0
    seances: int = 0


def _ligne(sens: SensBudget, categorie: CategorieBudget, montant: str) -> LigneBudgetaire:
    return LigneBudgetaire(sens=sens, categorie=categorie, montant=Decimal(montant))


BUDGET = [
    _ligne(SensBudget.RESSOURCE, CategorieBudget.RSA, "646.52"),
    _ligne(SensBudget.RESSOURCE, CategorieBudget.AIDES_LOGEMENT, "280"),
    _ligne(SensBudget.CHARGE, CategorieBudget.LOYER, "520"),
    _ligne(SensBudget.CHARGE, CategorieBudget.ENERGIE, "95"),
]


@transaction.atomic
def instances_demo_charger(*, graine: int = 62) -> RapportInstancesDemo:
    """Load the councils' demonstration data (``graine`` kept for the loaders' common signature)."""
    from demo.chargement import MOT_DE_PASSE_DEMO

    rapport = RapportInstancesDemo()
    territoires = {t.code: t for t in Territoire.objects.filter(code__in=COMMISSIONS)}
    if len(territoires) < len(COMMISSIONS) or not TypeAide.objects.exists():
        return rapport
    commissions: dict[str, Instance] = {}
    for code, (nom, elu, secretariat) in COMMISSIONS.items():
        commission, creee = Instance.objects.get_or_create(
            nom=nom,
            defaults={
                "niveau": NiveauInstance.COMMISSION,
                "territoire": territoires[code],
                "parent": Instance.objects.filter(
                    niveau=NiveauInstance.TERRITORIAL, territoire=territoires[code]
                ).first(),
                "courriel": f"{secretariat}@{DOMAINE}",
            },
        )
        if creee:
            commission.types_aide.set(TypeAide.objects.all())
            rapport.instances += 1
        commissions[code] = commission
        prenom, nom_famille = SECRETARIATS[secretariat]
        compte, cree = Utilisateur.objects.get_or_create(
            username=secretariat,
            defaults={
                "first_name": prenom,
                "last_name": nom_famille,
                "email": f"{secretariat}@{DOMAINE}",
                "password": make_password(MOT_DE_PASSE_DEMO),
            },
        )
        rapport.comptes += int(cree)
        depuis = datetime.date(2023, 1, 1)
        for username, role, voix in (
            (elu, RoleMembre.ELU, True),
            (secretariat, RoleMembre.SECRETARIAT, False),
        ):
            utilisateur = (
                compte if username == secretariat else Utilisateur.objects.filter(username=username).first()
            )
            if utilisateur is not None:
                Mandat.objects.get_or_create(
                    organe=commission,
                    utilisateur=utilisateur,
                    defaults={"role": role, "voix_deliberative": voix, "date_debut": depuis},
                )
    arrageois = commissions["arrageois"]
    if arrageois.seances.exists():
        return rapport
    encadrant = Utilisateur.objects.filter(username="encadrant.arras").first()
    if encadrant is not None and not Delegation.objects.filter(utilisateur=encadrant).exists():
        delegation = Delegation.objects.create(
            utilisateur=encadrant,
            montant_maximum=Decimal("200"),
            acte_reference="Arrêté de délégation de signature n° 2025-DS-062 (démonstration)",
            date_debut=datetime.date(2025, 1, 1),
        )
        delegation.types_aide.set(
            TypeAide.objects.filter(code__in=["faj_secours_urgence", "secours_urgence_departement"])
        )

    demandes_arras = _demandes(
        "ts.arras",
        Dispositif.RSA,
        [("fsl_energie", "300"), ("fsl_eau", "180"), ("fsl_maintien", "900")],
        rapport,
    )
    urgente = _demandes(
        "ts.arras",
        Dispositif.RSA,
        [("secours_urgence_departement", "120")],
        rapport,
        decalage=3,
        urgence=True,
    )
    if urgente and encadrant is not None:
        decision_urgence_prendre(
            demande=urgente[0],
            issue=IssueDecision.ACCORD,
            montant=Decimal("120"),
            forme=FormeAide.SUBVENTION,
            acting_user=encadrant,
        )
    demandes_calais = _demandes(
        "ts.calais", Dispositif.JEUNES, [("faj_aide_projet", "450"), ("faj_aide_projet", "300")], rapport
    )
    for code, demandes in (("arrageois", demandes_arras), ("calaisis", demandes_calais)):
        _seances(commissions[code], demandes, rapport)
    return rapport


def _demandes(
    referent: str,
    dispositif: Dispositif,
    types: list[tuple[str, str]],
    rapport: RapportInstancesDemo,
    *,
    decalage: int = 0,
    urgence: bool = False,
) -> list[DemandeAide]:
    """One aid file per pathway of this référent (open, oldest first), submitted when eligible."""
    utilisateur = Utilisateur.objects.filter(username=referent).first()
    if utilisateur is None:
        return []
    parcours = list(
        Parcours.objects.filter(referent=utilisateur, dispositif=dispositif, date_cloture__isnull=True)
        .select_related("personne")
        .order_by("id")[decalage : decalage + len(types)]
    )
    deposees = []
    for un_parcours, (code, montant) in zip(parcours, types, strict=False):
        try:
            demande = demande_aide_creer(
                parcours=un_parcours,
                type_aide=TypeAide.objects.get(code=code),
                montant_demande=Decimal(montant),
                forme=FormeAide.PAIEMENT_TIERS if code.startswith("fsl") else FormeAide.SUBVENTION,
                tiers="Fournisseur ou bailleur (démonstration)" if code.startswith("fsl") else "",
                objet="Demande de démonstration",
                motivation="Situation de démonstration : baisse de ressources et dette de charges.",
                urgence=urgence,
                personnes_14_ans_et_plus=1,
                enfants_moins_14_ans=1,
                lignes=BUDGET,
                acting_user=utilisateur,
            )
            rapport.demandes += 1
            deposees.append(demande_aide_deposer(demande=demande, acting_user=utilisateur))
        except DomainError:
            continue  # not eligible (age, caps): stays a draft, as in real use
    return deposees


def _seances(commission: Instance, demandes: list[DemandeAide], rapport: RapportInstancesDemo) -> None:
    secretariat = (
        Mandat.objects.actives()
        .filter(organe=commission, role=RoleMembre.SECRETARIAT)
        .select_related("utilisateur")
        .first()
    )
    if secretariat is None or not demandes:
        return
    secretaire = secretariat.utilisateur
    midi = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    convoquee = seance_creer(
        organe=commission,
        date=midi + datetime.timedelta(days=12),
        lieu="Maison du Département Solidarité",
        acting_user=secretaire,
    )
    preparee = seance_creer(
        organe=commission,
        date=midi + datetime.timedelta(days=30),
        lieu="Maison du Département Solidarité",
        acting_user=secretaire,
    )
    rapport.seances += 2
    for demande in demandes[:-1] or demandes:
        seance_point_ajouter(seance=convoquee, demande=demande, acting_user=secretaire)
    seance_convoquer(seance=convoquee, acting_user=secretaire)
    if len(demandes) > 1:
        seance_point_ajouter(seance=preparee, demande=demandes[-1], acting_user=secretaire)
