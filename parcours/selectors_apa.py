"""The APA file of a pathway as one viewer may read it (section « Allocation personnalisée d'autonomie » of
the pathway page, its form pages and the API), in a constant number of queries whatever the number of
evaluations, plans, lines and decisions.

Three levels of reading (``parcours.apa.permissions``, rule DP-2): designated partners get the stage of
the procedure, its dates and the outcome of the decisions only; the département's staff of the pathway
also get the GIR, the plans and amounts (or, in an establishment, its tariffs and the amounts computed on
them), the resources and the reasons; medico-social profiles also get the AGGIR grid as entered and the
trace of the computed GIR. Fields a viewer may not read are not
loaded into the result at all (``None`` / empty), so a template or a serializer cannot leak them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from parcours import workflows
from parcours.apa.aggir import ResultatAggir
from parcours.apa.permissions import (
    can_attribuer_urgence_apa,
    can_evaluer_apa,
    can_instruire_dossier_apa,
    can_view_grille_apa,
    can_view_montants_apa,
)
from parcours.apa.procedure import ETATS_AVANT_NOTIFICATION, date_silence_acquis
from parcours.enums import Dispositif, EtatApa, LieuApa, TypeEcheance
from parcours.models import (
    DecisionApa,
    DossierApa,
    Echeance,
    EvaluationApa,
    LignePlanAide,
    Parcours,
    PlanAide,
    PropositionEtablissementApa,
    RevisionApa,
)
from parcours.permissions import can_transition_parcours, est_partenaire_seulement
from social.exceptions import DomainError
from social.models import Utilisateur

TYPES_ECHEANCES_APA = (TypeEcheance.APA_ACCUSE_RECEPTION, TypeEcheance.APA_DECISION)


@dataclass(frozen=True)
class EvaluationAffichee:
    public_id: Any
    evaluee_le: datetime.date
    evaluateur: str
    actuelle: bool
    gir: int | None  # None for partners
    # Health data (medico-social profiles only): the grid as entered and the trace.
    grille: dict[str, Any] | None
    resultat: ResultatAggir | None


@dataclass(frozen=True)
class LigneAffichee:
    type_aide: str
    libelle: str
    precision: str
    quantite: Decimal
    unite: str
    libelle_unite: str
    prix_unitaire: Decimal
    montant_mensuel: Decimal


@dataclass(frozen=True)
class PlanAffiche:
    public_id: Any
    propose_le: datetime.date
    actuel: bool
    gir: int
    ressources_mensuelles: Decimal
    couple: bool
    montant_plan: Decimal
    plafond: Decimal
    plafonne: bool
    montant_retenu: Decimal
    participation: Decimal
    montant_apa: Decimal
    seuil_versement: Decimal
    verse: bool
    par: str
    lignes: list[LigneAffichee]


@dataclass(frozen=True)
class PropositionEtablissementAffichee:
    """In an establishment: the tariffs, resources and frozen amounts of APA-9 (staff only)."""

    public_id: Any
    propose_le: datetime.date
    calculee_au: datetime.date
    actuelle: bool
    etablissement: str
    gir: int
    tranche_gir: str  # "1-2" or "3-4": which tariff of the establishment applies
    tarif_gir: Decimal
    tarif_gir_5_6: Decimal
    ressources_mensuelles: Decimal
    couple: bool
    ressources_retenues: Decimal
    seuil_bas: Decimal
    seuil_haut: Decimal
    cas: str
    libelle_cas: str
    reste_a_vivre_applique: bool
    participation: Decimal
    montant_apa: Decimal
    par: str


@dataclass(frozen=True)
class DecisionAffichee:
    public_id: Any
    sens: str
    libelle_sens: str
    decidee_le: datetime.date
    notifiee_le: datetime.date | None
    droits_ouverts_le: datetime.date | None
    actuelle: bool
    voies_recours: str
    # Staff only (None for partners).
    gir: int | None
    montant_plan_retenu: Decimal | None
    tarif_gir: Decimal | None  # in an establishment: the tariff the APA is computed on
    participation: Decimal | None
    montant_apa: Decimal | None
    verse: bool | None
    motivation: str | None
    par: str | None


@dataclass(frozen=True)
class RevisionAffichee:
    ouverte_le: datetime.date
    origine: str
    motif: str | None  # staff only


@dataclass(frozen=True)
class Silence:
    """APA-4: the 2-month period passed without a notified decision (at home): « accord réputé »."""

    acquis_le: datetime.date
    enregistre: bool
    montant_forfaitaire: Decimal | None


@dataclass
class FicheApa:
    etat: str
    libelle_etat: str
    dossier: DossierApa | None
    voit_montants: bool
    voit_grille: bool
    partenaire_seulement: bool
    echeances: list[Echeance]
    evaluations: list[EvaluationAffichee] = field(default_factory=list)
    plans: list[PlanAffiche] = field(default_factory=list)
    propositions_etablissement: list[PropositionEtablissementAffichee] = field(default_factory=list)
    decisions: list[DecisionAffichee] = field(default_factory=list)
    revisions: list[RevisionAffichee] = field(default_factory=list)
    silence: Silence | None = None
    # What the viewer may do now (links to the form pages and API operations).
    peut_enregistrer_demande: bool = False
    peut_accuser_reception: bool = False
    peut_completer: bool = False
    peut_attribuer_urgence: bool = False
    peut_evaluer: bool = False
    peut_proposer_plan: bool = False
    peut_proposer_etablissement: bool = False
    peut_decider: bool = False
    peut_notifier: bool = False
    peut_reviser: bool = False

    @property
    def evaluation_actuelle(self) -> EvaluationAffichee | None:
        return self.evaluations[0] if self.evaluations else None

    @property
    def plan_actuel(self) -> PlanAffiche | None:
        return self.plans[0] if self.plans else None

    @property
    def proposition_etablissement_actuelle(self) -> PropositionEtablissementAffichee | None:
        return self.propositions_etablissement[0] if self.propositions_etablissement else None

    @property
    def en_etablissement(self) -> bool:
        return self.dossier is not None and self.dossier.lieu == LieuApa.ETABLISSEMENT

    @property
    def decision_actuelle(self) -> DecisionAffichee | None:
        return self.decisions[0] if self.decisions else None

    @property
    def peut_agir(self) -> bool:
        return any(
            (
                self.peut_enregistrer_demande,
                self.peut_accuser_reception,
                self.peut_completer,
                self.peut_attribuer_urgence,
                self.peut_evaluer,
                self.peut_proposer_plan,
                self.peut_proposer_etablissement,
                self.peut_decider,
                self.peut_notifier,
                self.peut_reviser,
            )
        )


def _nom(utilisateur: Utilisateur | None) -> str:
    return str(utilisateur) if utilisateur is not None else "–"


def resultat_enregistre(evaluation: EvaluationApa) -> ResultatAggir:
    """The stored trace as the engine's result (to explain a GIR as the simulator does)."""
    trace = evaluation.trace
    return ResultatAggir(
        gir=evaluation.gir,
        rang=int(trace["rang"]),
        groupe=str(trace["groupe"]),
        scores=dict(trace["scores"]),
        codes=dict(trace["codes"]),
        sous_codes={k: dict(v) for k, v in trace.get("sous_codes", {}).items()},
        version=evaluation.version_regles,
    )


