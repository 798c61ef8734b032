"""The annual report's figures, computed by the database (aggregations, never row by row).

Definitions (README, « Demo data and the annual report »): the year is the envelope's; figures are as of the report's date over
the ledger entries on that envelope up to it. A beneficiary company has at least one request
with positive net commitments; employees trained are distinct (company × employee reference)
eligible trainees of those requests, each counted once under the pathway of the earliest
approved request.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, router, transaction
from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.utils import timezone

from relance.budget.models import EntryKind, Envelope, LedgerEntry
from relance.common.replica import replica_reads
from relance.companies.models import Company
from relance.funding.models import Trainee
from relance.reference.models import Branch, Delegation, Pathway, SizeBand

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)


def _until(as_of: dt.date) -> dt.datetime:
    """Entries up to the end of the report's day, in the operator's time zone."""
    return timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))


def entries(envelope: Envelope, as_of: dt.date) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(envelope=envelope, created_at__lt=_until(as_of))


def _net(prefix: str = "") -> Sum:
    amount, kind = f"{prefix}amount", f"{prefix}kind"
    return Coalesce(
        Sum(amount, filter=Q(**{kind: EntryKind.COMMITMENT})), Value(ZERO), output_field=MONEY
    ) - Coalesce(
        Sum(amount, filter=Q(**{kind: EntryKind.RELEASE})), Value(ZERO), output_field=MONEY
    )


def beneficiary_requests(envelope: Envelope, as_of: dt.date) -> QuerySet:
    """Ids of the requests with positive net commitments as of the date."""
    return (
        entries(envelope, as_of)
        .filter(request__isnull=False)
        .values("request_id")
        .annotate(net=_net())
        .filter(net__gt=0)
        .values("request_id")
    )


def size_band_case() -> Case:
    bands = SizeBand.objects.order_by("min_headcount")
    whens = [
        When(
            headcount__gte=b.min_headcount,
            **({"headcount__lte": b.max_headcount} if b.max_headcount is not None else {}),
            then=Value(b.code),
        )
        for b in bands
    ]
    return Case(*whens, default=Value("?"))


@replica_reads()
def report_figures(*, year: int, as_of: dt.date, scheme: str = "fne") -> dict:
    """The figures as of a date: from the kept aggregates when they hold every ledger entry up
    to that date (the live bilan, the dashboard, `relance report`), else the full computation
    over the ledger (a report as of a past date)."""
    envelope = Envelope.objects.filter(scheme=scheme, year=year).first()
    if envelope is None:
        return _empty(year, as_of)
    from relance.reports.kept_reads import kept_inputs, kept_usable

    if kept_usable(envelope, _until(as_of)):
        return _assemble(envelope, year, as_of, kept_inputs(envelope))
    return full_figures(envelope, year, as_of)


def full_figures(envelope: Envelope, year: int, as_of: dt.date) -> dict:
    """Every figure recomputed from the ledger (the source of truth)."""
    alias = router.db_for_read(LedgerEntry)  # the read replica when there is one
    with transaction.atomic(using=alias):
        if connections[alias].vendor == "postgresql":
            with connections[alias].cursor() as cursor:  # the employees' window sorts 1 M rows
                cursor.execute("SET LOCAL work_mem = '128MB'")
        return _assemble(envelope, year, as_of, _full_inputs(envelope, as_of))


@dataclass(frozen=True)
class Inputs:
    """What every figure is summed from, whichever path computed it."""

    adjustments: Decimal
    cells: "Cells"
    by_pathway: dict[str, tuple[int, int]]
    by_month: dict[str, dict[str, Decimal]]


def _full_inputs(envelope: Envelope, as_of: dt.date) -> Inputs:
    scoped = entries(envelope, as_of)
    adjustments = scoped.aggregate(
        total=Coalesce(
            Sum("amount", filter=Q(kind=EntryKind.ADJUSTMENT)), Value(ZERO), output_field=MONEY
        )
    )["total"]
    return Inputs(
        adjustments,
        _cells(envelope, as_of),
        employees_by_pathway(envelope, as_of),
        _monthly_rows(scoped),
    )


def _assemble(envelope: Envelope, year: int, as_of: dt.date, inputs: Inputs) -> dict:
    cells = inputs.cells
    net_total = sum(cells.money.values(), ZERO)
    beneficiaries = sum(cells.companies.values())
    perimeter = Company.objects.count()
    bands = list(SizeBand.objects.order_by("min_headcount"))
    small = sum(n for (_, _, band), n in cells.companies.items() if band in _small_bands(bands))
    by_pathway = inputs.by_pathway
    employees = {code: count for code, (count, _) in by_pathway.items()}
    employees_total = sum(employees.values())
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "envelope": _money(envelope.initial_amount + inputs.adjustments),
        # Part of the envelope the convention keeps for the operator: never committed.
        "operator_costs": _money(envelope.operator_costs),
        "net_commitments": _money(net_total),
        "perimeter_companies": perimeter,
        "beneficiary_companies": beneficiaries,
        "beneficiary_share": _share(beneficiaries, perimeter),
        "small_companies": {"count": small, "share": _share(small, beneficiaries)},
        "employees_trained": employees_total,
        "pathways": {
            code: {
                "employees": employees[code],
                "share": _share(employees[code], employees_total),
                "beneficiary_companies": by_pathway[code][1],
            }
            for code in _pathway_order(employees)
        },
        "delegations": _delegations(cells, net_total, beneficiaries),
        "branches": _breakdown(cells, net_total, 1, Branch.objects.all()),
        "size_bands": [
            {
                "code": b.code,
                "label": b.label,
                "beneficiary_companies": cells.total(2, b.code),
                "share": _share(cells.total(2, b.code), beneficiaries),
            }
            for b in bands
        ],
        "monthly": _series(inputs.by_month, year, as_of),
    }


@dataclass(frozen=True)
class Cells:
    """Net commitments by (delegation, branch) and beneficiary companies by (delegation, branch,
    size band): two grouped queries from which every breakdown is summed."""

    money: dict[tuple[str, str], Decimal]
    companies: dict[tuple[str, str, str], int]

    def total(self, axis: int, code: str) -> int:
        return sum(n for key, n in self.companies.items() if key[axis] == code)

    def money_total(self, axis: int, code: str) -> Decimal:
        return sum((v for key, v in self.money.items() if key[axis] == code), ZERO)


def _cells(envelope: Envelope, as_of: dt.date) -> Cells:
    money_rows = (
        entries(envelope, as_of)
        .filter(request__isnull=False)
        .values("request__company__delegation__code", "request__company__branch__code")
        .annotate(net=_net())
        .values_list("request__company__delegation__code", "request__company__branch__code", "net")
    )
    company_rows = (
        Company.objects.filter(requests__in=beneficiary_requests(envelope, as_of))
        .annotate(band=size_band_case())
        .values("delegation__code", "branch__code", "band")
        .annotate(n=Count("pk", distinct=True))
        .values_list("delegation__code", "branch__code", "band", "n")
    )
    return Cells(
        {(d, b): net for d, b, net in money_rows},
        {(d, b, band): n for d, b, band, n in company_rows},
    )


def _small_bands(bands: list[SizeBand]) -> set[str]:
    return {b.code for b in bands if b.max_headcount is not None and b.max_headcount < 50}


def small_band_codes() -> set[str]:
    """The size bands the summary's « dont moins de 50 salariés » adds up."""
    return _small_bands(list(SizeBand.objects.all()))


