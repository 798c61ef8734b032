"""The public variant: statistical secrecy, primary and secondary.

Primary: no cell describing fewer than 3 companies (`SECRECY_THRESHOLD`) is shown. Secondary:
each breakdown's rows add up to a published total (net commitments, beneficiary companies,
employees trained), so one hidden row would be the total minus the visible ones. Whenever a
breakdown hides a row, it hides further non-empty rows, the smallest first, until the hidden
rows are at least two and describe together at least 3 companies: their sum, the only thing a
reader can derive, then never isolates one company, even for a company that subtracts its own
figures. A breakdown that cannot get there (fewer than 3 companies in all) hides its totals.
The « dont moins de 50 salariés » count is a partial sum of the size bands: it is hidden
whenever a band it covers is.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass

from relance.reports.queries import small_band_codes

SECRECY_THRESHOLD = 3
SECRET_FIELDS = (
    "net_commitments",
    "commitment_share",
    "beneficiary_companies",
    "beneficiary_companies_share",
    "share",
    "employees",
)


@dataclass(frozen=True)
class Breakdown:
    rows: list[dict]
    magnitude: Callable[[dict], float]  # "smallest" among rows of as many companies
    totals: tuple[str, ...]  # the summary's figures the rows add up to


def public_figures(figures: dict) -> dict:
    public = copy.deepcopy(figures)
    public["public"] = True
    for breakdown in _breakdowns(public):
        if not protect(breakdown.rows, breakdown.magnitude):
            _hide_totals(public, breakdown.totals)
    small = small_band_codes()
    if any(band.get("secret") and band["code"] in small for band in public["size_bands"]):
        public["small_companies"] = {"count": None, "share": None}
    return public


def _breakdowns(public: dict) -> list[Breakdown]:
    money = ("net_commitments", "beneficiary_companies")  # what delegations and branches sum
    return [
        Breakdown(public["delegations"], lambda r: float(r["net_commitments"]), money),
        Breakdown(public["branches"], lambda r: float(r["net_commitments"]), money),
        Breakdown(public["size_bands"], lambda r: 0.0, ("beneficiary_companies",)),
        Breakdown(
            list(public["pathways"].values()), lambda r: r["employees"], ("employees_trained",)
        ),
    ]


def protect(rows: list[dict], magnitude: Callable[[dict], float]) -> bool:
    """Hide the rows of fewer than 3 companies, then the smallest non-empty ones until no
    hidden value can be recovered by difference. False when the rows cannot protect themselves
    (the total must then be hidden too)."""
    companies = [row.get("beneficiary_companies") or 0 for row in rows]
    hidden = {i for i, n in enumerate(companies) if 0 < n < SECRECY_THRESHOLD}
    if hidden:
        complements = sorted(
            (i for i, n in enumerate(companies) if n and i not in hidden),
            key=lambda i: (companies[i], magnitude(rows[i]), i),
        )
        while complements and not _safe(hidden, companies):
            hidden.add(complements.pop(0))
    for i in hidden:
        _hide(rows[i])
    return not hidden or _safe(hidden, companies)


def _safe(hidden: set[int], companies: list[int]) -> bool:
    return len(hidden) >= 2 and sum(companies[i] for i in hidden) >= SECRECY_THRESHOLD


def _hide(row: dict) -> None:
    for field in SECRET_FIELDS:
        if field in row:
            row[field] = None
    row["secret"] = True


def _hide_totals(public: dict, totals: tuple[str, ...]) -> None:
    for field in totals:
        public[field] = None
    if "beneficiary_companies" in totals:
        public["beneficiary_share"] = None
        public["small_companies"] = {"count": None, "share": None}
    if "net_commitments" in totals:  # the monthly series ends on the total
        for month in public["monthly"]:
            month.update(committed=None, released=None, cumulative_net=None)
    public["totals_secret"] = True
