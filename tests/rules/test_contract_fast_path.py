"""The contract's fast path (the common, valid request) agrees with its general path.

`parse_request` first tries `_plain_request`, which skips the general path's bookkeeping; on
anything unusual it returns None and the general path (`checked_request`) decides. Over random
requests, valid or spoiled in one place, the fast path either steps aside or gives exactly the
input, and so the decision, that the general path gives."""

import copy
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from relance.rules import contract
from relance.rules.contract import _plain_request, checked_request, evaluate_json, parse_request
from relance.rules.engine import evaluate
from relance.rules.fields import InputErrors
from tests.rules.builders import build

KINDS = ["partial_activity", "long_partial_activity", "difficulty", "transformation", "recovery"]
CONTRACTS = ["permanent", "fixed_term", "apprenticeship", "professionalisation"]
days = st.dates(dt.date(2020, 6, 1), dt.date(2023, 6, 1))
cents = st.decimals(min_value=0, max_value=Decimal("5000000"), places=2)
# As stored (strings), and as JSON numbers read exactly (integers, Decimal).
amounts = cents.map(str) | cents | st.integers(0, 5_000_000)
# What a spoiled field may hold instead: wrong types, look-alikes of valid values, edge amounts.
HOSTILE = [
    None,
    True,
    False,
    0,
    1,
    -1,
    12,
    Decimal("12.5"),
    "",
    "x",
    "12",
    "12.345",
    "-0.00",
    "-5.00",
    "NaN",
    "Infinity",
    "1E+12",
    "1e3",
    " 12.00",
    "2021-02-30",
    "2021-1-1",
    "1899-12-31",
    "2020-12-31",
    "0827",
    "827",
    "permanent",
    "gber",
    [],
    {},
]


@st.composite
def raw_requests(draw) -> dict:
    start = draw(days)
    end = draw(st.dates(start, start + dt.timedelta(days=500)))
    company = {
        "headcount": draw(st.integers(0, 5000)),
        "situations": [
            {
                "kind": draw(st.sampled_from(KINDS)),
                "start": (s := draw(days)).isoformat(),
                "end": draw(st.none() | st.dates(s, dt.date(2024, 1, 1)).map(dt.date.isoformat)),
            }
            for _ in range(draw(st.integers(0, 3)))
        ],
        "in_difficulty_on_2019_12_31": draw(st.booleans()),
        "ceasing_activity": draw(st.booleans()),
        "pse_negotiation": draw(st.booleans()),
        "state_aid_received": draw(amounts),
    }
    for key, values in (
        ("idcc", st.sampled_from(["0827", "827", " 1486 ", "abc"])),
        ("annual_turnover", st.none() | amounts),
        ("balance_sheet_total", st.none() | amounts),
    ):
        if draw(st.booleans()):
            company[key] = draw(values)
    training = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "cost": draw(amounts),
        "mandatory_safety": draw(st.booleans()),
    }
    if draw(st.booleans()):
        training["hours"] = draw(
            st.none() | st.sampled_from(["35", "120.50", "1025.00", 140, Decimal("7.5")])
        )
    trainees = []
    for _ in range(draw(st.integers(0, 6))):
        contract = draw(st.sampled_from(CONTRACTS))
        contract_end = draw(st.none() | days.map(dt.date.isoformat))
        trainee = {
            "contract": contract,
            "contract_end": contract_end,
            "leaving_under_pse_or_rcc": draw(st.booleans()),
        }
        if draw(st.booleans()):
            trainee["disadvantaged"] = draw(st.booleans())
        trainees.append(trainee)
    return {
        "filed_on": draw(st.dates(dt.date(2020, 12, 1), dt.date(2023, 1, 1))).isoformat(),
        "company": company,
        "aid_regime": draw(st.sampled_from(["temporary_framework", "gber"])),
        "pathway": draw(
            st.sampled_from(["reconversion", "certification", "crisis_context", "anticipation"])
        ),
        "training": training,
        "trainees": trainees,
    }


def places(data, path=()):
    """Every key and list position of a request, as paths from its root."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        yield (*path, key)
        if isinstance(value, dict | list):
            yield from places(value, (*path, key))


def spoilings(data: dict):
    """The request spoiled in one place, in every way: each key and list position replaced by
    each hostile value, removed, or given a stray neighbour."""
    for *parent_path, key in list(places(data)):
        for action in ["remove", "add", *range(len(HOSTILE))]:
            spoiled = copy.deepcopy(data)
            parent = spoiled
            for step in parent_path:
                parent = parent[step]
            if action == "remove":
                del parent[key]
            elif action == "add" and isinstance(parent, dict):
                parent["unexpected"] = None
            elif action == "add":
                parent.append({})
            else:
                parent[key] = copy.deepcopy(HOSTILE[action])
            yield spoiled


def general_outcome(data) -> object:
    try:
        return checked_request(data)
    except InputErrors as error:
        return error.as_dict()


@settings(max_examples=400, deadline=None)
@given(raw_requests())
def test_on_valid_requests_the_fast_path_gives_the_general_paths_input_and_decision(data):
    fast = _plain_request(data)
    general = general_outcome(data)
    if isinstance(general, dict):  # e.g. filed before the first rules: the fast path steps aside
        assert fast is None
        return
    assert fast == general  # every valid request of this shape takes the fast path
    assert evaluate(fast) == evaluate(general)
    assert parse_request(data) == general


@settings(max_examples=25, deadline=None)
@given(raw_requests())
def test_on_spoiled_requests_the_fast_path_steps_aside_or_agrees_with_the_general_path(data):
    for spoiled in spoilings(data):
        fast = _plain_request(spoiled)
        general = general_outcome(spoiled)
        if fast is not None:
            assert fast == general, spoiled
        assert evaluate_json(spoiled) == (
            general if isinstance(general, dict) else evaluate(general).as_dict()
        ), spoiled


def test_the_requests_the_application_stores_take_the_fast_path():
    data = build(company={"idcc": "0827", "annual_turnover": None}, training={"hours": "35.00"})
    assert _plain_request(data) == checked_request(data)
    assert _plain_request(data) is not None


def test_the_fast_path_knows_every_field_of_the_contract():
    """A field added to the contract must be read by `_plain_request` too, else the fast path
    would accept it and drop it: this list changes with it."""
    assert {
        "request": {"filed_on", "company", "aid_regime", "pathway", "training", "trainees"},
        "company": {
            "headcount",
            "situations",
            "in_difficulty_on_2019_12_31",
            "ceasing_activity",
            "pse_negotiation",
            "state_aid_received",
            "idcc",
            "annual_turnover",
            "balance_sheet_total",
        },
        "situation": {"kind", "start", "end"},
        "training": {"start", "end", "cost", "mandatory_safety", "hours"},
        "trainee": {"contract", "contract_end", "leaving_under_pse_or_rcc", "disadvantaged"},
    } == {
        "request": contract.REQUEST_KEYS,
        "company": contract.COMPANY_KEYS | contract.COMPANY_OPTIONAL,
        "situation": contract.SITUATION_KEYS,
        "training": contract.TRAINING_KEYS | contract.TRAINING_OPTIONAL,
        "trainee": contract.TRAINEE_ALL_KEYS,
    }
