import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from relance.funding import services
from relance.funding.models import Reminder


def test_emails_are_sent_after_commit_and_not_before(
    api, people, new_request, django_capture_on_commit_callbacks
):
    request_id = new_request()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        api.post(people["company"], f"/requests/{request_id}/submit")
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sorted(m.subject for m in mail.outbox)[0].startswith("Nouvelle demande")


def test_no_email_leaves_when_the_transaction_rolls_back(
    people, new_request, django_capture_on_commit_callbacks
):
    request_id = new_request()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.request_submit(actor=people["company"], request_id=request_id)
        raise RuntimeError("a later step fails")
    assert mail.outbox == []
    assert (
        services.request_get_visible(user=people["company"], request_id=request_id).status
        == "draft"
    )


def test_each_event_reaches_the_right_people_in_french(
    api, people, new_request, walk, django_capture_on_commit_callbacks
):
    request_id = new_request()
    with django_capture_on_commit_callbacks(execute=True):
        walk(request_id, "in_review")
        api.post(
            people["adviser"],
            f"/requests/{request_id}/refuse",
            {"reason": "Formation hors parcours."},
        )
    refusal = mail.outbox[-1]
    assert refusal.to == ["rh@acme.fr"] and "n'est pas accordée" in refusal.subject
    assert refusal.attachments[0][1].startswith(b"%PDF-")


def test_an_unanswered_information_request_is_reminded_once_after_15_days(
    api, people, new_request, walk, settings, today, django_capture_on_commit_callbacks
):
    request_id = new_request()
    walk(request_id, "information_requested")
    settings.RELANCE_TODAY = today + dt.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind")
    assert not any("Rappel" in m.subject for m in mail.outbox)
    settings.RELANCE_TODAY = today + dt.timedelta(days=15)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind")
        call_command("remind")
    reminders = [m for m in mail.outbox if m.subject.startswith("Rappel")]
    assert len(reminders) == 1 and "Programme détaillé ?" in reminders[0].body
    assert Reminder.objects.count() == 1
    api.post(people["company"], f"/requests/{request_id}/answer", {"message": "Voici."})
    api.post(
        people["adviser"],
        f"/requests/{request_id}/request-information",
        {"message": "Et le devis ?"},
    )
    settings.RELANCE_TODAY = today + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind")
    assert len([m for m in mail.outbox if m.subject.startswith("Rappel")]) == 2
