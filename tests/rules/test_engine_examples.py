"""The rules (README, « The rules and `relance evaluate` »), row by row and boundary by boundary, through the JSON contract."""

import pytest

from tests.rules.builders import build, codes, decide, situation, trainee


def test_the_contract_example_gives_the_documented_decision():
    assert decide(build()) == {
        "eligible": True,
        "reasons": [],
        "rate": "0.70",
        "eligible_cost": "12000.00",
        "funded_amount": "8400.00",
        "company_share": "3600.00",
        "rules_version": "fne-2021-07",
    }


# Temporary framework: < 300 → 100 %; 300–1,000 → AP 70, APLD 80, others 70; > 1,000 → 70/80/40.
@pytest.mark.parametrize(
    ("headcount", "kind", "rate"),
    [
        (0, "partial_activity", "1.00"),
        (299, "partial_activity", "1.00"),
        (299, "long_partial_activity", "1.00"),
        (299, "difficulty", "1.00"),
        (299, "transformation", "1.00"),
        (299, "recovery", "1.00"),
        (300, "partial_activity", "0.70"),
        (300, "long_partial_activity", "0.80"),
        (300, "difficulty", "0.70"),
        (1000, "partial_activity", "0.70"),
        (1000, "long_partial_activity", "0.80"),
        (1000, "recovery", "0.70"),
        (1001, "partial_activity", "0.70"),
        (1001, "long_partial_activity", "0.80"),
        (1001, "difficulty", "0.40"),
        (1001, "transformation", "0.40"),
        (1001, "recovery", "0.40"),
    ],
)
def test_temporary_framework_rates_by_size_band_and_situation(headcount, kind, rate):
    answer = decide(build(company={"headcount": headcount, "situations": [situation(kind)]}))
    assert answer["eligible"] and answer["rate"] == rate


# GBER art. 31 (from 1 July 2021): < 50 → 70 %, 50–249 → 60 %, ≥ 250 → 50 %, whatever the situation.
@pytest.mark.parametrize(
    ("headcount", "rate"),
    [(0, "0.70"), (49, "0.70"), (50, "0.60"), (249, "0.60"), (250, "0.50"), (5000, "0.50")],
)
@pytest.mark.parametrize(
    "kind",
    ["partial_activity", "long_partial_activity", "difficulty", "transformation", "recovery"],
)
def test_gber_rates_by_size_band(headcount, rate, kind):
    answer = decide(
        build(aid_regime="gber", company={"headcount": headcount, "situations": [situation(kind)]})
    )
    assert answer["eligible"] and answer["rate"] == rate


def test_gber_is_not_open_before_1_july_2021():
    answer = decide(build(filed_on="2021-06-30", aid_regime="gber"))
    assert not answer["eligible"] and codes(answer, True) == ["aid_regime_not_in_force"]
    assert answer["rules_version"] == "fne-2021-01"
    assert decide(build(filed_on="2021-07-01", aid_regime="gber"))["rules_version"] == "fne-2021-07"


@pytest.mark.parametrize("kind", ["transformation", "recovery"])
def test_transformation_and_recovery_count_only_for_requests_filed_from_1_july_2021(kind):
    before = decide(
        build(filed_on="2021-06-30", company={"situations": [situation(kind, "2021-02-01")]})
    )
    assert not before["eligible"]
    assert codes(before) == ["situation_not_in_force", "no_eligible_situation"]
    assert "01/07/2021" in before["reasons"][0]["message"]
    after = decide(
        build(filed_on="2021-07-01", company={"situations": [situation(kind, "2021-02-01")]})
    )
    assert after["eligible"]


@pytest.mark.parametrize(
    ("start", "end", "eligible"),
    [
        ("2021-09-15", None, True),  # starts on the filing date
        ("2021-09-16", None, False),  # starts the day after
        ("2021-01-01", "2021-09-15", True),  # ends on the filing date (inclusive)
        ("2021-01-01", "2021-09-14", False),  # ended the day before
    ],
)
def test_a_situation_counts_when_start_le_filing_date_le_end(start, end, eligible):
    answer = decide(build(company={"situations": [situation("partial_activity", start, end)]}))
    assert answer["eligible"] is eligible
    if not eligible:
        assert codes(answer, True) == ["no_eligible_situation"]


