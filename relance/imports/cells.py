"""Spreadsheet cells as French offices type them: decimal commas, jj/mm/aaaa, oui/non."""

import datetime as dt
from decimal import Decimal, InvalidOperation

TRUE, FALSE = (
    {"oui", "o", "vrai", "true", "1", "x", "yes"},
    {"non", "n", "faux", "false", "0", "", "no"},
)


class CellError(ValueError):
    """A cell that cannot be read; the message is French and names what was expected."""


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def decimal(value, *, required: bool = True) -> Decimal | None:
    raw = text(value).replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace("€", "")
    if not raw:
        if required:
            raise CellError("valeur obligatoire")
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError(f"nombre attendu, reçu « {text(value)} »") from None
    if not number.is_finite():
        raise CellError(f"nombre attendu, reçu « {text(value)} »")
    return number


def integer(value) -> int:
    number = decimal(value)
    if number != number.to_integral_value():
        raise CellError(f"nombre entier attendu, reçu « {text(value)} »")
    if abs(number) > 10_000_000:
        raise CellError("nombre hors limites")
    return int(number)


def boolean(value) -> bool:
    raw = text(value).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise CellError(f"oui ou non attendu, reçu « {text(value)} »")


def date(value, *, required: bool = True) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if not raw:
        if required:
            raise CellError("date obligatoire")
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise CellError(f"date jj/mm/aaaa attendue, reçu « {raw} »")
