"""Schemas and field types shared by several routers."""

import dataclasses
import datetime as dt
import typing
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from ninja import Schema
from pydantic import ConfigDict, PlainSerializer, create_model

from relance.api.errors import ErrorsOut


class Strict(Schema):
    """Request bodies refuse unknown fields: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


# Amounts travel as strings with two decimals ("12000.00"): exact, and what a spreadsheet reads.
Money = Annotated[Decimal, PlainSerializer(lambda value: f"{value:.2f}", return_type=str)]
# Instants travel in ISO 8601 with the Europe/Paris offset, as the pages and exports show them.
Instant = Annotated[
    dt.datetime,
    PlainSerializer(lambda value: timezone.localtime(value).isoformat(), return_type=str),
]


def answer_of(shape: type, name: str) -> type[Schema]:
    """An answer schema with the fields of a service dataclass, read from a model's attributes
    (amounts as `Money`), so a shape that goes in comes back out under the same declaration."""
    hints = typing.get_type_hints(shape)
    fields = {
        f.name: (Money if hints[f.name] is Decimal else hints[f.name], ...)
        for f in dataclasses.fields(shape)
    }
    return create_model(name, __base__=Schema, **fields)


# 400: a body Django cannot parse; 413: a JSON body over 4 MB (relance.common.input_guard).
ERRORS = {
    400: ErrorsOut,
    401: ErrorsOut,
    403: ErrorsOut,
    404: ErrorsOut,
    409: ErrorsOut,
    413: ErrorsOut,
    422: ErrorsOut,
}
