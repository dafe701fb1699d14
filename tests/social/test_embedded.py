"""The embedded path: without DATABASE_URL, a private PostgreSQL boots, migrations apply, and the
search extensions are there. Runs a real `manage.py migrate` in a subprocess on a fresh data dir."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from config.database import embedded_database_url, stop_embedded_server

RACINE = Path(__file__).resolve().parents[2]


@pytest.mark.embedded
def test_postgresql_embarque_demarre_migre_et_a_les_extensions(tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["PROCHE_PGDATA"] = str(pgdata)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    resultat = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert resultat.returncode == 0, resultat.stderr[-3000:]
    url = embedded_database_url(pgdata)
    try:
        with psycopg.connect(url) as conn:
            extensions = {r[0] for r in conn.execute("SELECT extname FROM pg_extension")}
            assert {"unaccent", "pg_trgm"} <= extensions
            version = conn.execute("SHOW server_version_num").fetchone()
            assert version is not None and int(version[0]) >= 150000
            applied = conn.execute("SELECT count(*) FROM django_migrations WHERE app = 'social'").fetchone()
            assert applied is not None and applied[0] >= 1
            texte = conn.execute("SELECT proche_texte_recherche('Lefèvre', '', 'Élodie')").fetchone()
            assert texte == ("lefevre  elodie",)
    finally:
        assert stop_embedded_server(pgdata)
        assert not (pgdata / "postmaster.pid").exists()
