"""Login lockout: django-axes' database handler plus a per-address throttle against spraying.

axes locks a (username, address) pair after RELANCE_LOGIN_FAILURE_LIMIT failures, so failures
from one address never lock the account for another. An attacker spraying many usernames from
one address stays under that limit for each pair; RELANCE_LOGIN_ADDRESS_FAILURE_LIMIT failures
from one address within the cool-off (15 minutes), whatever the usernames, lock that address out
of logging in too. Only the login attempt is refused: the login page itself always loads.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.RELANCE_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def address_failures(request) -> int:
    """Failed logins from the request's client address within the cool-off, any username."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
