"""The 2022 sources, boundary by boundary: the temporary framework's end and 2.3 M€ ceiling, the
training window, GBER's SME definition and its uplift for disabled or disadvantaged workers."""

import pytest

from relance.rules.contract import evaluate_json
from tests.rules.builders import build, codes, decide, trainee


def filed_2022(filed_on: str = "2022-03-15", *, company: dict | None = None, **top) -> dict:
    training = top.pop("training", {})
    return build(
        filed_on=filed_on,
        company={"headcount": 120, **(company or {})},
        training={"start": "2022-09-01", "end": "2023-03-31", **training},
        **top,
    )


def gber(company: dict | None = None, trainees: list | None = None, **training) -> dict:
    return filed_2022(
        aid_regime="gber",
        company=company,
        training=training,
        trainees=trainees or [trainee()],
    )


# The temporary framework's section 3.1 ended on 30 June 2022: GBER only from 1 July.
def test_the_temporary_framework_funds_a_filing_of_30_june_2022():
    answer = decide(filed_2022("2022-06-30"))
    assert answer["eligible"] and answer["rate"] == "1.00" and answer["funded_amount"] == "12000.00"
    assert answer["rules_version"] == "fne-2022"


def test_the_temporary_framework_is_closed_to_filings_from_1_july_2022():
    answer = decide(filed_2022("2022-07-15"))
    assert not answer["eligible"] and codes(answer, True) == ["aid_regime_not_in_force"]
    assert answer["rules_version"] == "fne-2022-07"
    assert (
        "n'est plus ouvert aux demandes déposées à partir du 01/07/2022"
        in (answer["reasons"][0]["message"])
    )
    on_1_july = decide(filed_2022("2022-07-01"))
    assert codes(on_1_july, True) == ["aid_regime_not_in_force"]


def test_gber_remains_from_1_july_2022():
    answer = decide(filed_2022("2022-07-15", aid_regime="gber"))
    assert answer["eligible"] and (answer["rate"], answer["funded_amount"]) == ("0.60", "7200.00")


# The ceiling of the temporary framework: 1.8 M€ in 2021, 2.3 M€ from 2022 (C(2021) 8442).
def test_2_million_received_exhausts_the_2021_ceiling():
    answer = decide(build(company={"headcount": 120, "state_aid_received": "2000000.00"}))
    assert codes(answer, True) == ["state_aid_cap_exhausted"]
    assert "1\u202f800\u202f000,00 €" in answer["reasons"][0]["message"]


def test_2_million_received_leaves_300_000_euros_under_the_2022_ceiling():
    answer = decide(
        filed_2022(company={"state_aid_received": "2000000.00"}, training={"cost": "1000000.00"})
    )
    assert answer["eligible"] and answer["funded_amount"] == "300000.00"
    assert answer["company_share"] == "700000.00" and codes(answer) == ["state_aid_cap_applied"]
    exhausted = decide(filed_2022(company={"state_aid_received": "2300000.00"}))
    assert codes(exhausted, True) == ["state_aid_cap_exhausted"]
    assert "2\u202f300\u202f000,00 €" in exhausted["reasons"][0]["message"]


# Training funded by the 2021 convention ends by 31/12/2022; by the 2022 one, by 31/12/2023.
@pytest.mark.parametrize(
    ("filed_on", "start", "end", "eligible"),
    [
        ("2021-11-15", "2022-06-01", "2022-12-31", True),
        ("2021-11-15", "2022-06-01", "2023-01-01", False),
        ("2022-05-15", "2023-06-01", "2023-12-31", True),
        ("2022-05-15", "2023-06-01", "2024-01-01", False),
    ],
)
def test_training_must_end_by_the_end_of_the_programme(filed_on, start, end, eligible):
    answer = decide(build(filed_on=filed_on, training={"start": start, "end": end}))
    assert answer["eligible"] is eligible
    if not eligible:
        assert codes(answer, True) == ["training_ends_after_programme"]
        assert "au plus tard le 31/12/202" in answer["reasons"][0]["message"]


