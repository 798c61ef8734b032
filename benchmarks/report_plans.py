"""Time each SQL query of the 2021 report and print the plans of the slowest (PostgreSQL)."""

import datetime as dt
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relance.config.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from relance.reports.queries import report_figures  # noqa: E402


def main() -> None:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        report_figures(year=2021, as_of=dt.date(2022, 3, 15))
        total = time.perf_counter() - started
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    print(f"report_figures: {len(queries)} queries, {total:.2f} s in-process")
    for query in queries[:3]:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
        uses_index = any("Index" in line for line in plan)
        print(f"--- {float(query['time']):.3f} s, index used: {uses_index}: {query['sql'][:160]}…")
        print("\n".join(plan[:25]))


if __name__ == "__main__":
    main()
