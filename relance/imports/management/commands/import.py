from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relance.accounts.models import User
from relance.demo.progress import Progress
from relance.imports import perms
from relance.imports.companies import import_companies
from relance.imports.readers import UnreadableFile, table
from relance.imports.requests import import_requests


class Command(BaseCommand):
    help = "Importe des entreprises (CSV/XLSX) ou des demandes (XLSX/JSON Lines) ; à blanc sans --apply."
    # The system checks import every URL module, charts and matplotlib with them: two thirds of
    # the time a refused file (an XLSX bomb) took; `manage.py check` and the server run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("what", choices=["companies", "requests"])
        parser.add_argument("path")
        parser.add_argument(
            "--apply", action="store_true", help="écrire (sinon, valide et compte seulement)"
        )
        parser.add_argument(
            "--report", help="fichier CSV des lignes rejetées (défaut : <fichier>.rejets.csv)"
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="identifiant du conseiller ou responsable qui importe les demandes",
        )
        parser.add_argument("--submit", action="store_true", help="déposer les demandes importées")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}.")
        try:
            report = self._run(options, path)
        except UnreadableFile as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(report.summary())
        if report.rejected:
            target = Path(options["report"] or f"{path}.rejets.csv")
            target.write_bytes(report.rejected_csv())
            self.stdout.write(f"Lignes rejetées (ligne, colonne, motif) : {target}")

    def _run(self, options, path: Path):
        if options["what"] == "companies":
            bar = Progress("Import des entreprises", 1, enabled=not options["quiet"])
            report = import_companies(
                table(path), apply=options["apply"], progress=bar.advance, planned=bar.set_total
            )
        else:
            actor = User.objects.filter(username=options["username"] or "").first()
            if not perms.can_import_requests_as(actor):
                raise CommandError(
                    "Précisez --as IDENTIFIANT d'un conseiller ou d'un responsable actif."
                )
            bar = Progress("Import des demandes", 1, enabled=not options["quiet"])
            report = import_requests(
                path,
                actor=actor,
                apply=options["apply"],
                submit=options["submit"],
                progress=bar.advance,
            )
        bar.finish()
        return report
