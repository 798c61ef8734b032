"""Replay a year's decisions under the files in force and under a reform (`relance simulate`).

Every request of the year's envelope that has a decision is judged again from its stored rules
input, twice: under the shipped parameter files (`actual`) and under the reform (`simulated`).
The input is parsed once for both. A part of the year (a range of requests) is judged and
tallied into a `Part`; parts add up, so they may be judged in any order and in any process
(`services.simulation_compute`). Nothing is written: the envelope and the ledger are never
touched. Amounts are tallied in integer cents (exact) and written as Decimal strings.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from relance.rules.contract import loads, parse_request
from relance.rules.engine import evaluate
from relance.rules.fields import InputErrors
from relance.rules.reforms import RuleSet

# One stored request as the selector reads it: what the breakdowns group it by, then its input.
# (id, reference, delegation, branch, size band, pathway, rules input as JSON text)
Row = tuple[int, str, str, str, str, str, str]

AXES = ("by_delegation", "by_branch", "by_size_band", "by_pathway")
NOT_JUDGED = (False, 0, False, 0)


class Tally:
    """Eligible requests and funded cents, under the files in force and under the reform."""

    __slots__ = ("a_cents", "a_n", "s_cents", "s_n")

    def __init__(self) -> None:
        self.a_n = self.a_cents = self.s_n = self.s_cents = 0

    def add(self, a_n: int, a_cents: int, s_n: int, s_cents: int) -> None:
        self.a_n += a_n
        self.a_cents += a_cents
        self.s_n += s_n
        self.s_cents += s_cents

    def merge(self, other: "Tally") -> None:
        self.add(other.a_n, other.a_cents, other.s_n, other.s_cents)

    def sides(self) -> dict:
        return {
            "actual": {"eligible": self.a_n, "funded": money(self.a_cents)},
            "simulated": {"eligible": self.s_n, "funded": money(self.s_cents)},
        }


@dataclass
class Part:
    """The tallies of some of the year's requests, and those whose eligibility changes."""

    requests: int = 0
    total: Tally = field(default_factory=Tally)
    groups: dict[str, dict[str, Tally]] = field(default_factory=lambda: {a: {} for a in AXES})
    changes: list[tuple[Row, int, int, int, int]] = field(default_factory=list)

    def merge(self, other: "Part") -> "Part":
        self.requests += other.requests
        self.total.merge(other.total)
        for axis, codes in other.groups.items():
            mine = self.groups[axis]
            for code, tally in codes.items():
                mine.setdefault(code, Tally()).merge(tally)
        self.changes.extend(other.changes)
        return self


def judge_rows(rows: Iterable[Row], actual: RuleSet, simulated: RuleSet) -> Part:
    """Judge each row under both rule sets and tally it. A stored input the contract now
    refuses counts as ineligible on both sides (`evaluate --batch` answers it with errors)."""
    part = Part()
    groups = [part.groups[axis] for axis in AXES]
    for row in rows:
        try:
            request = parse_request(loads(row[6]))
        except (InputErrors, ValueError):
            judged = NOT_JUDGED
        else:
            a = evaluate(request, actual.in_force(request.filed_on))
            s = evaluate(request, simulated.in_force(request.filed_on))
            judged = (a.eligible, _cents(a), s.eligible, _cents(s))
        part.requests += 1
        part.total.add(*judged)
        for group, code in zip(groups, row[2:6], strict=True):
            tally = group.get(code)
            if tally is None:
                tally = group[code] = Tally()
            tally.add(*judged)
        if judged[0] != judged[2]:
            part.changes.append((row[:6], *judged))
    return part


def _cents(decision) -> int:
    return int(decision.funded_amount * 100) if decision.eligible else 0


def money(cents: int) -> str:
    return f"{Decimal(cents).scaleb(-2):.2f}"


def summarise(year: int, reform_name: str, part: Part) -> dict:
    """The JSON of `relance simulate` (README, « relance simulate »)."""
    total = part.total
    newly_ineligible = sum(1 for change in part.changes if change[1])
    return {
        "year": year,
        "reform": reform_name,
        "requests": part.requests,
        **total.sides(),
        "difference": money(total.s_cents - total.a_cents),
        "newly_ineligible": newly_ineligible,
        "newly_eligible": len(part.changes) - newly_ineligible,
        **{
            axis: [{"code": code, **tally.sides()} for code, tally in sorted(codes.items())]
            for axis, codes in part.groups.items()
        },
    }


def status_changes(part: Part) -> list[dict]:
    """The requests whose eligibility the reform changes, largest amount change first."""
    ordered = sorted(part.changes, key=lambda c: (-abs(c[4] - c[2]), c[0][0]))
    return [
        {
            "id": row[0],
            "reference": row[1],
            "delegation": row[2],
            "branch": row[3],
            "actual": {"eligible": a_eligible, "funded": money(a_cents)},
            "simulated": {"eligible": s_eligible, "funded": money(s_cents)},
        }
        for row, a_eligible, a_cents, s_eligible, s_cents in ordered
    ]
