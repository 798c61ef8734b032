import datetime as dt
import io

import pytest
from django.core.management import call_command

from relance.audit.backup import backup, restore
from relance.audit.purge import PREFIX
from relance.funding.models import Trainee, TransitionLog
from relance.reports.queries import report_figures
from tests.workflow import action


def test_purge_is_dry_by_default_and_keeps_every_report_figure(people, new_request, walk, settings):
    walk(paid := new_request(), "paid")
    walk(still_open := new_request(training_actions=[action(cost="3000.00")]), "approved")
    before = report_figures(year=2021, as_of=dt.date(2021, 9, 15))
    out = io.StringIO()
    call_command("purge", "--before", "2022", stdout=out)
    assert (
        "À blanc" in out.getvalue()
        and not Trainee.objects.filter(employee_ref__startswith=PREFIX).exists()
    )
    call_command("purge", "--before", "2022", "--apply", stdout=io.StringIO())
    # MAT-001 is also a trainee of the request still open: it stays until that one is paid too.
    assert not Trainee.objects.filter(employee_ref__startswith=PREFIX).exists()
    assert report_figures(year=2021, as_of=dt.date(2021, 9, 15)) == before
    Trainee.objects.filter(request_id=paid).update(employee_ref="MAT-777")
    # A direct edit bypasses the services that keep the report's figures: rebuild them.
    call_command("report", "--rebuild", "--year", "2021", stdout=io.StringIO())
    two_employees = report_figures(year=2021, as_of=dt.date(2021, 9, 15))
    call_command("purge", "--before", "2022", "--apply", stdout=io.StringIO())
    assert Trainee.objects.get(request_id=paid).employee_ref.startswith(PREFIX)
    assert Trainee.objects.get(request_id=still_open).employee_ref == "MAT-001"
    assert report_figures(year=2021, as_of=dt.date(2021, 9, 15)) == two_employees
    assert two_employees["employees_trained"] == 2


def test_the_audit_log_shows_who_did_what_with_amounts_and_cannot_be_edited(
    client, people, new_request, walk
):
    walk(request_id := new_request(), "approved")
    client.force_login(people["auditor"])
    page = client.get("/audit/").content.decode()
    assert "engagé : 0,00 € → 12\u202f000,00 €" in page and people["adviser"].username in page
    export = client.get("/audit/export.csv")
    assert export.status_code == 200
    assert b"".join(export.streaming_content).startswith("\ufeff".encode())
    client.force_login(people["company"])
    assert client.get("/audit/").status_code == 403
    entry = TransitionLog.objects.filter(request_id=request_id).last()
    entry.comment = "réécrit"
    with pytest.raises(PermissionError):
        entry.save()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_emptied_database_gives_the_same_report(
    people, new_request, walk, tmp_path
):
    walk(new_request(), "paid")
    walk(new_request(training_actions=[action(cost="5000.00")]), "approved")
    before = report_figures(year=2021, as_of=dt.date(2021, 9, 15))
    backup(tmp_path / "relance.dump")
    call_command("flush", "--no-input", verbosity=0)
    assert report_figures(year=2021, as_of=dt.date(2021, 9, 15))["beneficiary_companies"] == 0
    restore(tmp_path / "relance.dump")
    assert report_figures(year=2021, as_of=dt.date(2021, 9, 15)) == before