def employees_by_pathway(envelope: Envelope, as_of: dt.date) -> dict[str, tuple[int, int]]:
    """Employees first trained under each pathway, and the companies they work for."""
    first_time = Window(
        RowNumber(),
        partition_by=[F("request__company_id"), F("employee_ref")],
        order_by=[F("request__approved_at").asc(), F("request_id").asc()],
    )
    firsts = (
        Trainee.objects.filter(eligible=True, request_id__in=beneficiary_requests(envelope, as_of))
        .annotate(pathway=F("request__pathway"), company=F("request__company_id"), rank=first_time)
        .filter(rank=1)
    )
    codes = list(Pathway.objects.values_list("code", flat=True))
    counts = firsts.aggregate(
        **{code: Count("id", filter=Q(pathway=code)) for code in codes},
        **{
            f"{code}__companies": Count("company", distinct=True, filter=Q(pathway=code))
            for code in codes
        },
    )
    return {code: (counts[code], counts[f"{code}__companies"]) for code in codes}


def _pathway_order(employees: dict[str, int]) -> list[str]:
    return sorted(employees, key=lambda code: (-employees[code], code))


def _breakdown(cells: Cells, net_total: Decimal, axis: int, rows) -> list[dict]:
    """Net commitments and beneficiary companies by delegation (axis 0) or branch (axis 1),
    every value listed, largest first."""
    result = [
        {
            "code": row.code,
            "name": row.name,
            "net_commitments": _money(cells.money_total(axis, row.code)),
            "commitment_share": _share(cells.money_total(axis, row.code), net_total),
            "beneficiary_companies": cells.total(axis, row.code),
        }
        for row in rows
    ]
    return sorted(result, key=lambda r: (-Decimal(r["net_commitments"]), r["code"]))


