"""Money and rules invariants over random requests (hypothesis)."""

import datetime as dt
import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from relance.rules.contract import parse_request
from relance.rules.engine import evaluate
from relance.rules.inputs import RequestInput
from relance.rules.parameters import parameters_in_force

KINDS = ["partial_activity", "long_partial_activity", "difficulty", "transformation", "recovery"]
CONTRACTS = ["permanent", "fixed_term", "apprenticeship", "professionalisation"]
days = st.dates(dt.date(2020, 6, 1), dt.date(2023, 6, 1))
money = st.decimals(min_value=0, max_value=Decimal("5000000"), places=2)


@st.composite
def situations(draw):
    start = draw(days)
    end = draw(st.none() | st.dates(start, dt.date(2024, 1, 1)))
    return {
        "kind": draw(st.sampled_from(KINDS)),
        "start": start.isoformat(),
        "end": end and end.isoformat(),
    }


@st.composite
def trainees(draw):
    contract = draw(st.sampled_from(CONTRACTS))
    end = draw(days) if contract == "fixed_term" else draw(st.none() | days)
    item = {
        "contract": contract,
        "contract_end": end and end.isoformat(),
        "leaving_under_pse_or_rcc": draw(st.booleans()),
    }
    if draw(st.booleans()):
        item["disadvantaged"] = draw(st.booleans())
    return item


def optional_money(draw) -> str | None:
    return draw(st.none() | st.decimals(0, Decimal("100000000"), places=2).map(str))


@st.composite
def requests(draw):
    filed_on = draw(st.dates(dt.date(2021, 1, 1), dt.date(2023, 1, 1)))
    start = draw(days)
    end = draw(st.dates(start, start + dt.timedelta(days=500)))
    return parse_request(
        {
            "filed_on": filed_on.isoformat(),
            "company": {
                "headcount": draw(st.integers(0, 5000)),
                "situations": draw(st.lists(situations(), max_size=4)),
                "in_difficulty_on_2019_12_31": draw(st.booleans()),
                "ceasing_activity": draw(st.booleans()),
                "pse_negotiation": draw(st.booleans()),
                "state_aid_received": str(draw(money)),
                "annual_turnover": optional_money(draw),
                "balance_sheet_total": optional_money(draw),
            },
            "aid_regime": draw(st.sampled_from(["temporary_framework", "gber"])),
            "pathway": draw(
                st.sampled_from(["reconversion", "certification", "crisis_context", "anticipation"])
            ),
            "training": {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "cost": str(draw(money)),
                "mandatory_safety": draw(st.booleans()),
            },
            "trainees": draw(st.lists(trainees(), max_size=6)),
        }
    )


@given(requests())
@settings(max_examples=400)
def test_funded_amount_plus_company_share_is_the_cost(request: RequestInput):
    decision = evaluate(request)
    assert decision.funded_amount + decision.company_share == request.training.cost


@given(requests())
@settings(max_examples=400)
def test_zero_le_funded_le_eligible_cost_le_cost(request: RequestInput):
    decision = evaluate(request)
    assert Decimal(0) <= decision.funded_amount <= decision.eligible_cost <= request.training.cost
    assert decision.funded_amount == decision.funded_amount.quantize(Decimal("0.01"))


@given(requests())
@settings(max_examples=400)
def test_the_state_aid_cap_is_never_exceeded(request: RequestInput):
    decision = evaluate(request)
    params = parameters_in_force(request.filed_on)
    regime = params.regimes.get(request.aid_regime)
    if decision.eligible:
        if regime.cap_scope == "company":
            assert decision.funded_amount + request.company.state_aid_received <= regime.cap
        else:
            assert decision.funded_amount <= regime.cap
    else:
        assert decision.funded_amount == 0 and decision.company_share == request.training.cost


@given(requests(), st.randoms(use_true_random=False))
@settings(max_examples=300)
def test_the_decision_does_not_depend_on_the_order_of_situations_and_trainees(
    request: RequestInput, rnd: random.Random
):
    situations, trainees = list(request.company.situations), list(request.trainees)
    rnd.shuffle(situations)
    rnd.shuffle(trainees)
    shuffled = request._replace(
        company=request.company._replace(situations=tuple(situations)), trainees=tuple(trainees)
    )
    assert evaluate(shuffled) == evaluate(request)


@given(requests())
@settings(max_examples=300)
def test_disadvantaged_trainees_never_lower_the_amount_nor_change_the_rate(request: RequestInput):
    plain = request._replace(
        trainees=tuple(t._replace(disadvantaged=False) for t in request.trainees)
    )
    with_uplift, without = evaluate(request), evaluate(plain)
    assert with_uplift.rate == without.rate and with_uplift.eligible is without.eligible
    assert with_uplift.funded_amount >= without.funded_amount
