"""The public simulator takes the 2022 sources' inputs: IDCC (refused outside the perimeter, with
the branches at hand), turnover and balance sheet, and disadvantaged trainees."""

import datetime as dt

import pytest

QUERY = {
    "headcount": "40",
    "situation": "partial_activity",
    "situation_start": "2021-01-01",
    "idcc": "0044",
    "pathway": "anticipation",
    "start": "2021-10-01",
    "end": "2022-03-31",
    "cost": "12000",
    "permanent": "2",
    "apprentices": "0",
}


@pytest.fixture
def simulate(client, reference, settings):
    settings.RELANCE_TODAY = dt.date(2021, 9, 15)
    return lambda **extra: client.get("/dispositif/simulateur/", {**QUERY, **extra}).text


def test_turnover_and_balance_sheet_make_a_40_employee_company_large(simulate):
    assert "8 400,00" in simulate().replace("\u202f", " ")  # small: 70 %
    large = simulate(annual_turnover="60000000", balance_sheet_total="50000000")
    assert "6 000,00" in large.replace("\u202f", " ")  # large: 50 %


def test_a_disadvantaged_trainee_raises_the_rate_of_their_head(simulate):
    page = simulate(annual_turnover="20000000", disadvantaged="1")  # medium: 60 % and 70 %
    assert "7 800,00" in page.replace("\u202f", " ")


def test_an_idcc_outside_the_perimeter_is_refused_with_the_branches_listed(simulate):
    page = simulate(idcc="9999")
    assert "IDCC 9999 n'appartient pas aux branches de l'opérateur" in page
    assert "Branches du périmètre" in page and "2579" in page
    assert "Branches du périmètre" not in simulate(idcc="2579")