def fiche_apa(
    *,
    parcours: Parcours,
    user: Utilisateur,
    jour: datetime.date | None = None,
    echeances: list[Echeance] | None = None,
) -> FicheApa:
    """The APA file of an APA pathway for this viewer: six queries plus the roles (cached per pathway), one
    less when the caller has the pathway's due dates already (``echeances``). The staff read the plans
    and their lines at home, or in their place the amounts computed in an establishment (one query: a
    file has one or the other, its place of life is fixed at the acknowledgement)."""
    from django.utils import timezone

    jour = jour or timezone.localdate()
    assert parcours.dispositif == Dispositif.APA
    montants = can_view_montants_apa(user, parcours)
    grille = can_view_grille_apa(user, parcours)
    partenaire = est_partenaire_seulement(user, parcours)
    dossier = DossierApa.objects.filter(parcours=parcours).first()
    if echeances is None:
        echeances = list(Echeance.objects.filter(parcours=parcours).order_by("date_limite", "id"))
    echeances = [e for e in echeances if e.type in TYPES_ECHEANCES_APA]
    fiche = FicheApa(
        etat=parcours.etat,
        libelle_etat=parcours.libelle_etat,
        dossier=dossier,
        voit_montants=montants,
        voit_grille=grille,
        partenaire_seulement=partenaire,
        echeances=echeances,
    )
    evaluations = list(
        EvaluationApa.objects.filter(parcours=parcours)
        .select_related("evaluateur")
        .order_by("-evaluee_le", "-created_at", "-id")
    )
    fiche.evaluations = [
        EvaluationAffichee(
            public_id=e.public_id,
            evaluee_le=e.evaluee_le,
            evaluateur=_nom(e.evaluateur),
            actuelle=i == 0,
            gir=e.gir if montants else None,
            grille=e.grille if grille else None,
            resultat=resultat_enregistre(e) if grille else None,
        )
        for i, e in enumerate(evaluations)
    ]
    if montants and dossier is not None and dossier.lieu == LieuApa.ETABLISSEMENT:
        fiche.propositions_etablissement = [
            _proposition_affichee(p, actuelle=i == 0)
            for i, p in enumerate(
                PropositionEtablissementApa.objects.filter(parcours=parcours)
                .select_related("created_by")
                .order_by("-propose_le", "-created_at", "-id")
            )
        ]
    elif montants:
        plans = list(
            PlanAide.objects.filter(parcours=parcours)
            .select_related("created_by")
            .prefetch_related(Prefetch("lignes", queryset=LignePlanAide.objects.order_by("id")))
            .order_by("-propose_le", "-created_at", "-id")
        )
        fiche.plans = [
            PlanAffiche(
                public_id=p.public_id,
                propose_le=p.propose_le,
                actuel=i == 0,
                gir=p.gir,
                ressources_mensuelles=p.ressources_mensuelles,
                couple=p.couple,
                montant_plan=p.montant_plan,
                plafond=p.plafond,
                plafonne=p.plafonne,
                montant_retenu=p.montant_retenu,
                participation=p.participation,
                montant_apa=p.montant_apa,
                seuil_versement=p.seuil_versement,
                verse=p.verse,
                par=_nom(p.created_by),
                lignes=[
                    LigneAffichee(
                        type_aide=ligne.type_aide,
                        libelle=ligne.get_type_aide_display(),
                        precision=ligne.precision,
                        quantite=ligne.quantite,
                        unite=ligne.unite,
                        libelle_unite=ligne.get_unite_display(),
                        prix_unitaire=ligne.prix_unitaire,
                        montant_mensuel=ligne.montant_mensuel,
                    )
                    for ligne in p.lignes.all()
                ],
            )
            for i, p in enumerate(plans)
        ]
    decisions = list(
        DecisionApa.objects.filter(parcours=parcours)
        .select_related("decidee_par", "proposition_etablissement")
        .order_by("-decidee_le", "-created_at", "-id")
    )
    fiche.decisions = [
        DecisionAffichee(
            public_id=d.public_id,
            sens=d.sens,
            libelle_sens=d.get_sens_display(),
            decidee_le=d.decidee_le,
            notifiee_le=d.notifiee_le,
            droits_ouverts_le=d.droits_ouverts_le,
            actuelle=i == 0,
            voies_recours=d.voies_recours,
            gir=d.gir if montants else None,
            montant_plan_retenu=d.montant_plan_retenu if montants else None,
            tarif_gir=(
                d.proposition_etablissement.tarif_gir
                if montants and d.proposition_etablissement is not None
                else None
            ),
            participation=d.participation if montants else None,
            montant_apa=d.montant_apa if montants else None,
            verse=d.verse if montants else None,
            motivation=d.motivation if montants else None,
            par=_nom(d.decidee_par) if montants else None,
        )
        for i, d in enumerate(decisions)
    ]
    fiche.revisions = [
        RevisionAffichee(
            ouverte_le=r.ouverte_le, origine=r.get_origine_display(), motif=r.motif if montants else None
        )
        for r in RevisionApa.objects.filter(parcours=parcours).order_by("-ouverte_le", "-created_at", "-id")
    ]
    fiche.silence = _silence(dossier, parcours, jour, montants)
    _permissions(fiche, parcours, user)
    return fiche


