import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relance.rules.reforms import ReformError
from relance.rules.reforms import load as load_reform
from relance.simulations.exports import markdown, workbook
from relance.simulations.services import simulation_compute

FORMATS = ("json", "md", "xlsx")


class Command(BaseCommand):
    help = (
        "Rejuge les demandes décidées d'une année selon les règles en vigueur et selon une "
        "réforme ; n'écrit rien dans l'enveloppe ni le grand livre."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="année de l'enveloppe")
        parser.add_argument("--reform", required=True, metavar="FICHIER", help="réforme (TOML)")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", help="fichier de sortie (obligatoire pour xlsx)")

    def handle(self, *args, **options) -> None:
        fmt, output = options["format"], options["output"]
        if fmt == "xlsx" and not output:
            raise CommandError(
                "Le format xlsx s'écrit dans un fichier : précisez --output FICHIER."
            )
        try:
            reform = load_reform(options["reform"], year=options["year"])
        except ReformError as error:
            raise CommandError(str(error)) from None
        summary, changes = simulation_compute(year=options["year"], reform=reform)
        if fmt == "xlsx":
            Path(output).write_bytes(workbook(summary, changes))
            return
        text = (
            json.dumps(summary, ensure_ascii=False, indent=2)
            if fmt == "json"
            else markdown(summary, reform.description)
        )
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
