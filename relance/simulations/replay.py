"""Replay a year's decisions under the files in force and under a reform (`relance simulate`).

Every request of the year's envelope that has a decision is judged again from its stored rules
input, twice: under the shipped parameter files (`actual`) and under the reform (`simulated`).
The input is parsed once for both. Nothing is written: the envelope and the ledger are never
touched. Above a few thousand requests the judging is shared between processes (fork): the
engine is pure Python and holds the interpreter's lock.
"""

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from relance.rules.contract import loads, parse_request
from relance.rules.engine import evaluate
from relance.rules.fields import InputErrors
from relance.rules.reforms import Reform, RuleSet

PARALLEL_FROM = 6000  # below, forking costs more than it saves


@dataclass(frozen=True, slots=True)
class Stored:
    """One decided request: its rules input (JSON text) and what the breakdowns group it by."""

    id: int
    reference: str
    delegation: str
    branch: str
    size_band: str
    pathway: str
    inputs: str


# (eligible, funded in cents) under the files in force, then under the reform.
Judged = tuple[bool, int, bool, int]

_RULES: tuple[RuleSet, RuleSet] | None = None


def _judge_texts(texts: Sequence[str]) -> list[Judged]:
    actual, simulated = _RULES
    judged = []
    for text in texts:
        try:
            request = parse_request(loads(text))
        except (InputErrors, ValueError):
            judged.append((False, 0, False, 0))  # no decision either way, as `evaluate --batch`
            continue
        a = evaluate(request, actual.in_force(request.filed_on))
        s = evaluate(request, simulated.in_force(request.filed_on))
        judged.append((a.eligible, _cents(a), s.eligible, _cents(s)))
    return judged


def _cents(decision) -> int:
    return int(decision.funded_amount * 100) if decision.eligible else 0


def judge(
    chunks: Iterable[Sequence[str]],
    reform: Reform,
    *,
    year: int,
    total: int,
    progress: Callable[[int], None] | None = None,
) -> list[Judged]:
    """Judge every input under the files in force and under the reform, in order. The chunks
    are read (from the database) by the calling thread while the workers judge the previous
    ones; `total` decides whether forking is worth it."""
    global _RULES
    _RULES = (RuleSet.of(None), RuleSet.of(reform, year=year))
    judged: list[Judged] = []
    try:
        if total < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
            for chunk in chunks:
                _collect(_judge_texts(chunk), judged, progress)
        else:
            # Forked after the rules are set: the workers inherit them, only texts travel.
            with multiprocessing.get_context("fork").Pool(2) as pool:
                pending = [pool.apply_async(_judge_texts, (chunk,)) for chunk in chunks]
                for result in pending:
                    _collect(result.get(), judged, progress)
    finally:
        _RULES = None
    return judged


def _collect(part: list[Judged], judged: list[Judged], progress) -> None:
    judged.extend(part)
    if progress:
        progress(len(judged))


def money(cents: int) -> str:
    return f"{Decimal(cents).scaleb(-2):.2f}"


class _Tally:
    __slots__ = ("a_cents", "a_n", "s_cents", "s_n")

    def __init__(self) -> None:
        self.a_n = self.a_cents = self.s_n = self.s_cents = 0

    def add(self, j: Judged) -> None:
        self.a_n += j[0]
        self.a_cents += j[1]
        self.s_n += j[2]
        self.s_cents += j[3]

    def sides(self) -> dict:
        return {
            "actual": {"eligible": self.a_n, "funded": money(self.a_cents)},
            "simulated": {"eligible": self.s_n, "funded": money(self.s_cents)},
        }


AXES = {
    "by_delegation": "delegation",
    "by_branch": "branch",
    "by_size_band": "size_band",
    "by_pathway": "pathway",
}


def summarise(year: int, reform: Reform, rows: Sequence[Stored], judged: Sequence[Judged]) -> dict:
    """The JSON of `relance simulate` (README, « relance simulate »)."""
    total = _Tally()
    groups: dict[str, dict[str, _Tally]] = {axis: {} for axis in AXES}
    newly_ineligible = newly_eligible = 0
    for row, j in zip(rows, judged, strict=True):
        total.add(j)
        for axis, attribute in AXES.items():
            groups[axis].setdefault(getattr(row, attribute), _Tally()).add(j)
        newly_ineligible += j[0] and not j[2]
        newly_eligible += j[2] and not j[0]
    return {
        "year": year,
        "reform": reform.name,
        "requests": len(rows),
        **total.sides(),
        "difference": money(total.s_cents - total.a_cents),
        "newly_ineligible": newly_ineligible,
        "newly_eligible": newly_eligible,
        **{
            axis: [{"code": code, **tally.sides()} for code, tally in sorted(groups[axis].items())]
            for axis in AXES
        },
    }


def status_changes(rows: Sequence[Stored], judged: Sequence[Judged]) -> list[dict]:
    """The requests whose eligibility the reform changes, largest amount change first."""
    changed = [
        {
            "id": row.id,
            "reference": row.reference,
            "delegation": row.delegation,
            "branch": row.branch,
            "actual": {"eligible": j[0], "funded": money(j[1])},
            "simulated": {"eligible": j[2], "funded": money(j[3])},
            "_delta": abs(j[3] - j[1]),
        }
        for row, j in zip(rows, judged, strict=True)
        if j[0] != j[2]
    ]
    changed.sort(key=lambda item: (-item["_delta"], item["id"]))
    for item in changed:
        del item["_delta"]
    return changed
