"""Kept figures under parallel approvals, cancellations and payments: still equal to the ledger."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connections

from relance.budget.models import Envelope
from relance.common.errors import ServiceError
from relance.funding import money
from relance.reference.models import Department
from relance.reports.verify import kept_differences
from tests.factories import CompanyFactory, SituationFactory, UserFactory
from tests.funding.test_concurrency import in_review_request


def in_parallel(calls) -> None:
    barrier = threading.Barrier(len(calls))

    def run(call) -> None:
        try:
            barrier.wait()
            call()
        except ServiceError:
            pass  # a refusal (funds, state) is an outcome, not a failure
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_of_the_same_and_other_companies_keep_exact_figures(reference, settings):
    settings.RELANCE_TODAY = dt.date(2021, 9, 15)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    adviser, manager = UserFactory(adviser=True), UserFactory(role="manager")
    finance = UserFactory(role="finance")
    companies = [
        CompanyFactory(headcount=40, department=Department.objects.get(code="69")) for _ in range(3)
    ]
    for company in companies:
        SituationFactory(company=company, kind="partial_activity", start=dt.date(2021, 3, 1))
    ids = [in_review_request(companies[i % 3], adviser) for i in range(6)]
    Envelope.objects.filter(scheme="fne", year=2021).update(
        initial_amount=Decimal("50000.00"), operator_costs=Decimal("0.00")
    )

    in_parallel([lambda pk=pk: money.request_approve(actor=manager, request_id=pk) for pk in ids])
    in_parallel(
        [
            lambda: money.request_cancel(actor=manager, request_id=ids[0]),
            lambda: money.request_cancel(actor=manager, request_id=ids[1]),
            *[
                lambda pk=pk: money.payment_record(
                    actor=finance,
                    request_id=pk,
                    amount=Decimal("1000.00"),
                    payee="company",
                    reference=f"P-{pk}",
                    final=True,
                )
                for pk in ids[2:]
            ],
        ]
    )

    assert kept_differences(Envelope.objects.get(scheme="fne", year=2021)) == []
