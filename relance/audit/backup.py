"""The database part of a backup: pg_dump/pg_restore for PostgreSQL, SQLite's online backup for
the embedded database. `relance.audit.archive` puts it in one archive with the private files."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections


class BackupError(RuntimeError):
    """A French reason the backup cannot be written or restored."""


def _pg_env() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    args = [
        "-h",
        db.get("HOST") or "127.0.0.1",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
    ]
    return env, args


def backup(path: Path) -> None:
    if connection.vendor == "postgresql":
        env, args = _pg_env()
        _run(
            [
                _tool("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "--file",
                str(path),
                connection.settings_dict["NAME"],
            ],
            env=env,
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)


def restore(path: Path) -> None:
    """Replace the database's content by the backup's."""
    connections.close_all()
    if connection.vendor == "postgresql":
        env, args = _pg_env()
        _run(
            [
                _tool("pg_restore"),
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(path),
            ],
            env=env,
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(path) as source:
        source.backup(connection.connection)


def _run(command: list[str], *, env: dict) -> None:
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings, no shell
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or "").strip().splitlines()
        raise BackupError(
            f"{Path(command[0]).name} a échoué (code {result.returncode}) : "
            f"{detail[-1] if detail else 'sans message'}"
        )


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(
            f"{name} est introuvable : installez le client PostgreSQL (paquet postgresql-client)."
        )
    return found
