"""Schemathesis generates requests from the OpenAPI document, valid and invalid: no answer is a
server error, and every answer has a documented status, content type and schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from relance.accounts.services import token_create
from relance.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def seeded(people, new_request, walk):
    """A manager's token, and a few requests in different states to act on. Requests go straight
    to the WSGI app, so the test's database connection must survive each one (as with Django's
    test client)."""
    token = _seed(
        people, new_request, walk
    )  # Django's test client reconnects the signals after each request
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield token
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _seed(people, new_request, walk) -> str:
    walk(new_request(), "approved")
    walk(new_request(), "in_review")
    return token_create(user=people["manager"])


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_never_fails_and_answers_as_documented(case, seeded):
    case.call_and_validate(headers={"Authorization": f"Bearer {seeded}"}, checks=CHECKS)
