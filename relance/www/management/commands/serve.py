import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

GUNICORN_CONFIG = Path(__file__).resolve().parents[3] / "config" / "gunicorn.py"


class Command(BaseCommand):
    help = (
        "Lance l'application web : gunicorn en production (RELANCE_ENV=production), sinon le "
        "serveur de développement et un worker de tâches, sur http://127.0.0.1:8000."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="ne pas lancer le worker de tâches (mode local ; en production, jamais lancé)",
        )

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            self.exec_gunicorn(options["addrport"])
        self.run_development_server(options["addrport"], worker=not options["no_worker"])

    def exec_gunicorn(self, addrport: str) -> None:
        """Replace this process by gunicorn, so SIGTERM reaches it and shutdown is graceful."""
        metrics_dir = settings.VAR_DIR / "metrics"
        shutil.rmtree(metrics_dir, ignore_errors=True)  # counters start again with the server
        metrics_dir.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        argv = [str(gunicorn), "relance.config.wsgi", "--config", str(GUNICORN_CONFIG)]
        os.execv(argv[0], [*argv, "--bind", addrport])  # noqa: S606 (our own gunicorn, no shell)

    def run_development_server(self, addrport: str, *, worker: bool) -> None:
        process = None
        if worker:
            # The embedded default: one worker beside the web server; production runs `relance worker`.
            process = subprocess.Popen([sys.executable, "-m", "relance.cli", "worker"])
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if process is not None:
                process.terminate()
                process.wait(timeout=10)
