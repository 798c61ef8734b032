"""The demo year 2021 reproduces every figure of OPCO 2i's published bilan, for any seed."""

import datetime as dt
import io
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relance.budget.models import Envelope
from relance.reports.queries import full_figures, report_figures


def rounded(share: float) -> int:
    return int((Decimal(str(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def millions(amount: str, scale: int = 1) -> int:
    """Published millions, per unit of scale: at --scale 10 the amounts are ten times larger."""
    return int((Decimal(amount) / scale / 1_000_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def report_json() -> dict:
    out = io.StringIO()
    call_command("report", "--year", "2021", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def assert_published_figures(report: dict, scale: int = 1) -> None:
    assert report["beneficiary_companies"] == 8122 * scale
    assert rounded(report["beneficiary_share"]) == 11
    assert (
        report["small_companies"]["count"] == 5795 * scale
        and rounded(report["small_companies"]["share"]) == 71
    )
    assert report["employees_trained"] == 101_410 * scale
    assert rounded(report["pathways"]["anticipation"]["share"]) == 48
    assert rounded(report["pathways"]["crisis_context"]["share"]) == 41
    delegations = report["delegations"]
    assert [d["code"] for d in delegations[:3]] == ["ARA", "GES", "NAQ"]
    assert [rounded(d["commitment_share"]) for d in delegations[:3]] == [18, 10, 9]
    assert all(d["commitment_share"] < delegations[2]["commitment_share"] for d in delegations[3:])
    top_three = sum(d["beneficiary_companies"] for d in delegations[:3])
    assert rounded(top_three / report["beneficiary_companies"]) == 35
    assert 2850 * scale <= top_three <= 2883 * scale
    branches = {b["code"]: b for b in report["branches"]}
    assert [b["code"] for b in report["branches"][:3]] == ["metallurgie", "plasturgie", "chimie"]
    assert millions(branches["metallurgie"]["net_commitments"], scale) == 99
    assert rounded(branches["metallurgie"]["commitment_share"]) == 70
    assert millions(branches["plasturgie"]["net_commitments"], scale) == 9
    assert rounded(branches["plasturgie"]["commitment_share"]) == 6
    assert millions(branches["chimie"]["net_commitments"], scale) == 5
    assert rounded(branches["chimie"]["commitment_share"]) == 3
    assert (
        Decimal(report["net_commitments"])
        <= Decimal(report["envelope"])
        == Decimal(150_000_000 * scale)
    )
    assert (
        Decimal("139.7e6") * scale
        <= Decimal(report["net_commitments"])
        <= Decimal("143.2e6") * scale
    )
    # The convention keeps 5 % for the operator's own costs: shown, and never committed.
    assert Decimal(report["operator_costs"]) == Decimal(7_500_000 * scale)
    assert Decimal(report["net_commitments"]) <= Decimal(report["envelope"]) - Decimal(
        report["operator_costs"]
    )


@pytest.mark.parametrize("seed", [1, 2022])
def test_the_demo_year_states_every_published_figure(reference, settings, seed):
    settings.RELANCE_TODAY = dt.date(2022, 3, 15)
    call_command("demo", "--year", "2021", "--seed", str(seed), "--quiet", stdout=io.StringIO())
    report = report_json()
    assert report["as_of"] == "2022-03-15"
    assert_published_figures(report)
    later = report_figures(year=2021, as_of=dt.date(2026, 11, 25))
    first_day = report_figures(year=2021, as_of=dt.date(2022, 1, 1))
    assert {**later, "as_of": None} == {**first_day, "as_of": None} == {**report, "as_of": None}
    call_command("report", "--verify", stdout=io.StringIO())  # kept figures = the ledger's


@pytest.mark.slow
def test_the_demo_at_twice_the_scale_keeps_figures_equal_to_the_ledger(reference, settings):
    settings.RELANCE_TODAY = dt.date(2022, 3, 15)
    call_command(
        "demo", "--year", "2021", "--scale", "2", "--seed", "7", "--quiet", stdout=io.StringIO()
    )
    call_command("report", "--verify", stdout=io.StringIO())
    assert_published_figures(report_json(), scale=2)


def test_a_year_with_requests_is_refused_without_replace(reference, settings):
    settings.RELANCE_TODAY = dt.date(2022, 3, 15)
    call_command("demo", "--year", "2022", "--quiet", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--replace"):
        call_command("demo", "--year", "2022", "--quiet", stdout=io.StringIO())
    call_command(
        "demo", "--year", "2022", "--replace", "--seed", "5", "--quiet", stdout=io.StringIO()
    )
    report = report_figures(year=2022, as_of=dt.date(2022, 3, 15))
    assert 0 < report["beneficiary_companies"] < 8122
    assert max(m["month"] for m in report["monthly"]) == "2022-03"
    call_command("report", "--verify", stdout=io.StringIO())


@pytest.mark.slow
@pytest.mark.postgres
def test_ten_times_the_scale_keeps_the_published_shares(reference, settings, postgres_only):
    settings.RELANCE_TODAY = dt.date(2022, 3, 15)
    call_command(
        "demo", "--year", "2021", "--scale", "10", "--seed", "3", "--quiet", stdout=io.StringIO()
    )
    kept = report_figures(year=2021, as_of=dt.date(2022, 3, 15))
    assert_published_figures(kept, scale=10)
    envelope = Envelope.objects.get(scheme="fne", year=2021)
    assert kept == full_figures(envelope, 2021, dt.date(2022, 3, 15))
