from django.core.management.base import BaseCommand

from relance.clock import today
from relance.funding.reminders import remind_unanswered


class Command(BaseCommand):
    help = "Relance les entreprises sans réponse à une demande d'informations depuis 15 jours (idempotent, quotidien)."

    def handle(self, *args, **options) -> None:
        sent = remind_unanswered(today=today())
        self.stdout.write(f"{sent} rappel(s) programmé(s).")
