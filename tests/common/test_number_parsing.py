"""Numbers as French people type them, read back exactly."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relance.common.formats import amount, parse_number


@pytest.mark.parametrize(
    "typed",
    ["14 000,00", "14000", "14 000 €", "14\u00a0000", "14\u202f000,00 €", "14.000,00", "14000.0"],
)
def test_reads_the_french_forms_of_fourteen_thousand(typed):
    assert parse_number(typed) == Decimal("14000")


@pytest.mark.parametrize("typed", ["", "quatorze", "14 000,00,5", "1-4", "€"])
def test_refuses_what_is_not_one_number_with_an_example(typed):
    with pytest.raises(ValueError, match="14 000,00"):
        parse_number(typed)


@given(st.decimals(min_value=0, max_value=10**11, places=2, allow_nan=False))
def test_reads_back_every_amount_the_pages_print(value):
    assert parse_number(amount(value)) == value
