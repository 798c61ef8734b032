"""The staff's work queue: which requests, in which order, how many — the selector the queue
page, its exports and the API's list read.

At ten times the 2021 year (114 000 requests) every part stays on an index: the sorts walk
`request_filed_on_id` / `request_funded_amount_id` (the company-name sort walks
`company_name`), pages past the middle read the reversed order (VolumePaginator), and the
counts by status come from the kept counters (`QueueCount`), less the few requests filed after
an age filter's cut-off. Filters the counters do not know (search, assignee, amounts) count the
requests themselves: they are selective, or indexed.
"""

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from relance.accounts.models import User
from relance.clock import today
from relance.common.errors import Limits
from relance.funding import perms
from relance.funding.models import FundingRequest
from relance.funding.search import searched
from relance.funding.selectors import requests_visible_to
from relance.funding.workflow import Status
from relance.reference.choices import PathwayKind
from relance.reports.models import QueueCount

SORTS = {
    "recent": ("-filed_on", "-pk"),
    "ancien": ("filed_on", "pk"),
    "montant": ("-funded_amount", "-pk"),
    "entreprise": ("company__name", "-pk"),
    "creation": ("-pk",),  # the API's order, the same from one call to the next
}
SORT_LABELS = {
    "recent": _("Dépôt le plus récent d'abord"),
    "ancien": _("Dépôt le plus ancien d'abord"),
    "montant": _("Montant le plus élevé d'abord"),
    "entreprise": _("Entreprise, de A à Z"),
}
AGES = {"15": 15, "30": 30, "60": 60}

S = Status
TABS = {
    "a_traiter": _("À traiter"),
    "suivies": _("Suivies par moi"),
    "seconde_validation": _("En attente de seconde validation"),
    "instruction": _("En instruction"),
    "traitees": _("Traitées"),
    "toutes": _("Toutes"),
}
TAB_STATUSES = {
    "seconde_validation": {S.AWAITING_SECOND_APPROVAL},
    "instruction": {S.IN_REVIEW, S.INFORMATION_REQUESTED},
    "traitees": {S.APPROVED, S.REFUSED, S.COMPLETED, S.PAID, S.CANCELLED},
}
# The query-string keys that filter (a link with any of them opens « Toutes », not « À traiter »).
FILTER_KEYS = (
    "q",
    "statut",
    "branche",
    "parcours",
    "delegation",
    "annee",
    "age",
    "conseiller",
    "montant_min",
    "montant_max",
)
ME, NOBODY = "moi", "aucun"


