"""Each example of issue 16's « Why », asked of `relance evaluate --batch` in one process: the
answers the 2022 sources give (the envelope's operator costs are in tests/funding)."""

import json
import subprocess

import pytest

from tests.rules.builders import build, trainee
from tests.rules.test_contract import RELANCE

TRAINING_2022 = {"start": "2022-09-01", "end": "2023-03-31"}

EXAMPLES = {
    "temporary_framework_15_july_2022": build(
        filed_on="2022-07-15", company={"headcount": 120}, training=TRAINING_2022
    ),
    "gber_15_july_2022": build(
        filed_on="2022-07-15",
        company={"headcount": 120},
        training=TRAINING_2022,
        aid_regime="gber",
    ),
    "2_meur_received_filed_in_2022": build(
        filed_on="2022-03-15",
        company={"headcount": 120, "state_aid_received": "2000000.00"},
        training=TRAINING_2022,
    ),
    "2_meur_received_filed_in_2021": build(
        company={"headcount": 120, "state_aid_received": "2000000.00"}
    ),
    "2021_filing_training_ends_in_2023": build(
        training={"start": "2022-03-01", "end": "2023-01-15"}
    ),
    "40_employees_60_meur_turnover_50_meur_balance_sheet": build(
        company={
            "headcount": 40,
            "annual_turnover": "60000000.00",
            "balance_sheet_total": "50000000.00",
        },
        aid_regime="gber",
    ),
    "disadvantaged_trainee_of_a_medium_company": build(
        company={"headcount": 120},
        aid_regime="gber",
        trainees=[trainee(), {**trainee(), "disadvantaged": True}],
    ),
    **{
        f"idcc_{idcc}": build(company={"headcount": 120, "idcc": idcc})
        for idcc in ("1867", "2542", "1635", "2579")
    },
}


@pytest.fixture(scope="module")
def answers() -> dict[str, dict]:
    lines = "\n".join(json.dumps(example) for example in EXAMPLES.values())
    result = subprocess.run(
        [RELANCE, "evaluate", "--batch"],
        input=lines,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(zip(EXAMPLES, map(json.loads, result.stdout.splitlines()), strict=True))


def blocking(answer: dict) -> list[str]:
    return [r["code"] for r in answer["reasons"] if r["blocking"]]


def test_the_temporary_framework_is_closed_to_a_filing_of_15_july_2022(answers):
    answer = answers["temporary_framework_15_july_2022"]
    assert not answer["eligible"] and blocking(answer) == ["aid_regime_not_in_force"]
    gber = answers["gber_15_july_2022"]
    assert (gber["rate"], gber["funded_amount"]) == ("0.60", "7200.00")


def test_2_meur_received_leaves_room_under_the_2022_ceiling_but_not_the_2021_one(answers):
    in_2022 = answers["2_meur_received_filed_in_2022"]
    assert in_2022["eligible"] and in_2022["funded_amount"] == "12000.00"
    in_2021 = answers["2_meur_received_filed_in_2021"]
    assert blocking(in_2021) == ["state_aid_cap_exhausted"]


def test_a_2021_filing_whose_training_ends_in_2023_is_not_funded(answers):
    answer = answers["2021_filing_training_ends_in_2023"]
    assert blocking(answer) == ["training_ends_after_programme"]
    assert answer["funded_amount"] == "0.00"


def test_40_employees_with_60_meur_turnover_and_50_meur_balance_sheet_is_large_under_gber(
    answers,
):
    answer = answers["40_employees_60_meur_turnover_50_meur_balance_sheet"]
    assert (answer["rate"], answer["funded_amount"]) == ("0.50", "6000.00")


def test_a_disadvantaged_trainee_gets_gbers_10_points(answers):
    answer = answers["disadvantaged_trainee_of_a_medium_company"]
    # 12 000 € for 2 trainees of a medium company: 6 000 × 60 % + 6 000 × 70 %.
    assert (answer["rate"], answer["funded_amount"]) == ("0.60", "7800.00")
    assert "disadvantaged_uplift" in [r["code"] for r in answer["reasons"]]


@pytest.mark.parametrize("idcc", ["1867", "2542", "1635", "2579"])
def test_territorial_metallurgy_agreements_are_in_the_perimeter(answers, idcc):
    answer = answers[f"idcc_{idcc}"]
    assert answer["eligible"] and "idcc_outside_perimeter" not in blocking(answer)
