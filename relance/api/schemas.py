"""Schemas shared by several routers."""

from ninja import Schema
from pydantic import ConfigDict

from relance.api.errors import ErrorsOut


class Strict(Schema):
    """Request bodies refuse unknown fields: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


ERRORS = {401: ErrorsOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut}