def test_no_situation_at_all_is_ineligible_with_its_reason():
    answer = decide(build(company={"situations": []}))
    assert answer["reasons"][0]["code"] == "no_eligible_situation"
    assert "aucune situation n'est en cours" in answer["reasons"][0]["message"]


def test_difficulty_already_on_31_december_2019_removes_only_the_difficulty_situation():
    alone = decide(
        build(
            company={"in_difficulty_on_2019_12_31": True, "situations": [situation("difficulty")]}
        )
    )
    assert not alone["eligible"]
    assert codes(alone) == ["difficulty_before_reference_date", "no_eligible_situation"]
    with_ap = decide(
        build(
            company={
                "in_difficulty_on_2019_12_31": True,
                "situations": [situation("difficulty"), situation("partial_activity")],
            }
        )
    )
    assert with_ap["eligible"] and codes(with_ap, False) == ["difficulty_before_reference_date"]


@pytest.mark.parametrize(
    ("pse", "eligible", "code"),
    [(False, False, "ceasing_activity"), (True, True, "ceasing_activity_with_pse")],
)
def test_ceasing_activity_is_ineligible_unless_pse_negotiations_are_open(pse, eligible, code):
    answer = decide(build(company={"ceasing_activity": True, "pse_negotiation": pse}))
    assert answer["eligible"] is eligible and code in codes(answer, not eligible)


def test_several_situations_take_the_most_favourable_rate():
    answer = decide(
        build(
            company={
                "headcount": 1500,
                "situations": [situation("difficulty"), situation("long_partial_activity")],
            }
        )
    )
    assert answer["rate"] == "0.80"
    assert codes(answer) == ["most_favourable_rate"]


@pytest.mark.parametrize(
    ("filed_on", "regime", "eligible", "version"),
    [
        ("2021-01-01", "temporary_framework", True, "fne-2021-01"),
        ("2021-12-31", "temporary_framework", True, "fne-2021-07"),
        ("2022-01-01", "temporary_framework", True, "fne-2022"),
        ("2022-07-31", "gber", True, "fne-2022-07"),
        ("2022-08-01", "gber", False, "fne-2022-07"),
    ],
)
def test_filing_dates_pick_the_rules_in_force_and_the_2022_deadline_is_31_july(
    filed_on, regime, eligible, version
):
    answer = decide(
        build(
            filed_on=filed_on,
            aid_regime=regime,
            training={"start": filed_on, "end": filed_on},
            company={"situations": [situation("partial_activity", "2021-01-01")]},
        )
    )
    assert (answer["eligible"], answer["rules_version"]) == (eligible, version)
    if not eligible:
        assert codes(answer, True) == ["filed_after_deadline"]


@pytest.mark.parametrize(
    ("start", "end", "eligible"),
    [
        ("2021-10-01", "2022-10-01", True),  # exactly 12 months, same day of the month
        ("2021-10-01", "2022-10-02", False),  # one day more
        ("2021-10-15", "2021-10-15", True),  # one day
        ("2020-02-29", "2021-02-28", True),  # a 29 February start ends on 28 February
        ("2020-02-29", "2021-03-01", False),
    ],
)
def test_a_pathway_lasts_at_most_12_months(start, end, eligible):
    answer = decide(build(filed_on="2021-09-15", training={"start": start, "end": end}))
    assert answer["eligible"] is eligible
    if not eligible:
        assert codes(answer, True) == ["training_too_long"]


def test_mandatory_safety_training_is_excluded():
    answer = decide(build(training={"mandatory_safety": True}))
    assert codes(answer, True) == ["mandatory_safety_training"]


