"""Tasks that survive: a run is written with its cause, claimed under a lease, sent again when
its worker dies, and its effects (letters, e-mails) happen once."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from relance.funding.models import Document, DocumentKind
from relance.tasks.lease import lease_claim
from relance.tasks.models import TaskEffect, TaskRun
from relance.tasks.recovery import run_retry, runs_recover
from relance.tasks.runs import durable, execute_run

_outcomes: list[str] = []


@durable()
def _flaky(reason: str) -> None:
    if _outcomes.pop(0) == "fail":
        raise RuntimeError(reason)


def _approve(api, people, new_request, walk, django_capture_on_commit_callbacks):
    request_id = new_request()
    with django_capture_on_commit_callbacks(execute=True):
        walk(request_id, "approved")
    return request_id


def _letters() -> int:
    return Document.objects.filter(kind=DocumentKind.DECISION_LETTER).count()


def test_a_run_is_written_with_its_cause_and_vanishes_with_a_rollback(people, new_request):
    request_id = new_request()
    from relance.notifications.events import notify

    with pytest.raises(RuntimeError), transaction.atomic():
        notify("submitted", request_id)
        assert TaskRun.objects.count() == 1
        raise RuntimeError("the change fails")
    assert TaskRun.objects.count() == 0 and mail.outbox == []


def test_an_approval_letter_and_email_leave_once_and_the_run_is_done(
    api, people, new_request, walk, django_capture_on_commit_callbacks
):
    _approve(api, people, new_request, walk, django_capture_on_commit_callbacks)
    assert set(TaskRun.objects.values_list("state", flat=True)) == {TaskRun.State.DONE}
    approval = [m for m in mail.outbox if "accordée" in m.subject]
    assert len(approval) == 1 and approval[0].extra_headers["Message-ID"].endswith(
        "@relance.local>"
    )
    assert _letters() == 1


def test_a_run_delivered_twice_does_its_work_once(
    api, people, new_request, walk, django_capture_on_commit_callbacks
):
    _approve(api, people, new_request, walk, django_capture_on_commit_callbacks)
    sent, letters = len(mail.outbox), _letters()
    for run in TaskRun.objects.all():
        assert execute_run.call(str(run.pk)).startswith("skipped")
    assert len(mail.outbox) == sent and _letters() == letters


def test_a_run_held_by_a_live_worker_is_not_taken_and_a_lapsed_one_is(
    people, new_request, settings
):
    run = TaskRun.objects.create(task_path="x.y")
    assert lease_claim(str(run.pk), worker_id="worker-a")
    assert not lease_claim(str(run.pk), worker_id="worker-b")
    TaskRun.objects.filter(pk=run.pk).update(lease_expires_at=timezone.now() - dt.timedelta(1))
    assert lease_claim(str(run.pk), worker_id="worker-b")
    run.refresh_from_db()
    assert run.worker_id == "worker-b" and run.attempts == 2


def test_a_run_whose_worker_died_is_sent_again_and_finishes_once(
    api, people, new_request, walk, django_capture_on_commit_callbacks
):
    request_id = new_request()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        walk(request_id, "approved")
    approval = TaskRun.objects.get(kwargs={}, args__0="approved")
    # A worker took it and was killed: its lease is running out, nothing was sent.
    TaskRun.objects.filter(pk=approval.pk).update(
        state=TaskRun.State.RUNNING,
        attempts=1,
        worker_id="killed",
        lease_expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    assert runs_recover() >= 1
    approval.refresh_from_db()
    assert approval.state == TaskRun.State.DONE and approval.attempts == 2
    assert len([m for m in mail.outbox if "accordée" in m.subject]) == 1 and _letters() == 1
    for callback in callbacks:  # the original messages arrive late: nothing more happens
        callback()
    assert len([m for m in mail.outbox if "accordée" in m.subject]) == 1 and _letters() == 1


def test_a_run_never_sent_is_sent_by_the_recovery(people, new_request, walk):
    request_id = new_request()
    with transaction.atomic():  # committed, but the process died before sending (no hook ran)
        walk(request_id, "submitted")
    TaskRun.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    assert TaskRun.objects.get().enqueued_at is None
    assert runs_recover() == 1
    assert TaskRun.objects.get().state == TaskRun.State.DONE and len(mail.outbox) == 2


def test_a_run_that_kills_its_worker_every_time_ends_failed(settings, db):
    settings.RELANCE_TASK_MAX_ATTEMPTS = 3
    run = TaskRun.objects.create(
        task_path="x.y",
        state=TaskRun.State.RUNNING,
        attempts=3,
        lease_expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    runs_recover()
    run.refresh_from_db()
    assert run.state == TaskRun.State.FAILED and "3 tentatives" in run.error


def test_a_failed_run_keeps_its_error_and_can_be_run_again(db):
    _outcomes[:] = ["fail", "succeed"]
    run = _flaky.defer("boom")  # the test's transaction never commits: not sent yet
    with pytest.raises(RuntimeError):
        execute_run.call(str(run.pk))
    run.refresh_from_db()
    assert run.state == TaskRun.State.FAILED and "boom" in run.error
    assert run_retry(run_id=str(run.pk))
    run.refresh_from_db()
    assert run.state == TaskRun.State.DONE and run.error == "" and _outcomes == []
    assert not run_retry(run_id=str(run.pk))  # a finished run is not run again


def test_only_functions_marked_durable_can_be_named_by_a_run(db):
    run = TaskRun.objects.create(task_path="os.system", args=["true"])
    with pytest.raises(ValueError, match="not a durable task"):
        execute_run.call(str(run.pk))
    assert TaskRun.objects.get().state == TaskRun.State.FAILED


def test_effects_are_recorded_under_their_key_once(
    api, people, new_request, walk, django_capture_on_commit_callbacks
):
    _approve(api, people, new_request, walk, django_capture_on_commit_callbacks)
    keys = list(TaskEffect.objects.values_list("key", flat=True))
    assert any(key.startswith("letter:") for key in keys)
    assert len(keys) == len(set(keys)) == len(mail.outbox) + 1


def test_a_queued_run_whose_message_a_dead_worker_took_is_sent_again(settings, db, monkeypatch):
    """RQ: a worker killed right after taking the job leaves it « queued » but out of the queue."""
    from relance.tasks import recovery

    settings.RELANCE_TASKS_BACKEND = "rq"
    sent = []
    monkeypatch.setattr(recovery, "run_dispatch", sent.append)
    monkeypatch.setattr(recovery, "_rq_job_waiting", lambda job_id: job_id == "waiting")
    old = timezone.now() - dt.timedelta(minutes=10)
    taken = TaskRun.objects.create(task_path="x.y", enqueued_at=old, backend_result_id="taken")
    TaskRun.objects.create(task_path="x.y", enqueued_at=old, backend_result_id="waiting")
    assert runs_recover() == 1 and [run.pk for run in sent] == [taken.pk]
