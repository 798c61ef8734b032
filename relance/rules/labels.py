"""French labels and formats used in the reasons' messages."""

import datetime as dt
import functools
from decimal import Decimal

from relance.reference import files

THIN_SPACE = "\u202f"

SITUATION_LABELS = {item["code"]: item["label"] for item in files.read("catalogue")["situations"]}
PATHWAY_LABELS = {item["code"]: item["label"] for item in files.read("catalogue")["pathways"]}
SITUATION_ORDER = tuple(SITUATION_LABELS)


@functools.lru_cache(maxsize=4096)
def french_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def french_euros(amount: Decimal) -> str:
    """12345.6 → « 12 345,60 € » (narrow no-break space as thousands separator)."""
    whole, cents = f"{amount:,.2f}".split(".")
    return f"{whole.replace(',', THIN_SPACE)},{cents} €"


def french_rate(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"


def french_points(difference: Decimal) -> str:
    """0.10 → « 10 points » (a difference of rates)."""
    return f"{(difference * 100).normalize():f} points"


REGIME_LABELS = {
    "temporary_framework": "encadrement temporaire des aides d'État",
    "gber": "RGEC, art. 31",
}
