"""A funding decision and its reasons."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from relance.rules.money import ZERO


class Reason(NamedTuple):
    code: str
    message: str
    blocking: bool

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "blocking": self.blocking}


@dataclass(slots=True)
class Decision:
    reasons: tuple[Reason, ...]
    rate: Decimal
    eligible_cost: Decimal
    funded_amount: Decimal
    company_share: Decimal
    rules_version: str
    eligible: bool = field(init=False)

    def __post_init__(self) -> None:
        self.eligible = not any(r.blocking for r in self.reasons)

    @classmethod
    def ineligible(cls, reasons: list[Reason], cost: Decimal, rules_version: str) -> "Decision":
        return cls(tuple(reasons), ZERO, ZERO, ZERO, cost, rules_version)

    def as_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "reasons": [reason.as_dict() for reason in self.reasons],
            "rate": f"{self.rate:.2f}",
            # Amounts are already in cents (the contract quantizes inputs, `to_cents` the rest).
            "eligible_cost": str(self.eligible_cost),
            "funded_amount": str(self.funded_amount),
            "company_share": str(self.company_share),
            "rules_version": self.rules_version,
        }
