"""The collegial procedure of a session (DOMAIN.md §5.1, modelled on CRPA R133-3 and following):
convocation delay (COM-1), quorum (COM-2), majority and the chair's casting vote (COM-4)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from instances.enums import SensVote
from parcours.regles.commun import date_fr, entier
from social.exceptions import DomainError

DELAI_CONVOCATION: Final = "instances.convocation.delai_minimum"


def com_1_convocation_verifier(
    *, convoquee_le: datetime.date, seance_le: datetime.date, urgence: bool = False
) -> None:
    """COM-1: the convocation and its agenda are sent at least N days before the session (N in force
    on the convocation day, 5 by default), except in an urgent case (recorded with its reason)."""
    if seance_le < convoquee_le:
        raise DomainError(
            "La séance est passée : elle ne peut plus être convoquée.",
            code="seance_passee",
            extra={"champ": "date"},
        )
    if urgence:
        return
    delai = entier(DELAI_CONVOCATION, convoquee_le)
    if (seance_le - convoquee_le).days < delai:
        raise DomainError(
            f"La convocation et l'ordre du jour doivent être envoyés au moins {delai} jours avant la "
            f"séance : pour une séance le {date_fr(seance_le)}, au plus tard le "
            f"{date_fr(seance_le - datetime.timedelta(days=delai))}. Reportez la séance ou justifiez "
            "l'urgence.",
            code="convocation_tardive",
            extra={"champ": "date", "delai": delai},
        )


@dataclass(frozen=True, kw_only=True)
class Quorum:
    votants: int
    comptes: int
    requis: int

    @property
    def atteint(self) -> bool:
        return self.comptes >= self.requis


def com_2_quorum(*, votants: int, presents: int, representes: int, taux: Decimal) -> Quorum:
    """COM-2: the quorum is reached when at least ``taux`` (one half by default, set per instance) of
    the voting members are present, in videoconference or represented by a mandate."""
    return Quorum(votants=votants, comptes=presents + representes, requis=math.ceil(taux * votants))


@dataclass(frozen=True, kw_only=True)
class ResultatVote:
    pour: int
    contre: int
    abstention: int
    voix_preponderante: bool

    @property
    def adopte(self) -> bool:
        return self.pour > self.contre or self.voix_preponderante


def com_4_resultat_vote(
    *, pour: int, contre: int, abstention: int, voix_president: SensVote | None
) -> ResultatVote:
    """COM-4: the proposal is adopted by the majority of the votes cast; on a tie, the chair's vote
    decides (voix prépondérante). A tie without a chair voting for or against decides nothing."""
    if pour == contre and pour > 0:
        if voix_president not in (SensVote.POUR, SensVote.CONTRE):
            raise DomainError(
                "Partage des voix : la voix du président ou de la présidente est prépondérante ; "
                "elle doit être exprimée pour ou contre.",
                code="partage_des_voix",
                extra={"champ": "votes"},
            )
        return ResultatVote(
            pour=pour,
            contre=contre,
            abstention=abstention,
            voix_preponderante=voix_president == SensVote.POUR,
        )
    return ResultatVote(pour=pour, contre=contre, abstention=abstention, voix_preponderante=False)
