"""The staff's work queue: which requests, in which order, how many — the selector the queue
page (and its later tabs and search) reads.

At ten times the 2021 year (114 000 requests) every part stays on an index: the sorts walk
`request_filed_on_id` / `request_funded_amount_id` (the company-name sort walks
`company_name`), pages past the middle read the reversed order (VolumePaginator), and the count
comes from the kept counters (`QueueCount`), less the few requests filed after an age filter's
cut-off.
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import QuerySet, Sum

from relance.accounts.models import User
from relance.clock import today
from relance.funding import perms
from relance.funding.models import FundingRequest
from relance.funding.selectors import requests_visible_to
from relance.funding.workflow import Status
from relance.reference.choices import PathwayKind
from relance.reports.models import QueueCount

SORTS = {
    "recent": ("-filed_on", "-pk"),
    "ancien": ("filed_on", "pk"),
    "montant": ("-funded_amount", "-pk"),
    "entreprise": ("company__name", "-pk"),
}
AGES = {"15": 15, "30": 30, "60": 60}


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    branch: str = ""
    pathway: str = ""
    delegation: str = ""
    year: int | None = None
    age: int | None = None
    sort: str = "recent"

    @classmethod
    def from_params(cls, params) -> "QueueFilters":
        """The page's query string, invalid values ignored."""
        return cls(
            status=params.get("statut", "") if params.get("statut") in Status.values else "",
            branch=params.get("branche", "")[:40],
            pathway=params.get("parcours", "")
            if params.get("parcours") in PathwayKind.values
            else "",
            delegation=params.get("delegation", "")[:8],
            year=int(params["annee"]) if params.get("annee", "").isdigit() else None,
            age=AGES.get(params.get("age", "")),
            sort=params.get("tri") if params.get("tri") in SORTS else "recent",
        )


# Each filter, on the requests and on the kept counters.
LOOKUPS = {
    "status": ("status", "status"),
    "branch": ("company__branch__code", "branch__code"),
    "pathway": ("pathway", "pathway"),
    "delegation": ("company__delegation__code", "delegation__code"),
    "year": ("envelope__year", "envelope__year"),
}


def _lookups(filters: QueueFilters, side: int) -> dict:
    values = {name: getattr(filters, name) for name in LOOKUPS}
    return {LOOKUPS[name][side]: v for name, v in values.items() if v not in ("", None)}


def queue_requests(user: User, filters: QueueFilters) -> QuerySet[FundingRequest]:
    requests = (
        requests_visible_to(user)
        .select_related("company__branch", "company__delegation")
        .defer("decision", "decision_inputs")  # large JSON the list never shows
        .exclude(status=Status.DRAFT)
        .filter(**_lookups(filters, 0))
    )
    if filters.age is not None:
        requests = requests.filter(filed_on__lte=today() - dt.timedelta(days=filters.age))
    return requests.order_by(*SORTS[filters.sort])


def queue_count(user: User, filters: QueueFilters) -> int:
    """The exact number of requests in the queue, from the kept counters. With an age filter,
    the requests filed since the cut-off (a short range of the filed_on index) are taken off."""
    if filters.age is not None:
        everything = replace(filters, age=None)
        cutoff = today() - dt.timedelta(days=filters.age)
        recent = queue_requests(user, everything).filter(filed_on__gt=cutoff).count()
        return queue_count(user, everything) - recent
    counts = perms.filter_request_counts(user, QueueCount.objects.filter(**_lookups(filters, 1)))
    return counts.aggregate(n=Sum("requests"))["n"] or 0
