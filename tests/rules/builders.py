"""JSON requests of the evaluate contract, built from a valid default by overriding parts."""

import copy

from relance.rules.contract import evaluate_json

BASE = {
    "filed_on": "2021-09-15",
    "company": {
        "headcount": 500,
        "idcc": "0044",
        "situations": [{"kind": "partial_activity", "start": "2021-03-01", "end": None}],
        "in_difficulty_on_2019_12_31": False,
        "ceasing_activity": False,
        "pse_negotiation": False,
        "state_aid_received": "0.00",
    },
    "aid_regime": "temporary_framework",
    "pathway": "anticipation",
    "training": {
        "start": "2021-10-01",
        "end": "2022-03-31",
        "cost": "12000.00",
        "hours": 140,
        "mandatory_safety": False,
    },
    "trainees": [
        {"contract": "permanent", "contract_end": None, "leaving_under_pse_or_rcc": False}
    ],
}


def situation(kind: str, start: str = "2021-01-01", end: str | None = None) -> dict:
    return {"kind": kind, "start": start, "end": end}


def trainee(
    contract: str = "permanent", contract_end: str | None = None, leaving: bool = False
) -> dict:
    return {"contract": contract, "contract_end": contract_end, "leaving_under_pse_or_rcc": leaving}


def build(*, company: dict | None = None, training: dict | None = None, **top) -> dict:
    data = copy.deepcopy(BASE)
    data["company"].update(company or {})
    data["training"].update(training or {})
    data.update(top)
    return data


def decide(data: dict) -> dict:
    """The decision on a valid request (fails the test on input errors)."""
    answer = evaluate_json(data)
    assert "errors" not in answer, answer
    return answer


def codes(answer: dict, blocking: bool | None = None) -> list[str]:
    return [r["code"] for r in answer["reasons"] if blocking is None or r["blocking"] is blocking]
