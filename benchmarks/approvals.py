"""Approvals per second with 4 concurrent workers on one envelope, against PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/relance_bench .venv/bin/python benchmarks/approvals.py [REQUESTS=400] [WORKERS=4]

The database named in DATABASE_URL is dropped and created afresh. The envelope holds about three
quarters of the requests, so workers race for the last funds; the final ledger check reports the
over-commit (must be 0).
"""

import datetime as dt
import multiprocessing
import os
import sys
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relance.config.settings")
os.environ.setdefault("RELANCE_TODAY", "2021-09-15")


def fresh_database() -> None:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def prepare(count: int) -> list[int]:
    from django.core.management import call_command
    from stdnum import luhn

    from relance.accounts.services import user_create
    from relance.companies.services import CompanyData, SituationData, company_upsert
    from relance.funding import services
    from relance.funding.data import ActionData, RequestData, TraineeData

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    manager, _ = user_create(role="manager", username="bench-manager", password="bench-Password-1")
    ids = []
    for n in range(count):
        body = f"{30_000_000 + n:08d}"
        company, _ = company_upsert(
            actor=manager,
            data=CompanyData(
                siren=body + luhn.calc_check_digit(body),
                name=f"Bench {n}",
                naf="2562B",
                headcount=40,
                department="69",
                idcc="3248",
                situations=[SituationData("partial_activity", dt.date(2021, 3, 1))],
            ),
        )
        action = ActionData(
            "Soudure",
            "55210055400013",
            "11755555575",
            Decimal("35"),
            dt.date(2021, 10, 1),
            dt.date(2021, 12, 1),
            Decimal("12000.00"),
        )
        data = RequestData(
            siren=company.siren,
            aid_regime="temporary_framework",
            pathway="anticipation",
            training_actions=[action],
            trainees=[TraineeData("MAT-1", "permanent")],
        )
        request, _ = services.request_create(actor=manager, data=data)
        services.request_submit(actor=manager, request_id=request.pk)
        services.request_review(actor=manager, request_id=request.pk)
        ids.append(request.pk)
    return ids


def work(request_ids: list[int], start_at: float, queue) -> None:
    import django

    django.setup()
    from relance.accounts.models import User
    from relance.common.errors import Conflict
    from relance.funding.money import request_approve

    manager = User.objects.get(username="bench-manager")
    ok = refused = 0
    while time.time() < start_at:
        time.sleep(0.001)
    for pk in request_ids:
        try:
            request_approve(actor=manager, request_id=pk)
            ok += 1
        except Conflict:
            refused += 1
    queue.put((ok, refused))


def main() -> None:
    import django

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    django.setup()
    fresh_database()
    ids = prepare(count)
    from django.db import connections

    from relance.budget.models import Envelope

    affordable = count * 3 // 4
    Envelope.objects.filter(scheme="fne", year=2021).update(
        initial_amount=Decimal("12000.00") * affordable
    )
    connections.close_all()

    queue = multiprocessing.Queue()
    start_at = time.time() + 1.0
    slices = [ids[i::workers] for i in range(workers)]
    processes = [multiprocessing.Process(target=work, args=(s, start_at, queue)) for s in slices]
    for process in processes:
        process.start()
    outcomes = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.time() - start_at
    report(count, workers, affordable, outcomes, elapsed)


def report(count, workers, affordable, outcomes, elapsed) -> None:
    from relance.budget.models import EntryKind, Envelope, LedgerEntry
    from relance.budget.selectors import envelope_totals

    envelope = Envelope.objects.get(scheme="fne", year=2021)
    totals = envelope_totals(envelope)
    approved = sum(ok for ok, _ in outcomes)
    refused = sum(r for _, r in outcomes)
    per_request = (
        LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT)
        .values("request_id")
        .distinct()
        .count()
    )
    overcommit = max(Decimal(0), totals.net_committed - totals.amount)
    print(f"requests: {count}, workers: {workers}, affordable: {affordable}")
    print(
        f"approved: {approved}, refused (fonds insuffisants): {refused}, elapsed: {elapsed:.2f} s"
    )
    print(
        f"approval attempts/s: {count / elapsed:.0f}, successful approvals/s: {approved / elapsed:.0f}"
    )
    print(
        f"ledger: envelope {totals.amount}, net committed {totals.net_committed}, requests committed {per_request}"
    )
    print(f"over-commit: {overcommit} (must be 0)")
    if overcommit or approved != affordable or per_request != approved:
        sys.exit(1)


if __name__ == "__main__":
    main()
