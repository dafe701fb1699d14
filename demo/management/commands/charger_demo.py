"""``manage.py charger_demo``: load the demonstration data (reference data first if absent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.apa import apa_demo_charger
from demo.chargement import COMPTES_DEMO, MOT_DE_PASSE_DEMO, RapportDemo, demo_charger
from demo.guide import guide_demo_charger
from demo.instances import instances_demo_charger
from demo.orientations import orientations_demo_charger
from demo.parcours import parcours_demo_charger
from demo.pch import pch_demo_charger
from observation.actions import indicateurs_calculer


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (organisations, comptes, instances, personnes et foyers, "
        "guide des ressources). "
        "Déterministe et idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--graine",
            type=int,
            default=62,
            help="Graine du tirage (défaut : 62). Une autre graine ajoute une autre population.",
        )
        parser.add_argument(
            "--personnes", type=int, default=2000, help="Nombre de personnes à créer (défaut : 2000)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        debut = time.monotonic()
        try:
            rapport = demo_charger(graine=options["graine"], nb_personnes=options["personnes"])
            rapport_guide = guide_demo_charger(graine=options["graine"])
            rapport_parcours = parcours_demo_charger(graine=options["graine"])
            pch_demo_charger()
            apa_demo_charger()
            instances_demo_charger(graine=options["graine"])
            rapport_orientations = orientations_demo_charger()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(resume_demo(rapport))
        if rapport_parcours.parcours:
            self.stdout.write(f"Parcours : {rapport_parcours.parcours} créé(s).")
            indicateurs_calculer(depuis=None)  # the observation dashboards read precomputed figures
        if rapport_guide.a_change:
            self.stdout.write(
                f"Guide des ressources : {rapport_guide.structures} structure(s) et "
                f"{rapport_guide.services} service(s) créé(s)."
            )
        if rapport_orientations.creees:
            self.stdout.write(f"Orientations vers des partenaires : {rapport_orientations.creees} créée(s).")
        self.stdout.write(
            self.style.SUCCESS(f"Données de démonstration prêtes en {time.monotonic() - debut:.1f} s.")
        )
        self.stdout.write(tableau_comptes())


def resume_demo(rapport: RapportDemo) -> str:
    """The French summary of a demo load."""
    if not rapport.a_change:
        return "Données de démonstration déjà présentes : aucune modification."
    lignes = ["Référentiel chargé au préalable."] if rapport.referentiel_charge else []
    lignes += [
        f"{libelle} : {nombre} créé(e)s"
        for libelle, nombre in (
            ("Organisations partenaires", rapport.organisations),
            ("Comptes", rapport.comptes),
            ("Affectations", rapport.affectations),
            ("Adhésions", rapport.adhesions),
            ("Instances", rapport.instances),
            ("Mandats", rapport.mandats),
            ("Permissions d'administration", rapport.permissions),
            ("Foyers", rapport.foyers),
            ("Personnes", rapport.personnes),
            ("Membres de foyer", rapport.membres),
            ("Rattachements", rapport.rattachements),
        )
    ]
    return "\n".join(lignes)


def tableau_comptes() -> str:
    """The demo accounts and their shared password, as a plain-text table."""
    largeur = max(len(username) for username, _ in COMPTES_DEMO)
    lignes = [f"Comptes de démonstration (mot de passe : {MOT_DE_PASSE_DEMO}) :"]
    lignes += [f"  {username.ljust(largeur)}  {description}" for username, description in COMPTES_DEMO]
    return "\n".join(lignes)
