"""Finance's list (`/finances/`): approved requests and what is left to pay on them, searched
(as the work queue: reference, SIREN, SIRET, company name) and filtered by status, by payee of
a payment made, and by approval date. The filters come from the page's query string."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from relance.accounts.models import User
from relance.budget.models import EntryKind, LedgerEntry, Payee
from relance.funding.models import FundingRequest
from relance.funding.search import searched
from relance.funding.selectors import requests_visible_to
from relance.funding.workflow import Status

# What finance pays on: approved requests, trained or not, and those already settled.
STATUSES = (Status.APPROVED, Status.COMPLETED, Status.PAID)
TO_PAY = (Status.APPROVED, Status.COMPLETED)


@dataclass(frozen=True)
class PayableFilters:
    q: str = ""
    status: str = ""  # "": approved or completed (still to pay)
    payee: str = ""  # requests with a payment to this payee
    approved_from: dt.date | None = None
    approved_until: dt.date | None = None

    @classmethod
    def from_params(cls, params) -> "PayableFilters":
        """The query string, invalid values ignored."""
        status, payee = params.get("statut", ""), params.get("beneficiaire", "")
        return cls(
            q=" ".join(params.get("q", "").split())[:100],
            status=status if status in STATUSES else "",
            payee=payee if payee in Payee.values else "",
            approved_from=_day(params.get("du")),
            approved_until=_day(params.get("au")),
        )


def _day(text: str | None) -> dt.date | None:
    """A date as `<input type="date">` sends it (2021-09-15) or as typed in French (15/09/2021)."""
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight in the operator's time zone: the index on `approved_at` serves the range."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def payables(user: User, filters: PayableFilters) -> QuerySet[FundingRequest]:
    """The requests the filters select, largest amount first (an exact reference, SIREN or
    SIRET first when searching)."""
    requests = requests_visible_to(user).filter(
        status__in=[filters.status] if filters.status else TO_PAY
    )
    if filters.payee:
        payments = LedgerEntry.objects.filter(
            request=OuterRef("pk"), kind=EntryKind.PAYMENT, payee=filters.payee
        )
        requests = requests.filter(Exists(payments))
    if filters.approved_from:
        requests = requests.filter(approved_at__gte=_start_of(filters.approved_from))
    if filters.approved_until:
        next_day = filters.approved_until + dt.timedelta(days=1)
        requests = requests.filter(approved_at__lt=_start_of(next_day))
    requests = searched(requests, filters.q)
    order = ["-funded_amount", "-pk"]
    if filters.q:
        order.insert(0, "search_rank")
    return requests.select_related("company").defer("decision", "decision_inputs").order_by(*order)
