"""The form field reading amounts and hours as French people type them."""

from decimal import Decimal

import pytest
from django import forms

from relance.www.fields import FrenchDecimalField


class CostForm(forms.Form):
    cost = FrenchDecimalField(min_value=0, max_digits=14, decimal_places=2)


@pytest.mark.parametrize("typed", ["14 000,00", "14000", "14 000 €", "14\u00a0000", "14\u202f000"])
def test_reads_fourteen_thousand_however_it_is_typed(typed):
    form = CostForm({"cost": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cost"] == Decimal("14000")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "supérieure ou égale à 0"),
        ("12,345", "2 chiffres après la virgule"),
        ("douze", "n'est pas un nombre (exemple : 14 000,00)"),
    ],
)
def test_keeps_the_bounds_of_a_decimal_field_with_french_messages(typed, message):
    form = CostForm({"cost": typed})
    assert not form.is_valid()
    assert message in form.errors["cost"][0]


def test_is_a_text_input_since_a_number_input_refuses_spaces_and_commas():
    html = str(CostForm()["cost"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
