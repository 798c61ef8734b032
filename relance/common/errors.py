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


class Limits:
    """Bounds every entry point checks, so no input reaches the database beyond its columns."""

    MONEY = 10**12  # euros: the columns hold 12 digits before the cents
    HOURS = 10**6
    HEADCOUNT = 10_000_000
    FIRST_YEAR, LAST_YEAR = 1900, 2100

    @staticmethod
    def text(errors: "ErrorCollector", field: str, value: str, maximum: int) -> None:
        from relance.common.input_limits import control_error  # it builds on FieldError

        if len(value) > maximum:
            errors.add(
                field, "too_long", f"Texte trop long ({len(value)} caractères ; {maximum} au plus)."
            )
        if problem := control_error(field, value):
            errors.errors.append(problem)

    @staticmethod
    def number(
        errors: "ErrorCollector", field: str, value, maximum, places: int | None = 2
    ) -> bool:
        """True when the number fits; a negative value is the caller's own message."""
        if not value.is_finite() if hasattr(value, "is_finite") else False:
            errors.add(field, "invalid_number", "Nombre invalide.")
            return False
        if abs(value) >= maximum:
            errors.add(field, "too_large", "Valeur trop élevée.")
            return False
        if (
            places is not None
            and hasattr(value, "as_tuple")
            and -value.as_tuple().exponent > places
        ):
            errors.add(field, "too_many_decimals", f"{places} décimales au plus.")
            return False
        return True

    @classmethod
    def date(cls, errors: "ErrorCollector", field: str, value) -> None:
        if value is not None and not cls.FIRST_YEAR <= value.year <= cls.LAST_YEAR:
            errors.add(
                field,
                "date_out_of_range",
                f"Date hors de la période gérée ({cls.FIRST_YEAR}–{cls.LAST_YEAR}).",
            )
