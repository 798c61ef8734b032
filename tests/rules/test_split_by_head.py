"""The split of an eligible cost by head between the base and the uplifted rate (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from relance.rules.money import split_by_head, to_cents

amounts = st.decimals(min_value=0, max_value=Decimal("100000000"), places=2)
rates = st.integers(0, 100).map(lambda hundredths: Decimal(hundredths) / 100)


@st.composite
def splits(draw):
    base = draw(rates)
    uplifted = draw(st.sampled_from([base, min(base + Decimal("0.10"), Decimal("1"))]) | rates)
    heads = draw(st.integers(1, 500))
    return draw(amounts), base, max(base, uplifted), heads, draw(st.integers(0, heads))


def half_up_by_integers(amount, base, uplifted, heads, uplifted_heads) -> Decimal:
    """An independent oracle in integers: cents × hundredths of a rate, divided by heads."""
    weighted = int(amount * 100) * (
        int(base * 100) * (heads - uplifted_heads) + int(uplifted * 100) * uplifted_heads
    )
    cents = (2 * weighted + 100 * heads) // (200 * heads)
    return Decimal(cents) / 100


@given(splits())
@settings(max_examples=500)
def test_the_split_is_the_exact_total_rounded_half_up_once(split):
    assert split_by_head(*split) == half_up_by_integers(*split)


@given(splits())
@settings(max_examples=300)
def test_the_split_lies_between_the_base_and_the_uplifted_amount(split):
    amount, base, uplifted, *_ = split
    funded = split_by_head(*split)
    assert to_cents(amount * base) <= funded <= to_cents(amount * uplifted)
    assert funded == funded.quantize(Decimal("0.01"))


@given(splits())
@settings(max_examples=300)
def test_no_uplifted_head_is_the_base_amount_and_all_of_them_the_uplifted_one(split):
    amount, base, uplifted, heads, _ = split
    assert split_by_head(amount, base, uplifted, heads, 0) == to_cents(amount * base)
    assert split_by_head(amount, base, uplifted, heads, heads) == to_cents(amount * uplifted)


@given(splits())
@settings(max_examples=300)
def test_one_more_uplifted_head_never_lowers_the_amount(split):
    amount, base, uplifted, heads, uplifted_heads = split
    if uplifted_heads < heads:
        more = split_by_head(amount, base, uplifted, heads, uplifted_heads + 1)
        assert more >= split_by_head(*split)


@given(splits())
@settings(max_examples=300)
def test_rounding_once_differs_by_at_most_a_cent_from_rounding_each_share(split):
    amount, base, uplifted, heads, uplifted_heads = split
    each = to_cents(amount * (heads - uplifted_heads) / heads * base) + to_cents(
        amount * uplifted_heads / heads * uplifted
    )
    assert abs(split_by_head(*split) - each) <= Decimal("0.01")
