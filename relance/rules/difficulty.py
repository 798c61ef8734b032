"""Labour Code art. L.1233-3 decline check: does the company's claim of difficulty hold?

A quarter declines when its value (orders or turnover) is below the same quarter of the previous
year. The criterion holds when the latest quarters given decline consecutively for at least the
number of quarters its headcount requires (parameters/labour-code.toml).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from relance.rules.decision import Reason
from relance.rules.parameters import decline_quarters_by_headcount

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
MEASURE_LABELS = {"turnover": "chiffre d'affaires", "orders": "commandes"}


@dataclass(frozen=True, slots=True)
class QuarterFigure:
    quarter: str
    value: Decimal
    previous_year_value: Decimal

    @property
    def declines(self) -> bool:
        return self.value < self.previous_year_value

    @property
    def index(self) -> int:
        year, number = QUARTER.match(self.quarter).groups()
        return int(year) * 4 + int(number) - 1


@dataclass(frozen=True, slots=True)
class DifficultyCheck:
    holds: bool
    required_quarters: int
    declining_quarters: int
    reasons: tuple[Reason, ...]

    def as_dict(self) -> dict:
        return {
            "holds": self.holds,
            "required_quarters": self.required_quarters,
            "declining_quarters": self.declining_quarters,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


def required_quarters(headcount: int) -> int:
    for maximum, quarters in decline_quarters_by_headcount():
        if maximum is None or headcount <= maximum:
            return quarters
    raise AssertionError("the last threshold is open-ended")


def declining_streak(figures: list[QuarterFigure]) -> int:
    """Consecutive declining quarters, counted back from the latest one given."""
    streak, expected = 0, None
    for figure in sorted(figures, key=lambda f: f.index, reverse=True):
        if not figure.declines or (expected is not None and figure.index != expected):
            break
        streak, expected = streak + 1, figure.index - 1
    return streak


def difficulty_check(
    *, headcount: int, measure: str, figures: list[QuarterFigure]
) -> DifficultyCheck:
    required = required_quarters(headcount)
    streak = declining_streak(figures)
    holds = streak >= required
    label = MEASURE_LABELS[measure]
    if holds:
        message = f"Baisse des {label} sur {streak} trimestre(s) consécutif(s) ; {required} requis pour un effectif de {headcount} : le critère de l'article L.1233-3 est rempli."
    else:
        message = f"Baisse des {label} sur {streak} trimestre(s) consécutif(s) seulement ; {required} requis pour un effectif de {headcount} : le critère de l'article L.1233-3 n'est pas rempli."
    code = "decline_criterion_met" if holds else "decline_criterion_not_met"
    return DifficultyCheck(holds, required, streak, (Reason(code, message, blocking=not holds),))
