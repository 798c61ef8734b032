"""Exact idempotency: a replay gets what the first call got, concurrently too; the same key
with another body is a 409; re-importing a file changes nothing."""

import datetime as dt
import io
import json
import threading

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client

from relance.budget.models import EntryKind, LedgerEntry
from relance.funding.models import FundingRequest
from relance.reference.models import Department
from tests.factories import CompanyFactory, SituationFactory, UserFactory, bearer
from tests.workflow import action, request_body, request_via_services, trainee

REPLAYS = 8


def post_in_parallel(path: str, body: dict, headers: dict, count: int) -> list[tuple[int, dict]]:
    barrier, results = threading.Barrier(count), [None] * count

    def post(index: int) -> None:
        try:
            barrier.wait()
            response = Client().post(path, body, content_type="application/json", **headers)
            results[index] = (response.status_code, response.json())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("final", [True, False])
def test_concurrent_replays_of_a_payment_all_get_the_same_payment(
    postgres_only, reference, settings, final
):
    settings.RELANCE_TODAY = dt.date(2021, 9, 15)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    manager, finance = UserFactory(role="manager"), UserFactory(role="finance")
    company = CompanyFactory(headcount=40, department=Department.objects.get(code="69"))
    SituationFactory(company=company, kind="partial_activity", start=dt.date(2021, 3, 1))
    request_id = request_via_services(company, manager, until="in_review")
    from relance.funding.money import request_approve

    request_approve(actor=manager, request_id=request_id)
    body = {"amount": "5000.00", "payee": "company", "reference": "VIR-77", "final": final}

    outcomes = post_in_parallel(
        f"/api/v1/requests/{request_id}/payments", body, bearer(finance), REPLAYS
    )

    assert [status for status, _ in outcomes] == [201] * REPLAYS, outcomes
    assert len({answer["id"] for _, answer in outcomes}) == 1
    payments = LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, request_id=request_id)
    releases = LedgerEntry.objects.filter(kind=EntryKind.RELEASE, request_id=request_id)
    assert payments.count() == 1 and releases.count() == (1 if final else 0)


@pytest.mark.parametrize("change", [{"amount": "2000.01"}, {"payee": "provider"}, {"final": True}])
def test_a_payment_reference_replayed_with_another_body_is_an_idempotency_conflict(
    api, people, new_request, walk, change
):
    walk(request_id := new_request(), "approved")
    body = {"amount": "2000.00", "payee": "company", "reference": "P-2", "final": False}
    path = f"/requests/{request_id}/payments"
    first = api.post(people["finance"], path, body)
    assert api.post(people["finance"], path, {**body, "amount": "2000"}).json() == first.json()
    response = api.post(people["finance"], path, {**body, **change})
    assert response.status_code == 409
    (error,) = response.json()["errors"]
    assert error["code"] == "idempotency_conflict" and error["field"] == "reference"
    assert LedgerEntry.objects.filter(kind=EntryKind.PAYMENT).count() == 1


def test_a_final_payment_replayed_after_the_request_closed_returns_it(
    api, people, new_request, walk
):
    walk(request_id := new_request(), "approved")
    body = {"amount": "1000.00", "payee": "company", "reference": "P-F", "final": True}
    path = f"/requests/{request_id}/payments"
    first = api.post(people["finance"], path, body)
    again = api.post(people["finance"], path, body)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    response = api.post(people["finance"], path, {**body, "final": False})
    assert response.json()["errors"][0]["code"] == "idempotency_conflict"


def test_an_idempotency_key_replayed_with_another_body_is_an_idempotency_conflict(api, people):
    body = request_body(people["the_company"])
    key = {"HTTP_IDEMPOTENCY_KEY": "k-1"}
    first = api.post(people["company"], "/requests", body, **key)
    same = request_body(people["the_company"], training_actions=[action(cost="12000")])
    assert api.post(people["company"], "/requests", same, **key).json()["id"] == first.json()["id"]
    other = request_body(people["the_company"], trainees=[trainee("MAT-002")])
    response = api.post(people["company"], "/requests", other, **key)
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "idempotency_conflict"
    assert FundingRequest.objects.count() == 1


def test_reimporting_json_lines_without_references_changes_nothing(api, people, tmp_path, today):
    company = people["the_company"]
    lines = [
        {k: v for k, v in request_body(company).items() if k != "reference"},
        request_body(company, trainees=[trainee("MAT-009")], pathway="reconversion"),
    ]
    path = tmp_path / "demandes.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")

    def run() -> str:
        out = io.StringIO()
        call_command(
            "import",
            "requests",
            str(path),
            "--as",
            people["manager"].username,
            "--apply",
            "--quiet",
            "--report",
            str(tmp_path / "rejets.csv"),
            stdout=out,
        )
        return out.getvalue()

    assert run().startswith("2 créée(s)")
    references = set(FundingRequest.objects.values_list("reference", flat=True))
    assert all(r.startswith("IMP-") and len(r) == 20 for r in references)
    assert "2 inchangée(s)" in run()
    assert set(FundingRequest.objects.values_list("reference", flat=True)) == references
