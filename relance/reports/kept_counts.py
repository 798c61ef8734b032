"""The work queue's counts, kept: submitted requests (drafts aside) by envelope × delegation ×
branch × pathway × status (`QueueCount`). `status_moved` follows every transition (called by
`move`, under the company's row lock, so a concurrent change of the company's délégation or
branch cannot interleave); `companies_moved` follows a company to its new délégation or branch;
`rebuild_counts` recounts everything in bulk."""

from collections import Counter

from django.db.models import Count

from relance.companies.models import Company
from relance.funding.models import FundingRequest
from relance.funding.workflow import Status
from relance.reports.models import QueueCount
from relance.reports.upsert import add

KEY = ("envelope_id", "delegation_id", "branch_id", "pathway", "status")


def status_moved(request: FundingRequest, from_status: str, to_status: str) -> None:
    if from_status == to_status or request.envelope_id is None:
        return
    delegation, branch = (
        Company.objects.select_for_update(no_key=True)
        .filter(pk=request.company_id)
        .values_list("delegation_id", "branch_id")[0]
    )
    deltas: Counter = Counter()
    for status, sign in ((from_status, -1), (to_status, 1)):
        if status and status != Status.DRAFT:
            deltas[request.envelope_id, delegation, branch, request.pathway, status] += sign
    _add(deltas)


def companies_moved(changes: dict[int, tuple[int, int]]) -> None:
    """Companies mapped to their (délégation, branch) before a change."""
    now = {
        pk: (d, b)
        for pk, d, b in Company.objects.filter(pk__in=list(changes)).values_list(
            "pk", "delegation_id", "branch_id"
        )
    }
    moved = {pk: old for pk, old in changes.items() if now.get(pk) not in (None, old)}
    if not moved:
        return
    deltas: Counter = Counter()
    for company, envelope, pathway, status, n in _groups(
        FundingRequest.objects.filter(company_id__in=list(moved)), "company_id"
    ):
        deltas[(envelope, *moved[company], pathway, status)] -= n
        deltas[(envelope, *now[company], pathway, status)] += n
    _add(deltas)


def _groups(requests, *by: str):
    return (
        requests.filter(envelope__isnull=False)
        .exclude(status=Status.DRAFT)
        .values(*by, "envelope_id", "pathway", "status")
        .annotate(n=Count("pk"))
        .values_list(*by, "envelope_id", "pathway", "status", "n")
    )


def _add(deltas: Counter) -> None:
    add(
        QueueCount,
        (
            (dict(zip(KEY, key, strict=True)), {"requests": n})
            for key, n in sorted(deltas.items(), key=str)
        ),
    )


def expected_counts() -> list[QueueCount]:
    rows = _groups(FundingRequest.objects.all(), "company__delegation_id", "company__branch_id")
    return [
        QueueCount(delegation_id=d, branch_id=b, envelope_id=e, pathway=p, status=s, requests=n)
        for d, b, e, p, s, n in rows
    ]


def rebuild_counts() -> None:
    QueueCount.objects.all().delete()
    QueueCount.objects.bulk_create(expected_counts(), batch_size=5000)


def pathway_changed(request: FundingRequest, from_pathway: str) -> None:
    """A request corrected while information is requested may change pathway: its count moves
    with it (under the company's row lock, as `status_moved`)."""
    if from_pathway == request.pathway or request.envelope_id is None:
        return
    if request.status == Status.DRAFT:
        return
    delegation, branch = (
        Company.objects.select_for_update(no_key=True)
        .filter(pk=request.company_id)
        .values_list("delegation_id", "branch_id")[0]
    )
    key = (request.envelope_id, delegation, branch)
    _add(
        Counter(
            {(*key, from_pathway, request.status): -1, (*key, request.pathway, request.status): 1}
        )
    )
