"""What every log line of this unit of work should carry: the HTTP request id, the user, the
funding request's reference. Set by the request middleware and by the task runner, read by the
JSON log formatter; a context variable, so threads and tasks never mix theirs."""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

_fields: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "log_fields", default=None
)


def log_fields() -> dict[str, str]:
    return _fields.get() or {}


def log_bind(**fields: object) -> None:
    """Add fields to the current unit of work (e.g. the reference once a request is loaded)."""
    _fields.set({**log_fields(), **{k: str(v) for k, v in fields.items() if v is not None}})


@contextmanager
def log_scope(**fields: object) -> Iterator[None]:
    """A fresh context for one request or one task; the previous one comes back afterwards."""
    token = _fields.set({k: str(v) for k, v in fields.items() if v is not None})
    try:
        yield
    finally:
        _fields.reset(token)


def log_start(**fields: object) -> None:
    """Begin a unit of work that ends with log_end() (an HTTP request: Django logs its 4xx and
    5xx after the middlewares returned, so a `with` block would end too early)."""
    _fields.set({k: str(v) for k, v in fields.items() if v is not None})


def log_end(**_kwargs: object) -> None:
    _fields.set(None)


def current_request_id() -> str:
    return log_fields().get("request_id", "")
