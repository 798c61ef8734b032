"""The report's figures kept up to date as money moves, beside the ledger (the source of truth).

What is kept (models in relance/reports/models.py):
- `CompanyFigure`: each company's share of the report per envelope and pathway (net
  commitments, whether it is a beneficiary, employees first trained under the pathway);
- `FigureCell`: those shares summed by envelope × delegation × branch × size band × pathway,
  the few hundred rows the live bilan and the dashboard read;
- `MonthFigure`: the ledger's movements by envelope and month (series and banner totals);
- `ProcessingFigure`: days from submission to first decision, as a histogram by delegation.

Every figure of a company depends only on that company's requests, trainees and attributes, so
each change recomputes that company's share with a few indexed queries, then adds the
difference to the cells. Writers of one envelope's figures hold the envelope's row lock (the
ledger services already do), so the subtract-then-add never interleaves; on SQLite the
IMMEDIATE transactions serialise writers anyway. Cells change by `INSERT … ON CONFLICT DO
UPDATE SET x = x + excluded.x`, which is atomic on both databases.

Hooks, each called in the caller's transaction: `entry_appended` (budget services, the single
place ledger entries are written), `trainees_decided` (the rules marked trainees eligible),
`companies_changed` (département, branch or headcount changed: API, import, admin) and
`decision_logged` (a request's first decision). `rebuild` fills everything in bulk.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Sum, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone

from relance.budget.models import EntryKind, Envelope, LedgerEntry
from relance.companies.models import Company
from relance.funding.models import FundingRequest, Trainee
from relance.reference.models import SizeBand
from relance.reports.kept_counts import companies_moved
from relance.reports.kept_processing import expected_processing, move_processing
from relance.reports.models import (
    CompanyFigure,
    FigureCell,
    FigureMeasures,
    KeptEnvelope,
    MonthFigure,
    ProcessingFigure,
)
from relance.reports.upsert import add

MEASURES = FigureMeasures.MEASURES
CELL_KEY = ("envelope_id", "delegation_id", "branch_id", "band", "pathway")
MONTH_COLUMN = {
    EntryKind.COMMITMENT: "committed_cents",
    EntryKind.RELEASE: "released_cents",
    EntryKind.PAYMENT: "paid_cents",
    EntryKind.ADJUSTMENT: "adjusted_cents",
}


def cents(amount) -> int:
    """Rounded, not truncated: SQLite sums decimals as floats (exact to far below a cent)."""
    return int((Decimal(amount) * 100).to_integral_value(ROUND_HALF_UP))


# --- one company's share, from the ledger ----------------------------------------------------


class Bands:
    """Size bands by headcount, as the report's `size_band_case` assigns them."""

    def __init__(self) -> None:
        self.bands = list(
            SizeBand.objects.order_by("min_headcount").values_list(
                "code", "min_headcount", "max_headcount"
            )
        )

    def of(self, headcount: int) -> str:
        for code, low, high in self.bands:
            if headcount >= low and (high is None or headcount <= high):
                return code
        return "?"


def _request_nets(envelope_id: int, company_ids: list[int] | None) -> list[tuple]:
    from relance.reports.queries import _net

    scoped = LedgerEntry.objects.filter(envelope_id=envelope_id, request__isnull=False)
    if company_ids is not None:
        scoped = scoped.filter(request__company_id__in=company_ids)
    return list(
        scoped.values("request_id", "request__company_id", "request__pathway")
        .annotate(net=_net())
        .values_list("request_id", "request__company_id", "request__pathway", "net")
    )


def _beneficiary_requests(envelope_id: int):
    from relance.reports.queries import _net

    return (
        LedgerEntry.objects.filter(envelope_id=envelope_id, request__isnull=False)
        .values("request_id")
        .annotate(net=_net())
        .filter(net__gt=0)
        .values("request_id")
    )


