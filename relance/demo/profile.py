"""The demo's targets: the calibrated 2021 profile (data/profile-2021.toml), scaled."""

import datetime as dt
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from relance.common import formats

PROFILE_FILE = Path(__file__).parent / "data" / "profile-2021.toml"
PATHWAYS = ("anticipation", "crisis_context", "certification", "reconversion")


def cents(amount: str | Decimal) -> int:
    return int(Decimal(amount) * 100)


@dataclass(frozen=True)
class Profile:
    year: int
    perimeter_companies: int
    beneficiaries: dict[str, int]  # by delegation
    small_beneficiaries: int
    delegation_money: dict[str, int]  # cents
    branch_money: dict[str, int]  # cents
    employees: dict[str, int]  # by pathway
    outcomes: dict[str, float]
    filing_start: dt.date
    filing_end: dt.date  # last filing date of the demo year
    events_end: dt.date  # no event after this date

    @property
    def beneficiary_total(self) -> int:
        return sum(self.beneficiaries.values())


def load_profile(*, year: int, scale: int, today: dt.date) -> Profile:
    """2021 is calibrated on the published bilan. 2022 follows the same shares at the pace of
    2021, for the filings made up to the reference date (and until 31 July 2022)."""
    with PROFILE_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    if year == 2021:
        factor, start, end, events_end = (
            Decimal(scale),
            dt.date(2021, 1, 4),
            dt.date(2021, 11, 15),
            dt.date(2021, 12, 30),
        )
    else:
        start = dt.date(year, 1, 3)
        end = min(today - dt.timedelta(days=1), dt.date(year, 7, 31))
        if end < start:
            raise ValueError(
                f"la date de référence ({formats.date(today)}) précède les dépôts de {year}"
            )
        factor = Decimal(scale) * Decimal((end - start).days + 1) / Decimal(331) * Decimal("0.7")
        events_end = today
    return Profile(
        year=year,
        perimeter_companies=data["perimeter_companies"] * scale,
        beneficiaries=_scaled_counts(
            {k: v["companies"] for k, v in data["delegations"].items()}, factor
        ),
        small_beneficiaries=int(data["small_beneficiaries"] * factor),
        delegation_money={
            k: int(cents(v["money"]) * factor) for k, v in data["delegations"].items()
        },
        branch_money=_balanced(
            {k: int(cents(v) * factor) for k, v in data["branches"].items()},
            sum(int(cents(v["money"]) * factor) for v in data["delegations"].values()),
        ),
        employees=_scaled_counts(data["employees"], factor),
        outcomes=data["outcomes"],
        filing_start=start,
        filing_end=end,
        events_end=events_end,
    )


def _scaled_counts(counts: dict[str, int], factor: Decimal) -> dict[str, int]:
    return {key: max(1, int(value * factor)) for key, value in counts.items()}


def _balanced(parts: dict[str, int], total: int) -> dict[str, int]:
    """Give the rounding gap to the largest part, so the branch and delegation totals agree."""
    largest = max(parts, key=parts.get)
    return {**parts, largest: parts[largest] + total - sum(parts.values())}
