"""The import as a background task (django-tasks), its progress saved as it goes."""

from pathlib import Path

from relance.imports.companies import import_companies
from relance.imports.models import ImportJob
from relance.imports.readers import UnreadableFile, table
from relance.imports.requests import import_requests
from relance.tasks.models import TaskRun
from relance.tasks.queues import LONG_QUEUE
from relance.tasks.runs import durable


class _Progress:
    def __init__(self, job: ImportJob):
        self.job = job

    def __call__(self, count: int) -> None:
        self.job.done += count
        ImportJob.objects.filter(pk=self.job.pk).update(done=self.job.done)


def _total(job: ImportJob):
    def planned(count: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(total=count)

    return planned


def _fail(job: ImportJob, reason: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.FAILED, summary=reason)


@durable(queue_name=LONG_QUEUE)
def run_import_job(job_id: int) -> str:
    job = ImportJob.objects.get(pk=job_id)
    # A recovered run starts over: the import itself is idempotent, its progress is not.
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, done=0)
    job.done = 0
    path = Path(job.file.path)
    try:
        if job.kind == ImportJob.Kind.COMPANIES:
            report = import_companies(
                table(path), apply=job.apply, progress=_Progress(job), planned=_total(job)
            )
        else:
            ImportJob.objects.filter(pk=job.pk).update(total=1)
            report = import_requests(
                path, actor=job.created_by, apply=job.apply, progress=_Progress(job)
            )
    except UnreadableFile as error:
        _fail(job, str(error))
        return str(error)
    except BaseException as error:
        # Whatever stops the import (a bug, memory, the worker stopping), the job says so rather
        # than staying « en cours »; the run records the traceback and may be sent again.
        _fail(job, f"L'import s'est arrêté sur une erreur inattendue ({error.__class__.__name__}).")
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.DONE, summary=report.summary(), rejected_csv=report.rejected_csv()
    )
    return report.summary()


RUN_PATH = f"{run_import_job.__module__}.{run_import_job.__qualname__}"


def enqueue(job: ImportJob) -> None:
    run_import_job.defer(job.pk)


def job_settle(job: ImportJob) -> ImportJob:
    """A job whose run was given up (its worker died at every attempt, e.g. out of memory) has
    had no chance to say so itself: it is marked failed with the run's reason when looked at."""
    if job.state not in (ImportJob.State.PENDING, ImportJob.State.RUNNING):
        return job
    runs = TaskRun.objects.filter(task_path=RUN_PATH, args=[job.pk]).order_by("-created_at")
    last = runs.first()
    if last is not None and last.state == TaskRun.State.FAILED:
        _fail(
            job, f"L'import a échoué : tâche {last.error.splitlines()[-1] if last.error else ''}."
        )
        job.refresh_from_db()
    return job
