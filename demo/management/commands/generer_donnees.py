"""``manage.py generer_donnees``: the deterministic benchmark dataset (``demo.generation``)."""

from __future__ import annotations

import datetime
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from demo.generation import BANC_REFERENT, ECHELLES, RapportGeneration, donnees_generer


class _SuiviConsole:
    """One line per step: its number, its label, then its rows and duration when it ends."""

    def __init__(self, commande: BaseCommand) -> None:
        self.commande = commande
        self.interactif = sys.stdout.isatty()
        self.libelle = ""

    def debut(self, numero: int, total: int, libelle: str) -> None:
        self.libelle = f"[{numero:2d}/{total}] {libelle}"
        if self.interactif:
            self.commande.stdout.write(f"{self.libelle}…", ending="")
            self.commande.stdout.flush()

    def fin(self, lignes: int, duree: float) -> None:
        detail = f"{lignes:,} lignes".replace(",", " ") if lignes else "fait"
        ligne = f"{self.libelle} : {detail} en {duree:.1f} s"
        self.commande.stdout.write(f"\r{ligne}" if self.interactif else ligne)


def _date(valeur: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(valeur)
    except ValueError as exc:
        raise CommandError(f"Date invalide « {valeur} » : attendu AAAA-MM-JJ.") from exc


class Command(BaseCommand):
    help = (
        "Génère un jeu de données déterministe pour le banc de mesure : personnes, foyers, parcours, "
        "événements et agents, à l'échelle d'un département ou à petite échelle (tests)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--echelle",
            choices=sorted(ECHELLES),
            required=True,
            help="departement : ~300 000 personnes, ~500 000 parcours, ~10 M d'événements ; petite : tests.",
        )
        parser.add_argument("--graine", type=int, default=62, help="Graine des tirages (défaut : 62).")
        parser.add_argument(
            "--remplacer",
            action="store_true",
            help="Effacer les personnes, parcours et comptes bench.* existants, puis régénérer.",
        )
        parser.add_argument(
            "--jour",
            type=_date,
            default=None,
            help="Jour de référence AAAA-MM-JJ (défaut : aujourd'hui) ; les dates sont relatives à ce jour.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        echelle = ECHELLES[options["echelle"]]
        self.stdout.write(
            f"Génération à l'échelle « {echelle.libelle} » (graine {options['graine']}) "
            f"dans la base « {connection.settings_dict['NAME']} »."
        )
        try:
            rapport = donnees_generer(
                echelle=echelle.code,
                graine=options["graine"],
                remplacer=options["remplacer"],
                jour=options["jour"],
                suivi=_SuiviConsole(self),
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(resume(rapport))


def resume(rapport: RapportGeneration) -> str:
    """The French summary of a generation."""
    if rapport.deja_presente:
        return (
            f"Données déjà générées (graine {rapport.graine}, échelle {ECHELLES[rapport.echelle].libelle}, "
            f"jour de référence "
            f"{rapport.jour:%d/%m/%Y}) : rien à faire. Utilisez --remplacer pour régénérer (les alertes "
            "dépendent du jour de référence)."
        )
    c = rapport.comptes

    def n(cle: str) -> str:
        return f"{c.get(cle, 0):,}".replace(",", " ")

    evenements = sum(
        c.get(cle, 0)
        for cle in ("transitions", "changements_referent", "notes", "rendez_vous", "objectifs", "actions")
    )
    return "\n".join(
        [
            f"Personnes : {n('personnes')} dans {n('foyers')} foyers ; rattachements : {n('rattachements')}.",
            f"Parcours : {n('parcours')} dont {n('parcours_ouverts')} ouverts ; "
            f"échéances : {n('echeances')} ; équipes : {n('membres_equipe')} ; "
            f"partenaires désignés : {n('designations')}.",
            f"Événements : {evenements:,}".replace(",", " ")
            + f" (transitions {n('transitions')}, changements de référent {n('changements_referent')}, "
            f"notes {n('notes')}, rendez-vous {n('rendez_vous')}, objectifs {n('objectifs')}, "
            f"actions {n('actions')}).",
            f"Jour de référence : {rapport.jour:%d/%m/%Y}. Compte mesuré : {BANC_REFERENT} (mot de passe "
            "inutilisable).",
            f"Généré en {rapport.duree:.0f} s ({rapport.duree / 60:.1f} min).",
        ]
    )
