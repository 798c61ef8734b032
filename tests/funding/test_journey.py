from decimal import Decimal

from django.core import mail

from relance.budget.models import EntryKind, LedgerEntry
from tests.workflow import request_body


def test_a_request_goes_from_filing_to_payment_with_every_step_logged(
    api, people, new_request, django_capture_on_commit_callbacks
):
    request_id = new_request()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = api.post(people["company"], f"/requests/{request_id}/submit").json()
    assert submitted["status"] == "submitted" and submitted["filed_on"] == "2021-09-15"
    assert (
        submitted["decision"]["funded_amount"] == "12000.00"
        and submitted["rules_version"] == "fne-2021-07"
    )
    assert {m.to[0] for m in mail.outbox} == {"rh@acme.fr", "conseil@opco.fr"}
    api.post(people["adviser"], f"/requests/{request_id}/review")
    with django_capture_on_commit_callbacks(execute=True):
        api.post(
            people["adviser"],
            f"/requests/{request_id}/request-information",
            {"message": "Devis signé ?"},
        )
        api.post(people["company"], f"/requests/{request_id}/answer", {"message": "Ci-joint."})
        approved = api.post(
            people["adviser"], f"/requests/{request_id}/approve", {"comment": "RAS"}
        ).json()
    assert approved["status"] == "approved" and approved["committed"] == "12000.00"
    letter = next(m for m in mail.outbox if "accordée" in m.subject)
    assert letter.attachments[0][2] == "application/pdf" and letter.attachments[0][1].startswith(
        b"%PDF-"
    )
    assert "12\u202f000,00 €" in letter.body
    api.post(people["adviser"], f"/requests/{request_id}/complete")
    partial = {"amount": "5000.00", "payee": "provider", "reference": "VIR-1", "final": False}
    assert (
        api.post(people["finance"], f"/requests/{request_id}/payments", partial).status_code == 201
    )
    final = {"amount": "6000.00", "payee": "company", "reference": "VIR-2", "final": True}
    assert api.post(people["finance"], f"/requests/{request_id}/payments", final).status_code == 201
    done = api.get(people["company"], f"/requests/{request_id}").json()
    assert (
        done["status"] == "paid" and done["paid"] == "11000.00" and done["committed"] == "11000.00"
    )
    assert [h["to_status"] for h in done["history"]] == [
        "draft",
        "submitted",
        "in_review",
        "information_requested",
        "in_review",
        "approved",
        "completed",
        "completed",
        "paid",
    ]
    kinds = list(LedgerEntry.objects.filter(request_id=request_id).values_list("kind", "amount"))
    assert kinds == [
        (EntryKind.COMMITMENT, Decimal("12000.00")),
        (EntryKind.PAYMENT, Decimal("5000.00")),
        (EntryKind.PAYMENT, Decimal("6000.00")),
        (EntryKind.RELEASE, Decimal("1000.00")),
    ]


def test_the_company_downloads_its_decision_letter(
    api, people, new_request, walk, django_capture_on_commit_callbacks
):
    request_id = new_request()
    with django_capture_on_commit_callbacks(execute=True):
        walk(request_id, "approved")
    documents = api.get(people["company"], f"/requests/{request_id}").json()["documents"]
    letter = next(d for d in documents if d["kind"] == "decision_letter")
    response = api.get(people["company"], f"/requests/{request_id}/documents/{letter['id']}")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert (
        api.get(
            people["other_company"], f"/requests/{request_id}/documents/{letter['id']}"
        ).status_code
        == 404
    )


def test_an_idempotency_key_twice_returns_the_same_request(api, people):
    body = request_body(people["the_company"])
    first = api.post(people["company"], "/requests", body, HTTP_IDEMPOTENCY_KEY="k-1")
    second = api.post(people["company"], "/requests", body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert (
        api.post(people["company"], "/requests", body, HTTP_IDEMPOTENCY_KEY="k-2").json()["id"]
        != first.json()["id"]
    )
