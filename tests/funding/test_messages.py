"""The thread between a company and the operator's staff: the API's contract, read and unread,
attachments, information requests as messages, e-mails after commit, notes kept apart."""

import datetime as dt

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from relance.funding.models import FundingRequest, Message
from tests.factories import UserFactory, bearer

PDF = b"%PDF-1.4 devis"


def submitted(new_request, walk) -> int:
    request_id = new_request()
    walk(request_id, "submitted")
    return request_id


def write(api, user, request_id, body="Bonjour"):
    return api.post(user, f"/requests/{request_id}/messages", {"body": body})


def thread(api, user, request_id) -> dict:
    response = api.get(user, f"/requests/{request_id}/messages")
    assert response.status_code == 200, response.content
    return response.json()


def test_either_side_writes_and_reads_the_thread_in_the_contracts_shape(
    api, people, new_request, walk
):
    request_id = submitted(new_request, walk)
    posted = write(api, people["company"], request_id, "Le devis est-il suffisant ?")
    assert posted.status_code == 201
    assert set(posted.json()) == {"id", "body", "author_role", "created_at"}
    assert posted.json()["author_role"] == "company"
    assert write(api, people["adviser"], request_id, "Oui.").status_code == 201
    answer = thread(api, people["manager"], request_id)
    assert set(answer) == {"items", "unread"}
    assert [set(i) for i in answer["items"]] == [
        {"id", "body", "author_role", "created_at", "attachments", "read"}
    ] * 2
    assert [(i["author_role"], i["body"]) for i in answer["items"]] == [
        ("company", "Le devis est-il suffisant ?"),
        ("adviser", "Oui."),
    ]


def test_read_and_unread_are_as_they_were_before_the_call_which_marks_them_read(
    api, people, new_request, walk
):
    request_id = submitted(new_request, walk)
    write(api, people["company"], request_id, "Premier")
    write(api, people["company"], request_id, "Second")
    first = thread(api, people["adviser"], request_id)
    assert first["unread"] == 2 and [i["read"] for i in first["items"]] == [False, False]
    again = thread(api, people["adviser"], request_id)
    assert again["unread"] == 0 and [i["read"] for i in again["items"]] == [True, True]
    assert thread(api, people["manager"], request_id)["unread"] == 2  # per user
    write(api, people["adviser"], request_id, "Réponse")
    company = thread(api, people["company"], request_id)
    assert company["unread"] == 1
    assert [i["read"] for i in company["items"]] == [True, True, False]  # its own are read


def test_an_information_request_and_its_answer_are_messages_and_the_workflow_is_unchanged(
    api, people, new_request, walk, today
):
    request_id = new_request()
    walk(request_id, "information_requested")
    asked = Message.objects.get(request_id=request_id)
    assert (asked.kind, asked.reply_by) == ("information_request", today + dt.timedelta(days=15))
    answer = {"message": "Programme en pièce jointe."}
    assert api.post(people["company"], f"/requests/{request_id}/answer", answer).status_code == 200
    items = thread(api, people["adviser"], request_id)["items"]
    assert [(i["author_role"], i["body"], i["read"]) for i in items] == [
        ("adviser", "Programme détaillé ?", True),
        ("company", "Programme en pièce jointe.", False),
    ]
    assert FundingRequest.objects.get(pk=request_id).status == "in_review"


def test_an_information_request_may_set_its_reply_by_date_but_not_in_the_past(
    api, people, new_request, walk, today
):
    request_id = new_request()
    walk(request_id, "in_review")
    path = f"/requests/{request_id}/request-information"
    past = {"message": "Devis ?", "reply_by": today.isoformat()}
    response = api.post(people["adviser"], path, past)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reply_by"
    later = (today + dt.timedelta(days=30)).isoformat()
    response = api.post(people["adviser"], path, {"message": "Devis ?", "reply_by": later})
    assert response.status_code == 200
    assert Message.objects.get(request_id=request_id).reply_by.isoformat() == later


def test_remind_waits_for_the_reply_by_date_and_leaves_a_notice_that_is_never_unread(
    api, people, new_request, walk, today, settings, django_capture_on_commit_callbacks
):
    request_id = new_request()
    walk(request_id, "in_review")
    reply_by = (today + dt.timedelta(days=5)).isoformat()
    body = {"message": "Devis ?", "reply_by": reply_by}
    api.post(people["adviser"], f"/requests/{request_id}/request-information", body)
    thread(api, people["company"], request_id)
    settings.RELANCE_TODAY = today + dt.timedelta(days=4)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind")
    assert not any(m.subject.startswith("Rappel") for m in mail.outbox)
    settings.RELANCE_TODAY = today + dt.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind")
    assert [m.subject.startswith("Rappel") for m in mail.outbox].count(True) == 1
    answer = thread(api, people["company"], request_id)
    assert answer["items"][-1]["author_role"] == "system" and answer["items"][-1]["read"]
    assert answer["unread"] == 0


