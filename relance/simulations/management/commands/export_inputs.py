from django.core.management.base import BaseCommand

from relance.funding.workflow import Status
from relance.simulations.selectors import stored_input_lines


class Command(BaseCommand):
    help = (
        "Écrit l'entrée des règles enregistrée de chaque demande décidée d'une année, une ligne "
        "JSON chacune, telle que « relance evaluate --batch » l'accepte."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="année de l'enveloppe")
        parser.add_argument(
            "--status",
            action="append",
            choices=Status.values,
            metavar="STATUT",
            help=f"seulement les demandes de ce statut (répétable) : {', '.join(Status.values)}",
        )

    def handle(self, *args, **options) -> None:
        lines: list[str] = []
        for line in stored_input_lines(year=options["year"], statuses=options["status"]):
            lines.append(line)
            if len(lines) == 5000:
                self.stdout.write("\n".join(lines))
                lines = []
        if lines:
            self.stdout.write("\n".join(lines))
