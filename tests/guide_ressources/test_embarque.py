"""One code path on the embedded PostgreSQL too: the guide's migration applies there and its search
functions (unaccent + the french configuration) behave as on the server."""

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
def test_la_recherche_du_guide_sur_postgresql_embarque(tmp_path: Path) -> None:
    pgdata = tmp_path / "pgdata"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["PROCHE_PGDATA"] = str(pgdata)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    resultat = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "guide_ressources"],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert resultat.returncode == 0, resultat.stderr[-3000:]
    try:
        with psycopg.connect(embedded_database_url(pgdata)) as conn:
            trouve = conn.execute(
                "SELECT guide_vecteur_service('Hébergement d''urgence', "
                "ARRAY['logement-hebergement--louer'], 'Mise à l''abri') "
                "@@ to_tsquery('french', 'heberg:* & urgenc:*')"
            ).fetchone()
            assert trouve == (True,)
            assert conn.execute("SELECT guide_texte('Cœur ÉLAN')").fetchone() == ("coeur elan",)
            termes = conn.execute("SELECT count(*) FROM guide_ressources_terme").fetchone()
            assert termes is not None and termes[0] > 200
    finally:
        assert stop_embedded_server(pgdata)
        assert not (pgdata / "postmaster.pid").exists()
