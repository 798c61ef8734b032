"""RELANCE_TASKS_BACKEND chooses the backend as a setting, not a code change."""

import json

from tests.config.test_settings import run_settings

PROBE = """
import django, json; django.setup()
from django.conf import settings as s
print(json.dumps({"backend": s.TASKS["default"]["BACKEND"], "queues": s.TASKS["default"]["QUEUES"],
  "apps": [a for a in s.INSTALLED_APPS if a in ("django_rq", "django_tasks_fennel")],
  "rq": {k: v["URL"] for k, v in s.RQ_QUEUES.items()},
  "acks_late": getattr(s, "CELERY_TASK_ACKS_LATE", None),
  "prefetch": getattr(s, "CELERY_WORKER_PREFETCH_MULTIPLIER", None),
  "broker": getattr(s, "CELERY_BROKER_URL", None)}))
"""


def settings_with(**env: str):
    return run_settings(env, probe=PROBE)


def test_the_database_backend_is_the_default_and_the_old_dotted_value_still_works():
    for env in ({}, {"RELANCE_TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}):
        result = settings_with(**env)
        assert result.returncode == 0, result.stderr
        values = json.loads(result.stdout)
        assert values["backend"] == "django_tasks_db.DatabaseBackend" and values["apps"] == []
        assert values["queues"] == ["default", "long"]


def test_rq_takes_redis_from_redis_url_for_every_queue():
    result = settings_with(RELANCE_TASKS_BACKEND="rq", REDIS_URL="redis://cache.internal:6379/3")
    values = json.loads(result.stdout)
    assert values["backend"] == "django_tasks_rq.RQBackend" and values["apps"] == ["django_rq"]
    assert values["rq"] == dict.fromkeys(("default", "long"), "redis://cache.internal:6379/3")


def test_celery_acknowledges_late_one_message_at_a_time_on_broker_url():
    result = settings_with(RELANCE_TASKS_BACKEND="celery", BROKER_URL="amqp://u:p@mq.internal//")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["backend"] == "django_tasks_fennel.CeleryBackend"
    assert (values["acks_late"], values["prefetch"], values["broker"]) == (
        True,
        1,
        "amqp://u:p@mq.internal//",
    )


def test_an_unknown_backend_is_refused_with_the_choices():
    result = settings_with(RELANCE_TASKS_BACKEND="sqs")
    assert result.returncode != 0
    assert "must be one of database, rq, celery, not 'sqs'" in result.stderr
