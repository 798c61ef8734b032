"""Errors raised by services, rendered by the API, the pages and the command line alike."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str | None
    code: str
    message: str

    def as_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "code": self.code, "message": self.message}


class ServiceError(Exception):
    """Base of the errors a use case reports to its caller; `status` is the HTTP meaning."""

    status = 400
    code = "error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.errors = [FieldError(field, code or self.code, message)]


class InvalidInput(ServiceError):
    status = 422
    code = "invalid"

    def __init__(self, errors: list[FieldError]):
        Exception.__init__(self, "; ".join(error.message for error in errors))
        self.errors = errors


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class ErrorCollector:
    """Collects every problem of an input before failing, so the user fixes them all at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str | None, code: str, message: str) -> None:
        self.errors.append(FieldError(field, code, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)
