"""The two aid regimes side by side, and the suggestion of the one that funds more."""

import copy
import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from relance.rules.comparison import compare, explain
from relance.rules.contract import evaluate_json
from tests.rules.builders import BASE, build, codes, situation, trainee


def without_regime(data: dict) -> dict:
    data = copy.deepcopy(data)
    del data["aid_regime"]
    return data


def compared(**changes) -> dict:
    result = compare(without_regime(build(**changes)))
    assert "errors" not in result, result
    return result


def test_each_regime_gets_the_decision_the_engine_gives_when_it_is_chosen():
    result = compared()
    for regime in ("temporary_framework", "gber"):
        assert result[regime] == evaluate_json(build(aid_regime=regime))


def test_suggests_the_temporary_framework_when_it_funds_more_and_says_by_how_much():
    result = compared()  # 500 employees in partial activity: 70 % against GBER's 50 %
    assert result["temporary_framework"]["funded_amount"] == "8400.00"
    assert result["gber"]["funded_amount"] == "6000.00"
    assert result["recommended"] == "temporary_framework"
    assert explain(result) == (
        "Le régime « Encadrement temporaire des aides d'État » finance 2\u202f400,00 € de plus "
        "que le régime « RGEC, art. 31 » (8\u202f400,00 € contre 6\u202f000,00 €)."
    )


def test_suggests_gber_when_the_cap_already_used_leaves_the_temporary_framework_less():
    result = compared(company={"state_aid_received": "1796000.00"})
    assert result["temporary_framework"]["funded_amount"] == "4000.00"
    assert result["recommended"] == "gber"
    assert explain(result).endswith(
        "(6\u202f000,00 € contre 4\u202f000,00 €), compte tenu des aides d'État déjà reçues."
    )


def test_suggests_gber_when_the_temporary_framework_cap_is_exhausted():
    result = compared(company={"state_aid_received": "1800000.00"})
    assert codes(result["temporary_framework"], blocking=True) == ["state_aid_cap_exhausted"]
    assert result["recommended"] == "gber"
    assert explain(result) == (
        "Seul le régime « RGEC, art. 31 » permet de financer cette demande (6\u202f000,00 €), "
        "compte tenu des aides d'État déjà reçues."
    )


def test_a_tie_suggests_the_temporary_framework():
    # 1.8 M€ cap minus 1 794 000 € received leaves 6 000 €: GBER's 50 % of 12 000 € exactly.
    result = compared(company={"state_aid_received": "1794000.00"})
    assert result["temporary_framework"]["funded_amount"] == result["gber"]["funded_amount"]
    assert result["recommended"] == "temporary_framework"
    assert "même montant (6\u202f000,00 €)" in explain(result)


def test_recommends_nothing_when_neither_regime_is_eligible():
    result = compared(training={"mandatory_safety": True})
    assert not result["temporary_framework"]["eligible"] and not result["gber"]["eligible"]
    assert result["recommended"] is None
    assert explain(result) == "Aucun des deux régimes d'aide ne permet de financer cette demande."


def test_gber_before_july_2021_is_the_engines_ineligible_answer_with_its_reason():
    result = compared(filed_on="2021-03-15")
    assert codes(result["gber"], blocking=True) == ["aid_regime_not_in_force"]
    assert result["gber"]["rules_version"] == "fne-2021-01"
    assert result["recommended"] == "temporary_framework"


def test_the_temporary_framework_after_june_2022_is_ineligible_with_its_reason():
    result = compared(
        filed_on="2022-07-15",
        company={"situations": [situation("partial_activity", "2022-01-01")]},
        training={"start": "2022-09-01", "end": "2023-03-31"},
    )
    assert "aid_regime_not_in_force" in codes(result["temporary_framework"], blocking=True)
    assert result["recommended"] == "gber"


def test_an_aid_regime_in_the_request_is_refused_like_any_unexpected_field():
    result = compare(build())
    assert result == {
        "errors": [
            {
                "field": "aid_regime",
                "code": "unexpected_field",
                "message": "Ce champ n'est pas attendu.",
            }
        ]
    }


def test_lists_every_input_error_and_never_asks_for_the_regime():
    result = compare({"filed_on": "2021-13-01"})
    fields = [error["field"] for error in result["errors"]]
    assert "aid_regime" not in fields and {"company", "training", "filed_on"} <= set(fields)
    assert compare([1, 2])["errors"][0]["code"] == "not_an_object"


requests = st.fixed_dictionaries(
    {
        "filed_on": st.dates(dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        "headcount": st.integers(0, 3000),
        "kind": st.sampled_from(["partial_activity", "long_partial_activity", "difficulty"]),
        "received": st.decimals(0, Decimal("2000000"), places=2),
        "cost": st.decimals(0, Decimal("3000000"), places=2),
        "disadvantaged": st.lists(st.booleans(), min_size=1, max_size=4),
        "safety": st.booleans(),
    }
)


def payload_of(drawn: dict) -> dict:
    data = build(
        filed_on=drawn["filed_on"].isoformat(),
        company={
            "headcount": drawn["headcount"],
            "state_aid_received": str(drawn["received"]),
            "situations": [situation(drawn["kind"])],
        },
        training={"cost": str(drawn["cost"]), "mandatory_safety": drawn["safety"]},
        trainees=[{**trainee(), "disadvantaged": flag} for flag in drawn["disadvantaged"]],
    )
    return without_regime(data)


@given(requests)
def test_the_recommended_regime_never_funds_less_than_the_other(drawn):
    result = compare(payload_of(drawn))
    amounts = {
        code: Decimal(result[code]["funded_amount"]) for code in ("temporary_framework", "gber")
    }
    best = result["recommended"]
    if best is None:
        assert not result["temporary_framework"]["eligible"] and not result["gber"]["eligible"]
    else:
        assert result[best]["eligible"]
        assert amounts[best] == max(amounts.values())
        assert explain(result)


def test_leaves_the_callers_payload_as_it_was():
    payload = without_regime(BASE)
    compare(payload)
    assert payload == without_regime(BASE)
