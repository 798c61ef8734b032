import pytest

from relance.rules.difficulty import required_quarters
from tests.factories import UserFactory, bearer


@pytest.mark.parametrize(
    ("headcount", "quarters"),
    [(0, 1), (10, 1), (11, 2), (49, 2), (50, 3), (299, 3), (300, 4), (5000, 4)],
)
def test_required_declining_quarters_depend_on_headcount(headcount, quarters):
    assert required_quarters(headcount) == quarters


def quarter(name: str, value: str, previous: str) -> dict:
    return {"quarter": name, "value": value, "previous_year_value": previous}


def check(client, body, user=None):
    return client.post(
        "/api/v1/difficulty-checks",
        body,
        content_type="application/json",
        **bearer(user or UserFactory()),
    )


def test_three_declining_quarters_hold_for_forty_employees(client, db):
    body = {
        "headcount": 40,
        "measure": "turnover",
        "quarters": [
            quarter("2020-Q4", "90", "100"),
            quarter("2021-Q1", "80", "100"),
            quarter("2021-Q2", "70", "100"),
        ],
    }
    answer = check(client, body).json()
    assert (answer["holds"], answer["required_quarters"], answer["declining_quarters"]) == (
        True,
        2,
        3,
    )
    assert answer["reasons"][0]["code"] == "decline_criterion_met"


def test_the_streak_counts_back_from_the_latest_quarter_and_breaks_on_a_rise_or_gap(client, db):
    rise_last = {
        "headcount": 400,
        "measure": "orders",
        "quarters": [
            quarter("2021-Q1", "50", "100"),
            quarter("2021-Q2", "50", "100"),
            quarter("2021-Q3", "150", "100"),
        ],
    }
    assert check(client, rise_last).json()["declining_quarters"] == 0
    gap = {
        "headcount": 40,
        "measure": "orders",
        "quarters": [quarter("2020-Q3", "5", "10"), quarter("2021-Q1", "5", "10")],
    }
    answer = check(client, gap).json()
    assert (answer["declining_quarters"], answer["holds"]) == (1, False)
    assert "n'est pas rempli" in answer["reasons"][0]["message"]


def test_equal_values_are_not_a_decline(client, db):
    body = {"headcount": 5, "measure": "turnover", "quarters": [quarter("2021-Q1", "100", "100")]}
    assert check(client, body).json()["holds"] is False


def test_invalid_difficulty_checks_are_422_in_the_error_shape(client, db):
    bad = {"headcount": -1, "measure": "profit", "quarters": [quarter("2021-Q5", "-1", "1")]}
    errors = check(client, bad).json()["errors"]
    assert {e["field"] for e in errors} >= {
        "headcount",
        "measure",
        "quarters[0].quarter",
        "quarters[0].value",
    }
    duplicate = {
        "headcount": 5,
        "measure": "turnover",
        "quarters": [quarter("2021-Q1", "1", "2")] * 2,
    }
    assert check(client, duplicate).json()["errors"][0]["code"] == "duplicate_quarter"
    assert (
        client.post("/api/v1/difficulty-checks", {}, content_type="application/json").status_code
        == 401
    )
