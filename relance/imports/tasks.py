"""The import as a background task (django-tasks), its progress saved as it goes."""

from pathlib import Path

from relance.imports.companies import import_companies
from relance.imports.models import ImportJob
from relance.imports.readers import UnreadableFile, table
from relance.imports.requests import import_requests
from relance.tasks.queues import LONG_QUEUE
from relance.tasks.runs import durable


class _Progress:
    def __init__(self, job: ImportJob):
        self.job = job

    def __call__(self, count: int) -> None:
        self.job.done += count
        ImportJob.objects.filter(pk=self.job.pk).update(done=self.job.done)


@durable(queue_name=LONG_QUEUE)
def run_import_job(job_id: int) -> str:
    job = ImportJob.objects.get(pk=job_id)
    # A recovered run starts over: the import itself is idempotent, its progress is not.
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, done=0)
    job.done = 0
    path = Path(job.file.path)
    try:
        if job.kind == ImportJob.Kind.COMPANIES:
            rows = table(path)
            ImportJob.objects.filter(pk=job.pk).update(total=len(rows))
            report = import_companies(rows, apply=job.apply, progress=_Progress(job))
        else:
            ImportJob.objects.filter(pk=job.pk).update(total=1)
            report = import_requests(
                path, actor=job.created_by, apply=job.apply, progress=_Progress(job)
            )
    except UnreadableFile as error:
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.FAILED, summary=str(error))
        return str(error)
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.DONE, summary=report.summary(), rejected_csv=report.rejected_csv()
    )
    return report.summary()


def enqueue(job: ImportJob) -> None:
    run_import_job.defer(job.pk)
