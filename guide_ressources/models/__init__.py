from .fiches import (
    Service,
    Structure,
    StructureGroupObjectPermission,
    StructureUserObjectPermission,
    TransitionPublication,
)
from .importations import Importation, RappelFraicheur
from .referentiel import Terme

__all__ = [
    "Importation",
    "RappelFraicheur",
    "Service",
    "Structure",
    "StructureGroupObjectPermission",
    "StructureUserObjectPermission",
    "Terme",
    "TransitionPublication",
]
