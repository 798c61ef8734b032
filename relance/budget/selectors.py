"""Reads on the ledger: totals computed by the database."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from relance.budget.models import ZERO, EntryKind, Envelope, LedgerEntry


@dataclass(frozen=True)
class Movements:
    """Gross commitments, releases and payments of an envelope or of one request."""

    committed: Decimal
    released: Decimal
    paid: Decimal

    @property
    def net_committed(self) -> Decimal:
        return self.committed - self.released


@dataclass(frozen=True)
class Totals(Movements):
    amount: Decimal

    @property
    def available(self) -> Decimal:
        return self.amount - self.net_committed

    def as_dict(self) -> dict[str, str]:
        values = {
            "amount": self.amount,
            "committed": self.committed,
            "released": self.released,
            "net_committed": self.net_committed,
            "paid": self.paid,
            "available": self.available,
        }
        return {key: f"{value:.2f}" for key, value in values.items()}


def _sums(entries) -> dict[str, Decimal]:
    sums = entries.aggregate(
        **{kind: Sum("amount", filter=Q(kind=kind)) for kind in EntryKind.values}
    )
    return {kind: value or ZERO for kind, value in sums.items()}


def envelope_totals(envelope: Envelope) -> Totals:
    sums = _sums(LedgerEntry.objects.filter(envelope=envelope))
    return Totals(
        amount=envelope.initial_amount + sums[EntryKind.ADJUSTMENT],
        committed=sums[EntryKind.COMMITMENT],
        released=sums[EntryKind.RELEASE],
        paid=sums[EntryKind.PAYMENT],
    )


@dataclass(frozen=True)
class RequestMoney(Movements):
    @property
    def unpaid(self) -> Decimal:
        return self.net_committed - self.paid


def request_money(request_id: int) -> RequestMoney:
    sums = _sums(LedgerEntry.objects.filter(request_id=request_id))
    return RequestMoney(
        sums[EntryKind.COMMITMENT], sums[EntryKind.RELEASE], sums[EntryKind.PAYMENT]
    )


def requests_money(request_ids: list[int]) -> dict[int, RequestMoney]:
    """The movements of a page of requests, in one grouped query."""
    sums = {kind: Sum("amount", filter=Q(kind=kind)) for kind in EntryKind.values}
    rows = (
        LedgerEntry.objects.filter(request_id__in=request_ids).values("request_id").annotate(**sums)
    )
    found = {
        row["request_id"]: RequestMoney(
            row[EntryKind.COMMITMENT] or ZERO,
            row[EntryKind.RELEASE] or ZERO,
            row[EntryKind.PAYMENT] or ZERO,
        )
        for row in rows
    }
    return {pk: found.get(pk, RequestMoney(ZERO, ZERO, ZERO)) for pk in request_ids}
