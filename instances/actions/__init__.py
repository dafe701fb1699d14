"""Writes of the councils app: one named, keyword-only, typed function per use case (STYLE 2)."""

from instances.actions.courriers import (
    decision_notifier,
    lettre_notification_produire,
    proces_verbal_produire,
    seance_decisions_notifier,
)
from instances.actions.decisions import decision_enregistrer, decision_urgence_prendre
from instances.actions.demandes import demande_aide_creer, demande_aide_deposer, demande_aide_retirer
from instances.actions.seances import (
    PresenceSaisie,
    conflit_declarer,
    seance_annuler,
    seance_cloturer,
    seance_convoquer,
    seance_creer,
    seance_ouvrir,
    seance_point_ajouter,
    seance_point_courant_definir,
    seance_point_retirer,
    seance_presences_enregistrer,
    seance_valider,
)

__all__ = [
    "PresenceSaisie",
    "conflit_declarer",
    "decision_enregistrer",
    "decision_notifier",
    "decision_urgence_prendre",
    "demande_aide_creer",
    "demande_aide_deposer",
    "demande_aide_retirer",
    "lettre_notification_produire",
    "proces_verbal_produire",
    "seance_annuler",
    "seance_cloturer",
    "seance_convoquer",
    "seance_creer",
    "seance_decisions_notifier",
    "seance_ouvrir",
    "seance_point_ajouter",
    "seance_point_courant_definir",
    "seance_point_retirer",
    "seance_presences_enregistrer",
    "seance_valider",
]