def _proposition_affichee(
    p: PropositionEtablissementApa, *, actuelle: bool
) -> PropositionEtablissementAffichee:
    return PropositionEtablissementAffichee(
        public_id=p.public_id,
        propose_le=p.propose_le,
        calculee_au=p.calculee_au,
        actuelle=actuelle,
        etablissement=p.etablissement,
        gir=p.gir,
        tranche_gir="1-2" if p.gir <= 2 else "3-4",
        tarif_gir=p.tarif_gir,
        tarif_gir_5_6=p.tarif_gir_5_6,
        ressources_mensuelles=p.ressources_mensuelles,
        couple=p.couple,
        ressources_retenues=p.ressources_retenues,
        seuil_bas=p.seuil_bas,
        seuil_haut=p.seuil_haut,
        cas=p.cas,
        libelle_cas=p.get_cas_display(),
        reste_a_vivre_applique=p.reste_a_vivre_applique,
        participation=p.participation,
        montant_apa=p.montant_apa,
        par=_nom(p.created_by),
    )


def _silence(
    dossier: DossierApa | None, parcours: Parcours, jour: datetime.date, montants: bool
) -> Silence | None:
    if dossier is None or dossier.lieu != LieuApa.DOMICILE or dossier.complet_le is None:
        return None
    if dossier.accord_repute_le is not None:
        return Silence(
            acquis_le=dossier.accord_repute_le,
            enregistre=True,
            montant_forfaitaire=dossier.montant_forfaitaire if montants else None,
        )
    if parcours.etat not in ETATS_AVANT_NOTIFICATION:
        return None
    try:
        acquis_le = date_silence_acquis(dossier.complet_le)
    except DomainError:  # no delay in force on that day: nothing to say
        return None
    if jour < acquis_le:
        return None
    return Silence(acquis_le=acquis_le, enregistre=False, montant_forfaitaire=None)


