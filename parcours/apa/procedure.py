"""The APA procedure's fixed points shared by the actions and the selectors (CASF R232-23, L232-14)."""

from __future__ import annotations

import datetime
from typing import Final

from parcours.enums import EtatApa
from social.parametres import echeance

DELAI_DECISION: Final = "apa.delai.decision"

# States in which a decision is still awaited (urgency possible, silence counted).
ETATS_AVANT_NOTIFICATION: Final = frozenset(
    {
        EtatApa.DEMANDE_RECUE,
        EtatApa.DOSSIER_INCOMPLET,
        EtatApa.DOSSIER_COMPLET,
        EtatApa.EVALUATION,
        EtatApa.PLAN_PROPOSE,
        EtatApa.PROPOSITION_ETABLISSEMENT,
        EtatApa.DECIDE,
    }
)

# The recourse mentions of every APA decision (rule APA-11; CRPA L211-2 and CJA R421-5, rule G-3).
VOIES_RECOURS: Final = (
    "Cette décision peut être contestée par un recours administratif préalable obligatoire adressé au "
    "président du conseil départemental dans un délai de deux mois à compter de sa notification ; vous "
    "pouvez demander à être entendu (CASF L134-1 et L134-2). La décision prise sur ce recours peut être "
    "contestée devant le tribunal administratif dans un délai de deux mois à compter de sa notification."
)


def date_silence_acquis(complet_le: datetime.date) -> datetime.date:
    """APA-4: the day after the 2-month period (parameter in force on the registration of the complete
    file) ends without a notified decision."""
    return echeance(DELAI_DECISION, complet_le) + datetime.timedelta(days=1)