def _delegations(cells: Cells, net_total: Decimal, beneficiaries: int) -> list[dict]:
    rows = _breakdown(cells, net_total, 0, Delegation.objects.all())
    for row in rows:
        row["beneficiary_companies_share"] = _share(row["beneficiary_companies"], beneficiaries)
    return rows


def _monthly_rows(scoped: QuerySet[LedgerEntry]) -> dict[str, dict[str, Decimal]]:
    rows = (
        scoped.filter(kind__in=[EntryKind.COMMITMENT, EntryKind.RELEASE])
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            committed=Coalesce(
                Sum("amount", filter=Q(kind=EntryKind.COMMITMENT)), Value(ZERO), output_field=MONEY
            ),
            released=Coalesce(
                Sum("amount", filter=Q(kind=EntryKind.RELEASE)), Value(ZERO), output_field=MONEY
            ),
        )
        .order_by("month")
    )
    return {_month_key(r["month"]): r for r in rows}


def _series(by_month: dict[str, dict[str, Decimal]], year: int, as_of: dt.date) -> list[dict]:
    series, cumulative = [], ZERO
    for key in _months(year, as_of, by_month):
        row = by_month.get(key, {"committed": ZERO, "released": ZERO})
        cumulative += row["committed"] - row["released"]
        series.append(
            {
                "month": key,
                "committed": _money(row["committed"]),
                "released": _money(row["released"]),
                "cumulative_net": _money(cumulative),
            }
        )
    return series


def _month_key(value) -> str:
    return f"{value:%Y-%m}"


def _months(year: int, as_of: dt.date, by_month: dict) -> list[str]:
    last = max([f"{year}-12" if as_of >= dt.date(year, 12, 1) else f"{as_of:%Y-%m}", *by_month])
    months, current = [], dt.date(year, 1, 1)
    while f"{current:%Y-%m}" <= last:
        months.append(f"{current:%Y-%m}")
        current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _money(value) -> str:
    return f"{Decimal(value or 0):.2f}"


def _share(part, whole) -> float:
    return round(float(Decimal(part) / Decimal(whole)), 6) if whole else 0.0


def _empty(year: int, as_of: dt.date) -> dict:
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "envelope": "0.00",
        "operator_costs": "0.00",
        "net_commitments": "0.00",
        "perimeter_companies": Company.objects.count(),
        "beneficiary_companies": 0,
        "beneficiary_share": 0.0,
        "small_companies": {"count": 0, "share": 0.0},
        "employees_trained": 0,
        "pathways": {},
        "delegations": [],
        "branches": [],
        "size_bands": [],
        "monthly": [],
    }
