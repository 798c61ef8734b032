"""A trigram index for searching requests by part of their reference (the audit log's filter,
later the queue's search) on PostgreSQL; SQLite scans, which is fast at its scale.
pg_trgm is a trusted extension since PostgreSQL 13: the database owner may create it."""

from django.db import migrations

INDEX = "request_reference_trgm"


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON funding_fundingrequest "
            "USING gin (UPPER(reference) gin_trgm_ops)"
        )


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("funding", "0004_list_sort_indexes")]

    operations = [migrations.RunPython(create, drop)]