def _first_trained(request_ids) -> Counter:
    """Employees (company × reference) counted under the pathway of their earliest approved
    beneficiary request, as in the full computation."""
    first_time = Window(
        RowNumber(),
        partition_by=[F("request__company_id"), F("employee_ref")],
        order_by=[F("request__approved_at").asc(), F("request_id").asc()],
    )
    firsts = (
        Trainee.objects.filter(eligible=True, request_id__in=request_ids)
        .annotate(pathway=F("request__pathway"), company=F("request__company_id"), rank=first_time)
        .filter(rank=1)
        .values_list("company", "pathway")
    )
    return Counter(firsts.iterator(chunk_size=20000))


def company_rows(envelope_id: int, company_ids: list[int] | None = None) -> list[CompanyFigure]:
    """The share of each company (all of the envelope's when `company_ids` is None)."""
    nets = _request_nets(envelope_id, company_ids)
    money: Counter = Counter()
    positive: set[tuple[int, str]] = set()
    for _request, company, pathway, net in nets:
        money[company, pathway] += cents(net)
        if net > 0:
            positive.add((company, pathway))
    beneficiaries = (  # a subquery for the whole envelope: no list of 100 000 parameters
        _beneficiary_requests(envelope_id)
        if company_ids is None
        else [r for r, _c, _p, net in nets if net > 0]
    )
    employees = _first_trained(beneficiaries) if positive else Counter()
    first_pathway = {}
    for company, pathway in sorted(positive):
        first_pathway.setdefault(company, pathway)
    keys = set(money) | positive | set(employees)
    attributes = _attributes({company for company, _ in keys})
    return [
        CompanyFigure(
            envelope_id=envelope_id,
            company_id=company,
            pathway=pathway,
            **attributes[company],
            net_cents=money[company, pathway],
            companies=int(first_pathway.get(company) == pathway),
            pathway_companies=int((company, pathway) in positive),
            employees=employees[company, pathway],
            employee_companies=int(employees[company, pathway] > 0),
        )
        for company, pathway in sorted(keys)
        if money[company, pathway] or (company, pathway) in positive or employees[company, pathway]
    ]


def _attributes(company_ids: set[int]) -> dict[int, dict]:
    bands, found = Bands(), {}
    ids = sorted(company_ids)
    for start in range(0, len(ids), 5000):
        rows = Company.objects.filter(pk__in=ids[start : start + 5000]).values_list(
            "pk", "delegation_id", "branch_id", "headcount"
        )
        for pk, delegation, branch, headcount in rows:
            found[pk] = {
                "delegation_id": delegation,
                "branch_id": branch,
                "band": bands.of(headcount),
            }
    return found


def _cell_deltas(rows: Iterable[CompanyFigure], sign: int) -> dict[tuple, Counter]:
    deltas: dict[tuple, Counter] = defaultdict(Counter)
    for row in rows:
        key = tuple(getattr(row, name) for name in CELL_KEY)
        for measure in MEASURES:
            deltas[key][measure] += sign * getattr(row, measure)
    return deltas


def refresh_companies(envelope_id: int, company_ids: list[int]) -> None:
    """Recompute these companies' shares and move the difference into the cells. The caller
    holds the envelope's lock."""
    old = list(CompanyFigure.objects.filter(envelope_id=envelope_id, company_id__in=company_ids))
    new = company_rows(envelope_id, company_ids)
    totals = _cell_deltas(old, -1)
    for key, delta in _cell_deltas(new, 1).items():
        totals[key].update(delta)
    CompanyFigure.objects.filter(pk__in=[row.pk for row in old]).delete()
    CompanyFigure.objects.bulk_create(new)
    add(
        FigureCell,
        (
            (dict(zip(CELL_KEY, key, strict=True)), {m: delta[m] for m in MEASURES})
            for key, delta in sorted(totals.items())
        ),
    )


# --- hooks -------------------------------------------------------------------------------------


def envelope_created(envelope: Envelope) -> None:
    """A new envelope has no entries: its kept figures (none) are complete from the start."""
    KeptEnvelope.objects.get_or_create(envelope=envelope)


