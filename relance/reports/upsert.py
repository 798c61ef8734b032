"""Adding to kept rows atomically, on SQLite and PostgreSQL alike."""

from collections.abc import Iterable

from django.db import connection


def add(model, rows: Iterable[tuple[dict, dict]]) -> None:
    """Add each `(key, deltas)` to the model's row of that key, creating it at zero first."""
    rows = [(key, deltas) for key, deltas in rows if any(deltas.values())]
    if not rows:
        return
    table = model._meta.db_table
    keys, values = list(rows[0][0]), list(rows[0][1])
    columns = [model._meta.get_field(name.removesuffix("_id")).column for name in keys]
    quote = connection.ops.quote_name
    # Table and column names come from the model's metadata; values are parameters.
    names = ", ".join(map(quote, columns + values))
    marks = ", ".join(["%s"] * (len(columns) + len(values)))
    conflict = ", ".join(map(quote, columns))
    sums = ", ".join(
        f"{quote(v)} = {quote(table)}.{quote(v)} + excluded.{quote(v)}" for v in values
    )
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks}) ON CONFLICT ({conflict}) DO UPDATE SET {sums}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*k.values(), *d.values()] for k, d in rows])
