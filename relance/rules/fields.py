"""Typed readers of the JSON contract's fields: each one records a French error instead of
raising, so that one answer lists every problem of a request."""

import datetime as dt
import functools
from decimal import Decimal, InvalidOperation
from typing import Any

from relance.rules.money import CENT

MAX_AMOUNT = Decimal(10) ** 12
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


@functools.lru_cache(maxsize=8192)
def iso_date(value: str) -> dt.date:
    """Requests repeat the same few hundred dates: parse each once. Dates outside 1900–2100
    are refused: no rule applies there, and date arithmetic would overflow."""
    day = dt.date.fromisoformat(value)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{value} is outside {FIRST_DAY}–{LAST_DAY}")
    return day


class InputErrors(Exception):
    def __init__(self, errors: list[dict[str, Any]]):
        super().__init__(f"{len(errors)} input error(s)")
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:
        return {"errors": self.errors}


class FieldParser:
    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def error(self, field: str | None, code: str, message: str) -> None:
        self.errors.append({"field": field, "code": code, "message": message})

    def object(
        self,
        value: Any,
        path: str,
        required: frozenset[str],
        optional: frozenset[str] = frozenset(),
    ) -> dict | None:
        if not isinstance(value, dict):
            self.error(path or None, "not_an_object", "Un objet JSON est attendu.")
            return None
        keys = value.keys()
        if keys == required or (keys >= required and keys - required <= optional):
            return value
        for key in sorted(required - value.keys()):
            self.error(_join(path, key), "missing", "Ce champ est obligatoire.")
        for key in sorted(value.keys() - required - optional):
            self.error(_join(path, key), "unexpected_field", "Ce champ n'est pas attendu.")
        return value

    def date(self, value: Any, path: str, *, nullable: bool = False) -> dt.date | None:
        if value is None and nullable:
            return None
        if isinstance(value, str) and len(value) == 10:
            try:
                return iso_date(value)
            except ValueError:
                self.error(
                    path,
                    "impossible_date",
                    f"La date « {value} » n'existe pas ou sort de la période 1900–2100.",
                )
                return None
        self.error(path, "invalid_date", "Une date au format AAAA-MM-JJ est attendue.")
        return None

    def choice(self, value: Any, path: str, allowed: frozenset[str]) -> str | None:
        if isinstance(value, str) and value in allowed:
            return value
        self.error(
            path,
            "invalid_choice",
            f"Valeur non autorisée ; valeurs possibles : {', '.join(sorted(allowed))}.",
        )
        return None

    def boolean(self, value: Any, path: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.error(path, "invalid_boolean", "Un booléen (true/false) est attendu.")
        return None

    def amount(self, value: Any, path: str) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.error(path, "invalid_amount", "Un montant est attendu (par ex. « 12000.00 »).")
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            self.error(path, "invalid_amount", f"Montant invalide : « {value} ».")
            return None
        if abs(amount) >= MAX_AMOUNT:
            self.error(
                path, "amount_too_large", "Montant trop élevé (moins de 1 000 milliards d'euros)."
            )
            return None
        if amount < 0:
            self.error(path, "negative_amount", "Le montant ne peut pas être négatif.")
            return None
        cents = amount.quantize(CENT)
        if amount != cents:
            self.error(path, "too_many_decimals", "Un montant a au plus deux décimales (centimes).")
            return None
        return cents

    def count(self, value: Any, path: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, "invalid_integer", "Un nombre entier est attendu.")
            return None
        if value < 0:
            self.error(path, "negative", "La valeur ne peut pas être négative.")
            return None
        return value

    def hours(self, value: Any, path: str) -> Decimal | None:
        if value is None:
            return None
        try:
            hours = (
                None
                if isinstance(value, bool) or not isinstance(value, int | str | Decimal)
                else Decimal(value)
            )
        except InvalidOperation:
            hours = None
        if hours is None or not hours.is_finite():
            self.error(path, "invalid_hours", "Un nombre d'heures est attendu.")
            return None
        if hours < 0:
            self.error(path, "negative", "Le nombre d'heures ne peut pas être négatif.")
            return None
        return hours


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
