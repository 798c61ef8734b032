"""Build the kept figures of the envelopes that already hold ledger entries."""

from django.db import migrations


def build(apps, schema_editor) -> None:
    # The current code on purpose: the figures are those `relance report` computes. It reads
    # explicit columns only, so later columns of other apps do not matter.
    from relance.budget.models import Envelope
    from relance.reports.kept import rebuild
    from relance.reports.kept_counts import rebuild_counts

    for envelope in Envelope.objects.order_by("pk").only("pk"):
        rebuild(envelope)
    rebuild_counts()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_kept_figures"),
        ("funding", "0005_reference_search_index"),
        ("companies", "0002_company_name_index"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
