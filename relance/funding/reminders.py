"""Remind companies of information requests left unanswered: `relance remind`, daily."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery

from relance.common import formats
from relance.funding.models import FundingRequest, Reminder, TransitionLog
from relance.funding.workflow import Status
from relance.notifications.events import notify


def requests_to_remind(*, today: dt.date):
    """Requests still waiting for information asked more than the delay ago, not yet reminded."""
    last_ask = TransitionLog.objects.filter(
        request=OuterRef("pk"), to_status=Status.INFORMATION_REQUESTED
    ).order_by("-at", "-pk")
    limit = today - dt.timedelta(days=settings.RELANCE_REMINDER_DAYS)
    return (
        FundingRequest.objects.filter(status=Status.INFORMATION_REQUESTED)
        .annotate(
            ask_id=Subquery(last_ask.values("pk")[:1]), asked_at=Subquery(last_ask.values("at")[:1])
        )
        .filter(asked_at__date__lte=limit)
        .exclude(ask_id__in=Reminder.objects.values("transition_id"))
    )


def remind_unanswered(*, today: dt.date) -> int:
    """Send one reminder per unanswered information request; running it again sends nothing new."""
    sent = 0
    for request in requests_to_remind(today=today):
        with transaction.atomic():
            ask = TransitionLog.objects.select_for_update().get(pk=request.ask_id)
            _, created = Reminder.objects.get_or_create(transition=ask)
            if created:
                notify("reminder", request.pk, message=ask.comment, asked_on=formats.date(ask.at))
                sent += 1
    return sent
