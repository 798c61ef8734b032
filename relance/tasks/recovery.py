"""Runs that lost their worker or their message go back to a queue; any worker does this.

- a running run whose lease lapsed (its worker was killed or hangs) is queued and sent again,
  or failed once it has used RELANCE_TASK_MAX_ATTEMPTS attempts (a task that kills its worker);
- a queued run that was never sent (the process died between commit and send, or the backend
  was down), or whose message the backend no longer holds, is sent again.
Each step is a conditional UPDATE: of two workers recovering at once, one wins, one skips.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks.base import TaskResultStatus

from relance.tasks.lease import lease_duration
from relance.tasks.models import TaskRun
from relance.tasks.runs import run_dispatch

logger = logging.getLogger("relance.tasks")
# A run queued less than this ago may simply not have been sent yet (the commit hook is running).
UNSENT_GRACE = dt.timedelta(seconds=30)


def runs_recover(limit: int = 200) -> int:
    """Send again what was lost; return how many runs were sent again or failed."""
    now = timezone.now()
    return _recover_lapsed(now, limit) + _recover_lost_messages(now, limit)


def _recover_lapsed(now: dt.datetime, limit: int) -> int:
    lapsed = TaskRun.objects.filter(state=TaskRun.State.RUNNING, lease_expires_at__lt=now)
    count = 0
    for run in lapsed.order_by("lease_expires_at")[:limit]:
        still = TaskRun.objects.filter(
            pk=run.pk, state=TaskRun.State.RUNNING, lease_expires_at=run.lease_expires_at
        )
        if run.attempts >= settings.RELANCE_TASK_MAX_ATTEMPTS:
            error = f"abandonnée après {run.attempts} tentatives (worker arrêté à chaque fois)"
            count += still.update(state=TaskRun.State.FAILED, finished_at=now, error=error)
        elif still.update(state=TaskRun.State.QUEUED, enqueued_at=None) == 1:
            logger.warning("run %s (%s) lost its worker; sent again", run.pk, run.task_name)
            _send(run)
            count += 1
    return count


def _recover_lost_messages(now: dt.datetime, limit: int) -> int:
    unsent = Q(enqueued_at__isnull=True, created_at__lt=now - UNSENT_GRACE)
    old = Q(enqueued_at__lt=now - lease_duration())
    count = 0
    for run in TaskRun.objects.filter(unsent | old, state=TaskRun.State.QUEUED)[:limit]:
        if run.enqueued_at is not None and _backend_holds(run):
            continue
        if TaskRun.objects.filter(
            pk=run.pk, state=TaskRun.State.QUEUED, enqueued_at=run.enqueued_at
        ).update(enqueued_at=now):
            _send(run)
            count += 1
    return count


def _backend_holds(run: TaskRun) -> bool:
    """Whether the backend still has this run's message waiting (then there is nothing to do)."""
    try:
        if settings.RELANCE_TASKS_BACKEND == "rq":
            return _rq_job_waiting(run.backend_result_id)
        result = default_task_backend.get_result(run.backend_result_id)
    except Exception:  # unknown to the backend, or it cannot tell: send again, runs are idempotent
        return False
    return result.status == TaskResultStatus.READY


def _rq_job_waiting(job_id: str) -> bool:
    """In the queue's list itself: a worker killed right after taking a job leaves it « queued »
    in RQ's intermediate list, which RQ only cleans every few minutes."""
    import django_rq
    from rq.job import Job

    job = Job.fetch(job_id, connection=django_rq.get_connection())
    return job.get_position() is not None


def _send(run: TaskRun) -> None:
    try:
        run_dispatch(run)
    except Exception:
        # The backend is down: the run stays queued and unsent; the next pass tries again.
        TaskRun.objects.filter(pk=run.pk).update(enqueued_at=None)
        logger.exception("could not send run %s again", run.pk)


def run_retry(*, run_id: str) -> bool:
    """« Relancer »: a failed run, or one stuck queued, is sent again now."""
    retryable = Q(state=TaskRun.State.FAILED) | Q(state=TaskRun.State.QUEUED)
    run = TaskRun.objects.filter(retryable, pk=run_id).first()
    if run is None:
        return False
    TaskRun.objects.filter(pk=run.pk).update(
        state=TaskRun.State.QUEUED, error="", attempts=0, finished_at=None
    )
    _send(run)
    return True
