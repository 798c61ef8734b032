from django.core.management.base import BaseCommand

from relance.tasks.queues import QUEUES
from relance.tasks.worker import worker_run


class Command(BaseCommand):
    help = (
        "Exécute les tâches de fond (e-mails, lettres, imports) sur le moteur configuré "
        "(RELANCE_TASKS_BACKEND) ; sans --queue, toutes les files."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue",
            action="append",
            choices=QUEUES,
            default=[],
            help="file à traiter (default : e-mails et lettres ; long : imports et simulations) ;"
            " répétable",
        )
        parser.add_argument(
            "--batch", action="store_true", help="traiter les tâches en attente puis s'arrêter"
        )
        parser.add_argument(
            "--no-reload",
            action="store_true",
            help="(compatibilité) le worker ne se recharge jamais",
        )

    def handle(self, *args, **options) -> None:
        worker_run(options["queue"], batch=options["batch"])
