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


@dataclass(frozen=True)
class EnvelopeChange:
    at: object
    actor: str
    text: str


def envelope_changes(envelope: Envelope, limit: int = 20) -> list[EnvelopeChange]:
    """The latest changes of the envelope, newest first: its amount's adjustments (ledger) and
    its settings (threshold, operator's costs) from the audit trail, in French."""
    from relance.audit.models import AdminChange
    from relance.common.formats import amount

    def shown(value: str | None) -> str:
        return "aucun" if value is None else amount(value)

    settings = (
        AdminChange.objects.filter(model="budget.envelope", object_id=str(envelope.pk))
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )
    adjustments = (
        LedgerEntry.objects.filter(envelope=envelope, kind=EntryKind.ADJUSTMENT)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    rows = [
        EnvelopeChange(
            c.at,
            c.actor.username if c.actor else "—",
            " ; ".join(
                f"{Envelope._meta.get_field(name).verbose_name} : {shown(a)} → {shown(b)}"
                for name, (a, b) in c.changes.items()
                if name in SETTINGS
            ),
        )
        for c in settings
    ] + [
        EnvelopeChange(e.created_at, e.actor.username if e.actor else "—", e.reason)
        for e in adjustments
    ]
    return sorted((r for r in rows if r.text), key=lambda r: r.at, reverse=True)[:limit]


SETTINGS = ("initial_amount", "second_approval_above", "operator_costs")
