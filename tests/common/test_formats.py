"""French formats, declared once in relance/common/formats.py; the rules' labels, the bilan's
formats and the template filters are the same functions, so their outputs are pinned here once."""

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from relance.common import formats
from relance.reports import formatting
from relance.rules import labels

NNBSP = "\u202f"  # narrow no-break space, between thousands
NBSP = "\u00a0"  # no-break space, before « % » and « M€ »
WINTER = dt.datetime(2022, 3, 15, 13, 5, tzinfo=dt.UTC)  # 14:05 in Paris (UTC+1)
SUMMER = dt.datetime(2021, 9, 14, 22, 30, tzinfo=dt.UTC)  # 00:30 the next day in Paris (UTC+2)


def render(text: str, **context) -> str:
    return Template("{% load french %}" + text).render(Context(context))


def test_amounts_are_written_as_french_money():
    assert formats.amount(Decimal("4500.5")) == f"4{NNBSP}500,50 €"
    assert formats.amount("1234567.891") == f"1{NNBSP}234{NNBSP}567,89 €"
    assert formats.amount(0) == "0,00 €"
    assert formats.amount(Decimal("-13800")) == f"-13{NNBSP}800,00 €"
    assert formats.amount(None) == "—"


def test_numbers_rates_and_millions_follow_the_published_bilan():
    assert formats.integer(8122) == f"8{NNBSP}122"
    assert formats.about(2874) == f"2{NNBSP}900"
    assert formats.millions(Decimal("98765432")) == f"99{NBSP}M€"
    assert formats.number(1234.56) == f"1{NNBSP}234,6"
    assert formats.number(Decimal("12"), places=2) == "12,00"
    assert formats.number(0.25) == "0,3"  # half-up, not to even
    assert formats.percent(Decimal("0.7")) == f"70{NBSP}%"
    assert formats.percent("0.1625", decimals=1) == f"16,3{NBSP}%"
    assert formats.rate(Decimal("0.125")) == f"12,5{NBSP}%"
    assert formats.points(Decimal("0.10")) == "10 points"


def test_dates_and_times_are_shown_in_paris_time_and_exported_with_their_offset():
    assert formats.date(dt.date(2022, 3, 5)) == "05/03/2022"
    assert formats.date(SUMMER) == "15/09/2021"  # already the next day in Paris
    assert formats.date_time(WINTER) == "15/03/2022 14:05"
    assert formats.date_time(SUMMER) == "15/09/2021 00:30"
    assert formats.iso_date_time(WINTER) == "2022-03-15T14:05:00+01:00"
    assert formats.iso_date_time(SUMMER) == "2021-09-15T00:30:00+02:00"


def test_the_rules_the_bilan_and_the_templates_write_the_same_french():
    value = Decimal("4500.5")
    assert labels.french_euros(value) == formatting.fr_money(value) == formats.amount(value)
    assert render("{{ v|euros }}", v=value) == formats.amount(value)
    assert render("{{ v|euros }}", v="4500.50") == formats.amount(value)
    assert render("{{ v|percent }}", v=Decimal("0.162")) == f"16,2{NBSP}%"
    assert render("{{ v|moment }}", v=WINTER) == "15/03/2022 14:05"
    assert labels.french_date(dt.date(2021, 9, 15)) == "15/09/2021"


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2))
def test_an_amount_written_in_french_reads_back_to_the_same_decimal(value):
    text = formats.amount(value)
    assert text.endswith(" €") and "." not in text
    assert Decimal(text[:-2].replace(NNBSP, "").replace(",", ".")) == value
