"""Health probes for a load balancer: no authentication, no data, no host check.

/healthz says the process answers; /readyz that it can work: the database answers, every
migration is applied, and the task backend is reachable. They are answered by the first
middleware, before the HTTPS redirection and ALLOWED_HOSTS, so a probe over plain HTTP to the
machine's address works.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse

from relance.ops.metrics import metrics_view


def database_ready() -> str | None:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return f"database: {type(error).__name__}"
    return f"migrations: {len(plan)} not applied" if plan else None


def task_backend_ready() -> str | None:
    try:
        if settings.RELANCE_TASKS_BACKEND == "rq":
            import django_rq

            django_rq.get_connection("default").ping()
        elif settings.RELANCE_TASKS_BACKEND == "celery":
            from celery import current_app

            with current_app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=3)
    except Exception as error:
        return f"task_backend: {type(error).__name__}"
    return None  # the database backend is the database, checked above


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": database_ready,
    "task_backend": task_backend_ready,
}


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    failing = {name: problem for name, check in CHECKS.items() if (problem := check())}
    if failing:
        return JsonResponse({"status": "unavailable", "failing": failing}, status=503)
    return JsonResponse({"status": "ok"})


class ProbeMiddleware:
    """Answers the probes and /metrics (its own address check) before anything else."""

    PROBES = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics_view}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = self.PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            request.probe = request.path_info.strip("/")  # its label in the metrics
            return probe(request)
        return self.get_response(request)
