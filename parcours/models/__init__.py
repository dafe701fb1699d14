from .apa import DecisionApa, DossierApa, EvaluationApa, LignePlanAide, PlanAide, RevisionApa
from .echeances import Echeance
from .liens import DesignationPartenaire, MembreEquipe
from .parcours import ChangementReferent, Parcours, TransitionParcours
from .rsa import ContratEngagement, DossierRsa, OrientationRsa
from .suivi import ActionParcours, Note, Objectif, RendezVous

__all__ = [
    "ActionParcours",
    "ChangementReferent",
    "ContratEngagement",
    "DecisionApa",
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
    "PlanAide",
    "RendezVous",
    "RevisionApa",
    "TransitionParcours",
]
