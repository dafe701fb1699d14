"""Writes of the pathways: one named, keyword-only, typed function per use case (STYLE 2).

Each runs in a transaction, checks who may (``parcours.permissions``) and the domain rules, raises
``social.exceptions.DomainError`` with a French message when it refuses (nothing is then written),
saves instances (history records them, never ``QuerySet.update``) and sends its real-time events
after commit.
"""

from parcours.actions.apa import (
    apa_accuser_reception,
    apa_decider,
    apa_demande_enregistrer,
    apa_dossier_completer,
    apa_etablissement_proposer,
    apa_evaluer,
    apa_notifier,
    apa_plan_proposer,
    apa_revision_ouvrir,
    apa_silence_constater,
    apa_silences_constater,
    apa_urgence_attribuer,
)
from parcours.actions.echeances import echeances_actualiser, echeances_recalculer
from parcours.actions.jeunes import personne_ase_renseigner
from parcours.actions.liens import (
    designation_terminer,
    membre_equipe_ajouter,
    membre_equipe_retirer,
    partenaire_designer,
)
from parcours.actions.parcours import (
    parcours_ouvrir,
    parcours_renseigner_suite,
    parcours_transitionner,
    referent_changer,
)
from parcours.actions.rsa import rsa_contrat_signer, rsa_dossier_renseigner, rsa_orienter
from parcours.actions.suivi import (
    action_ajouter,
    action_changer_statut,
    note_ajouter,
    objectif_ajouter,
    objectif_changer_statut,
    rendez_vous_planifier,
    rendez_vous_renseigner,
)

__all__ = [
    "action_ajouter",
    "action_changer_statut",
    "apa_accuser_reception",
    "apa_decider",
    "apa_demande_enregistrer",
    "apa_dossier_completer",
    "apa_etablissement_proposer",
    "apa_evaluer",
    "apa_notifier",
    "apa_plan_proposer",
    "apa_revision_ouvrir",
    "apa_silence_constater",
    "apa_silences_constater",
    "apa_urgence_attribuer",
    "designation_terminer",
    "echeances_actualiser",
    "echeances_recalculer",
    "membre_equipe_ajouter",
    "membre_equipe_retirer",
    "note_ajouter",
    "objectif_ajouter",
    "objectif_changer_statut",
    "parcours_ouvrir",
    "parcours_renseigner_suite",
    "parcours_transitionner",
    "partenaire_designer",
    "personne_ase_renseigner",
    "referent_changer",
    "rendez_vous_planifier",
    "rendez_vous_renseigner",
    "rsa_contrat_signer",
    "rsa_dossier_renseigner",
    "rsa_orienter",
]
