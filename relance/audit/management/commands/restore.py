from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relance.audit.archive import BackupError, backup_check, backup_restore


class Command(BaseCommand):
    help = (
        "Restaure une archive de relance backup (base et fichiers privés, sommes de contrôle "
        "vérifiées) à la place des données actuelles ; à blanc sans --apply."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="archive produite par relance backup")
        parser.add_argument(
            "--apply", action="store_true", help="remplacer réellement la base et les fichiers"
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Sauvegarde introuvable : {path}.", returncode=2)
        try:
            summary = (backup_restore if options["apply"] else backup_check)(path)
        except (OSError, BackupError) as error:
            raise CommandError(f"Restauration impossible : {error}", returncode=2) from error
        what = (
            f"base {summary.vendor} du {summary.created_at} et {summary.files} fichier(s) privé(s)"
        )
        if options["apply"]:
            self.stdout.write(f"Restauré depuis {path} : {what}, sommes de contrôle vérifiées.")
        else:
            self.stdout.write(
                f"À blanc : {path} est intacte ({what}, sommes de contrôle vérifiées) ; "
                "relancez avec --apply pour remplacer les données actuelles."
            )
