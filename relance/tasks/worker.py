"""`relance worker`: the configured backend's own worker, plus the recovery of lost runs."""

import logging
import threading

from django.conf import settings
from django.db import connection

from relance.tasks.lease import WORKER_ID
from relance.tasks.recovery import runs_recover

logger = logging.getLogger("relance.tasks")


class Recovery(threading.Thread):
    """Every third of a lease (at most every 10 s), send again the runs that lost their worker."""

    def __init__(self) -> None:
        super().__init__(name="task-recovery", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = min(settings.RELANCE_TASK_LEASE_SECONDS / 3, 10)
        try:
            while not self.stopped.wait(interval):
                try:
                    runs_recover()
                except Exception:  # a database hiccup must not end the recovery for good
                    logger.exception("task recovery pass failed")
        finally:
            connection.close()


def run_database_worker(queues: list[str], *, batch: bool) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=queues or ["*"],
        interval=1,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=WORKER_ID[:64],
        excluded_queue_names=[],
    )
    worker.configure_signals()
    worker.run()


def run_rq_worker(queues: list[str], *, batch: bool) -> None:
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    # One process runs the task itself (no fork per job): the lease's heartbeat and the
    # database connection live where the task runs, and a kill stops both.
    worker = django_rq.get_worker(
        *(queues or settings.RQ_QUEUES), job_class=Job, worker_class=SimpleWorker
    )
    worker.work(burst=batch, with_scheduler=False)


def run_celery_worker(queues: list[str], *, batch: bool) -> None:
    from celery import current_app

    if batch:
        raise ValueError("--batch is not available with Celery: its workers do not drain and stop.")
    names = ",".join(queues or settings.TASKS["default"]["QUEUES"])
    current_app.worker_main(
        [
            "worker",
            "--pool=threads",
            "--concurrency=1",
            f"--queues={names}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={WORKER_ID[:60]}",
        ]
    )


RUNNERS = {
    "database": run_database_worker,
    "rq": run_rq_worker,
    "celery": run_celery_worker,
}


def worker_run(queues: list[str], *, batch: bool) -> None:
    if batch:
        runs_recover()
    else:
        Recovery().start()
    RUNNERS[settings.RELANCE_TASKS_BACKEND](queues, batch=batch)
