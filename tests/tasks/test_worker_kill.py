"""kill -9 a worker in the middle of a batch of letters: a second worker finishes every one,
exactly once. Real processes on the test database (PostgreSQL)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from relance.funding.models import Document, DocumentKind, TransitionLog
from relance.tasks.models import TaskEffect, TaskRun
from relance.tasks.queues import QUEUES

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": QUEUES}}


def _worker(tmp_path: Path, *queues: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "RELANCE_TASKS_BACKEND": "database",
        "RELANCE_TASK_LEASE_SECONDS": "2",
        "RELANCE_VAR_DIR": str(tmp_path),
        "RELANCE_EMAIL_DIR": str(tmp_path / "mail"),
    }
    args = [arg for queue in queues for arg in ("--queue", queue)]
    return subprocess.Popen(
        [sys.executable, "-m", "relance.cli", "worker", *args], env=env, start_new_session=True
    )


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _letters() -> int:
    return Document.objects.filter(kind=DocumentKind.DECISION_LETTER).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_amid_letters_leaves_a_second_one_to_finish_each_exactly_once(
    postgres_only, people, new_request, walk, settings, tmp_path
):
    settings.TASKS = DB_BACKEND
    for _ in range(6):
        walk(new_request(), "approved")
    approvals = TransitionLog.objects.filter(to_status="approved").count()
    assert TaskRun.objects.filter(state=TaskRun.State.QUEUED).count() == 2 * approvals

    first = _worker(tmp_path)
    try:
        assert _wait(lambda: _letters() >= 1, 60), "the first worker produced no letter"
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert _letters() < approvals, "the first worker finished everything before the kill"

    second = _worker(tmp_path)
    try:
        assert _wait(lambda: not TaskRun.objects.exclude(state="done").exists(), 90)
    finally:
        second.terminate()
        second.wait(timeout=30)

    assert _letters() == approvals
    assert (
        Document.objects.filter(kind=DocumentKind.DECISION_LETTER)
        .values("original_name")
        .distinct()
        .count()
        == approvals
    )
    message_ids = [
        line
        for path in (tmp_path / "mail").iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("Message-ID:")
    ]
    assert len(message_ids) == len(set(message_ids))
    assert len(message_ids) == TaskEffect.objects.filter(key__contains=":email:").count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_of_the_long_queue_leaves_the_emails_to_the_others(
    postgres_only, people, new_request, settings, tmp_path
):
    settings.TASKS = DB_BACKEND
    from relance.notifications.events import notify

    notify("submitted", new_request())
    worker = _worker(tmp_path, "long")
    try:
        time.sleep(6)
        assert TaskRun.objects.get().state == TaskRun.State.QUEUED
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    worker = _worker(tmp_path)
    try:
        assert _wait(lambda: TaskRun.objects.get().state == TaskRun.State.DONE, 30)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
