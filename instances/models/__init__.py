from .decisions import Decision, Vote
from .demandes import DemandeAide, LigneBudget, TransitionDemande
from .referentiel import Delegation, Instance, Mandat, TypeAide
from .seances import ConflitInteret, PointOrdreJour, Presence, Seance, TransitionSeance

__all__ = [
    "ConflitInteret",
    "Decision",
    "Delegation",
    "DemandeAide",
    "Instance",
    "LigneBudget",
    "Mandat",
    "PointOrdreJour",
    "Presence",
    "Seance",
    "TransitionDemande",
    "TransitionSeance",
    "TypeAide",
    "Vote",
]
