"""``manage.py importer_data_inclusion FICHIER [FICHIER…]``: import data·inclusion v1 files.

Everything is validated first; any invalid element is reported (file, position, reasons) and nothing
is saved. Otherwise structures and services are upserted on (source, id) in one transaction.
A progress bar follows both phases on the error output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from guide_ressources.actions import taxonomies_charger
from guide_ressources.importation import (
    PHASE_VALIDATION,
    ImportationRefusee,
    fichier_lire,
    lecture_importer,
    lectures_reunir,
)
from social.models import Utilisateur

PHASES = {PHASE_VALIDATION: "Vérification", "enregistrement": "Enregistrement"}


class BarreProgression:
    """A one-line bar rewritten in place (``\\r``), on the error output; no dependency."""

    def __init__(self, flux: OutputWrapper | TextIO, largeur: int = 30) -> None:
        self.flux = flux
        self.largeur = largeur
        self.dernier: tuple[str, int] | None = None

    def __call__(self, phase: str, faits: int, total: int) -> None:
        ratio = faits / total if total else 1.0
        etat = (phase, int(ratio * 100))
        if etat == self.dernier:
            return
        self.dernier = etat
        plein = int(self.largeur * ratio)
        ligne = (
            f"\r{PHASES.get(phase, phase):<14} [{'#' * plein}{'.' * (self.largeur - plein)}] "
            f"{faits}/{total} ({ratio:.0%})"
        )
        if faits >= total:
            ligne += "\n"
        if isinstance(self.flux, OutputWrapper):
            self.flux.write(ligne, style_func=lambda texte: texte, ending="")
        else:
            self.flux.write(ligne)
        self.flux.flush()


class Command(BaseCommand):
    help = (
        "Importe des fichiers data·inclusion v1 (structures et/ou services). Tout est vérifié d'abord : "
        "si un élément est invalide, chaque erreur est signalée et rien n'est enregistré."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fichiers", nargs="*", type=Path, help="Fichiers JSON data·inclusion v1.")
        parser.add_argument(
            "--simulation", action="store_true", help="Tout vérifier et compter, sans rien enregistrer."
        )
        parser.add_argument("--utilisateur", help="Identifiant de l'auteur (historique des fiches).")
        parser.add_argument(
            "--taxonomies",
            action="store_true",
            help="Recharger d'abord les taxonomies depuis guide_ressources/data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["taxonomies"]:
            taxo = taxonomies_charger()
            self.stdout.write(
                f"Taxonomies : {taxo.crees} terme(s) créé(s), {taxo.modifies} modifié(s), "
                f"{taxo.desactives} désactivé(s)."
            )
        fichiers: list[Path] = options["fichiers"]
        if not fichiers:
            if options["taxonomies"]:
                return
            raise CommandError("Indiquez au moins un fichier à importer.")
        auteur = None
        if options["utilisateur"]:
            auteur = Utilisateur.objects.filter(username=options["utilisateur"]).first()
            if auteur is None:
                raise CommandError(f"Utilisateur inconnu : {options['utilisateur']}.")
        lectures = []
        for chemin in fichiers:
            try:
                contenu = chemin.read_bytes()
            except OSError as exc:
                raise CommandError(f"{chemin} : lecture impossible ({exc.strerror}).") from exc
            lectures.append(fichier_lire(chemin.name, contenu))
        lecture = lectures_reunir(lectures)
        try:
            rapport = lecture_importer(
                lecture,
                acting_user=auteur,
                progression=BarreProgression(self.stderr),
                simulation=options["simulation"],
            )
        except ImportationRefusee as exc:
            for erreur in exc.erreurs_fichier:
                self.stderr.write(erreur)
            for element in exc.erreurs:
                self.stderr.write(element.message)
            nombre = len(exc.erreurs_fichier) + len(exc.erreurs)
            raise CommandError(f"{nombre} erreur(s) : aucune donnée n'a été enregistrée.") from exc
        prefixe = "Simulation (rien n'a été enregistré) : " if options["simulation"] else ""
        self.stdout.write(self.style.SUCCESS(prefixe + rapport.resume))
