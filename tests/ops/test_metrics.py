"""/metrics: Prometheus text, only for METRICS_ALLOWED_IPS, added up across gunicorn workers."""

import re

import pytest
from django.db import connection

from tests.ops.server import fetch, serving


def _value(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_a_scrape_after_a_few_requests_shows_latency_queries_tasks_approvals_and_envelopes(
    api, people, new_request, walk, client, django_capture_on_commit_callbacks
):
    before = client.get("/metrics").content.decode()
    for _ in range(3):
        client.get("/dispositif/")
    with django_capture_on_commit_callbacks(execute=True):
        walk(new_request(), "approved")
    response = client.get("/metrics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    count = "relance_request_duration_seconds_count"
    assert _value(text, count, view="scheme") - _value(before, count, view="scheme") == 3
    assert _value(text, "relance_db_queries_total", alias="default") > 0
    assert _value(text, "relance_approvals_total") == 1
    assert _value(text, "relance_tasks", state="done", queue="default") == 2
    assert _value(text, "relance_tasks", state="failed") == 0
    assert re.search(r'relance_envelope_available_euros\{scheme="fne",year="2021"\} \d', text)


def test_metrics_are_refused_to_other_addresses(client, db):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 403 and b"relance_" not in response.content


def test_behind_a_proxy_the_forwarded_client_is_judged_not_the_proxy(client, db, settings):
    settings.RELANCE_PROXY_COUNT = 1
    # The proxy runs on this machine: REMOTE_ADDR is always 127.0.0.1.
    outside = client.get(
        "/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.5"
    )
    assert outside.status_code == 403
    local = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert local.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_under_several_gunicorn_workers_every_scrape_counts_every_request(tmp_path, reference):
    db = connection.settings_dict
    url = (
        f"sqlite:///{db['NAME']}"
        if connection.vendor == "sqlite"
        else f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    env = {
        "RELANCE_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "relance.example.fr",
        "DATABASE_URL": url,
        "RELANCE_VAR_DIR": str(tmp_path),
    }
    headers = {"Host": "relance.example.fr", "X-Forwarded-Proto": "https"}
    with serving(env, workers=3) as (base, _process):
        for _ in range(30):
            assert fetch(f"{base}/api/v1/openapi.json", headers)[0] == 200
        scrapes = [fetch(f"{base}/metrics", headers)[2].decode() for _ in range(6)]
    counts = {
        _value(text, "relance_request_duration_seconds_count", view="api:openapi-json")
        for text in scrapes
    }
    # Whichever worker answers a scrape, it adds up every worker's files. (Which workers took the
    # 30 requests is the kernel's choice: on a busy machine one worker may take them all.)
    assert counts == {30.0}
    assert list((tmp_path / "metrics").glob("counter_*.db"))
