"""Structured logs (LOG_FORMAT=json) and the request id that ties a request to its tasks.

Each HTTP request gets an id: the caller's `X-Request-ID` when it is a plausible one (a proxy
or load balancer may set it), a new one otherwise; it is sent back in the response header, is
written on every log line of the request, and travels with the tasks the request asks for.
"""

import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Callable

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

from relance.common.log_context import log_bind, log_end, log_fields, log_start

REQUEST_ID_HEADER = "X-Request-ID"
_PLAUSIBLE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601 with offset), level, logger, message, and the
    unit of work's request id, user id and funding request reference when there are some."""

    def format(self, record: logging.LogRecord) -> str:
        time = dt.datetime.fromtimestamp(record.created).astimezone()
        entry = {
            "time": time.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **log_fields(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    """After authentication, so the user id can be written on the request's log lines."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _PLAUSIBLE_ID.match(given) else uuid.uuid4().hex
        log_start(request_id=request_id)  # ended by the request_finished signal
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            log_bind(user_id=user.pk)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


request_finished.connect(log_end, dispatch_uid="relance-log-end")
