"""EXPLAIN ANALYZE of every query of the list pages, as a logged-in manager loads them.

    python benchmarks/list_plans.py [PATH …]   (PostgreSQL; default: the list pages below)

For each page: its queries, their time, and for the queries on the large tables the plan's
first lines (which index or scan, how many rows), so a sequential scan of a large table shows.
"""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relance.config.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from relance.accounts.models import User  # noqa: E402

PAGES = [
    ("demo-responsable", "/gestion/"),
    ("demo-responsable", "/gestion/?statut=approved&branche=metallurgie"),
    ("demo-responsable", "/gestion/?delegation=ARA&parcours=anticipation&tri=montant"),
    ("demo-responsable", "/gestion/?annee=2021&age=60&tri=ancien"),
    ("demo-responsable", "/gestion/?tri=entreprise"),
    ("demo-responsable", "/gestion/?page=99999"),
    ("demo-responsable", "/gestion/?onglet=toutes&page=1500"),
    ("demo-responsable", "/gestion/?q=mecanique+des+vosges"),
    ("demo-responsable", "/gestion/?q=406404574"),
    ("demo-responsable", "/gestion/?q=FNE-2021-640458-02"),
    ("demo-conseiller", "/gestion/?statut=paid"),
    ("demo-responsable", "/finances/"),
    ("demo-responsable", "/finances/?page=99999"),
    ("demo-responsable", "/audit/"),
    ("demo-responsable", "/audit/?reference=FNE-2021-7381&du=2021-06-01&au=2021-12-31"),
    ("demo-responsable", "/audit/?page=99999"),
    ("demo-responsable", "/audit/?page=3000"),
    ("demo-entreprise", "/espace/"),
]
LARGE = ("funding_", "budget_ledgerentry", "companies_company", "reports_")


def main() -> None:
    pages = [("demo-responsable", p) for p in sys.argv[1:]] or PAGES
    client = Client()
    for username, path in pages:
        client.force_login(User.objects.get(username=username))
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        print(f"## {path} ({username}): {len(captured)} queries")
        for query in captured.captured_queries:
            sql = query["sql"]
            if not any(f'"{t}' in sql for t in LARGE) or "django_session" in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            nodes = [line.strip() for line in plan if "Scan" in line or "Execution" in line]
            print(f"- {float(query['time']) * 1000:.0f} ms: {sql[:90]}…")
            for line in nodes[:6]:
                print(f"    {line}")


if __name__ == "__main__":
    main()
