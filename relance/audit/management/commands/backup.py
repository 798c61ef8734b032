import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relance.audit.archive import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Sauvegarde dans une seule archive la base (pg_dump pour PostgreSQL, copie cohérente "
        "pour SQLite) et les fichiers privés (pièces, lettres de décision, imports), avec leurs "
        "sommes de contrôle SHA-256."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            help="archive à écrire (défaut : var/backups/relance-AAAAMMJJ-HHMMSS.tar)",
        )

    def handle(self, *args, **options) -> None:
        path = Path(
            options["output"]
            or settings.VAR_DIR / "backups" / f"relance-{dt.datetime.now():%Y%m%d-%H%M%S}.tar"
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            summary = backup_write(path)
        except (OSError, BackupError) as error:
            raise CommandError(f"Sauvegarde impossible : {error}", returncode=2) from error
        self.stdout.write(
            f"Sauvegarde écrite dans {path} ({path.stat().st_size} octets) : base {summary.vendor} "
            f"et {summary.files} fichier(s) privé(s), sommes de contrôle SHA-256 dans manifest.json."
        )
