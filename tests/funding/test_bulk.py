"""Bulk actions: each request through the single action's service, in its own transaction,
one outcome per id in the order given."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connections

from relance.budget.models import EntryKind, Envelope, LedgerEntry
from relance.funding.bulk import requests_bulk
from relance.funding.models import FundingRequest
from relance.reference.models import Department
from tests.factories import CompanyFactory, SituationFactory, UserFactory


def test_bulk_approval_reports_each_outcome_in_order_and_never_all_or_nothing(
    people, api, new_request, walk
):
    ids = [new_request() for _ in range(3)]
    for pk in ids:
        walk(pk, "in_review")
    Envelope.objects.update(
        initial_amount=Decimal("20000.00"), operator_costs=Decimal("0.00")
    )  # one 12 000 € request fits
    answer = api.post(
        people["manager"], "/requests/bulk", {"action": "approve", "ids": [*ids, 999999]}
    )
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["id"] for r in results] == [*ids, 999999]
    assert results[0] == {"id": ids[0], "ok": True, "status": "approved"}
    for refused in results[1:3]:
        assert refused["ok"] is False
        assert refused["errors"][0]["code"] == "insufficient_funds"
        assert "Fonds insuffisants" in refused["errors"][0]["message"]
    assert results[3]["errors"][0]["code"] == "not_found"
    statuses = dict(FundingRequest.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses == {ids[0]: "approved", ids[1]: "in_review", ids[2]: "in_review"}


def test_bulk_refusal_shares_its_reason_and_review_takes_each_in(people, api, new_request, walk):
    ids = [new_request() for _ in range(2)]
    for pk in ids:
        walk(pk, "submitted")
    reviewed = api.post(people["adviser"], "/requests/bulk", {"action": "review", "ids": ids})
    assert [r["status"] for r in reviewed.json()["results"]] == ["in_review", "in_review"]
    refused = api.post(
        people["adviser"],
        "/requests/bulk",
        {"action": "refuse", "ids": ids, "reason": "Hors périmètre"},
    ).json()["results"]
    assert all(r["ok"] and r["status"] == "refused" for r in refused)
    for pk in ids:
        assert FundingRequest.objects.get(pk=pk).history.last().comment == "Hors périmètre"


def test_bulk_refusal_without_a_reason_refuses_nothing(people, api, new_request, walk):
    pk = new_request()
    walk(pk, "in_review")
    result = api.post(people["adviser"], "/requests/bulk", {"action": "refuse", "ids": [pk]})
    assert result.json()["results"][0]["errors"][0]["field"] == "reason"
    assert FundingRequest.objects.get(pk=pk).status == "in_review"


def test_bulk_assignment_checks_the_delegation_of_each_request(people, api, new_request, walk):
    pk = new_request()
    walk(pk, "submitted")
    bad = api.post(
        people["manager"],
        "/requests/bulk",
        {"action": "assign", "ids": [pk], "assignee": people["other_adviser"].pk},
    ).json()["results"][0]
    assert bad["ok"] is False and bad["errors"][0]["code"] == "not_of_delegation"
    good = api.post(
        people["manager"],
        "/requests/bulk",
        {"action": "assign", "ids": [pk], "assignee": people["adviser"].pk},
    ).json()["results"][0]
    assert good == {"id": pk, "ok": True, "status": "submitted"}


@pytest.mark.parametrize("role", ["company", "finance", "auditor", "admin"])
def test_only_advisers_and_managers_take_bulk_actions(people, api, role):
    answer = api.post(people[role], "/requests/bulk", {"action": "review", "ids": [1]})
    assert answer.status_code == 403


def test_more_than_500_ids_is_refused_whole(people, api):
    answer = api.post(
        people["manager"], "/requests/bulk", {"action": "review", "ids": list(range(1, 502))}
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["code"] == "too_many"


def test_a_request_another_delegation_owns_is_not_found_in_bulk(people, api, new_request, walk):
    pk = new_request()
    walk(pk, "submitted")
    result = api.post(people["other_adviser"], "/requests/bulk", {"action": "review", "ids": [pk]})
    assert result.json()["results"][0]["errors"][0]["code"] == "not_found"
    assert FundingRequest.objects.get(pk=pk).status == "submitted"


def test_the_queue_page_lists_each_outcome_of_a_bulk_action(client, people, new_request, walk):
    ids = [new_request() for _ in range(2)]
    walk(ids[0], "in_review")
    walk(ids[1], "in_review")
    Envelope.objects.update(initial_amount=Decimal("20000.00"), operator_costs=Decimal("0.00"))
    client.force_login(people["adviser"])
    page = client.post("/gestion/lot/", {"action": "approve", "ids": ids, "next": "/gestion/"})
    html = page.content.decode()
    assert "1 demande traitée sur 2" in html
    assert "Fonds insuffisants" in html


@pytest.mark.postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_parallel_bulk_approvals_never_over_commit_the_envelope(reference, settings, postgres_only):
    settings.RELANCE_TODAY = dt.date(2021, 9, 15)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from tests.workflow import request_via_services

    adviser, manager = UserFactory(adviser=True), UserFactory(role="manager")
    ids = []
    for _ in range(8):
        company = CompanyFactory(headcount=40, department=Department.objects.get(code="69"))
        SituationFactory(company=company, kind="partial_activity", start=dt.date(2021, 3, 1))
        ids.append(request_via_services(company, adviser, until="in_review"))
    Envelope.objects.filter(scheme="fne", year=2021).update(
        initial_amount=Decimal("50000.00"), operator_costs=Decimal("0.00")
    )
    halves, results = [ids[::2] + ids[1::2][:2], ids[1::2] + ids[::2][:2]], [None, None]
    barrier = threading.Barrier(2)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = requests_bulk(actor=manager, action="approve", ids=halves[index])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    commitments = LedgerEntry.objects.filter(kind=EntryKind.COMMITMENT)
    assert commitments.count() == 4 and sum(e.amount for e in commitments) == Decimal("48000.00")
    assert FundingRequest.objects.filter(status="approved").count() == 4
    assert sum(o.ok for outcomes in results for o in outcomes) == 4


def test_a_bulk_refusal_on_the_page_asks_to_confirm_and_keeps_the_selection(
    client, people, new_request, walk
):
    ids = [new_request() for _ in range(2)]
    for pk in ids:
        walk(pk, "in_review")
    client.force_login(people["adviser"])
    body = {"action": "refuse", "ids": ids, "reason": "Hors périmètre", "next": "/gestion/"}
    asked = client.post("/gestion/lot/", body).content.decode()
    assert "Refuser 2 demandes ?" in asked and "Hors périmètre</textarea>" in asked
    assert all(f'name="ids" value="{pk}"' in asked for pk in ids)
    assert set(FundingRequest.objects.values_list("status", flat=True)) == {"in_review"}
    done = client.post("/gestion/lot/", {**body, "confirm": "on"}).content.decode()
    assert "2 demandes traitées sur 2" in done
    assert set(FundingRequest.objects.values_list("status", flat=True)) == {"refused"}
