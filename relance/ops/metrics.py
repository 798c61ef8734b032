"""Prometheus metrics at /metrics: request latency by view, database queries, and figures read
from the database at scrape time (tasks by state, approvals, envelope available per year).

Under gunicorn, `relance serve` sets PROMETHEUS_MULTIPROC_DIR: each worker writes its samples
there and a scrape adds them up, whichever worker answers. Only METRICS_ALLOWED_IPS may read,
judged on the client address behind RELANCE_PROXY_COUNT proxies.
"""

import os
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from relance.common.client_address import client_address
from relance.ops.figures import DatabaseFigures

REQUEST_LATENCY = Histogram(
    "relance_request_duration_seconds",
    "Durée des requêtes HTTP, par vue",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
DB_QUERIES = Counter(
    "relance_db_queries_total",
    "Requêtes SQL exécutées pendant les requêtes HTTP",
    ["view", "alias"],
)


class MetricsMiddleware:
    """Times each request and counts its SQL queries, labelled by the view's route name."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        counts: dict[str, int] = {}
        started = time.perf_counter()
        with _QueryCounter(counts):
            response = self.get_response(request)
        view = _view_name(request)
        REQUEST_LATENCY.labels(view, request.method, response.status_code).observe(
            time.perf_counter() - started
        )
        for alias, count in counts.items():
            DB_QUERIES.labels(view, alias).inc(count)
        return response


class _QueryCounter:
    def __init__(self, counts: dict[str, int]):
        self.counts = counts
        self.wrappers: list = []

    def __enter__(self) -> None:
        for alias in connections:
            self.wrappers.append(connections[alias].execute_wrapper(self._wrapper(alias)))
            self.wrappers[-1].__enter__()

    def __exit__(self, *exc) -> None:
        for wrapper in reversed(self.wrappers):
            wrapper.__exit__(*exc)

    def _wrapper(self, alias: str) -> Callable:
        def count(execute, sql, params, many, context):
            self.counts[alias] = self.counts.get(alias, 0) + 1
            return execute(sql, params, many, context)

        return count


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:  # a probe, or a path no view serves (404, redirections)
        return getattr(request, "probe", "<unresolved>")
    return match.view_name or match._func_path


def metrics_allowed(request: HttpRequest) -> bool:
    return client_address(request) in settings.METRICS_ALLOWED_IPS


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse("Accès refusé.", status=403, content_type="text/plain; charset=utf-8")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # every gunicorn worker's samples, added up
    else:
        registry = REGISTRY
    figures = CollectorRegistry()
    figures.register(DatabaseFigures())
    body = generate_latest(registry) + generate_latest(figures)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