def test_a_document_is_attached_to_ones_own_message_through_the_documents_endpoint(
    client, api, people, new_request, walk
):
    request_id = submitted(new_request, walk)
    mine = write(api, people["company"], request_id, "Le devis").json()["id"]
    theirs = write(api, people["adviser"], request_id, "Merci").json()["id"]

    def upload(message_id, content=PDF):
        return client.post(
            f"/api/v1/requests/{request_id}/documents",
            {
                "kind": "attachment",
                "message": message_id,
                "file": SimpleUploadedFile("d.pdf", content),
            },
            **bearer(people["company"]),
        )

    assert upload(mine).status_code == 201
    refused = upload(theirs)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "message"
    assert upload(mine, b"MZ not a pdf").status_code == 422
    items = thread(api, people["adviser"], request_id)["items"]
    assert [a["name"] for a in items[0]["attachments"]] == ["d.pdf"]
    assert items[1]["attachments"] == []


def test_auditors_only_read_others_get_404_and_the_error_order_holds(
    api, people, new_request, walk
):
    request_id = submitted(new_request, walk)
    path = f"/requests/{request_id}/messages"
    assert api.post(None, path, {}).status_code == 401
    assert api.post(people["other_company"], path, {}).status_code == 404
    assert api.get(people["other_company"], path).status_code == 404
    assert api.post(people["other_adviser"], path, {"body": "x"}).status_code == 404
    assert api.post(people["auditor"], path, {}).status_code == 403
    assert api.get(people["auditor"], path).status_code == 200
    assert api.post(people["company"], path, {}).status_code == 422
    blank = api.post(people["company"], path, {"body": "  "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["code"] == "required"


def test_a_company_message_emails_the_follower_or_else_the_delegations_advisers_after_commit(
    api, people, new_request, walk, django_capture_on_commit_callbacks
):
    request_id = submitted(new_request, walk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        write(api, people["company"], request_id, "Une question")
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["conseil@opco.fr"]]
    assert "Une question" in mail.outbox[0].body
    follower = UserFactory(adviser=True, email="suivi@opco.fr")
    FundingRequest.objects.filter(pk=request_id).update(assignee=follower)
    with django_capture_on_commit_callbacks(execute=True):
        write(api, people["company"], request_id, "Une autre")
    assert mail.outbox[-1].to == ["suivi@opco.fr"]


def test_a_staff_message_emails_the_companys_users_and_flags_no_company_activity(
    api, people, new_request, walk, django_capture_on_commit_callbacks
):
    request_id = submitted(new_request, walk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        write(api, people["adviser"], request_id, "Pouvez-vous préciser ?")
    assert [m.to for m in mail.outbox] == [["rh@acme.fr"]]
    assert not FundingRequest.objects.get(pk=request_id).unseen_activity
    write(api, people["company"], request_id, "Oui")
    assert FundingRequest.objects.get(pk=request_id).unseen_activity  # « À traiter » badge


def test_internal_notes_never_reach_the_company(api, client, people, new_request, walk):
    request_id = submitted(new_request, walk)
    note = {"text": "Dossier à surveiller de près"}
    assert api.post(people["adviser"], f"/requests/{request_id}/notes", note).status_code == 201
    write(api, people["adviser"], request_id, "Bonjour")
    company = people["company"]
    assert "surveiller" not in str(thread(api, company, request_id))
    assert "surveiller" not in api.get(company, f"/requests/{request_id}").content.decode()
    client.force_login(company)
    page = client.get(f"/demandes/{request_id}/").content.decode()
    assert "Bonjour" in page and "surveiller" not in page


def test_the_thread_reads_in_the_same_number_of_queries_whatever_its_length(
    api, people, new_request, walk
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request_id = submitted(new_request, walk)
    adviser = people["adviser"]

    def queries() -> int:
        thread(api, adviser, request_id)  # the mark exists: later reads only move it
        with CaptureQueriesContext(connection) as captured:
            thread(api, adviser, request_id)
        return len(captured)

    write(api, people["company"], request_id)
    few = queries()
    for n in range(20):
        write(api, people["company"] if n % 2 else adviser, request_id, f"Message {n}")
    assert queries() == few
