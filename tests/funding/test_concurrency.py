"""Parallel approvals of more than the envelope can hold: exactly the affordable ones succeed.

Runs on the configured database: PostgreSQL (row locks) in CI, SQLite (IMMEDIATE transactions
with a busy timeout) locally; `.ci/run` runs this module on SQLite as well.
"""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connections
from django.test import Client

from relance.budget.models import EntryKind, Envelope, LedgerEntry
from relance.funding.models import FundingRequest
from relance.reference.models import Department
from tests.factories import CompanyFactory, SituationFactory, UserFactory, bearer
from tests.workflow import request_via_services

WORKERS = 8


def in_review_request(company, adviser) -> int:
    return request_via_services(company, adviser, until="in_review")


def approve_in_parallel(request_ids: list[int], headers: dict) -> list[tuple[int, dict]]:
    barrier, results = threading.Barrier(len(request_ids)), [None] * len(request_ids)

    def approve(index: int, request_id: int) -> None:
        try:
            barrier.wait()
            response = Client().post(
                f"/api/v1/requests/{request_id}/approve",
                {},
                content_type="application/json",
                **headers,
            )
            results[index] = (response.status_code, response.json())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(i, pk)) for i, pk in enumerate(request_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_commit_exactly_what_the_envelope_holds(reference, settings):
    settings.RELANCE_TODAY = dt.date(2021, 9, 15)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    adviser = UserFactory(adviser=True)
    manager = UserFactory(role="manager")
    ids = []
    for _ in range(WORKERS):
        company = CompanyFactory(headcount=40, department=Department.objects.get(code="69"))
        SituationFactory(company=company, kind="partial_activity", start=dt.date(2021, 3, 1))
        ids.append(in_review_request(company, adviser))
    Envelope.objects.filter(scheme="fne", year=2021).update(
        initial_amount=Decimal("50000.00"), operator_costs=Decimal("0.00")
    )  # 4 × 12 000 fit

    outcomes = approve_in_parallel(ids, bearer(manager))

    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [200] * 4 + [409] * 4, outcomes
    refusals = [body["errors"][0] for status, body in outcomes if status == 409]
    assert all(
        e["code"] == "insufficient_funds" and "Fonds insuffisants" in e["message"] for e in refusals
    )
    commitments = LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT)
    assert commitments.count() == 4 and sum(e.amount for e in commitments) == Decimal("48000.00")
    approved = set(FundingRequest.objects.filter(status="approved").values_list("pk", flat=True))
    assert approved == set(commitments.values_list("request_id", flat=True))
    assert FundingRequest.objects.filter(status="in_review").count() == 4


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_repeated_approvals_of_one_request_commit_it_once(reference, settings):
    settings.RELANCE_TODAY = dt.date(2021, 9, 15)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    adviser = UserFactory(adviser=True)
    company = CompanyFactory(headcount=40, department=Department.objects.get(code="69"))
    SituationFactory(company=company, kind="partial_activity", start=dt.date(2021, 3, 1))
    request_id = in_review_request(company, adviser)

    outcomes = approve_in_parallel([request_id] * 4, bearer(adviser))

    assert sorted(status for status, _ in outcomes) == [200, 409, 409, 409], outcomes
    assert LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT).count() == 1
