"""`relance report --verify`: the kept figures against a recomputation from the ledger."""

from django.utils import timezone

from relance.budget.models import Envelope, LedgerEntry
from relance.clock import today
from relance.common import formats
from relance.reports.kept import MEASURES, company_rows, expected_cells, expected_months
from relance.reports.kept_counts import expected_counts
from relance.reports.kept_processing import expected_processing
from relance.reports.kept_reads import kept_inputs
from relance.reports.models import (
    CompanyFigure,
    FigureCell,
    KeptEnvelope,
    MonthFigure,
    ProcessingFigure,
    QueueCount,
)
from relance.reports.queries import _assemble, full_figures

MONTHS = ("committed_cents", "released_cents", "paid_cents", "adjusted_cents")


def kept_differences(envelope: Envelope) -> list[str]:
    """Every difference between what is kept and what the ledger gives, in words; empty when
    the kept figures are right to the cent and the unit."""
    if not KeptEnvelope.objects.filter(envelope=envelope).exists():
        return [f"{envelope} : chiffres tenus jamais construits (relance report --rebuild)"]
    rows = company_rows(envelope.pk)
    found = [
        *_compare(
            "entreprise",
            CompanyFigure.objects.filter(envelope=envelope),
            rows,
            ("company_id", "pathway"),
            ("delegation_id", "branch_id", "band", *MEASURES),
        ),
        *_compare(
            "cellule",
            FigureCell.objects.filter(envelope=envelope),
            expected_cells(envelope.pk, rows),
            ("delegation_id", "branch_id", "band", "pathway"),
            MEASURES,
        ),
        *_compare(
            "mois",
            MonthFigure.objects.filter(envelope=envelope),
            expected_months(envelope.pk),
            ("month",),
            MONTHS,
        ),
        *_compare(
            "délais",
            ProcessingFigure.objects.filter(envelope=envelope),
            expected_processing(envelope.pk),
            ("delegation_id", "days"),
            ("requests",),
        ),
        *_compare(
            "file",
            QueueCount.objects.filter(envelope=envelope),
            [c for c in expected_counts() if c.envelope_id == envelope.pk],
            ("delegation_id", "branch_id", "pathway", "status"),
            ("requests",),
        ),
        *_compare_reports(envelope),
    ]
    return [f"{envelope} : {line}" for line in found]


def _compare(label: str, stored, expected, key: tuple, values: tuple) -> list[str]:
    def table(rows) -> dict:  # a cell added to and then subtracted from holds zeros: absent
        measured = (
            (tuple(getattr(r, k) for k in key), tuple(getattr(r, v) for v in values)) for r in rows
        )
        return {k: m for k, m in measured if any(m)}

    kept, computed = table(stored), table(expected)
    return [
        f"{label} {k} : tenu {kept.get(k)} ≠ recalculé {computed.get(k)} ({', '.join(values)})"
        for k in sorted(set(kept) | set(computed), key=str)
        if kept.get(k) != computed.get(k)
    ]


def _compare_reports(envelope: Envelope) -> list[str]:
    last = (
        LedgerEntry.objects.filter(envelope=envelope)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    ).first()
    as_of = max(today(), timezone.localtime(last).date() if last else today())
    kept = _assemble(envelope, envelope.year, as_of, kept_inputs(envelope))
    full = full_figures(envelope, envelope.year, as_of)
    return [
        f"bilan au {formats.date(as_of)}, « {key} » : tenu {kept[key]} ≠ recalculé {full[key]}"
        for key in full
        if kept.get(key) != full[key]
    ]


def envelopes_for(year: int | None) -> list[Envelope]:
    envelopes = Envelope.objects.order_by("year", "scheme")
    return list(envelopes.filter(year=year) if year is not None else envelopes)
