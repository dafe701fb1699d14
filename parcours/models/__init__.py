from .echeances import Echeance
from .liens import DesignationPartenaire, MembreEquipe
from .parcours import ChangementReferent, Parcours, TransitionParcours
from .suivi import ActionParcours, Note, Objectif, RendezVous

__all__ = [
    "ActionParcours",
    "ChangementReferent",
    "DesignationPartenaire",
    "Echeance",
    "MembreEquipe",
    "Note",
    "Objectif",
    "Parcours",
    "RendezVous",
    "TransitionParcours",
]
