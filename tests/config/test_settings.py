import os
import subprocess
import sys

import pytest
from django.core.management import call_command

PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.DEBUG)"


def run_settings(env: dict[str, str], probe: str = PROBE) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process with `env` (the environment's own settings removed)
    and run `probe` there."""
    names = {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "RELANCE_ENV", "DEBUG"}
    names |= {"RELANCE_TASKS_BACKEND", "REDIS_URL", "BROKER_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    return subprocess.run(
        [sys.executable, "-c", probe],
        env={**clean, "DJANGO_SETTINGS_MODULE": "relance.config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_local_mode_runs_on_sqlite_with_debug_when_nothing_is_set():
    result = run_settings({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_mode_refuses_to_start_without_each_required_variable(missing):
    env = {
        "RELANCE_ENV": "production",
        "SECRET_KEY": "s" * 50,
        "ALLOWED_HOSTS": "relance.example.fr",
        "DATABASE_URL": "postgres://u@db/relance",
    }
    del env[missing]
    result = run_settings(env)
    assert result.returncode != 0
    assert f"{missing} is required in production" in result.stderr


def test_production_mode_starts_with_its_variables_and_debug_off():
    result = run_settings(
        {
            "RELANCE_ENV": "production",
            "SECRET_KEY": "s" * 50,
            "ALLOWED_HOSTS": "relance.example.fr",
            "DATABASE_URL": "postgres://u@db/relance",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_an_invalid_reference_date_is_refused_with_a_clear_message():
    result = run_settings({"RELANCE_TODAY": "15/03/2022"})
    assert result.returncode != 0
    assert "RELANCE_TODAY must be an ISO date" in result.stderr


def test_the_reference_date_setting_drives_today(settings):
    import datetime as dt

    from relance.clock import today

    settings.RELANCE_TODAY = dt.date(2022, 3, 15)
    assert today() == dt.date(2022, 3, 15)


@pytest.mark.django_db
def test_models_and_migrations_are_in_step():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_deployment_check_is_clean_with_the_production_settings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "RELANCE_ENV": "production",
            "SECRET_KEY": "q8#Lz!v2Rk9$wM4pX7&nB1cT6yH3^dF0sJ5gA8eU2-Wm7Pq2Zr6Yt1Vx4",
            "ALLOWED_HOSTS": "relance.example.fr",
            "DATABASE_URL": "postgres://u@db/relance",
            "DJANGO_SETTINGS_MODULE": "relance.config.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
