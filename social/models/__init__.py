from .agents import Affectation, Utilisateur
from .journal import JournalAcces
from .organisations import Adhesion, Organisation
from .parametres import Parametre
from .personnes import (
    Foyer,
    MembreFoyer,
    Personne,
    PersonneGroupObjectPermission,
    PersonneUserObjectPermission,
    Rattachement,
)
from .referentiel import Commune, Epci, Site, Territoire

__all__ = [
    "Adhesion",
    "Affectation",
    "Commune",
    "Epci",
    "Foyer",
    "JournalAcces",
    "MembreFoyer",
    "Organisation",
    "Parametre",
    "Personne",
    "PersonneGroupObjectPermission",
    "PersonneUserObjectPermission",
    "Rattachement",
    "Site",
    "Territoire",
    "Utilisateur",
]
