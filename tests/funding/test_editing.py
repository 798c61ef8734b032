"""Editing a draft or a request sent back for correction (`PUT /api/v1/requests/{id}`), and the
manager's send-back of a request awaiting the second approval."""

from decimal import Decimal

import pytest

from relance.budget.models import Envelope
from relance.funding.models import TransitionLog
from relance.reports.verify import kept_differences
from tests.workflow import action, trainee

pytestmark = pytest.mark.django_db


def edit_body(cost: str = "9000.00", **extra) -> dict:
    return {"training_actions": [action(cost=cost)], "trainees": [trainee()], **extra}


def test_a_company_edits_its_draft_and_reads_the_new_decision(api, people, new_request):
    request_id = new_request()
    response = api.put(people["company"], f"/requests/{request_id}", edit_body("9000.00"))
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["status"] == "draft"
    assert answer["training_actions"][0]["cost"] == "9000.00"
    assert answer["decision"]["funded_amount"] == answer["funded_amount"]


def test_a_correction_is_decided_again_and_its_amounts_kept_in_the_history(
    api, people, new_request, walk
):
    request_id = new_request()
    walk(request_id, "information_requested")
    before = api.get(people["company"], f"/requests/{request_id}").json()["funded_amount"]
    answer = api.put(
        people["company"], f"/requests/{request_id}", edit_body("6000.00", pathway="reconversion")
    ).json()
    assert answer["status"] == "information_requested" and answer["pathway"] == "reconversion"
    log = TransitionLog.objects.filter(request_id=request_id).last()
    assert log.action == "edit"
    assert log.changes == {"funded_amount": [before, answer["funded_amount"]]}
    assert Decimal(answer["funded_amount"]) < Decimal(before)


def test_a_correction_that_changes_pathway_moves_the_kept_queue_counts_with_it(
    api, people, new_request, walk
):
    request_id = new_request()
    walk(request_id, "information_requested")
    api.put(people["company"], f"/requests/{request_id}", edit_body(pathway="reconversion"))
    envelope = Envelope.objects.get(scheme="fne", year=2021)
    assert kept_differences(envelope) == []


def test_answering_after_a_correction_sends_the_request_back_to_review(
    api, people, new_request, walk
):
    request_id = new_request()
    walk(request_id, "information_requested")
    api.put(people["company"], f"/requests/{request_id}", edit_body())
    answered = api.post(
        people["company"], f"/requests/{request_id}/answer", {"message": "Coût corrigé."}
    )
    assert answered.json()["status"] == "in_review"


@pytest.mark.parametrize("status", ["submitted", "in_review", "approved", "refused"])
def test_a_request_past_its_draft_and_not_under_correction_cannot_be_edited(
    api, people, new_request, walk, status
):
    request_id = new_request()
    walk(request_id, status)
    response = api.put(people["adviser"], f"/requests/{request_id}", edit_body())
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "invalid_state"


def test_an_edit_answers_404_then_403_then_422_then_409(api, people, new_request, walk):
    request_id = new_request()
    walk(request_id, "in_review")
    bad = {"training_actions": [], "trainees": [trainee()]}
    path = f"/requests/{request_id}"
    assert api.put(None, path, bad).status_code == 401
    assert api.put(people["other_company"], path, bad).status_code == 404
    assert api.put(people["finance"], path, bad).status_code == 403
    assert api.put(people["company"], path, bad).status_code == 422
    assert api.put(people["company"], path, edit_body()).status_code == 409


def test_an_adviser_may_correct_a_draft_of_their_delegation(api, people, new_request):
    request_id = new_request()
    response = api.put(people["adviser"], f"/requests/{request_id}", edit_body())
    assert response.status_code == 200
    assert api.put(people["other_adviser"], f"/requests/{request_id}", edit_body()).status_code == (
        404
    )


def awaiting_second_approval(api, people, new_request, walk) -> int:
    request_id = new_request()
    walk(request_id, "in_review")
    Envelope.objects.filter(scheme="fne", year=2021).update(second_approval_above="10000.00")
    assert api.post(people["adviser"], f"/requests/{request_id}/approve").json()["status"] == (
        "awaiting_second_approval"
    )
    return request_id


def test_a_manager_sends_a_request_back_to_the_adviser_with_a_comment(
    api, people, new_request, walk
):
    request_id = awaiting_second_approval(api, people, new_request, walk)
    path = f"/requests/{request_id}/send-back"
    assert api.post(people["adviser"], path, {"comment": "Non"}).status_code == 403
    assert api.post(people["manager"], path, {"comment": " "}).status_code == 422
    answer = api.post(people["manager"], path, {"comment": "Vérifier le coût horaire."}).json()
    assert answer["status"] == "in_review" and answer["committed"] == "0.00"
    log = TransitionLog.objects.filter(request_id=request_id).last()
    assert (log.action, log.comment) == ("send_back", "Vérifier le coût horaire.")
    again = api.post(people["manager"], path, {"comment": "Encore"})
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "invalid_state"
