from .documents import Document
from .echeances import Echeance
from .liens import DesignationPartenaire, MembreEquipe
from .parcours import ChangementReferent, Parcours, TransitionParcours
from .rsa import ContratEngagement, DossierRsa, OrientationRsa
from .suivi import ActionParcours, Note, Objectif, RendezVous

__all__ = [
    "ActionParcours",
    "ChangementReferent",
    "ContratEngagement",
    "DesignationPartenaire",
    "Document",
    "DossierRsa",
    "Echeance",
    "MembreEquipe",
    "Note",
    "Objectif",
    "OrientationRsa",
    "Parcours",
    "RendezVous",
    "TransitionParcours",
]
