import os

import pytest
from django.db import connection

from relance.reference.loader import reference_load
from relance.reference.models import Delegation
from relance.tasks.queues import QUEUES
from tests.tasks.brokers import RUNNERS, purge, run_each_message

# The workflow fixtures (people, api, new_request, walk) serve every test package.
pytest_plugins = ["tests.workflow"]

# Playwright's sync API and the Django ORM share a thread in browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped reference data once; each test's transaction rolls back over it."""
    with django_db_blocker.unblock():
        reference_load()


@pytest.fixture
def reference(db):
    """The shipped reference data, as `relance load-reference` leaves it (reloaded after a flush)."""
    if not Delegation.objects.exists():
        reference_load()


@pytest.fixture(scope="session")
def _broker_is_clean(django_db_blocker):
    from django.conf import settings

    if settings.RELANCE_TASKS_BACKEND in RUNNERS:
        purge(settings.RELANCE_TASKS_BACKEND)


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings, _broker_is_clean):
    """Background tasks run in-process at enqueue time; a failing task fails the test.

    With RELANCE_TASKS_BACKEND=rq or celery (CI runs the notification tests so), each message
    goes through Redis or RabbitMQ and is taken back from there; otherwise the immediate backend.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks.signals import task_finished

    disconnect = None
    if settings.RELANCE_TASKS_BACKEND in RUNNERS:
        disconnect = run_each_message(settings.RELANCE_TASKS_BACKEND)
    else:
        settings.TASKS = {
            "default": {
                "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                "QUEUES": QUEUES,
            }
        }
    failures = []

    def record(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            failures.append(task_result.errors[-1].traceback if task_result.errors else task_result)

    task_finished.connect(record)
    yield
    task_finished.disconnect(record)
    if disconnect is not None:
        disconnect()
    assert not failures, failures


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _no_lockout_unless_tested(settings):
    """django-axes counts failed logins; the brute-force test turns it back on."""
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (row locks, concurrency or volume): set DATABASE_URL=postgres://…"
        )


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
