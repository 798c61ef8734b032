"""Processing times kept as a histogram: days from a request's submission to its first decision,
by envelope and delegation (`ProcessingFigure`). The dashboard's medians read it instead of
every request's history; `decision_logged` adds each first decision in the transition's
transaction, `move_processing` follows a company that changes délégation."""

from collections import Counter
from collections.abc import Iterable

from django.db.models import Min

from relance.companies.models import Company
from relance.funding.models import FundingRequest, TransitionLog
from relance.funding.workflow import Status
from relance.reports.models import ProcessingFigure
from relance.reports.upsert import add

DECISIONS = (Status.APPROVED, Status.AWAITING_SECOND_APPROVAL, Status.REFUSED)


def decision_logged(request: FundingRequest, log: TransitionLog) -> None:
    """A request's first decision adds its processing time to its delegation's histogram."""
    if log.to_status not in DECISIONS or request.envelope_id is None:
        return
    history = TransitionLog.objects.filter(request=request).exclude(pk=log.pk)
    if history.filter(to_status__in=DECISIONS).exists():
        return
    submitted = (
        history.filter(to_status=Status.SUBMITTED)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    if submitted is None:
        return
    # The company's row lock orders this with a concurrent change of its délégation.
    delegation = (
        Company.objects.select_for_update(no_key=True)
        .filter(pk=request.company_id)
        .values_list("delegation_id", flat=True)[0]
    )
    key = {
        "envelope_id": request.envelope_id,
        "delegation_id": delegation,
        "days": (log.at - submitted).days,
    }
    add(ProcessingFigure, [(key, {"requests": 1})])


def move_processing(changes: dict[int, int]) -> None:
    now = dict(Company.objects.filter(pk__in=list(changes)).values_list("pk", "delegation_id"))
    moved = {pk: old for pk, old in changes.items() if now.get(pk) not in (None, old)}
    if not moved:
        return
    requests = FundingRequest.objects.filter(company_id__in=list(moved))
    days = processing_days(requests)
    deltas: Counter = Counter()
    for pk, company, envelope in requests.values_list("pk", "company_id", "envelope_id"):
        if pk in days:
            deltas[envelope, moved[company], days[pk]] -= 1
            deltas[envelope, now[company], days[pk]] += 1
    add(
        ProcessingFigure,
        (
            ({"envelope_id": e, "delegation_id": d, "days": days}, {"requests": n})
            for (e, d, days), n in sorted(deltas.items())
        ),
    )


def processing_days(requests) -> dict[int, int]:
    """Days from the first submission to the first decision, by request id (two grouped
    queries on the history, as the dashboard counted them: whole days, rounded down)."""
    logs = TransitionLog.objects.filter(request__in=requests.filter(envelope__isnull=False))
    submitted = dict(_firsts(logs.filter(to_status=Status.SUBMITTED)))
    return {
        pk: (decided - submitted[pk]).days
        for pk, decided in _firsts(logs.filter(to_status__in=DECISIONS))
        if pk in submitted
    }


def _firsts(logs) -> Iterable[tuple[int, object]]:
    firsts = logs.values("request_id").annotate(first=Min("at"))
    return firsts.values_list("request_id", "first").iterator(chunk_size=20000)


def expected_processing(envelope_id: int) -> list[ProcessingFigure]:
    requests = FundingRequest.objects.filter(envelope_id=envelope_id)
    days = processing_days(requests)
    counts: Counter = Counter()
    for pk, delegation in requests.values_list("pk", "company__delegation_id").iterator(
        chunk_size=20000
    ):
        if pk in days:
            counts[delegation, days[pk]] += 1
    return [
        ProcessingFigure(envelope_id=envelope_id, delegation_id=d, days=n_days, requests=n)
        for (d, n_days), n in sorted(counts.items())
    ]
