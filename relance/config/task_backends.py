"""RELANCE_TASKS_BACKEND → the django-tasks backend and what it needs, as settings.

- `database` (default): django-tasks-db, the tasks table in the application's database;
- `rq`: django-tasks-rq on Redis (`REDIS_URL`);
- `celery`: django-tasks-fennel on a Celery broker, RabbitMQ here (`BROKER_URL`), with late
  acknowledgement so a message whose worker died goes back to the queue.
Whichever it is, runs, leases and effects live in the database (relance.tasks).
"""

from django.core.exceptions import ImproperlyConfigured

from relance.tasks.queues import QUEUES

BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "celery": "django_tasks_fennel.CeleryBackend",
}
# The value the README documented before the short names.
ALIASES = {"django_tasks_db.DatabaseBackend": "database"}


def backend_name(value: str) -> str:
    name = ALIASES.get(value, value)
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"RELANCE_TASKS_BACKEND must be one of {', '.join(BACKENDS)}, not {value!r}."
        )
    return name


def tasks_setting(name: str) -> dict:
    return {"default": {"BACKEND": BACKENDS[name], "QUEUES": QUEUES}}


def extra_apps(name: str) -> list[str]:
    return {"database": [], "rq": ["django_rq"], "celery": ["django_tasks_fennel"]}[name]


def rq_queues(redis_url: str) -> dict:
    return {queue: {"URL": redis_url, "DEFAULT_TIMEOUT": 3600} for queue in QUEUES}


def celery_settings(broker_url: str) -> dict:
    return {
        "CELERY_BROKER_URL": broker_url,
        "CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP": True,
        "CELERY_BROKER_CONNECTION_TIMEOUT": 5,
        # Acknowledge after the task ran, not on receipt: a killed worker's message is
        # delivered again; a worker takes one message at a time.
        "CELERY_TASK_ACKS_LATE": True,
        "CELERY_TASK_REJECT_ON_WORKER_LOST": True,
        "CELERY_WORKER_PREFETCH_MULTIPLIER": 1,
        "CELERY_TASK_DEFAULT_QUEUE": QUEUES[0],
        "CELERY_WORKER_HIJACK_ROOT_LOGGER": False,
    }
