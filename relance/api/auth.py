"""Bearer-token authentication, and guards that order errors as the contract says.

django-ninja validates a typed body before the view runs; a guard runs after authentication and
before that validation, so the caller learns 401, then 404, then 403, and only then 422.
"""

import functools
import json
from collections.abc import Callable

from django.http import HttpRequest
from ninja.decorators import decorate_view
from ninja.security import HttpBearer

from relance.accounts.models import User
from relance.accounts.services import user_for_token
from relance.api.errors import UNAUTHORIZED, errors_response
from relance.common.errors import ServiceError
from relance.common.log_context import log_bind

_CACHE_ATTR = "_relance_api_user"


def bearer_user(request: HttpRequest) -> User | None:
    if not hasattr(request, _CACHE_ATTR):
        header = request.headers.get("Authorization", "")
        scheme, _, raw = header.partition(" ")
        user = user_for_token(raw.strip()) if scheme.lower() == "bearer" and raw.strip() else None
        setattr(request, _CACHE_ATTR, user)
        if user is not None:
            log_bind(user_id=user.pk)
    return getattr(request, _CACHE_ATTR)


class BearerAuth(HttpBearer):
    openapi_description = "Jeton personnel : `relance createuser … --token`."

    def __call__(self, request: HttpRequest):
        return bearer_user(request)

    def authenticate(
        self, request: HttpRequest, token: str
    ):  # pragma: no cover - __call__ overrides
        return bearer_user(request)


def body_field(request: HttpRequest, key: str):
    """One field of the JSON body, for a guard, before django-ninja validates the body (None
    when the body is not a JSON object)."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return body.get(key) if isinstance(body, dict) else None


def guard(check: Callable[..., None]):
    """Run `check(user, **path_params)` between authentication and body validation."""

    def decorator(run):
        @functools.wraps(run)
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = bearer_user(request)
            if user is None:
                return errors_response(401, [UNAUTHORIZED])
            try:
                check(request, user, **kwargs)
            except ServiceError as error:
                return errors_response(error.status, error.errors)
            return run(request, *args, **kwargs)

        return wrapper

    return decorate_view(decorator)
