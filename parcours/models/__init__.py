from .apa import (
    DecisionApa,
    DossierApa,
    EvaluationApa,
    LignePlanAide,
    PlanAide,
    PropositionEtablissementApa,
    RevisionApa,
)
from .documents import Document
from .echeances import Echeance
from .liens import DesignationPartenaire, MembreEquipe
from .orientations import OrientationPartenaire, PieceJointeOrientation, TransitionOrientationPartenaire
from .parcours import ChangementReferent, Parcours, TransitionParcours
from .pch import DecisionPch, VersementPch
from .rsa import ContratEngagement, DossierRsa, OrientationRsa
from .rsa_sanctions import DemandeReorientationRsa, PassageSanctionRsa, ProcedureSanctionRsa
from .suivi import ActionParcours, Note, Objectif, RendezVous

__all__ = [
    "ActionParcours",
    "ChangementReferent",
    "ContratEngagement",
    "DecisionApa",
    "DecisionPch",
    "DemandeReorientationRsa",
    "DesignationPartenaire",
    "Document",
    "DossierApa",
    "DossierRsa",
    "Echeance",
    "EvaluationApa",
    "LignePlanAide",
    "MembreEquipe",
    "Note",
    "Objectif",
    "OrientationPartenaire",
    "OrientationRsa",
    "Parcours",
    "PassageSanctionRsa",
    "PieceJointeOrientation",
    "PlanAide",
    "ProcedureSanctionRsa",
    "PropositionEtablissementApa",
    "RendezVous",
    "RevisionApa",
    "TransitionOrientationPartenaire",
    "TransitionParcours",
    "VersementPch",
]
