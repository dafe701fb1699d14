"""Scenes of the observation tests beyond pathways: APA files and their deadlines, aid files and their
decisions, referrals to partners, council sessions. Rows are written directly (the indicators read the
tables, whatever wrote them), with the dates each test needs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from guide_ressources.models import Service
from instances.enums import EtatDemande, EtatSeance, FormeAide, IssueDecision
from instances.models import Decision, Delegation, DemandeAide, Instance, PointOrdreJour, Seance, TypeAide
from parcours.enums import LieuApa, SensDecisionApa, StatutEcheance, TypeEcheance
from parcours.models import DecisionApa, DossierApa, Echeance, EvaluationApa, OrientationPartenaire, Parcours
from parcours.models.orientations import ModeConsentement, StatutOrientationPartenaire
from social.models import Organisation, Utilisateur
from tests.conftest import Monde
from tests.guide_ressources.fabriques import construire_guide
from tests.observation.conftest import creer_parcours, instant


def echeance(parcours: Parcours, type_: str, *, depart: datetime.date, limite: datetime.date) -> None:
    Echeance.objects.update_or_create(
        parcours=parcours,
        type=type_,
        defaults={
            "date_depart": depart,
            "date_limite": limite,
            "statut": StatutEcheance.OUVERTE,
            "parametre": "apa.delai",
        },
    )


def dossier_apa(
    parcours: Parcours,
    *,
    recue_le: datetime.date,
    accuse_le: datetime.date | None = None,
    complet_le: datetime.date | None = None,
) -> DossierApa:
    """The APA file and its deadlines as the pathway's rules store them: acknowledgement 10 days after
    the receipt, decision 2 months after the complete file."""
    dossier = DossierApa.objects.create(
        parcours=parcours,
        demande_le=recue_le,
        recue_le=recue_le,
        lieu=LieuApa.DOMICILE,
        accuse_le=accuse_le,
        complet_le=complet_le,
    )
    echeance(
        parcours,
        TypeEcheance.APA_ACCUSE_RECEPTION,
        depart=recue_le,
        limite=recue_le + datetime.timedelta(days=10),
    )
    if complet_le is not None:
        mois = complet_le.month + 2
        limite = complet_le.replace(year=complet_le.year + (mois - 1) // 12, month=(mois - 1) % 12 + 1)
        echeance(parcours, TypeEcheance.APA_DECISION, depart=complet_le, limite=limite)
    return dossier


def decision_apa(parcours: Parcours, *, notifiee_le: datetime.date | None) -> DecisionApa:
    evaluation = EvaluationApa.objects.create(
        parcours=parcours,
        evaluee_le=parcours.date_ouverture,
        grille={},
        gir=5,
        trace={},
        version_regles="test",
    )
    return DecisionApa.objects.create(
        parcours=parcours,
        sens=SensDecisionApa.REJET,
        evaluation=evaluation,
        gir=5,
        motivation="GIR 5 : hors du champ de l'APA.",
        voies_recours="Recours administratif préalable auprès du président du conseil départemental.",
        decidee_le=notifiee_le or parcours.date_ouverture,
        notifiee_le=notifiee_le,
    )


def type_aide() -> TypeAide:
    return TypeAide.objects.get_or_create(
        code="aide_observation", defaults={"libelle": "Aide de test", "fonds": "departement"}
    )[0]


def demande_aide(parcours: Parcours, *, deposee_le: datetime.date, montant: str = "300") -> DemandeAide:
    return DemandeAide.objects.create(
        parcours=parcours,
        type_aide=type_aide(),
        etat=EtatDemande.DEPOSEE,
        montant_demande=Decimal(montant),
        forme=FormeAide.SUBVENTION,
        objet="Facture d'énergie",
        motivation="Impayé.",
        deposee_le=deposee_le,
    )


def _delegation() -> Delegation:
    existante = Delegation.objects.first()
    if existante is not None:
        return existante
    return Delegation.objects.create(
        utilisateur=Utilisateur.objects.create_user(username="delegataire.observation"),
        montant_maximum=Decimal("1000"),
        acte_reference="Arrêté de test",
        date_debut=datetime.date(2020, 1, 1),
    )


def decider(
    demande: DemandeAide,
    issue: str,
    *,
    le: datetime.date,
    notifiee_le: datetime.date | None = None,
    montant: str | None = None,
    point: PointOrdreJour | None = None,
) -> Decision:
    accord = issue in (IssueDecision.ACCORD, IssueDecision.ACCORD_PARTIEL)
    return Decision.objects.create(
        demande=demande,
        point=point,
        delegation=None if point is not None else _delegation(),
        issue=issue,
        montant=Decimal(montant or demande.montant_demande) if accord else None,
        forme=FormeAide.SUBVENTION if accord else "",
        motivation="" if issue in (IssueDecision.ACCORD, IssueDecision.AJOURNEMENT) else "Motif écrit.",
        decidee_le=le,
        notifiee_le=notifiee_le,
    )


def seance(organe: Instance, *, le: datetime.date, etat: str = EtatSeance.VALIDEE) -> Seance:
    return Seance.objects.create(
        organe=organe, date=instant(le.year, le.month, le.day, 14), lieu="Salle du conseil", etat=etat
    )


def examiner(une_seance: Seance, demande: DemandeAide, issue: str) -> Decision:
    point = PointOrdreJour.objects.create(
        seance=une_seance, demande=demande, ordre=une_seance.points.count() + 1
    )
    return decider(demande, issue, le=une_seance.date.date(), point=point)


def orientation(
    parcours: Parcours | None,
    service: Service,
    organisation: Organisation | None,
    *,
    le: datetime.datetime,
    statut: str = StatutOrientationPartenaire.OUVERTE,
    repondue_le: datetime.datetime | None = None,
    date_limite: datetime.date | None = None,
    reponse_motif: str = "",
) -> OrientationPartenaire:
    """A referral made at ``le``; without a pathway, an anonymised one."""
    return OrientationPartenaire.objects.create(
        parcours=parcours,
        service=service,
        organisation=organisation,
        statut=statut,
        message="Orientation de test.",
        date_limite=date_limite or (le.date() + datetime.timedelta(days=30)),
        repondue_le=repondue_le,
        created_at=le,
        consentement_le=le.date(),
        consentement_mode=ModeConsentement.ORAL_ENTRETIEN,
        reponse_motif=reponse_motif,
        anonymisee_le=le if parcours is None else None,
    )


def orientations_de_la_scene(monde: Monde) -> None:
    """The referral scene of the persona tests: 6 referrals from an Arras pathway to the CCAS d'Arras in
    January 2025 (accepted within 2 days), 5 from a Calais pathway to the Mission locale du Calaisis in
    February 2025 (still open)."""
    guide = construire_guide(monde)
    arras = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 3))
    calais = creer_parcours(site=monde.mds_calais, ouvert_le=datetime.date(2025, 1, 3))
    for jour in range(6):
        orientation(
            arras,
            guide.aide_alimentaire,
            monde.ccas_arras,
            le=instant(2025, 1, 10 + jour),
            statut=StatutOrientationPartenaire.VALIDEE,
            repondue_le=instant(2025, 1, 12 + jour),
        )
    for jour in range(5):
        orientation(calais, guide.jeunes_calaisis, monde.ml_calais, le=instant(2025, 2, 3 + jour))
