from django.core.management.base import BaseCommand, CommandError

from relance.audit.purge import purge_apply, purge_plan


class Command(BaseCommand):
    help = "Pseudonymise les références des stagiaires des demandes soldées avant une année (à blanc sans --apply)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--before",
            type=int,
            required=True,
            help="année : demandes soldées avant le 1er janvier de cette année",
        )
        parser.add_argument(
            "--apply",
            action="store_true",
            help="écrire (sinon, montre seulement ce qui serait fait)",
        )

    def handle(self, *args, **options) -> None:
        if not 2000 <= options["before"] <= 2100:
            raise CommandError("--before attend une année (par ex. 2023).", returncode=2)
        if options["apply"]:
            plan = purge_apply(before=options["before"])
            self.stdout.write(
                f"{plan.trainees} référence(s) de stagiaires pseudonymisée(s) dans {plan.requests} demande(s) ; "
                f"{plan.disadvantaged} mention(s) « travailleur handicapé ou défavorisé » effacée(s)."
            )
        else:
            plan = purge_plan(before=options["before"])
            self.stdout.write(
                f"À blanc : {plan.trainees} référence(s) de stagiaires seraient pseudonymisées dans {plan.requests} demande(s) ; "
                f"{plan.disadvantaged} mention(s) « travailleur handicapé ou défavorisé » seraient effacées. Relancez avec --apply pour écrire."
            )
