"""French formats, declared once: numbers, amounts, rates, dates and times.

Pure Python (no Django): the rules engine's messages use it as well as the reports, the
templates (`www/templatetags/french.py`), the audit trail and the exports. Conventions
(Imprimerie nationale, as the published bilan): a narrow no-break space between thousands
(« 8 122 »), a comma before the decimals, a space before « € » and a no-break space before
« % »; figures
rounded half-up; dates « jj/mm/aaaa »; times in Europe/Paris, the operator's time zone, and
with their offset when exported (ISO 8601, « 2022-03-15T14:05:00+01:00 »).
"""

import datetime as dt
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

THIN_SPACE = "\u202f"
NBSP = "\u00a0"
PARIS = ZoneInfo("Europe/Paris")
NONE = "—"


def integer(value: int) -> str:
    """8122 → « 8 122 »."""
    return f"{value:,}".replace(",", THIN_SPACE)


def amount(value: Decimal | str | int | None) -> str:
    """12345.6 → « 12 345,60 € »; None → « — »."""
    if value is None:
        return NONE
    whole, cents = f"{Decimal(value):,.2f}".split(".")
    return f"{whole.replace(',', THIN_SPACE)},{cents} €"


def number(value: Decimal | float | str, places: int = 1) -> str:
    """1234.56 → « 1 234,6 »: rounded half-up to `places` decimals, all of them written."""
    step = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)
    whole, _, decimals = f"{rounded:,f}".partition(".")
    return whole.replace(",", THIN_SPACE) + (f",{decimals}" if decimals else "")


def millions(value: Decimal | str) -> str:
    """98 765 432 → « 99 M€ » (rounded half-up)."""
    whole = (Decimal(value) / 1_000_000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{integer(int(whole))}{NBSP}M€"


def about(value: int, step: int = 100) -> str:
    """2 874 → « 2 900 »: rounded half-up to the step (« environ 2 900 »)."""
    rounded = (Decimal(value) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return integer(int(rounded) * step)


def _decimal(value: Decimal) -> str:
    """A number as French writes it: no trailing zeros, a decimal comma."""
    text = f"{value.normalize():f}" if value != value.to_integral() else f"{value.to_integral():f}"
    return text.replace(".", ",")


def percent(share: Decimal | float | str | None, decimals: int = 0) -> str:
    """A share of one in per cent: 0.7 → « 70 % »; with `decimals`, at most that many after
    the comma (0.162 → « 16,2 % »), rounded half-up; None → « — »."""
    if share is None or share == "":
        return NONE
    step = Decimal(1).scaleb(-decimals)
    rate = (Decimal(str(share)) * 100).quantize(step, rounding=ROUND_HALF_UP)
    return f"{_decimal(rate)}{NBSP}%"


def rate(value: Decimal) -> str:
    """A rate exactly as the rules set it: 0.70 → « 70 % », 0.125 → « 12,5 % »."""
    return f"{_decimal(value * 100)}{NBSP}%"


def points(difference: Decimal) -> str:
    """0.10 → « 10 points » (a difference of rates)."""
    return f"{_decimal(difference * 100)} points"


@functools.lru_cache(maxsize=4096)
def _day(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def paris(moment: dt.datetime) -> dt.datetime:
    """An aware moment as the operator's clocks showed it (naive moments are taken as Paris')."""
    return moment.astimezone(PARIS) if moment.tzinfo else moment.replace(tzinfo=PARIS)


def date(value: dt.date | dt.datetime | None) -> str:
    """« 15/03/2022 »; a moment is first brought to Paris time; None → « — »."""
    if value is None:
        return NONE
    if isinstance(value, dt.datetime):
        value = paris(value).date()
    return _day(value)


def date_time(moment: dt.datetime | None) -> str:
    """« 15/03/2022 14:05 », Paris time (what pages show); None → « — »."""
    if moment is None:
        return NONE
    local = paris(moment)
    return f"{_day(local.date())} {local.hour:02d}:{local.minute:02d}"


def iso_date_time(moment: dt.datetime | None) -> str:
    """« 2022-03-15T14:05:00+01:00 »: Paris time with its offset (what exports write)."""
    if moment is None:
        return ""
    return paris(moment).replace(microsecond=0).isoformat()


# Every space a keyboard, a spreadsheet or a copied page may put between thousands.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_number(text: str) -> Decimal:
    """What people type back to a Decimal: « 14 000,00 », « 14000 », « 14 000 € », « 14.000,50 »,
    no-break or narrow no-break spaces (copied from a page). Raises ValueError when the text is
    not one number."""
    compact = _SPACES.sub("", str(text)).removesuffix("€").removesuffix("EUR")
    if "," in compact and "." in compact:
        # Both marks: the last one is the decimal mark, the other separates thousands.
        thousands = "." if compact.rindex(",") > compact.rindex(".") else ","
        compact = compact.replace(thousands, "")
    compact = compact.replace(",", ".")
    if not _NUMBER.match(compact):
        raise ValueError(f"« {text} » n'est pas un nombre (exemple : 14 000,00).")
    try:
        return Decimal(compact)
    except InvalidOperation:
        raise ValueError(f"« {text} » n'est pas un nombre (exemple : 14 000,00).") from None
