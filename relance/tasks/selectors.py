"""Reads on the background work: what needs a person's attention."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from relance.tasks.lease import lease_duration
from relance.tasks.models import TaskRun

ATTENTION_LIMIT = 200


def runs_needing_attention() -> QuerySet[TaskRun]:
    """Failed runs, runs queued for longer than a lease (stuck: no worker takes them) and
    running ones whose lease lapsed (their worker died; the recovery will send them again)."""
    now = timezone.now()
    stuck = Q(state=TaskRun.State.QUEUED, created_at__lt=now - lease_duration())
    lapsed = Q(state=TaskRun.State.RUNNING, lease_expires_at__lt=now)
    return TaskRun.objects.filter(Q(state=TaskRun.State.FAILED) | stuck | lapsed).order_by(
        "-created_at"
    )[:ATTENTION_LIMIT]


def runs_by_state() -> dict[str, int]:
    counts = dict(TaskRun.objects.values_list("state").annotate(n=Count("pk")))
    return {state: counts.get(state, 0) for state in TaskRun.State.values}
