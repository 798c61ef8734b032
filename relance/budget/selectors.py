"""Reads on the ledger: totals computed by the database, through the ledger's read model
(`LedgerEntry.objects….by_kind()`, `net_committed()`, and `FundingRequest.objects.with_money()`)."""

from dataclasses import dataclass
from decimal import Decimal

from relance.budget.models import EntryKind, Envelope, LedgerEntry


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
    # The operator's own costs: part of the amount, never committed to requests.
    operator_costs: Decimal = Decimal("0.00")

    @property
    def available(self) -> Decimal:
        return self.amount - self.operator_costs - self.net_committed

    def as_dict(self) -> dict[str, str]:
        values = {
            "amount": self.amount,
            "operator_costs": self.operator_costs,
            "committed": self.committed,
            "released": self.released,
            "net_committed": self.net_committed,
            "paid": self.paid,
            "available": self.available,
        }
        return {key: f"{value:.2f}" for key, value in values.items()}


def envelope_totals(envelope: Envelope) -> Totals:
    sums = LedgerEntry.objects.filter(envelope=envelope).by_kind()
    return Totals(
        amount=envelope.initial_amount + sums[EntryKind.ADJUSTMENT],
        operator_costs=envelope.operator_costs,
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
    sums = LedgerEntry.objects.filter(request_id=request_id).by_kind()
    return RequestMoney(
        sums[EntryKind.COMMITMENT], sums[EntryKind.RELEASE], sums[EntryKind.PAYMENT]
    )
