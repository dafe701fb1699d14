"""The two state machines of the councils app: one transitions table each (STYLE 5).

Every change of state goes through ``instances.actions._outils.demande_transitionner`` or
``seance_transitionner``, which check the table, save the state and write the log row."""

from __future__ import annotations

from instances.enums import EtatDemande, EtatSeance

D = EtatDemande
TRANSITIONS_DEMANDE: dict[str, frozenset[str]] = {
    D.BROUILLON: frozenset({D.DEPOSEE, D.RETIREE}),
    # Urgent aid decided by delegation straight from « déposée ».
    D.DEPOSEE: frozenset({D.INSCRITE, D.DECIDEE, D.RETIREE}),
    # Removed from the agenda: back to « déposée »; in session: decided or adjourned.
    D.INSCRITE: frozenset({D.DEPOSEE, D.DECIDEE, D.AJOURNEE}),
    D.AJOURNEE: frozenset({D.INSCRITE, D.DECIDEE, D.RETIREE}),
    # A decision recorded in an open session may still be corrected there.
    D.DECIDEE: frozenset({D.NOTIFIEE, D.AJOURNEE}),
    D.NOTIFIEE: frozenset(),
    D.RETIREE: frozenset(),
}

S = EtatSeance
TRANSITIONS_SEANCE: dict[str, frozenset[str]] = {
    S.CREEE: frozenset({S.CONVOQUEE, S.ANNULEE}),
    # No quorum at the opening: reportée (COM-2).
    S.CONVOQUEE: frozenset({S.OUVERTE, S.REPORTEE, S.ANNULEE}),
    S.OUVERTE: frozenset({S.CLOTUREE}),
    S.CLOTUREE: frozenset({S.VALIDEE}),
    S.VALIDEE: frozenset({S.NOTIFIEE}),
    # Reconvened at a new date, it then sits without quorum (COM-2).
    S.REPORTEE: frozenset({S.CONVOQUEE, S.ANNULEE}),
    S.NOTIFIEE: frozenset(),
    S.ANNULEE: frozenset(),
}
