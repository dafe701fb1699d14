"""Declared notifications of the guide (STYLE 15): recipients, subject and body templates; sent on commit."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


@dataclass(frozen=True)
class RappelFraicheurNotification:
    """To an organisation whose guide entries have not been confirmed for too long."""

    organisation: str
    destinataires: tuple[str, ...]
    nb_structures: int
    nb_services: int
    delai_mois: int

    gabarit_sujet = "guide_ressources/notifications/rappel_fraicheur_sujet.txt"
    gabarit_corps = "guide_ressources/notifications/rappel_fraicheur_corps.txt"

    def contexte(self) -> dict[str, object]:
        return {
            "organisation": self.organisation,
            "nb_structures": self.nb_structures,
            "nb_services": self.nb_services,
            "delai_mois": self.delai_mois,
            "departement": settings.PROCHE_DEPARTEMENT_NOM,
        }

    def envoyer(self) -> None:
        if not self.destinataires:
            return
        sujet = " ".join(render_to_string(self.gabarit_sujet, self.contexte()).split())
        send_mail(
            sujet,
            render_to_string(self.gabarit_corps, self.contexte()),
            None,
            list(self.destinataires),
        )

    def envoyer_apres_validation(self) -> None:
        transaction.on_commit(self.envoyer)
