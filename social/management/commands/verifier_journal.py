"""Verify the hash chain of the access journal: exit code 1 and the first bad row when tampered with."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from social.selectors import journal_verifier


class Command(BaseCommand):
    help = "Vérifie l'intégrité (chaînage des empreintes) du journal des accès."

    def handle(self, *args: Any, **options: Any) -> None:
        resultat = journal_verifier()
        if not resultat.intact:
            raise CommandError(
                f"Journal des accès altéré : ligne {resultat.premiere_anomalie} ({resultat.raison}), "
                f"après {resultat.lignes_verifiees} lignes intactes."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Journal des accès intact : {resultat.lignes_verifiees} lignes vérifiées.")
        )
