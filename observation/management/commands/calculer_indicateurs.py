"""``manage.py calculer_indicateurs [--complet | --depuis AAAA-MM-JJ]``: compute the indicators now."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from observation.actions import indicateurs_actualiser, indicateurs_calculer


class Command(BaseCommand):
    help = (
        "Calcule les indicateurs de l'observation : par défaut les mois touchés depuis le dernier calcul, "
        "--complet pour tout recalculer, --depuis pour recalculer à partir d'une date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        groupe = parser.add_mutually_exclusive_group()
        groupe.add_argument("--complet", action="store_true", help="Recalculer tous les mois.")
        groupe.add_argument("--depuis", help="Recalculer à partir du mois de cette date (AAAA-MM-JJ).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["complet"]:
            resultat = indicateurs_calculer(depuis=None)
        elif options["depuis"]:
            try:
                depuis = datetime.date.fromisoformat(options["depuis"])
            except ValueError as exc:
                raise CommandError("Date invalide : utilisez le format AAAA-MM-JJ.") from exc
            resultat = indicateurs_calculer(depuis=depuis)
        else:
            resultat = indicateurs_actualiser()
        self.stdout.write(
            f"{resultat.lignes} lignes d'indicateurs calculées"
            + (
                f" de {resultat.premier_mois:%m/%Y} à {resultat.dernier_mois:%m/%Y}."
                if resultat.premier_mois and resultat.dernier_mois
                else "."
            )
        )
