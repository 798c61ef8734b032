import sys

from django.core.management.base import BaseCommand

from relance.rules import batch


class Command(BaseCommand):
    help = batch.DESCRIPTION
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        batch.add_arguments(parser)

    def handle(self, *args, **options) -> None:
        status = batch.run(options["path"], batch=options["batch"])
        if status:
            sys.exit(status)
