"""The managers' page of background work: failed or stuck runs, and « Relancer »."""

import datetime as dt

from django.utils import timezone

from relance.tasks.models import TaskRun
from relance.tasks.runs import durable

_outcomes: list[str] = []


@durable()
def _flaky() -> None:
    if _outcomes.pop(0) == "fail":
        raise RuntimeError("SMTP indisponible")


def _failed_run() -> TaskRun:
    return TaskRun.objects.create(
        task_path="tests.www.test_tasks_page._flaky",
        state=TaskRun.State.FAILED,
        attempts=1,
        error="RuntimeError: SMTP indisponible",
    )


def test_managers_see_failed_and_stuck_runs_but_not_finished_ones(client, people):
    _failed_run()
    stuck = TaskRun.objects.create(task_path="relance.imports.tasks.run_import_job", args=[3])
    TaskRun.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    TaskRun.objects.create(task_path="x.done", state=TaskRun.State.DONE)
    client.force_login(people["manager"])
    page = client.get("/taches/").content.decode()
    assert "SMTP indisponible" in page and "Import" in page
    assert page.count(">Relancer</button>") == 2
    assert "x.done" not in page and "done" not in page.split("<table>")[1]


def test_relancer_runs_a_failed_task_again(client, people):
    _outcomes[:] = ["succeed"]
    run = _failed_run()
    client.force_login(people["manager"])
    response = client.post(f"/taches/{run.pk}/relancer/", follow=True)
    assert "Tâche relancée." in response.content.decode()
    run.refresh_from_db()
    assert run.state == TaskRun.State.DONE and run.error == ""


def test_a_finished_run_is_not_run_again(client, people):
    run = TaskRun.objects.create(task_path="x.done", state=TaskRun.State.DONE)
    client.force_login(people["manager"])
    response = client.post(f"/taches/{run.pk}/relancer/", follow=True)
    assert "ne peut pas être relancée" in response.content.decode()


def test_only_managers_and_admins_may_send_a_run_again(client, people):
    run = _failed_run()
    for role in ("adviser", "finance", "auditor", "company"):
        client.force_login(people[role])
        assert client.post(f"/taches/{run.pk}/relancer/").status_code == 403
    assert TaskRun.objects.get(pk=run.pk).state == TaskRun.State.FAILED
