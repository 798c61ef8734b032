"""The operator's costs: a share of the envelope kept for the operator, never committed."""

import datetime as dt

from relance.audit.models import AdminChange
from relance.reports.exports.tables import summary
from relance.reports.narrative import paragraphs
from relance.reports.queries import report_figures
from tests.funding.test_money import set_envelope


def envelope(api, people, year: int = 2021) -> dict:
    return api.get(people["finance"], f"/envelopes/fne/{year}").json()


def test_the_yearly_set_up_keeps_5_percent_of_the_2021_envelope_for_the_operator(api, people):
    totals = envelope(api, people)
    assert totals["amount"] == "150000000.00" and totals["operator_costs"] == "7500000.00"
    assert totals["available"] == "142500000.00"


def test_an_envelope_created_through_put_without_operator_costs_has_none(api, people):
    body = {"amount": "160000000.00"}
    totals = api.put(people["manager"], "/envelopes/fne/2022", body).json()
    assert totals["operator_costs"] == "0.00" and totals["available"] == "160000000.00"


def test_put_without_operator_costs_keeps_those_of_an_existing_envelope(api, people):
    envelope(api, people)  # the set-up creates it with 5 %
    totals = api.put(people["manager"], "/envelopes/fne/2021", {"amount": "151000000.00"}).json()
    assert totals["operator_costs"] == "7500000.00" and totals["available"] == "143500000.00"


def test_an_approval_cannot_use_the_operator_costs(api, people, new_request, walk):
    walk(first := new_request(), "in_review")
    walk(second := new_request(), "in_review")
    set_envelope(api, people, "30000.00", operator_costs="10000.00")
    assert api.post(people["adviser"], f"/requests/{first}/approve").status_code == 200
    response = api.post(people["adviser"], f"/requests/{second}/approve")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "insufficient_funds"
    totals = envelope(api, people)
    assert (totals["net_committed"], totals["available"]) == ("12000.00", "8000.00")


def test_the_amount_never_goes_below_net_commitments_plus_operator_costs(
    api, people, new_request, walk
):
    walk(new_request(), "approved")
    too_low = {"amount": "12999.99", "operator_costs": "1000.00"}
    response = api.put(people["manager"], "/envelopes/fne/2021", too_low)
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "below_net_commitments"
    assert set_envelope(api, people, "13000.00", operator_costs="1000.00")["available"] == "0.00"


def test_negative_operator_costs_are_refused_by_name(api, people):
    body = {"amount": "150000000.00", "operator_costs": "-1.00"}
    response = api.put(people["manager"], "/envelopes/fne/2021", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "operator_costs"


def test_a_change_of_operator_costs_is_in_the_audit_trail(api, people):
    envelope(api, people)  # the set-up creates it with 5 %
    set_envelope(api, people, "150000000.00", operator_costs="6000000.00")
    change = AdminChange.objects.get(model="budget.envelope")
    assert change.actor == people["manager"]
    assert change.changes == {"operator_costs": ["7500000.00", "6000000.00"]}


def test_the_bilan_shows_the_operator_costs_beside_the_commitments(api, people, new_request, walk):
    walk(new_request(), "approved")
    figures = report_figures(year=2021, as_of=dt.date(2021, 9, 15))
    assert (figures["operator_costs"], figures["net_commitments"]) == ("7500000.00", "12000.00")
    text = " ".join(paragraphs(figures)).replace("\u202f", " ")
    assert "dont 7 500 000,00 € réservés aux frais de gestion de l'opérateur" in text
    rows = {row["label"]: row["value"] for row in summary(figures).rows}
    assert "dont frais de gestion de l'opérateur (non engageables)" in rows
