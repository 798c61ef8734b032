import datetime as dt
from decimal import Decimal

import pytest

from relance.budget.models import AppendOnlyError, Envelope, LedgerEntry
from tests.workflow import action, trainee


def set_envelope(api, people, amount: str, year: int = 2021, operator_costs: str = "0.00"):
    """A small envelope for the test: without the set-up's operator costs (5 % of 150 M€)."""
    body = {"amount": amount, "operator_costs": operator_costs}
    response = api.put(people["manager"], f"/envelopes/fne/{year}", body)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_filing_after_the_deadline_is_a_409_and_the_request_stays_a_draft(
    api, people, new_request, settings
):
    settings.RELANCE_TODAY = dt.date(2022, 8, 1)
    request_id = new_request(training_actions=[action(start="2022-09-01", end="2022-12-01")])
    response = api.post(people["company"], f"/requests/{request_id}/submit")
    assert response.status_code == 409 and "31/07/2022" in response.json()["errors"][0]["message"]
    assert api.get(people["company"], f"/requests/{request_id}").json()["status"] == "draft"


def test_an_adviser_records_a_request_received_earlier_and_its_rules_apply(api, people):
    from tests.workflow import request_body

    body = request_body(people["the_company"], filed_on="2021-06-30", aid_regime="gber")
    request_id = api.post(people["adviser"], "/requests", body).json()["id"]
    submitted = api.post(people["adviser"], f"/requests/{request_id}/submit").json()
    assert submitted["filed_on"] == "2021-06-30" and submitted["rules_version"] == "fne-2021-01"
    assert submitted["decision"]["eligible"] is False
    assert submitted["decision"]["reasons"][0]["code"] == "aid_regime_not_in_force"
    forbidden = api.post(
        people["company"], "/requests", request_body(people["the_company"], filed_on="2021-06-30")
    )
    assert forbidden.status_code == 403


def test_an_ineligible_request_can_be_submitted_but_only_refused(api, people, new_request, walk):
    request_id = new_request(trainees=[trainee(contract="apprenticeship")])
    walk(request_id, "in_review")
    response = api.post(people["adviser"], f"/requests/{request_id}/approve")
    assert response.status_code == 409 and response.json()["errors"][0]["code"] == "not_eligible"
    assert (
        api.post(
            people["adviser"], f"/requests/{request_id}/refuse", {"reason": "Apprentis exclus"}
        ).status_code
        == 200
    )


def test_an_approval_beyond_the_funds_is_refused_with_fonds_insuffisants(
    api, people, new_request, walk
):
    walk(first := new_request(), "in_review")
    walk(second := new_request(), "in_review")
    set_envelope(api, people, "20000.00")
    assert api.post(people["adviser"], f"/requests/{first}/approve").status_code == 200
    response = api.post(people["adviser"], f"/requests/{second}/approve")
    assert response.status_code == 409
    error = response.json()["errors"][0]
    assert error["code"] == "insufficient_funds" and error["message"].startswith(
        "Fonds insuffisants"
    )
    assert api.get(people["manager"], f"/requests/{second}").json()["status"] == "in_review"


def test_a_submission_on_an_exhausted_envelope_is_refused(api, people, new_request, walk):
    walk(new_request(), "approved")
    set_envelope(api, people, "12000.00")
    request_id = new_request()
    response = api.post(people["company"], f"/requests/{request_id}/submit")
    assert (
        response.status_code == 409 and response.json()["errors"][0]["code"] == "envelope_exhausted"
    )


def test_above_the_four_eyes_amount_an_adviser_approval_waits_for_a_manager(
    api, people, new_request, walk
):
    request_id = new_request()
    walk(request_id, "in_review")
    envelope = Envelope.objects.get_or_create(
        scheme="fne", year=2021, defaults={"initial_amount": Decimal("150000000")}
    )[0]
    envelope.second_approval_above = Decimal("10000.00")
    envelope.save()
    waiting = api.post(people["adviser"], f"/requests/{request_id}/approve").json()
    assert waiting["status"] == "awaiting_second_approval" and waiting["committed"] == "0.00"
    assert api.post(people["adviser"], f"/requests/{request_id}/approve").status_code == 403
    approved = api.post(people["manager"], f"/requests/{request_id}/approve").json()
    assert approved["status"] == "approved" and approved["committed"] == "12000.00"