# GBER Annex I: small < 50 and turnover or balance sheet ≤ 10 M€; medium < 250 and turnover
# ≤ 50 M€ or balance sheet ≤ 43 M€; otherwise large. Neither given: headcount alone.
@pytest.mark.parametrize(
    ("headcount", "turnover", "balance", "rate"),
    [
        (40, None, None, "0.70"),
        (40, "10000000.00", None, "0.70"),
        (40, "10000000.01", None, "0.60"),
        (40, None, "10000000.00", "0.70"),
        (40, None, "10000000.01", "0.60"),
        (40, "60000000.00", "10000000.00", "0.70"),  # the balance sheet is within the ceiling
        (40, "10000000.01", "10000000.01", "0.60"),
        (40, "50000000.00", "50000000.00", "0.60"),
        (40, "60000000.00", "50000000.00", "0.50"),  # 40 employees, yet a large company
        (120, "50000000.00", None, "0.60"),
        (120, "50000000.01", None, "0.50"),
        (120, None, "43000000.00", "0.60"),
        (120, None, "43000000.01", "0.50"),
        (120, "50000000.01", "43000000.00", "0.60"),
        (120, "50000000.01", "43000000.01", "0.50"),
        (120, "1.00", "1.00", "0.60"),  # small figures never make 120 employees small
        (250, "1.00", "1.00", "0.50"),
    ],
)
def test_gber_size_category_follows_headcount_turnover_and_balance_sheet(
    headcount, turnover, balance, rate
):
    company = {"headcount": headcount, "annual_turnover": turnover, "balance_sheet_total": balance}
    answer = decide(gber(company))
    assert answer["eligible"] and answer["rate"] == rate and answer["reasons"] == []


def test_the_temporary_framework_rates_ignore_the_financial_figures():
    company = {"annual_turnover": "60000000.00", "balance_sheet_total": "50000000.00"}
    assert decide(filed_2022(company=company))["rate"] == "1.00"


def disadvantaged(flag: bool = True, **kwargs) -> dict:
    return {**trainee(**kwargs), "disadvantaged": flag}


def test_mixed_trainees_split_the_eligible_cost_by_head_between_the_two_rates():
    answer = decide(
        gber(
            {"headcount": 300},
            [trainee(), trainee(), disadvantaged()],
            cost="10000.00",
        )
    )
    # 10 000 × (2 × 50 % + 1 × 60 %) / 3 = 5 333.33…
    assert (answer["rate"], answer["eligible_cost"], answer["funded_amount"]) == (
        "0.50",
        "10000.00",
        "5333.33",
    )
    assert answer["company_share"] == "4666.67" and codes(answer) == ["disadvantaged_uplift"]
    message = answer["reasons"][0]["message"]
    assert "333,33 €" in message and "10 points" in message and "1 stagiaire(s)" in message


def test_the_split_is_rounded_half_up_once_on_the_total():
    answer = decide(gber({"headcount": 120}, [trainee(), disadvantaged()], cost="100.01"))
    # 100.01 × (60 % + 70 %) / 2 = 65.0065 → 65.01 (rounding each half would give 30.00 + 35.00)
    assert answer["funded_amount"] == "65.01"


def test_the_uplift_never_goes_above_70_percent():
    small = decide(gber({"headcount": 10}, [disadvantaged(), disadvantaged()]))
    assert (small["rate"], small["funded_amount"], small["reasons"]) == ("0.70", "8400.00", [])
    medium = decide(gber({"headcount": 120}, [disadvantaged()]))
    assert (medium["rate"], medium["funded_amount"]) == ("0.60", "8400.00")
    assert codes(medium) == ["disadvantaged_uplift"]


def test_only_eligible_disadvantaged_trainees_count():
    answer = decide(
        gber(
            {"headcount": 300},
            [trainee(), disadvantaged(contract="apprenticeship")],
            cost="10000.00",
        )
    )
    assert codes(answer) == ["trainees_excluded_contract", "cost_prorated"]
    assert answer["funded_amount"] == "2500.00"


def test_the_temporary_framework_has_no_uplift():
    answer = decide(filed_2022(company={"headcount": 500}, trainees=[disadvantaged()]))
    assert (
        answer["rate"] == "0.70"
        and answer["reasons"] == []
        and answer["funded_amount"] == "8400.00"
    )


def test_the_gber_cap_applies_after_the_uplift():
    answer = decide(gber({"headcount": 300}, [disadvantaged()], cost="4000000.00"))
    assert answer["funded_amount"] == "2000000.00"
    assert codes(answer) == ["disadvantaged_uplift", "state_aid_cap_applied"]


def test_inputs_without_the_new_fields_decide_as_with_their_defaults():
    without = build()
    explicit = build(
        company={"annual_turnover": None, "balance_sheet_total": None},
        trainees=[disadvantaged(False)],
    )
    assert decide(without) == decide(explicit)


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"company": {"annual_turnover": "-1.00"}}, "company.annual_turnover", "negative_amount"),
        (
            {"company": {"balance_sheet_total": "beaucoup"}},
            "company.balance_sheet_total",
            "invalid_amount",
        ),
        ({"trainees": [disadvantaged("oui")]}, "trainees[0].disadvantaged", "invalid_boolean"),
    ],
)
def test_the_new_inputs_are_checked_like_the_others(change, field, code):
    answer = evaluate_json(build(**change))
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [(field, code)]
