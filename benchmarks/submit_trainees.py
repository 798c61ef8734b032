"""Time to create and to submit (« Déposer ») one request by its number of trainees, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/relance_bench .venv/bin/python benchmarks/submit_trainees.py [1000 3000 6000 20000]

The database named in DATABASE_URL is dropped and created afresh. Each size gets its own company
and request, created through the service (as the API does after parsing) then submitted; the
figures are wall-clock seconds in-process, the submit holding the request's row lock throughout.
"""

import datetime as dt
import os
import sys
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relance.config.settings")
os.environ.setdefault("RELANCE_TODAY", "2021-09-15")

sys.path.insert(0, os.path.dirname(__file__))


def company_for(manager, n: int):
    from stdnum import luhn

    from relance.companies.services import CompanyData, SituationData, company_upsert

    body = f"{31_000_000 + n:08d}"
    company, _ = company_upsert(
        actor=manager,
        data=CompanyData(
            siren=body + luhn.calc_check_digit(body),
            name=f"Bench trainees {n}",
            naf="2562B",
            headcount=25_000,
            department="69",
            idcc="3248",
            situations=[SituationData("partial_activity", dt.date(2021, 3, 1))],
        ),
    )
    return company


def request_data(siren: str, size: int):
    from relance.funding.data import ActionData, RequestData, TraineeData

    contracts = ["permanent", "fixed_term", "apprenticeship", "permanent"]
    trainees = [
        TraineeData(
            f"MAT-{i:06d}",
            contracts[i % 4],
            dt.date(2022, 1, 1) + dt.timedelta(days=i % 90) if i % 4 == 1 else None,
            leaving_under_pse_or_rcc=i % 17 == 0,
        )
        for i in range(size)
    ]
    action = ActionData(
        "Soudure",
        "55210055400013",
        "11755555575",
        Decimal("35"),
        dt.date(2021, 10, 1),
        dt.date(2021, 12, 1),
        Decimal("120000.00"),
    )
    return RequestData(
        siren=siren,
        aid_regime="gber",
        pathway="anticipation",
        training_actions=[action],
        trainees=trainees,
    )


def measure(manager, size: int) -> tuple[float, float, int]:
    from relance.funding import services
    from relance.funding.models import Trainee

    data = request_data(company_for(manager, size).siren, size)
    started = time.perf_counter()
    request, _ = services.request_create(actor=manager, data=data)
    created = time.perf_counter() - started
    started = time.perf_counter()
    services.request_submit(actor=manager, request_id=request.pk)
    submitted = time.perf_counter() - started
    eligible = Trainee.objects.filter(request=request, eligible=True).count()
    return created, submitted, eligible


def main() -> None:
    import django

    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 3_000, 6_000, 20_000]
    django.setup()
    from approvals import fresh_database
    from django.core.management import call_command

    from relance.accounts.services import user_create

    fresh_database()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    manager, _ = user_create(role="manager", username="bench-manager", password="bench-Password-1")
    print("trainees | create (s) | submit (s) | eligible")
    for size in sizes:
        created, submitted, eligible = measure(manager, size)
        print(f"{size} | {created:.2f} | {submitted:.2f} | {eligible}", flush=True)


if __name__ == "__main__":
    main()
