"""The read replica: the report, dashboard and exports read there; writes and locks stay on the
primary. CI points DATABASE_REPLICA_URL at the same server through a second connection."""

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from relance.common.replica import replica_reads
from relance.funding.money import request_approve
from relance.reports.queries import report_figures
from tests.workflow import TODAY

pytestmark = [
    pytest.mark.skipif(
        "replica" not in settings.DATABASES,
        reason="needs DATABASE_REPLICA_URL (CI sets it: a second connection to the same server)",
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


def _captured():
    return CaptureQueriesContext(connections["default"]), CaptureQueriesContext(
        connections["replica"]
    )


def test_the_report_reads_only_from_the_replica(people, new_request, walk):
    walk(new_request(), "approved")
    primary, replica = _captured()
    with primary, replica:
        figures = report_figures(year=2021, as_of=TODAY)
    assert figures["net_commitments"] == "12000.00" and figures["beneficiary_companies"] == 1
    assert len(replica.captured_queries) >= 3
    assert primary.captured_queries == []


def test_the_dashboard_and_the_exports_read_from_the_replica(client, people, new_request, walk):
    walk(new_request(), "approved")
    client.force_login(people["manager"])
    primary, replica = _captured()
    with primary, replica:
        assert client.get("/pilotage/?annee=2021").status_code == 200
        assert client.get("/bilan/2021/export.csv").status_code == 200
    replica_sql = " ".join(query["sql"] for query in replica.captured_queries)
    assert "budget_ledgerentry" in replica_sql
    primary_sql = " ".join(query["sql"] for query in primary.captured_queries)
    assert "budget_ledgerentry" not in primary_sql  # only the session and the user there


def test_an_approval_locks_and_writes_on_the_primary_even_inside_replica_reads(
    people, new_request, walk
):
    request_id = new_request()
    walk(request_id, "in_review")
    primary, replica = _captured()
    with primary, replica, replica_reads():
        request_approve(actor=people["adviser"], request_id=request_id)
    assert any("FOR NO KEY UPDATE" in query["sql"] for query in primary.captured_queries)
    assert replica.captured_queries == []
