"""A run's lease: claimed by one worker, renewed while it is alive, free again once it lapses.

Every step is one conditional UPDATE, so two workers (or a worker and the recovery) can never
both believe they own a run, on PostgreSQL as on SQLite.
"""

import datetime as dt
import os
import socket
import threading
import uuid

from django.conf import settings
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from relance.tasks.models import TaskRun

WORKER_ID = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_duration() -> dt.timedelta:
    return dt.timedelta(seconds=settings.RELANCE_TASK_LEASE_SECONDS)


def lease_claim(run_id: str, worker_id: str = WORKER_ID) -> bool:
    """Take a queued run, or a running one whose lease lapsed; False when another holds it."""
    now = timezone.now()
    claimable = Q(state=TaskRun.State.QUEUED) | Q(
        state=TaskRun.State.RUNNING, lease_expires_at__lt=now
    )
    return (
        TaskRun.objects.filter(claimable, pk=run_id).update(
            state=TaskRun.State.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            lease_expires_at=now + lease_duration(),
            worker_id=worker_id,
        )
        == 1
    )


def lease_renew(run_id: str, worker_id: str = WORKER_ID) -> bool:
    return (
        TaskRun.objects.filter(pk=run_id, worker_id=worker_id, state=TaskRun.State.RUNNING).update(
            lease_expires_at=timezone.now() + lease_duration()
        )
        == 1
    )


def lease_release(run_id: str, *, error: str = "", worker_id: str = WORKER_ID) -> None:
    state = TaskRun.State.FAILED if error else TaskRun.State.DONE
    TaskRun.objects.filter(pk=run_id, worker_id=worker_id, state=TaskRun.State.RUNNING).update(
        state=state, finished_at=timezone.now(), lease_expires_at=None, error=error
    )


class Heartbeat(threading.Thread):
    """Renews the lease a third of its length at a time until stopped; dies with the process,
    which is the point: a killed worker stops renewing and its run becomes free."""

    def __init__(self, run_id: str, worker_id: str = WORKER_ID):
        super().__init__(name=f"lease-{run_id}", daemon=True)
        self.run_id, self.worker_id = run_id, worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.RELANCE_TASK_LEASE_SECONDS / 3):
                lease_renew(self.run_id, self.worker_id)
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self.stopped.set()
        self.join()
