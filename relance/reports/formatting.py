"""French number formats, rounded half-up as the published bilan: « 8 122 », « 18 % », « 99 M€ »."""

from decimal import ROUND_HALF_UP, Decimal

from relance.rules.labels import THIN_SPACE, french_euros

NBSP = "\u00a0"


def fr_int(value: int) -> str:
    return f"{value:,}".replace(",", THIN_SPACE)


def fr_percent(share: float | None) -> str:
    if share is None:
        return "—"
    whole = (Decimal(str(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{whole}{NBSP}%"


def fr_millions(amount: str | Decimal) -> str:
    millions = (Decimal(amount) / 1_000_000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{fr_int(int(millions))}{NBSP}M€"


def fr_money(amount: str | Decimal | None) -> str:
    return "—" if amount is None else french_euros(Decimal(amount))


def fr_about(value: int, step: int = 100) -> str:
    """« environ 2 900 »: rounded half-up to the hundred."""
    return fr_int(int((Decimal(value) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step)
