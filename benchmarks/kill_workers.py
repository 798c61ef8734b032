"""Fault campaign: kill -9 task workers in the middle of a batch of decision letters, then
count lost and duplicated letters and e-mails. Any backend (RELANCE_TASKS_BACKEND).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/relance_kill \\
    RELANCE_TASKS_BACKEND=database|rq|celery [REDIS_URL=…] [BROKER_URL=…] \\
    .venv/bin/python benchmarks/kill_workers.py [APPROVALS=120] [KILLS=20]

The database named in DATABASE_URL is dropped and created afresh. Two workers run at once;
each kill lands while the victim holds a run (a letter or an e-mail in flight), then a new
worker replaces it. Leases are 2 s so the survivors take lapsed runs over quickly.
"""

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from approvals import fresh_database, prepare

os.environ["RELANCE_TASK_LEASE_SECONDS"] = "2"
VAR = Path(tempfile.mkdtemp(prefix="relance-kill-"))
os.environ["RELANCE_VAR_DIR"] = str(VAR)
os.environ["RELANCE_EMAIL_DIR"] = str(VAR / "mail")


def approve_all(request_ids: list[int]) -> None:
    from relance.accounts.models import User
    from relance.accounts.services import user_create
    from relance.funding.models import FundingRequest
    from relance.funding.money import request_approve

    manager = User.objects.get(username="bench-manager")
    for request in FundingRequest.objects.filter(pk__in=request_ids).select_related("company"):
        user_create(
            role="company", siren=request.company.siren, email=f"rh-{request.pk}@example.fr"
        )
        request_approve(actor=manager, request_id=request.pk)


def purge_broker() -> None:
    from django.conf import settings

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.tasks.brokers import purge

    if settings.RELANCE_TASKS_BACKEND != "database":
        purge(settings.RELANCE_TASKS_BACKEND)


def start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "relance.cli", "worker"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def holds_a_run(worker: subprocess.Popen) -> bool:
    from relance.tasks.models import TaskRun

    return TaskRun.objects.filter(state="running", worker_id__contains=f":{worker.pid}:").exists()


def pending() -> int:
    from relance.tasks.models import TaskRun

    return TaskRun.objects.exclude(state="done").count()


def campaign(kills_wanted: int) -> int:
    workers = [start_worker(), start_worker()]
    kills, deadline = 0, time.monotonic() + 600
    while kills < kills_wanted and pending() and time.monotonic() < deadline:
        victim = random.choice(workers)
        if not holds_a_run(victim):
            time.sleep(0.05)
            continue
        time.sleep(random.uniform(0, 0.3))  # somewhere inside the letter or the e-mail
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
        kills += 1
        workers[workers.index(victim)] = start_worker()
    while pending() and time.monotonic() < deadline:
        time.sleep(0.5)
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    return kills


def count() -> dict:
    from django.conf import settings

    from relance.funding.models import Document, DocumentKind, TransitionLog
    from relance.tasks.models import TaskRun

    approvals = TransitionLog.objects.filter(to_status="approved").count()
    letters = Document.objects.filter(kind=DocumentKind.DECISION_LETTER)
    distinct_letters = letters.values("original_name").distinct().count()
    ids = [
        line
        for path in (VAR / "mail").iterdir()
        for line in path.read_text(errors="replace").splitlines()
        if line.startswith("Message-ID:")
    ]
    runs = TaskRun.objects.count()
    return {
        "backend": settings.RELANCE_TASKS_BACKEND,
        "approvals": approvals,
        "runs": runs,
        "runs_not_done": TaskRun.objects.exclude(state="done").count(),
        "runs_taken_over": TaskRun.objects.filter(attempts__gt=1).count(),
        "letters_lost": approvals - distinct_letters,
        "letters_duplicated": letters.count() - distinct_letters,
        "emails_lost": runs - len(set(ids)),
        "emails_duplicated": len(ids) - len(set(ids)),
        "not_done": [
            (run.state, run.attempts, run.enqueued_at is not None, run.error[-120:])
            for run in TaskRun.objects.exclude(state="done")[:5]
        ],
    }


def main() -> None:
    import django

    approvals = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    kills_wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    django.setup()
    fresh_database()
    purge_broker()  # what an earlier, interrupted campaign left in Redis or RabbitMQ
    approve_all(prepare(approvals))  # each commit sends its runs to the backend
    from django.db import connections

    connections.close_all()
    started = time.monotonic()
    kills = campaign(kills_wanted)
    print(json.dumps({**count(), "kills": kills, "seconds": round(time.monotonic() - started)}))


if __name__ == "__main__":
    main()
