"""The product's notion of "today": RELANCE_TODAY when set, else the real local date."""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    return settings.RELANCE_TODAY or timezone.localdate()
