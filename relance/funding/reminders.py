"""Remind companies of information requests left unanswered: `relance remind`, daily."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from relance.common import formats
from relance.funding.messages import thread_add
from relance.funding.models import FundingRequest, Message, MessageKind, Reminder, TransitionLog
from relance.funding.workflow import Status
from relance.notifications.events import notify
from relance.rules.labels import french_date


def requests_to_remind(*, today: dt.date):
    """Requests still waiting for information whose reply-by date has come, not yet reminded.
    An information request asked before reply-by dates were kept is due after the delay."""
    last_ask = TransitionLog.objects.filter(
        request=OuterRef("pk"), to_status=Status.INFORMATION_REQUESTED
    ).order_by("-at", "-pk")
    reply_by = Message.objects.filter(transition_id=OuterRef("ask_id")).values("reply_by")
    limit = today - dt.timedelta(days=settings.RELANCE_REMINDER_DAYS)
    return (
        FundingRequest.objects.filter(status=Status.INFORMATION_REQUESTED)
        .annotate(
            ask_id=Subquery(last_ask.values("pk")[:1]), asked_at=Subquery(last_ask.values("at")[:1])
        )
        .annotate(reply_by=Subquery(reply_by[:1]))
        .filter(Q(reply_by__lte=today) | Q(reply_by__isnull=True, asked_at__date__lte=limit))
        .exclude(ask_id__in=Reminder.objects.values("transition_id"))
    )


def remind_unanswered(*, today: dt.date) -> int:
    """Send one reminder per unanswered information request, and leave a notice in its thread;
    running it again sends nothing new."""
    sent = 0
    for request in requests_to_remind(today=today):
        with transaction.atomic():
            ask = TransitionLog.objects.select_for_update(no_key=True).get(pk=request.ask_id)
            _, created = Reminder.objects.get_or_create(transition=ask)
            if created:
                asked_on = formats.date(ask.at)
                notify("reminder", request.pk, message=ask.comment, asked_on=asked_on)
                thread_add(
                    request=request,
                    kind=MessageKind.NOTICE,
                    author=None,
                    body=_notice(asked_on, request.reply_by),
                )
                sent += 1
    return sent


def _notice(asked_on: str, reply_by: dt.date | None) -> str:
    expected = f", attendue le {french_date(reply_by)}" if reply_by else ""
    return f"Rappel envoyé : la demande d'informations du {asked_on} attend sa réponse{expected}."
