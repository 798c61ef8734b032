"""Durable tasks: written with the change that asks for them, carried by any backend, run once.

`@durable()` marks a function as a task; `fn.defer(*args)` writes its `TaskRun` in the current
transaction and hands it to the configured django-tasks backend (database, RQ, Celery) once the
transaction commits. Every backend carries the same message, `execute_run(run_id)`; the run's
lease and its recorded effects make a redelivered or recovered run harmless.
"""

import contextvars
import functools
import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from relance.common.log_context import current_request_id, log_scope
from relance.common.replica import primary_reads
from relance.tasks.lease import Heartbeat, lease_claim, lease_release
from relance.tasks.models import TaskRun
from relance.tasks.queues import DEFAULT_QUEUE

logger = logging.getLogger("relance.tasks")
_current_run: contextvars.ContextVar[str | None] = contextvars.ContextVar("run", default=None)


def current_run_id() -> str | None:
    return _current_run.get()


def durable(*, queue_name: str = DEFAULT_QUEUE) -> Callable:
    def decorate(func: Callable) -> Callable:
        func.durable_queue = queue_name
        func.defer = functools.partial(run_defer, func)
        return func

    return decorate


def run_defer(func: Callable, *args: Any, **kwargs: Any) -> TaskRun:
    """Write the run now; send it to the backend after commit (nothing is sent on rollback)."""
    run = TaskRun.objects.create(
        task_path=f"{func.__module__}.{func.__qualname__}",
        args=list(args),
        kwargs=kwargs,
        queue_name=func.durable_queue,
        request_id=current_request_id(),
    )

    # robust: a backend that is down must not turn a committed change into an error page;
    # the run stays queued and the workers' recovery sends it again.
    def dispatch() -> None:
        run_dispatch(run)

    transaction.on_commit(dispatch, robust=True)
    return run


def run_dispatch(run: TaskRun) -> None:
    TaskRun.objects.filter(pk=run.pk).update(enqueued_at=timezone.now())
    result = execute_run.using(queue_name=run.queue_name).enqueue(str(run.pk))
    TaskRun.objects.filter(pk=run.pk).update(backend_result_id=str(result.id)[:64])


@task()
@primary_reads()
def execute_run(run_id: str) -> str:
    """What every backend runs. Returns what happened, for the backend's own records."""
    if not lease_claim(run_id):
        return "skipped: done, or held by a live worker"
    run = TaskRun.objects.get(pk=run_id)
    heartbeat = Heartbeat(run_id)
    heartbeat.start()
    token = _current_run.set(run_id)
    try:
        with log_scope(request_id=run.request_id or None, task=run.task_name, run=run_id):
            logger.info("task %s started (attempt %d)", run.task_name, run.attempts)
            _call(run)
            logger.info("task %s done", run.task_name)
    except Exception as error:
        logger.exception("task %s failed", run.task_name)
        lease_release(run_id, error="".join(traceback.format_exception(error))[-4000:])
        raise
    finally:
        _current_run.reset(token)
        heartbeat.stop()
    lease_release(run_id)
    return "done"


def _call(run: TaskRun) -> None:
    func = import_string(run.task_path)
    if not hasattr(func, "durable_queue"):
        # A row names the code to run: only functions marked @durable may be named.
        raise ValueError(f"{run.task_path} is not a durable task")
    func(*run.args, **run.kwargs)
