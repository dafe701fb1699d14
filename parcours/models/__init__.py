from .echeances import Echeance
from .liens import DesignationPartenaire, MembreEquipe
from .orientations import OrientationPartenaire, TransitionOrientationPartenaire
from .parcours import ChangementReferent, Parcours, TransitionParcours
from .rsa import ContratEngagement, DossierRsa, OrientationRsa
from .suivi import ActionParcours, Note, Objectif, RendezVous

__all__ = [
    "ActionParcours",
    "ChangementReferent",
    "ContratEngagement",
    "DesignationPartenaire",
    "DossierRsa",
    "Echeance",
    "MembreEquipe",
    "Note",
    "Objectif",
    "OrientationPartenaire",
    "OrientationRsa",
    "Parcours",
    "RendezVous",
    "TransitionOrientationPartenaire",
    "TransitionParcours",
]