def _amount(text: str | None) -> Decimal | None:
    cleaned = (text or "").replace(" ", "").replace("\u202f", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() and 0 <= value < Limits.MONEY else None


def _choice(value: str | None, allowed) -> str:
    return value if value in allowed else ""


@dataclass(frozen=True)
class QueueFilters:
    tab: str = "toutes"
    q: str = ""
    status: str = ""
    branch: str = ""
    pathway: str = ""
    delegation: str = ""
    year: int | None = None
    age: int | None = None
    assignee: str = ""  # "moi", "aucun" or a user's id
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    sort: str = "recent"
    drafts: bool = False  # the API lists a company's drafts too; the queue never does

    @classmethod
    def from_params(cls, params) -> "QueueFilters":
        """The page's query string, invalid values ignored. Without any filter the queue opens
        on « À traiter »; a link with filters (the dashboard's) on « Toutes »."""
        filtering = any(params.get(key) for key in FILTER_KEYS)
        year = params.get("annee", "")
        assignee = params.get("conseiller", "")
        return cls(
            tab=_choice(params.get("onglet"), TABS) or ("toutes" if filtering else "a_traiter"),
            q=" ".join(params.get("q", "").split())[:100],
            status=_choice(params.get("statut"), Status.values),
            branch=params.get("branche", "")[:40],
            pathway=_choice(params.get("parcours"), PathwayKind.values),
            delegation=params.get("delegation", "")[:8],
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            age=AGES.get(params.get("age", "")),
            assignee=assignee if assignee in (ME, NOBODY) or assignee.isdigit() else "",
            amount_min=_amount(params.get("montant_min")),
            amount_max=_amount(params.get("montant_max")),
            sort=_choice(params.get("tri"), SORT_LABELS) or "recent",
        )

    @property
    def counted_by_kept_counters(self) -> bool:
        return not (
            self.q
            or self.assignee
            or self.amount_min is not None
            or self.amount_max is not None
            or self.drafts  # the counters count submitted requests only
        )


# Each filter the kept counters know, on the requests and on the counters.
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


def _assignee(user: User, value: str) -> Q:
    if value == ME:
        return Q(assignee=user)
    if value == NOBODY:
        return Q(assignee__isnull=True)
    return Q(assignee_id=int(value)) if value else Q()


def _matching(user: User, filters: QueueFilters) -> QuerySet[FundingRequest]:
    """Every filter but the tab, unordered."""
    requests = requests_visible_to(user).filter(**_lookups(filters, 0))
    if not filters.drafts:
        requests = requests.exclude(status=Status.DRAFT)
    if filters.age is not None:
        requests = requests.filter(filed_on__lte=today() - dt.timedelta(days=filters.age))
    if filters.amount_min is not None:
        requests = requests.filter(funded_amount__gte=filters.amount_min)
    if filters.amount_max is not None:
        requests = requests.filter(funded_amount__lte=filters.amount_max)
    return searched(requests.filter(_assignee(user, filters.assignee)), filters.q)


def tab_filter(user: User, tab: str) -> Q:
    if tab == "a_traiter":
        return Q(status=Status.SUBMITTED) | Q(unseen_activity=True)
    if tab == "suivies":
        return Q(assignee=user)
    if tab in TAB_STATUSES:
        return Q(status__in=TAB_STATUSES[tab])
    return Q()


# A selection at most this large is sorted by company name after it is found: walking the
# `company_name` index over 738 000 companies (most without a request) to find 25 of the
# 1 000 requests « À traiter » took 600 ms at 10×; sorting those 1 000 takes a few.
SORT_FOUND_UP_TO = 20_000


def queue_requests(
    user: User, filters: QueueFilters, size: int | None = None
) -> QuerySet[FundingRequest]:
    """`size`: how many requests the selection holds, when the counters told."""
    requests = (
        _matching(user, filters)
        .filter(tab_filter(user, filters.tab))
        .select_related("company__branch", "company__delegation", "assignee")
        .defer("decision", "decision_inputs")  # large JSON the list never shows
    )
    order = SORTS[filters.sort]
    if filters.sort == "entreprise" and size is not None and size <= SORT_FOUND_UP_TO:
        # The same order, on an expression no index serves: PostgreSQL sorts what it found.
        order = (Concat("company__name", Value("")), "-pk")
    return requests.order_by("search_rank", *order) if filters.q else requests.order_by(*order)


def status_counts(user: User, filters: QueueFilters) -> dict[str, int]:
    """How many requests in each status match the filters (the tab aside)."""
    if not filters.counted_by_kept_counters:
        rows = _matching(user, filters).order_by().values_list("status").annotate(n=Count("pk"))
        return dict(rows)
    if filters.age is not None:
        everything = replace(filters, age=None)
        cutoff = today() - dt.timedelta(days=filters.age)
        recent = dict(
            _matching(user, everything)
            .filter(filed_on__gt=cutoff)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        counts = status_counts(user, everything)
        return {s: n - recent.get(s, 0) for s, n in counts.items()}
    counters = perms.filter_request_counts(user, QueueCount.objects.filter(**_lookups(filters, 1)))
    rows = counters.order_by().values_list("status").annotate(n=Sum("requests"))
    return {status: n for status, n in rows if n}


def tab_counts(user: User, filters: QueueFilters) -> dict[str, int]:
    """Each tab's count under the other filters: three queries whatever the volume."""
    filters = replace(filters, tab="toutes")
    by_status = status_counts(user, filters)
    counts = {
        tab: sum(by_status.get(s, 0) for s in statuses) for tab, statuses in TAB_STATUSES.items()
    }
    matching = _matching(user, filters).order_by()
    unseen = matching.filter(unseen_activity=True).exclude(status=Status.SUBMITTED).count()
    counts["a_traiter"] = by_status.get(Status.SUBMITTED, 0) + unseen
    counts["suivies"] = matching.filter(assignee=user).count()
    counts["toutes"] = sum(by_status.values())
    return {tab: counts[tab] for tab in TABS}


def queue_count(user: User, filters: QueueFilters) -> int:
    """The number of requests the queue lists for these filters (its tab included)."""
    if filters.tab == "toutes":
        return sum(status_counts(user, filters).values())
    return tab_counts(user, filters)[filters.tab]


def awaiting_second_approval(user: User) -> int:
    """The navigation's count for those who give second approvals."""
    counters = perms.filter_request_counts(
        user, QueueCount.objects.filter(status=Status.AWAITING_SECOND_APPROVAL)
    )
    return counters.aggregate(n=Sum("requests"))["n"] or 0
