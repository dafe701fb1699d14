from .apa import DecisionApa, DossierApa, EvaluationApa, LignePlanAide, PlanAide, RevisionApa
from .echeances import Echeance
from .liens import DesignationPartenaire, MembreEquipe
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
    "DossierApa",
    "DossierRsa",
    "Echeance",
    "EvaluationApa",
    "LignePlanAide",
    "MembreEquipe",
    "Note",
    "Objectif",
    "OrientationRsa",
    "Parcours",
    "PassageSanctionRsa",
    "PlanAide",
    "ProcedureSanctionRsa",
    "RendezVous",
    "RevisionApa",
    "TransitionParcours",
    "VersementPch",
]
