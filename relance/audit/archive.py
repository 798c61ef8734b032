"""One backup archive: the database dump and every private file, each with its SHA-256.

The archive is a tar holding `database.dump` (pg_dump's custom format) or `database.sqlite3`,
the private files under `private/` (documents, decision letters, imported files: MEDIA_ROOT) and
`manifest.json` listing every member's size and checksum. A restore first extracts everything
into a staging directory beside MEDIA_ROOT and checks every checksum; only then does it replace
the database's content and swap the staged files in, so a corrupt or truncated archive changes
nothing. The database is dumped before the files are copied: a file written in between is kept
without its row (harmless), never a row without its file.
"""

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from relance.audit import backup as database
from relance.audit.backup import BackupError

FORMAT = "relance-backup-1"
MANIFEST = "manifest.json"
PRIVATE = "private/"
__all__ = ["BackupError", "backup_check", "backup_restore", "backup_write"]


@dataclass(frozen=True)
class Summary:
    vendor: str
    created_at: str
    files: int
    size: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def backup_write(path: Path) -> Summary:
    """Write the archive at `path` (through a temporary name: never half an archive)."""
    partial = path.with_name(path.name + ".partial")
    members: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="relance-backup-") as scratch:
        dump = Path(scratch) / _dump_name()
        database.backup(dump)
        with tarfile.open(partial, "w") as archive:
            _add(archive, dump, dump.name, members)
            for file in _private_files():
                _add(archive, file, PRIVATE + file.relative_to(_media()).as_posix(), members)
            manifest = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": {"vendor": connection.vendor, "member": dump.name},
                "members": members,
            }
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
    partial.replace(path)
    return _summary(manifest)


def _dump_name() -> str:
    return "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"


def _media() -> Path:
    return Path(settings.MEDIA_ROOT)


def _private_files() -> list[Path]:
    root = _media()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def _add(archive: tarfile.TarFile, file: Path, name: str, members: dict) -> None:
    members[name] = {"size": file.stat().st_size, "sha256": sha256_of(file)}
    archive.add(file, arcname=name, recursive=False)


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(content), int(dt.datetime.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(content))


def _summary(manifest: dict) -> Summary:
    members = manifest["members"]
    return Summary(
        vendor=manifest["database"]["vendor"],
        created_at=manifest["created_at"],
        files=sum(1 for name in members if name.startswith(PRIVATE)),
        size=sum(m["size"] for m in members.values()),
    )


def backup_check(path: Path) -> Summary:
    """Read the whole archive and check every checksum; nothing is written outside a temp dir."""
    with tempfile.TemporaryDirectory(prefix="relance-check-") as scratch:
        return _summary(_extract_verified(path, Path(scratch)))


def backup_restore(path: Path) -> Summary:
    """Replace the database's content and the private files by the archive's, once verified."""
    media = _media()
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media.parent))
    try:
        manifest = _extract_verified(path, staging)
        _vendor_matches(manifest)
        database.restore(staging / manifest["database"]["member"])
        _swap_in(staging / PRIVATE.rstrip("/"), media)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _summary(manifest)


def _extract_verified(path: Path, target: Path) -> dict:
    with path.open("rb") as file:
        if file.read(16).startswith((b"PGDMP", b"SQLite format 3")):
            raise BackupError(
                "ancienne sauvegarde de la base seule (sans les fichiers privés) : restaurez-la "
                "avec pg_restore --clean, ou copiez le fichier SQLite."
            )
    try:
        with tarfile.open(path, "r") as archive:
            manifest = _manifest(archive)
            archive.extractall(target, filter="data")  # no absolute paths, no "..", no links out
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Sauvegarde illisible ou tronquée : {error}.") from None
    for name, expected in manifest["members"].items():
        member = target / name
        if not member.is_file():
            raise BackupError(f"Sauvegarde incomplète : {name} manque.")
        if sha256_of(member) != expected["sha256"]:
            raise BackupError(f"Sauvegarde corrompue : la somme de contrôle de {name} diffère.")
    return manifest


def _manifest(archive: tarfile.TarFile) -> dict:
    try:
        file = archive.extractfile(MANIFEST)
        manifest = json.loads(file.read()) if file else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Ce fichier n'est pas une sauvegarde de relance (manifeste absent).")
    return manifest


def _vendor_matches(manifest: dict) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"Sauvegarde d'une base {vendor} : elle ne se restaure que dans une base {vendor}."
        )


def _swap_in(staged: Path, media: Path) -> None:
    """The staged files become MEDIA_ROOT; the files there before are removed."""
    staged.mkdir(exist_ok=True)  # a backup without any private file
    previous = media.with_name(media.name + ".before-restore")
    shutil.rmtree(previous, ignore_errors=True)
    if media.exists():
        media.rename(previous)
    staged.rename(media)
    shutil.rmtree(previous, ignore_errors=True)
