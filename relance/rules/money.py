"""Rounding in one place: half-up to the cent, as the DGEFP conventions and the bilan do."""

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def split_by_head(
    amount: Decimal, base_rate: Decimal, uplifted_rate: Decimal, heads: int, uplifted_heads: int
) -> Decimal:
    """`amount` split by head between two rates, rounded half-up to the cent once, on the total.

    Computed on exact fractions: a share such as 1/3 of the amount never rounds twice."""
    exact = Fraction(amount) * (
        Fraction(base_rate) * (heads - uplifted_heads) + Fraction(uplifted_rate) * uplifted_heads
    )
    cents = math.floor(exact * 100 / heads + Fraction(1, 2))
    return (Decimal(cents) / 100).quantize(CENT)
