from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relance.audit.backup import restore


class Command(BaseCommand):
    help = "Restaure une sauvegarde à la place des données actuelles (à blanc sans --apply)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="fichier produit par relance backup")
        parser.add_argument("--apply", action="store_true", help="remplacer réellement les données")

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Sauvegarde introuvable : {path}.")
        if not options["apply"]:
            self.stdout.write(
                f"À blanc : les données actuelles seraient remplacées par {path}. Relancez avec --apply pour restaurer."
            )
            return
        try:
            restore(path)
        except (OSError, RuntimeError) as error:
            raise CommandError(f"Restauration impossible : {error}") from error
        self.stdout.write(f"Données restaurées depuis {path}.")