def entry_appended(entry: LedgerEntry) -> None:
    """A ledger entry was written (under its envelope's lock)."""
    month = timezone.localtime(entry.created_at).date().replace(day=1)
    add(
        MonthFigure,
        [
            (
                {"envelope_id": entry.envelope_id, "month": month},
                _month_deltas(entry.kind, entry.amount),
            )
        ],
    )
    if entry.request_id is not None and entry.kind in (EntryKind.COMMITMENT, EntryKind.RELEASE):
        company_id = FundingRequest.objects.filter(pk=entry.request_id).values_list(
            "company_id", flat=True
        )[0]
        refresh_companies(entry.envelope_id, [company_id])


def _month_deltas(kind: str, amount) -> dict[str, int]:
    deltas = dict.fromkeys(MONTH_COLUMN.values(), 0)
    deltas[MONTH_COLUMN[kind]] = cents(amount)
    return deltas


def trainees_decided(request: FundingRequest) -> None:
    """The rules marked the request's trainees: that matters once money is committed on it."""
    if request.envelope_id is None or not LedgerEntry.objects.filter(request=request).exists():
        return
    Envelope.objects.select_for_update(no_key=True).filter(pk=request.envelope_id).first()
    refresh_companies(request.envelope_id, [request.company_id])


def companies_changed(changes: dict[int, tuple[int, int]]) -> None:
    """Companies whose département, branch or headcount may have changed, mapped to their
    (délégation, branch) before the change: their shares move to their new cells, their
    requests' counts and processing times with them."""
    if not changes:
        return
    envelopes = defaultdict(list)
    for envelope_id, company_id in (
        CompanyFigure.objects.filter(company_id__in=list(changes))
        .values_list("envelope_id", "company_id")
        .distinct()
    ):
        envelopes[envelope_id].append(company_id)
    for envelope_id in sorted(envelopes):
        Envelope.objects.select_for_update(no_key=True).filter(pk=envelope_id).first()
        refresh_companies(envelope_id, sorted(envelopes[envelope_id]))
    move_processing({pk: delegation for pk, (delegation, _) in changes.items()})
    companies_moved(changes)


# --- bulk ----------------------------------------------------------------------------------------


def rebuild(envelope: Envelope) -> None:
    """Recompute every kept figure of the envelope from the ledger, in bulk (demo, migration,
    `relance report --rebuild`), under the envelope's lock."""
    Envelope.objects.select_for_update(no_key=True).filter(pk=envelope.pk).values_list("pk").first()
    for model in (CompanyFigure, FigureCell, MonthFigure, ProcessingFigure):
        model.objects.filter(envelope=envelope).delete()
    rows = company_rows(envelope.pk)
    CompanyFigure.objects.bulk_create(rows, batch_size=5000)
    FigureCell.objects.bulk_create(expected_cells(envelope.pk, rows), batch_size=5000)
    MonthFigure.objects.bulk_create(expected_months(envelope.pk))
    ProcessingFigure.objects.bulk_create(expected_processing(envelope.pk))
    KeptEnvelope.objects.update_or_create(envelope=envelope)


def expected_cells(envelope_id: int, rows: list[CompanyFigure] | None = None) -> list[FigureCell]:
    rows = company_rows(envelope_id) if rows is None else rows
    return [
        FigureCell(**dict(zip(CELL_KEY, key, strict=True)), **{m: delta[m] for m in MEASURES})
        for key, delta in sorted(_cell_deltas(rows, 1).items())
    ]


def expected_months(envelope_id: int) -> list[MonthFigure]:
    rows = (
        LedgerEntry.objects.filter(envelope_id=envelope_id)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "kind")
        .annotate(total=Sum("amount"))
        .values_list("month", "kind", "total")
    )
    months: dict = defaultdict(Counter)
    for month, kind, total in rows:
        day = month.date() if hasattr(month, "date") else month
        months[day][MONTH_COLUMN[kind]] += cents(total)
    return [
        MonthFigure(
            envelope_id=envelope_id, month=month, **{c: m[c] for c in MONTH_COLUMN.values()}
        )
        for month, m in sorted(months.items())
    ]
