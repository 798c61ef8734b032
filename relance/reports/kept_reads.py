"""Reads on the kept figures: a few hundred rows instead of the ledger's hundreds of thousands.

Which path each figure takes (`report_figures`):
- kept, when the envelope's figures were built (`KeptEnvelope`) and no ledger entry is dated
  after the report's day — the live bilan, the dashboard, `relance report` as of today: net
  commitments by delegation, branch, size band and pathway, beneficiary companies, employees
  trained and their companies by pathway, the monthly series, the envelope's adjustments;
- full computation over the ledger otherwise (a report as of a past date, an envelope never
  built). The perimeter (every company) is a count in both paths.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal

from relance.budget.models import Envelope, LedgerEntry
from relance.budget.selectors import Totals, envelope_totals
from relance.reference.models import Pathway
from relance.reports.models import FigureCell, KeptEnvelope, MonthFigure, ProcessingFigure
from relance.reports.queries import Cells, Inputs

ZERO = Decimal("0.00")


def euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def kept_usable(envelope: Envelope, until: dt.datetime) -> bool:
    return (
        KeptEnvelope.objects.filter(envelope=envelope).exists()
        and not LedgerEntry.objects.filter(envelope=envelope, created_at__gte=until).exists()
    )


def kept_inputs(envelope: Envelope) -> Inputs:
    money: Counter = Counter()
    companies: Counter = Counter()
    employees: Counter = Counter()
    employee_companies: Counter = Counter()
    rows = FigureCell.objects.filter(envelope=envelope).values_list(
        "delegation__code",
        "branch__code",
        "band",
        "pathway",
        "net_cents",
        "companies",
        "employees",
        "employee_companies",
    )
    for delegation, branch, band, pathway, net, count, trained, trained_companies in rows:
        money[delegation, branch] += net
        companies[delegation, branch, band] += count
        employees[pathway] += trained
        employee_companies[pathway] += trained_companies
    codes = Pathway.objects.values_list("code", flat=True)
    months = MonthFigure.objects.filter(envelope=envelope).order_by("month")
    return Inputs(
        adjustments=euros(sum(m.adjusted_cents for m in months)),
        cells=Cells(
            {key: euros(cents) for key, cents in money.items()},
            {key: n for key, n in companies.items() if n},
        ),
        by_pathway={code: (employees[code], employee_companies[code]) for code in codes},
        by_month={
            f"{m.month:%Y-%m}": {
                "committed": euros(m.committed_cents),
                "released": euros(m.released_cents),
            }
            for m in months
            if m.committed_cents or m.released_cents
        },
    )


def banner_totals(envelope: Envelope) -> Totals:
    """What staff pages show of the envelope: kept totals once built, else the ledger's."""
    if KeptEnvelope.objects.filter(envelope=envelope).exists():
        return kept_envelope_totals(envelope)
    return envelope_totals(envelope)


def kept_envelope_totals(envelope: Envelope) -> Totals:
    """The envelope's totals from its monthly rows (exact: the same transaction as each entry)."""
    months = list(MonthFigure.objects.filter(envelope=envelope))
    return Totals(
        amount=envelope.initial_amount + euros(sum(m.adjusted_cents for m in months)),
        operator_costs=envelope.operator_costs,
        committed=euros(sum(m.committed_cents for m in months)),
        released=euros(sum(m.released_cents for m in months)),
        paid=euros(sum(m.paid_cents for m in months)),
    )


def processing_medians(year: int) -> list[dict]:
    """Median days from submission to the first decision, by delegation, from the histogram."""
    histogram: dict[str, Counter] = {}
    rows = ProcessingFigure.objects.filter(envelope__year=year, requests__gt=0).values_list(
        "delegation__name", "days", "requests"
    )
    for name, days, count in rows:
        histogram.setdefault(name, Counter())[days] += count
    return [
        {"delegation": name, "median": histogram_median(counts), "count": counts.total()}
        for name, counts in sorted(histogram.items())
    ]


def histogram_median(counts: Counter) -> float | int:
    """statistics.median of the values the histogram counts, without expanding them."""
    total = counts.total()
    middle = [(total - 1) // 2, total // 2]
    values, seen = [], 0
    for value in sorted(counts):
        while len(values) < 2 and seen + counts[value] > middle[len(values)]:
            values.append(value)
        seen += counts[value]
    return values[0] if total % 2 else (values[0] + values[1]) / 2
