import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Lance l'application web sur http://127.0.0.1:8000 et un worker de tâches (e-mails, lettres)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-worker", action="store_true", help="ne pas lancer le worker de tâches"
        )

    def handle(self, *args, **options) -> None:
        worker = None
        if not options["no_worker"]:
            # The embedded default: one worker beside the web server; production runs `relance worker`.
            worker = subprocess.Popen(
                [sys.executable, "-m", "relance.cli", "worker", "--no-reload"]
            )
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
