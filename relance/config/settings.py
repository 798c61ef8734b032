"""Settings read from the environment.

With no environment at all the app runs in local mode (SQLite under var/, debug on, a local
secret). RELANCE_ENV=production refuses to start without SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL. DATABASE_URL selects PostgreSQL (or another SQLite file) in any mode.
"""

from pathlib import Path

import dj_database_url

from relance.config import task_backends
from relance.config.env import (
    env_bool,
    env_date,
    env_int,
    env_list,
    env_required,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(env_str("RELANCE_VAR_DIR", str(BASE_DIR / "var")))

RELANCE_ENV = env_str("RELANCE_ENV", "local")
PRODUCTION = RELANCE_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        env_required("ALLOWED_HOSTS")
    DATABASE_URL = env_required("DATABASE_URL")
    DEBUG = env_bool("DEBUG", False)
else:
    # A fixed secret is acceptable only because local mode never serves real users.
    SECRET_KEY = env_str("SECRET_KEY", "local-only-insecure-secret-key-do-not-use-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'relance.sqlite3'}")
    DEBUG = env_bool("DEBUG", True)

# The product's "today" (filing dates, deadlines, the live report, business timestamps):
# relance/clock.py; README, « Configuration ».
RELANCE_TODAY = env_date("RELANCE_TODAY")

INSTALLED_APPS = [
    # relance.www first: its French registration templates override the admin's.
    "relance.www",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "relance.accounts",
    "relance.reference",
    "relance.companies",
    "relance.budget",
    "relance.funding",
    "relance.notifications",
    "relance.demo",
    "relance.reports",
    "relance.audit",
    "relance.imports",
    "relance.simulations",
    "relance.tasks",
    "relance.ops",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
]

MIDDLEWARE = [
    # First: probes answer before the HTTPS redirection and the host check.
    "relance.ops.metrics.MetricsMiddleware",
    "relance.ops.probes.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Control characters, JSON depth and size refused (API) or stripped (pages) before use.
    "relance.common.input_guard.InputGuardMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "relance.ops.logs.RequestIdMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "relance.config.urls"
WSGI_APPLICATION = "relance.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "relance.www.context.navigation",
            ],
        },
    },
]


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so concurrent approvals queue instead of
        # failing with "database is locked" halfway through a transaction.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
        # A file, not shared-cache memory, so concurrency tests see SQLite's real locking.
        config["TEST"] = {"NAME": str(VAR_DIR / "test-relance.sqlite3")}
    return config


DATABASES = {"default": _database(DATABASE_URL)}
# A read replica for the report, dashboard, exports and simulations (relance/common/replica.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**_database(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["relance.common.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Reverse proxies in front (nginx's $proxy_add_x_forwarded_for): the client is the N-th
# address from the right of X-Forwarded-For (relance/common/client_address.py).
RELANCE_PROXY_COUNT = env_int("RELANCE_PROXY_COUNT", 0)
# Brute force: after 5 failures for one username from one address, 15 minutes of lockout for
# that pair only (failures from one address never lock the account for another address); and
# after 30 failures from one address, whatever the usernames (spraying), that address waits.
AXES_FAILURE_LIMIT = env_int("RELANCE_LOGIN_FAILURE_LIMIT", 5)
RELANCE_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("RELANCE_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# django-ipware is not installed: without this callable axes would read REMOTE_ADDR, the proxy's.
AXES_CLIENT_IP_CALLABLE = "relance.common.client_address.client_address"
AXES_HANDLER = "relance.accounts.lockout.LockoutHandler"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "relance" / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded documents live outside the web root and are served only through permission checks.
MEDIA_ROOT = VAR_DIR / "private"

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "relance <ne-pas-repondre@relance.local>")
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif env_str("RELANCE_EMAIL_DIR"):
    # One file per e-mail in that directory: for test campaigns and staging, never production.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env_str("RELANCE_EMAIL_DIR")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Content Security Policy: everything from this site, images also as data: URIs (charts).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Django's own handlers, with the client's file name shortened (100 characters) and cleaned.
FILE_UPLOAD_HANDLERS = [
    "relance.common.input_guard.MemoryUploadHandler",
    "relance.common.input_guard.TemporaryUploadHandler",
]
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

NINJA_PAGINATION_PER_PAGE = 50

# Background tasks (e-mails, letters, imports): run by `relance worker` (or the worker
# `relance serve` starts locally) on the database (default), RQ/Redis or Celery/RabbitMQ.
RELANCE_TASKS_BACKEND = task_backends.backend_name(env_str("RELANCE_TASKS_BACKEND", "database"))
TASKS = task_backends.tasks_setting(RELANCE_TASKS_BACKEND)
INSTALLED_APPS += task_backends.extra_apps(RELANCE_TASKS_BACKEND)
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = task_backends.rq_queues(REDIS_URL)
BROKER_URL = env_str("BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
if RELANCE_TASKS_BACKEND == "celery":
    globals().update(task_backends.celery_settings(BROKER_URL))
# A run whose worker has not renewed its lease for this long is run again by another worker.
RELANCE_TASK_LEASE_SECONDS = env_int("RELANCE_TASK_LEASE_SECONDS", 300)
# A run that kills its worker this many times is marked failed instead of tried again.
RELANCE_TASK_MAX_ATTEMPTS = env_int("RELANCE_TASK_MAX_ATTEMPTS", 5)

# Who may read /metrics (the client address behind RELANCE_PROXY_COUNT proxies).
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", ["127.0.0.1"])

RELANCE_MAX_UPLOAD_BYTES = env_int("RELANCE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Imports: no XLSX part may decompress past this, and no file hold more rows (relance/imports/readers.py).
RELANCE_MAX_IMPORT_UNCOMPRESSED = env_int("RELANCE_MAX_IMPORT_UNCOMPRESSED", 200 * 1000 * 1000)
RELANCE_MAX_IMPORT_ROWS = env_int("RELANCE_MAX_IMPORT_ROWS", 1_000_000)
RELANCE_REMINDER_DAYS = env_int("RELANCE_REMINDER_DAYS", 15)

# LOG_FORMAT=json: one JSON object per line, with the request id, user and request reference.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "relance.ops.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
