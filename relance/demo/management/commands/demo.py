from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relance.clock import today
from relance.common.errors import ServiceError
from relance.demo.services import DEMO_PASSWORD, demo_load
from relance.funding.models import FundingRequest


class Command(BaseCommand):
    help = "Remplit une année de démonstration (2021 calibrée sur le bilan publié, ou 2022 jusqu'à la date de référence)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, choices=[2021, 2022])
        parser.add_argument(
            "--scale", type=int, default=1, help="multiplie effectifs et montants (défaut 1)"
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2021,
            help="change les entreprises et demandes tirées, jamais les chiffres publiés",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="remplace les demandes déjà présentes pour l'année",
        )
        parser.add_argument("--quiet", action="store_true", help="sans barre de progression")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="ne rien faire si l'année contient déjà des demandes",
        )

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration ne se chargent pas en production.")
        if options["scale"] < 1:
            raise CommandError("--scale est un entier positif.")
        if (
            options["if_empty"]
            and FundingRequest.objects.filter(envelope__year=options["year"]).exists()
        ):
            self.stdout.write(
                f"L'année {options['year']} contient déjà des demandes : rien à faire."
            )
            return
        try:
            report = demo_load(
                year=options["year"],
                scale=options["scale"],
                seed=options["seed"],
                replace=options["replace"],
                today=today(),
                progress=not options["quiet"],
            )
        except (ServiceError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Année {report.year} : {report.requests} demandes, {report.trainees} stagiaires, "
            f"{report.ledger_entries} écritures ; {report.companies_created} entreprises créées dans le périmètre."
        )
        self.stdout.write(f"Identifiants de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for role, username in report.logins.items():
            self.stdout.write(f"  {role:<15} {username}")