def _permissions(fiche: FicheApa, parcours: Parcours, user: Utilisateur) -> None:
    if parcours.est_clos:
        return
    flux = workflows.workflow(Dispositif.APA)
    etat = parcours.etat
    instruit = can_instruire_dossier_apa(user, parcours)

    def peut(vers: str) -> bool:
        transition = flux.transition(etat, vers)
        return transition is not None and can_transition_parcours(user, parcours, transition)

    fiche.peut_enregistrer_demande = instruit and etat == EtatApa.DEMANDE_RECUE
    fiche.peut_accuser_reception = instruit and etat == EtatApa.DEMANDE_RECUE and fiche.dossier is not None
    fiche.peut_completer = instruit and etat == EtatApa.DOSSIER_INCOMPLET
    fiche.peut_attribuer_urgence = (
        fiche.dossier is not None
        and fiche.dossier.lieu == LieuApa.DOMICILE
        and fiche.dossier.urgence_le is None
        and etat in ETATS_AVANT_NOTIFICATION
        and can_attribuer_urgence_apa(user, parcours)
    )
    fiche.peut_evaluer = can_evaluer_apa(user, parcours) and etat in {
        EtatApa.DOSSIER_COMPLET,
        EtatApa.REVISION,
        EtatApa.EVALUATION,
    }
    actuelle = fiche.evaluations[0] if fiche.evaluations else None
    eligible_plan = actuelle is not None and (actuelle.gir is None or actuelle.gir <= 4)

    def peut_proposer(vers: str) -> bool:
        """The first proposal from the evaluation, or a new one replacing it (same roles)."""
        return eligible_plan and (
            peut(vers)
            or (
                etat == vers
                and can_transition_parcours(
                    user,
                    parcours,
                    flux.transition(EtatApa.EVALUATION, vers),  # type: ignore[arg-type]
                )
            )
        )

    # At home a plan d'aide, in an establishment its tariffs (APA-9): never both.
    if fiche.en_etablissement:
        fiche.peut_proposer_etablissement = peut_proposer(EtatApa.PROPOSITION_ETABLISSEMENT)
    else:
        fiche.peut_proposer_plan = peut_proposer(EtatApa.PLAN_PROPOSE)
    fiche.peut_decider = actuelle is not None and peut(EtatApa.DECIDE)
    fiche.peut_notifier = peut(EtatApa.NOTIFIE)
    fiche.peut_reviser = peut(EtatApa.REVISION)
