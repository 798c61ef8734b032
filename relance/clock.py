"""The product's notion of "today": RELANCE_TODAY when set, else the real local date.

Timestamps of business events (history, ledger) follow the same reference date, keeping the
real time of day, so that a demo running "on 15 March 2022" records its approvals on that day
and the report as of that date counts them.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    return settings.RELANCE_TODAY or timezone.localdate()


def now() -> dt.datetime:
    real = timezone.localtime()
    if settings.RELANCE_TODAY is None:
        return real
    return real.replace(
        year=settings.RELANCE_TODAY.year,
        month=settings.RELANCE_TODAY.month,
        day=settings.RELANCE_TODAY.day,
    )
