from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Exécute les tâches de fond (e-mails, lettres de décision) ; à lancer en production."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="traiter les tâches en attente puis s'arrêter"
        )
        parser.add_argument(
            "--no-reload",
            action="store_true",
            help="(compatibilité) le worker ne se recharge jamais",
        )

    def handle(self, *args, **options) -> None:
        extra = ["--batch"] if options["batch"] else []
        call_command(
            "db_worker", "--no-reload", "--queue-name", "*", *extra, verbosity=options["verbosity"]
        )
