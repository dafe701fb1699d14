"""Writes of the social core: one named, keyword-only function per use case."""

from social.actions.journal import ContexteAcces, journal_enregistrer
from social.actions.organisations import adhesion_creer, organisation_creer
from social.actions.personnes import (
    affectation_creer,
    foyer_ajouter_membre,
    foyer_creer,
    personne_creer,
    personne_modifier,
    rattachement_creer,
    rattachement_terminer,
)

__all__ = [
    "ContexteAcces",
    "adhesion_creer",
    "affectation_creer",
    "foyer_ajouter_membre",
    "foyer_creer",
    "journal_enregistrer",
    "organisation_creer",
    "personne_creer",
    "personne_modifier",
    "rattachement_creer",
    "rattachement_terminer",
]
