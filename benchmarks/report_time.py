"""In-process time of the report's figures (`relance report --format json` without start-up).

    python benchmarks/report_time.py [YEAR] [--runs 3]

Prints the median of `--runs` calls of report_figures as of the reference date (after one
warm-up), the number of SQL queries and which path the figures took (kept or full).
"""

import argparse
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relance.config.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from relance.budget.models import Envelope  # noqa: E402
from relance.clock import today  # noqa: E402
from relance.reports.kept_reads import kept_usable  # noqa: E402
from relance.reports.queries import _until, report_figures  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("year", type=int, nargs="?", default=2021)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    report_figures(year=args.year, as_of=today())
    times = []
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            figures = report_figures(year=args.year, as_of=today())
            times.append((time.perf_counter() - started) * 1000)
    envelope = Envelope.objects.get(scheme="fne", year=args.year)
    path = "kept" if kept_usable(envelope, _until(today())) else "full"
    del figures
    print(
        f"report figures {args.year}: median {statistics.median(times):.0f} ms in-process"
        f" (runs {' '.join(f'{t:.0f}' for t in times)}), {len(captured)} queries, path {path}"
    )


if __name__ == "__main__":
    main()
