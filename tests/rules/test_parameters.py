import copy
import datetime as dt
import tomllib
from decimal import Decimal

import pytest

from relance.rules.contract import parse_request
from relance.rules.engine import evaluate
from relance.rules.parameters import (
    PARAMETERS_DIR,
    ParameterFileError,
    all_parameters,
    parameters_in_force,
    parse,
)
from tests.rules.builders import build


def shipped(version: str = "fne-2022") -> dict:
    with (PARAMETERS_DIR / f"{version}.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_the_shipped_files_load_and_carry_each_years_envelope():
    versions = {p.version: p for p in all_parameters()}
    assert list(versions) == ["fne-2021-01", "fne-2021-07", "fne-2022", "fne-2022-07"]
    assert str(versions["fne-2021-01"].envelope_initial) == "150000000.00"
    assert str(versions["fne-2022"].envelope_initial) == "160000000.00"
    assert versions["fne-2022"].filing_deadline == dt.date(2022, 7, 31)
    # Files of one year agree on what is the year's, not the period's.
    for year in (2021, 2022):
        same_year = [p for p in versions.values() if p.year == year]
        assert (
            len(
                {
                    (
                        p.filing_deadline,
                        p.envelope_initial,
                        p.training_end_by,
                        p.operator_costs_share,
                    )
                    for p in same_year
                }
            )
            == 1
        )


@pytest.mark.parametrize(
    ("day", "version"),
    [
        ("2020-12-31", None),
        ("2021-01-01", "fne-2021-01"),
        ("2021-06-30", "fne-2021-01"),
        ("2021-07-01", "fne-2021-07"),
        ("2022-01-01", "fne-2022"),
        ("2022-06-30", "fne-2022"),
        ("2022-07-01", "fne-2022-07"),
        ("2030-01-01", "fne-2022-07"),
    ],
)
def test_the_file_in_force_is_the_latest_starting_on_or_before_the_date(day, version):
    params = parameters_in_force(dt.date.fromisoformat(day))
    assert (params.version if params else None) == version


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("filing_deadline"), "filing_deadline"),
        (lambda d: d.update(envelope_initial="beaucoup"), "envelope_initial"),
        (
            lambda d: d.update(eligible_situations=["partial_activity", "chomage"]),
            "eligible_situations",
        ),
        (
            lambda d: d["regimes"]["gber"]["bands"][0]["rates"].pop("recovery"),
            "regimes.gber.bands[0].rates",
        ),
        (
            lambda d: d["regimes"]["gber"]["bands"][1]["rates"].update(recovery="1.50"),
            "regimes.gber.bands[1].rates",
        ),
        (lambda d: d["regimes"]["gber"].update(cap_scope="world"), "regimes.gber.cap_scope"),
        (
            lambda d: d["regimes"]["gber"]["bands"][-1].update(max_headcount=9999),
            "regimes.gber.bands[2]",
        ),
        (lambda d: d.update(version="fne-2023"), "version"),
        (lambda d: d.pop("training_end_by"), "training_end_by"),
        (lambda d: d.update(training_end_by=dt.date(2021, 12, 31)), "training_end_by"),
        (lambda d: d.update(operator_costs_share="1.50"), "operator_costs_share"),
        (lambda d: d.pop("operator_costs_share"), "operator_costs_share"),
        (
            lambda d: d["regimes"]["gber"].pop("uplifted_rate_max"),
            "regimes.gber.uplifted_rate_max",
        ),
        (
            lambda d: d["regimes"]["gber"]["bands"][0].pop("max_turnover"),
            "regimes.gber.bands[0].max_balance_sheet_total",
        ),
        (
            lambda d: d["regimes"]["gber"]["bands"][2].update(
                max_turnover="1.00", max_balance_sheet_total="1.00"
            ),
            "regimes.gber.bands[2].max_balance_sheet_total",
        ),
        (lambda d: d.update(regimes={}), "regimes"),
    ],
)
def test_a_bad_parameter_file_is_refused_naming_the_file_and_the_field(mutate, field):
    data = copy.deepcopy(shipped())
    mutate(data)
    with pytest.raises(ParameterFileError) as caught:
        parse("fne-2022", data)
    assert "fne-2022" in str(caught.value) and f"« {field} »" in str(caught.value)


def with_override(**override) -> object:
    data = copy.deepcopy(shipped())
    data["branch_overrides"] = {"chimie": override}
    return parse("fne-2022", data)


def request_2022(**training):
    return parse_request(
        build(
            filed_on="2022-03-15", training={"start": "2022-04-01", "end": "2022-09-30", **training}
        )
    )


def test_a_branch_hourly_cost_cap_limits_the_eligible_cost_and_is_named():
    decision = evaluate(
        request_2022(cost="12000.00", hours=140), with_override(hourly_cost_cap="50.00")
    )
    assert (
        decision.eligible
        and str(decision.eligible_cost) == "7000.00"
        and str(decision.funded_amount) == "4900.00"
    )
    assert [r.code for r in decision.reasons] == ["branch_hourly_cost_cap"]


def test_a_branch_hourly_cost_cap_needs_the_hours():
    data = build(filed_on="2022-03-15", training={"start": "2022-04-01", "end": "2022-09-30"})
    del data["training"]["hours"]
    decision = evaluate(parse_request(data), with_override(hourly_cost_cap="50.00"))
    assert not decision.eligible and [r.code for r in decision.reasons] == [
        "hours_required_by_branch"
    ]


def test_a_branch_list_of_pathways_refuses_the_others():
    params = with_override(allowed_pathways=["certification"])
    decision = evaluate(request_2022(), params)
    assert not decision.eligible and decision.reasons[0].code == "pathway_not_allowed_by_branch"
    assert "Certifiant" in decision.reasons[0].message


def test_no_branch_override_is_set_in_the_shipped_files():
    assert all(not p.branch_overrides for p in all_parameters())


def test_the_2022_files_carry_the_sources_values():
    versions = {p.version: p for p in all_parameters()}
    assert versions["fne-2021-07"].regimes["temporary_framework"].cap == Decimal("1800000.00")
    assert versions["fne-2022"].regimes["temporary_framework"].cap == Decimal("2300000.00")
    assert set(versions["fne-2022-07"].regimes) == {"gber"}
    assert versions["fne-2021-01"].training_end_by == dt.date(2022, 12, 31)
    assert versions["fne-2022-07"].training_end_by == dt.date(2023, 12, 31)
    gber = versions["fne-2022"].regimes["gber"]
    assert (gber.disadvantaged_uplift, gber.uplifted_rate_max) == (Decimal("0.10"), Decimal("0.70"))
    assert [(b.max_turnover, b.max_balance_sheet_total) for b in gber.bands] == [
        (Decimal("10000000.00"), Decimal("10000000.00")),
        (Decimal("50000000.00"), Decimal("43000000.00")),
        (None, None),
    ]
    assert {p.operator_costs_share for p in versions.values()} == {Decimal("0.05")}