def test_an_amendment_releases_a_lower_amount_and_needs_funds_for_a_higher_one(
    api, people, new_request, walk
):
    request_id = new_request()
    walk(request_id, "approved")
    lower = {"training_actions": [action(cost="9000.00")], "trainees": [trainee()]}
    assert (
        api.post(people["adviser"], f"/requests/{request_id}/amend", lower).json()["committed"]
        == "9000.00"
    )
    set_envelope(api, people, "10000.00")
    higher = {"training_actions": [action(cost="15000.00")], "trainees": [trainee()]}
    response = api.post(people["adviser"], f"/requests/{request_id}/amend", higher)
    assert (
        response.status_code == 409 and response.json()["errors"][0]["code"] == "insufficient_funds"
    )
    assert (
        api.get(people["adviser"], f"/requests/{request_id}").json()["training_actions"][0]["cost"]
        == "9000.00"
    )
    totals = api.get(people["finance"], "/envelopes/fne/2021").json()
    assert totals == {
        "amount": "10000.00",
        "operator_costs": "0.00",
        "committed": "12000.00",
        "released": "3000.00",
        "net_committed": "9000.00",
        "paid": "0.00",
        "available": "1000.00",
        "second_approval_above": None,
    }


def test_cancelling_releases_the_commitment_and_is_refused_after_a_payment(
    api, people, new_request, walk
):
    walk(first := new_request(), "approved")
    assert (
        api.post(
            people["manager"], f"/requests/{first}/cancel", {"reason": "Entreprise renonce"}
        ).status_code
        == 200
    )
    assert api.get(people["finance"], "/envelopes/fne/2021").json()["net_committed"] == "0.00"
    walk(second := new_request(), "approved")
    pay = {"amount": "1.00", "payee": "company", "reference": "P-9", "final": False}
    api.post(people["finance"], f"/requests/{second}/payments", pay)
    response = api.post(people["manager"], f"/requests/{second}/cancel")
    assert response.status_code == 409 and response.json()["errors"][0]["code"] == "already_paid"


def test_payments_never_exceed_the_commitment_and_a_reference_is_idempotent(
    api, people, new_request, walk
):
    walk(request_id := new_request(), "approved")
    too_much = {"amount": "12000.01", "payee": "company", "reference": "P-1", "final": False}
    assert (
        api.post(people["finance"], f"/requests/{request_id}/payments", too_much).status_code == 409
    )
    body = {"amount": "2000.00", "payee": "provider", "reference": "P-2", "final": False}
    first = api.post(people["finance"], f"/requests/{request_id}/payments", body)
    again = api.post(people["finance"], f"/requests/{request_id}/payments", body)
    assert (
        first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    )
    assert api.get(people["finance"], f"/requests/{request_id}").json()["paid"] == "2000.00"
    walk(other := new_request(), "approved")
    assert api.post(people["finance"], f"/requests/{other}/payments", body).status_code == 409


def test_the_envelope_cannot_be_lowered_below_its_net_commitments(api, people, new_request, walk):
    walk(new_request(), "approved")
    lower = {"amount": "11999.99", "operator_costs": "0.00"}
    response = api.put(people["manager"], "/envelopes/fne/2021", lower)
    assert response.status_code == 409
    assert api.put(people["adviser"], "/envelopes/fne/2021", {"amount": "1"}).status_code == 403
    assert set_envelope(api, people, "12000.00")["available"] == "0.00"
    assert api.get(people["company"], "/envelopes/fne/2021").status_code == 403
    assert api.get(people["manager"], "/envelopes/fne/1999").status_code == 404
    assert api.get(people["manager"], "/envelopes/fne/2022").json()["amount"] == "160000000.00"


def test_state_aid_received_is_computed_from_this_system_and_the_declared_aid(
    api, people, new_request, walk
):
    company = people["the_company"]
    company.declared_state_aid = Decimal("1790000.00")
    company.save()
    walk(first := new_request(training_actions=[action(cost="4000.00")]), "approved")
    walk(second := new_request(), "submitted")
    decision = api.get(people["adviser"], f"/requests/{second}").json()["decision"]
    assert decision["funded_amount"] == "6000.00"  # 1.8 M€ − 1.79 M€ declared − 4 000 € funded here
    assert [r["code"] for r in decision["reasons"]] == ["state_aid_cap_applied"]
    assert api.get(people["adviser"], f"/requests/{first}").json()["committed"] == "4000.00"


def test_the_ledger_is_append_only(api, people, new_request, walk):
    walk(new_request(), "approved")
    entry = LedgerEntry.objects.get()
    entry.amount = Decimal("1.00")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
