"""The one-command local run: migrate, load reference and demo data, then serve HTTP + WebSockets
(Daphne, ASGI) on http://127.0.0.1:8000 with a procrastinate worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from config.database import database_url


class Command(BaseCommand):
    help = "Prépare la base (migrations, référentiel, démo) et démarre Proche sur http://127.0.0.1:8000."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--sans-demo", action="store_true", help="Ne pas charger les données de démonstration."
        )
        parser.add_argument("--adresse", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--preparer-seulement", action="store_true", help="Préparer la base sans servir.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Base de données à jour.")
        call_command("charger_referentiel")
        if not options["sans_demo"]:
            call_command("charger_demo")
        if options["preparer_seulement"]:
            return
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.dev"),
        }
        # The children must reach the same database: pass the embedded server's URL explicitly.
        env["DATABASE_URL"] = database_url()
        serveur = subprocess.Popen(  # noqa: S603 (fixed argv, no shell)
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                options["adresse"],
                "-p",
                options["port"],
                "config.asgi:application",
            ],
            env=env,
        )
        travailleur = subprocess.Popen(
            [sys.executable, "manage.py", "procrastinate", "worker"], env=env, cwd=settings.BASE_DIR
        )
        self.stdout.write(
            self.style.SUCCESS(f"Proche est servi sur http://{options['adresse']}:{options['port']}/")
        )
        self.stdout.write("Arrêt : Ctrl+C.")
        try:
            serveur.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for processus in (serveur, travailleur):
                if processus.poll() is None:
                    processus.send_signal(signal.SIGTERM)
            for processus in (serveur, travailleur):
                try:
                    processus.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    processus.kill()
