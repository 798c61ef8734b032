"""LOG_FORMAT=json: one JSON object a line, carrying the request id from the web to the tasks."""

import datetime as dt
import io
import json
import logging

import pytest

from relance.common.log_context import log_bind, log_scope
from relance.ops.logs import JsonFormatter
from relance.tasks.models import TaskRun


@pytest.fixture
def json_lines():
    """What the JSON formatter writes for the relance and django loggers, line by line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("relance", "django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_log_line_is_one_json_object_with_time_offset_level_logger_and_context(json_lines):
    with log_scope(request_id="req-12345678", user_id=7):
        log_bind(request_reference="FNE-2021-000042")
        logging.getLogger("relance.test").warning("Lettre « accordée » produite")
    (line,) = json_lines()
    assert line["level"] == "WARNING" and line["logger"] == "relance.test"
    assert line["message"] == "Lettre « accordée » produite"
    assert dt.datetime.fromisoformat(line["time"]).utcoffset() is not None
    assert line["time"][-6] in "+-"  # 2021-09-15T10:00:00.000+02:00
    assert (line["request_id"], line["user_id"], line["request_reference"]) == (
        "req-12345678",
        "7",
        "FNE-2021-000042",
    )


def test_every_response_carries_a_request_id_and_a_plausible_given_one_is_kept(client, db):
    generated = client.get("/")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/", HTTP_X_REQUEST_ID="lb-0123456789")["X-Request-ID"] == "lb-0123456789"
    assert client.get("/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


def test_a_request_log_line_names_the_request_id_and_the_user(client, people, json_lines):
    client.force_login(people["company"])
    client.get("/demandes/999999/", HTTP_X_REQUEST_ID="probe-00000001")
    (line,) = [line for line in json_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == "probe-00000001"
    assert line["user_id"] == str(people["company"].pk)


def test_the_request_id_travels_with_the_tasks_it_asks_for(
    api, people, new_request, json_lines, django_capture_on_commit_callbacks
):
    request_id = new_request()
    with django_capture_on_commit_callbacks(execute=True):
        api.post(
            people["company"], f"/requests/{request_id}/submit", HTTP_X_REQUEST_ID="web-42424242"
        )
    assert TaskRun.objects.get().request_id == "web-42424242"
    task_lines = [line for line in json_lines() if line["logger"] == "relance.tasks"]
    assert task_lines and all(line["request_id"] == "web-42424242" for line in task_lines)
    assert task_lines[-1]["message"] == "task send_request_event done"
    assert task_lines[-1]["request_reference"].startswith("D-")
