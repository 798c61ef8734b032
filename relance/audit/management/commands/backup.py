import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relance.audit.backup import backup


class Command(BaseCommand):
    help = "Sauvegarde la base (pg_dump pour PostgreSQL, copie cohérente pour SQLite)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            help="fichier de sauvegarde (défaut : var/backups/relance-AAAAMMJJ-HHMMSS.dump)",
        )

    def handle(self, *args, **options) -> None:
        path = Path(
            options["output"]
            or settings.VAR_DIR / "backups" / f"relance-{dt.datetime.now():%Y%m%d-%H%M%S}.dump"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            backup(path)
        except (OSError, RuntimeError) as error:
            raise CommandError(f"Sauvegarde impossible : {error}") from error
        self.stdout.write(f"Sauvegarde écrite dans {path} ({path.stat().st_size} octets).")