@pytest.mark.parametrize(
    ("excluded", "code"),
    [
        (trainee("apprenticeship"), "trainees_excluded_contract"),
        (trainee("professionalisation"), "trainees_excluded_contract"),
        (trainee("permanent", leaving=True), "trainees_excluded_leaving"),
        (trainee("fixed_term", "2022-03-30"), "trainees_excluded_fixed_term"),
    ],
)
def test_excluded_trainees_prorate_the_eligible_cost_by_head(excluded, code):
    answer = decide(build(trainees=[trainee(), trainee(), trainee(), excluded]))
    assert answer["eligible"]
    assert codes(answer, False) == [code, "cost_prorated"]
    assert (answer["eligible_cost"], answer["funded_amount"], answer["company_share"]) == (
        "9000.00",
        "6300.00",
        "5700.00",
    )


def test_a_fixed_term_contract_ending_on_the_training_end_day_stays_eligible():
    answer = decide(build(trainees=[trainee("fixed_term", "2022-03-31")]))
    assert answer["eligible"] and answer["reasons"] == []


def test_a_request_with_no_eligible_employee_is_ineligible():
    answer = decide(build(trainees=[trainee("apprenticeship"), trainee("permanent", leaving=True)]))
    assert not answer["eligible"]
    assert codes(answer, True) == ["no_eligible_trainee"]
    assert (
        answer["rate"],
        answer["eligible_cost"],
        answer["funded_amount"],
        answer["company_share"],
    ) == ("0.00", "0.00", "0.00", "12000.00")
    assert decide(build(trainees=[]))["reasons"][-1]["code"] == "no_eligible_trainee"


def test_temporary_framework_cap_is_1_8_million_less_the_aid_already_received():
    answer = decide(
        build(
            company={"headcount": 100, "state_aid_received": "1795000.00"},
            training={"cost": "12000.00"},
        )
    )
    assert (
        answer["eligible"]
        and answer["funded_amount"] == "5000.00"
        and answer["company_share"] == "7000.00"
    )
    assert codes(answer) == ["state_aid_cap_applied"]


def test_an_exhausted_temporary_framework_cap_is_ineligible():
    answer = decide(build(company={"state_aid_received": "1800000.00"}))
    assert codes(answer, True) == ["state_aid_cap_exhausted"]


def test_gber_cap_is_2_million_per_request_whatever_was_received():
    answer = decide(
        build(
            aid_regime="gber",
            company={"headcount": 10, "state_aid_received": "5000000.00"},
            training={"cost": "4000000.00"},
        )
    )
    assert answer["funded_amount"] == "2000000.00" and codes(answer) == ["state_aid_cap_applied"]


def test_amounts_round_half_up_to_the_cent():
    answer = decide(build(company={"headcount": 500}, training={"cost": "0.05"}))
    assert answer["funded_amount"] == "0.04"  # 0.035 → 0.04, not banker's 0.04/0.03
    answer = decide(build(company={"headcount": 500}, training={"cost": "100.15"}))
    assert answer["funded_amount"] == "70.11"  # 70.105 → 70.11


def test_every_failed_condition_is_reported_not_only_the_first():
    answer = decide(
        build(
            filed_on="2022-08-02",
            company={"situations": [], "ceasing_activity": True},
            training={"mandatory_safety": True, "start": "2022-01-01", "end": "2023-06-01"},
            trainees=[trainee("apprenticeship")],
        )
    )
    assert set(codes(answer, True)) == {
        "no_eligible_situation",
        "filed_after_deadline",
        "aid_regime_not_in_force",  # the temporary framework closed on 30 June 2022
        "ceasing_activity",
        "mandatory_safety_training",
        "training_too_long",
        "no_eligible_trainee",
    }
    assert all(r["message"] for r in answer["reasons"])


def test_an_idcc_outside_the_perimeter_is_ineligible_with_a_clear_message():
    answer = decide(build(company={"idcc": "9999"}))
    assert codes(answer, True) == ["idcc_outside_perimeter"]
    assert "IDCC 9999" in answer["reasons"][0]["message"]
