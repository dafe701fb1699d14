"""``manage.py charger_referentiel``: load or refresh the EPCI, communes, territories and sites."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from social.referentiel import RapportChargement, referentiel_charger


class Command(BaseCommand):
    help = "Charge (ou met à jour) les EPCI, communes, territoires et sites du Département. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dossier",
            type=Path,
            default=None,
            help="Dossier contenant communes.csv et epci.csv (par défaut : social/data/pas-de-calais).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        debut = time.monotonic()
        try:
            rapport = referentiel_charger(dossier=options["dossier"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(resume_referentiel(rapport))
        self.stdout.write(self.style.SUCCESS(f"Référentiel chargé en {time.monotonic() - debut:.1f} s."))


def resume_referentiel(rapport: RapportChargement) -> str:
    """The French summary of a load, one line per kind of row."""
    if not rapport.a_change:
        return "Référentiel déjà à jour : aucune modification."
    lignes = [
        f"{libelle} : {compte.crees} créé(s), {compte.modifies} modifié(s)"
        for libelle, compte in (
            ("Territoires", rapport.territoires),
            ("EPCI", rapport.epci),
            ("Communes", rapport.communes),
            ("Sites", rapport.sites),
        )
    ]
    lignes.append(
        f"Communes desservies par les sites : {rapport.dessertes_ajoutees} lien(s) ajouté(s), "
        f"{rapport.dessertes_retirees} retiré(s)"
    )
    return "\n".join(lignes)
