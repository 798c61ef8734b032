"""Backups: pg_dump/pg_restore for PostgreSQL, SQLite's online backup for the embedded database."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections


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
        subprocess.run(  # noqa: S603 - fixed tool, arguments from settings, no shell
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
            check=True,
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
        subprocess.run(  # noqa: S603 - fixed tool, arguments from settings, no shell
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
            check=True,
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(path) as source:
        source.backup(connection.connection)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(
            f"{name} est introuvable : installez le client PostgreSQL (paquet postgresql-client)."
        )
    return found
