"""DuckDB's time for the report's figures on the same rows, exported from the same database.

    python benchmarks/duckdb_report.py [YEAR] [--runs 3]   (needs `uv sync --group benchmark`)

Exports the rows the report reads (ledger entries of the year's envelope, requests, eligible
trainees, companies, size bands) from the configured database to CSV, loads them into an
in-memory DuckDB, then times the same figures computed from scratch (full scans: net
commitments by delegation and branch, beneficiary companies by size band, employees first
trained by pathway, the monthly series, the perimeter). Prints the median and checks that
DuckDB finds the same totals as the product.
"""

import argparse
import csv
import os
import statistics
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relance.config.settings")
django.setup()

import duckdb  # noqa: E402
from django.db import connection  # noqa: E402

from relance.budget.models import Envelope  # noqa: E402
from relance.clock import today  # noqa: E402
from relance.reports.queries import _until, report_figures  # noqa: E402

EXPORTS = {
    "ledger": (
        "SELECT request_id, kind, amount, created_at FROM budget_ledgerentry "
        "WHERE envelope_id = %s AND created_at < %s",
        "request_id BIGINT, kind VARCHAR, amount DECIMAL(16,2), created_at TIMESTAMPTZ",
    ),
    "requests": (
        "SELECT id, company_id, pathway, approved_at FROM funding_fundingrequest "
        "WHERE envelope_id = %s",
        "id BIGINT, company_id BIGINT, pathway VARCHAR, approved_at TIMESTAMPTZ",
    ),
    "trainees": (
        "SELECT t.request_id, t.employee_ref FROM funding_trainee t "
        "JOIN funding_fundingrequest r ON r.id = t.request_id "
        "WHERE r.envelope_id = %s AND t.eligible",
        "request_id BIGINT, employee_ref VARCHAR",
    ),
    "companies": (
        "SELECT id, delegation_id, branch_id, headcount FROM companies_company",
        "id BIGINT, delegation_id BIGINT, branch_id BIGINT, headcount BIGINT",
    ),
    "bands": (
        "SELECT code, min_headcount, max_headcount FROM reference_sizeband",
        "code VARCHAR, min_headcount BIGINT, max_headcount BIGINT",
    ),
}

FIGURES = {
    "net": """CREATE OR REPLACE TEMP TABLE net AS
        SELECT request_id, SUM(CASE kind WHEN 'commitment' THEN amount
                                        WHEN 'release' THEN -amount ELSE 0 END) AS net
        FROM ledger WHERE request_id IS NOT NULL GROUP BY request_id""",
    "money": """SELECT c.delegation_id, c.branch_id, SUM(n.net) FROM net n
        JOIN requests r ON r.id = n.request_id JOIN companies c ON c.id = r.company_id
        GROUP BY 1, 2""",
    "companies": """SELECT c.delegation_id, c.branch_id, b.code, COUNT(DISTINCT c.id)
        FROM net n JOIN requests r ON r.id = n.request_id JOIN companies c ON c.id = r.company_id
        JOIN bands b ON c.headcount >= b.min_headcount
                    AND (b.max_headcount IS NULL OR c.headcount <= b.max_headcount)
        WHERE n.net > 0 GROUP BY 1, 2, 3""",
    "employees": """SELECT pathway, COUNT(*), COUNT(DISTINCT company_id) FROM (
          SELECT r.pathway, r.company_id, ROW_NUMBER() OVER (
            PARTITION BY r.company_id, t.employee_ref ORDER BY r.approved_at, r.id) AS rank
          FROM trainees t JOIN requests r ON r.id = t.request_id
          JOIN net n ON n.request_id = r.id WHERE n.net > 0) WHERE rank = 1 GROUP BY pathway""",
    "monthly": """SELECT date_trunc('month', created_at) AS month,
          SUM(amount) FILTER (WHERE kind = 'commitment'),
          SUM(amount) FILTER (WHERE kind = 'release')
        FROM ledger WHERE kind IN ('commitment', 'release') GROUP BY 1 ORDER BY 1""",
    "perimeter": "SELECT COUNT(*) FROM companies",
}


def export(folder: Path, envelope: Envelope) -> dict[str, Path]:
    until = _until(today())
    files = {}
    with connection.cursor() as cursor:
        for name, (sql, _) in EXPORTS.items():
            params = {"ledger": [envelope.pk, until]}.get(
                name, [envelope.pk] if "%s" in sql else []
            )
            cursor.execute(sql, params)
            files[name] = folder / f"{name}.csv"
            with open(files[name], "w", newline="") as handle:
                writer = csv.writer(handle)
                for row in iter(lambda: cursor.fetchmany(50000), []):
                    writer.writerows(row)
    return files


def load(files: dict[str, Path]) -> duckdb.DuckDBPyConnection:
    db = duckdb.connect()
    for name, (_, columns) in EXPORTS.items():
        types = dict(column.split(" ", 1) for column in columns.split(", "))
        db.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv(?, header = false, columns = ?)",
            [str(files[name]), types],
        )
    return db


def figures(db: duckdb.DuckDBPyConnection) -> dict[str, list]:
    return {name: db.execute(sql).fetchall() for name, sql in FIGURES.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("year", type=int, nargs="?", default=2021)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    envelope = Envelope.objects.get(scheme="fne", year=args.year)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        db = load(export(Path(folder), envelope))
        loaded = time.perf_counter() - started
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        found = figures(db)
        times.append((time.perf_counter() - started) * 1000)
    product = report_figures(year=args.year, as_of=today())
    beneficiaries = sum(row[3] for row in found["companies"])
    employees = sum(row[1] for row in found["employees"])
    same = (beneficiaries, employees) == (
        product["beneficiary_companies"],
        product["employees_trained"],
    )
    print(
        f"duckdb report figures {args.year}: median {statistics.median(times):.0f} ms"
        f" (runs {' '.join(f'{t:.0f}' for t in times)}; export and load {loaded:.1f} s;"
        f" {beneficiaries} beneficiaries, {employees} employees: "
        f"{'same as the product' if same else 'DIFFERENT from the product'})"
    )


if __name__ == "__main__":
    main()
