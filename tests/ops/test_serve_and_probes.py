"""`relance serve` in production runs gunicorn; the probes answer a load balancer."""

import json
import os
import signal
from unittest import mock

from django.db.utils import OperationalError

from tests.ops.server import fetch, serving

PRODUCTION = {
    "RELANCE_ENV": "production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "relance.example.fr",
    # Nothing listens on port 1: the database is down.
    "DATABASE_URL": "postgres://postgres@127.0.0.1:1/relance_absent",
}


def test_in_production_serve_runs_gunicorn_whose_probes_answer_over_plain_http(tmp_path):
    with serving({**PRODUCTION, "RELANCE_VAR_DIR": str(tmp_path)}) as (base, process):
        status, headers, body = fetch(f"{base}/healthz")
        assert status == 200 and json.loads(body) == {"status": "ok"}
        assert headers["Server"].startswith("gunicorn")
        status, _, body = fetch(f"{base}/readyz")
        assert status == 503 and "database" in json.loads(body)["failing"]
        status, headers, _ = fetch(f"{base}/")  # everything else goes to HTTPS
        assert status == 400 or headers.get("Location", "").startswith("https://")
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    output = (tmp_path / "serve.log").read_text()
    assert process.returncode == 0
    assert "Booting worker" in output and "Shutting down: Master" in output
    assert '"GET /healthz HTTP/1.1" 200' in output  # the access log


def test_healthz_answers_whatever_the_host_and_without_a_session(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ok_when_the_database_is_migrated_and_the_backend_reachable(db, client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_names_the_database_when_it_does_not_answer(db, client):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == {"database": "database: OperationalError"}


def test_readyz_names_unapplied_migrations(db, client):
    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", return_value=[1, 2]
    ):
        response = client.get("/readyz")
    assert response.json()["failing"] == {"database": "migrations: 2 not applied"}


def test_readyz_names_the_task_backend_when_redis_does_not_answer(db, client, settings):
    settings.RELANCE_TASKS_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == {"task_backend": "task_backend: ConnectionError"}
