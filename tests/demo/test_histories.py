"""The demo's histories follow the workflow table, as a real request's would."""

import datetime as dt
import io
from itertools import groupby

import pytest
from django.core.management import call_command

from relance.funding.models import FundingRequest, Message, TransitionLog
from relance.funding.workflow import NEW, Action, allows


@pytest.mark.slow  # builds the demo years 2021 and 2022 (about 80 s on SQLite)
def test_every_transition_of_the_demo_years_is_one_the_workflow_table_allows_in_time_order(
    reference, settings
):
    settings.RELANCE_TODAY = dt.date(2022, 3, 15)
    for year in ("2021", "2022"):
        call_command("demo", "--year", year, "--quiet", stdout=io.StringIO())
    rows = TransitionLog.objects.order_by("request_id", "at", "pk").values_list(
        "request_id", "at", "action", "from_status", "to_status", "actor__role"
    )
    checked = 0
    for request_id, history in groupby(rows.iterator(chunk_size=10_000), key=lambda r: r[0]):
        status, last = NEW, None
        for _, at, action, from_status, to_status, role in history:
            where = f"request {request_id}: {action} {from_status or '∅'} → {to_status}"
            assert from_status == status, f"{where} does not start where the last one ended"
            assert allows(from_status, action, to_status, role or "company"), where
            assert last is None or at >= last, f"{where} is dated before the previous one"
            status, last, checked = to_status, at, checked + 1
        assert status != NEW
    requests = FundingRequest.objects.count()
    assert requests > 10_000 and checked > 5 * requests
    assert TransitionLog.objects.filter(action=Action.CREATE).count() == requests
    threads = {Action.REQUEST_INFORMATION: "information_request", Action.ANSWER: "answer"}
    for action, kind in threads.items():
        logs = TransitionLog.objects.filter(action=action)
        assert logs.exists() and logs.count() == Message.objects.filter(kind=kind).count()
    assert not Message.objects.filter(kind="information_request", reply_by__isnull=True).exists()
