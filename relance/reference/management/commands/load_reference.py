from django.core.management.base import BaseCommand

from relance.reference.loader import reference_load


class Command(BaseCommand):
    help = "Charge ou restaure les données de référence livrées (idempotent ; conserve les ajouts des administrateurs)."

    def handle(self, *args, **options) -> None:
        report = reference_load()
        if not report.changed:
            self.stdout.write("Données de référence à jour : aucune modification.")
            return
        for label, counts in (("créées", report.created), ("mises à jour", report.updated)):
            for model, count in sorted(counts.items()):
                self.stdout.write(f"{model} : {count} ligne(s) {label}")
