"""Writes of the guide: one named, keyword-only function per use case."""

from guide_ressources.actions.coediteurs import coediteur_autoriser, coediteur_retirer, coediteur_trouver
from guide_ressources.actions.fiches import (
    fiche_confirmer,
    service_creer,
    service_modifier,
    structure_creer,
    structure_modifier,
)
from guide_ressources.actions.fraicheur import rappels_fraicheur_envoyer
from guide_ressources.actions.importations import importation_creer, importation_executer
from guide_ressources.actions.publication import (
    fiche_publier,
    fiche_refuser,
    fiche_retirer,
    fiche_retirer_par_editeur,
    fiche_soumettre,
)
from guide_ressources.actions.taxonomies import taxonomies_charger

__all__ = [
    "coediteur_autoriser",
    "coediteur_retirer",
    "coediteur_trouver",
    "fiche_confirmer",
    "fiche_publier",
    "fiche_refuser",
    "fiche_retirer",
    "fiche_retirer_par_editeur",
    "fiche_soumettre",
    "importation_creer",
    "importation_executer",
    "rappels_fraicheur_envoyer",
    "service_creer",
    "service_modifier",
    "structure_creer",
    "structure_modifier",
    "taxonomies_charger",
]
