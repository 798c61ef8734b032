"""Sums of the ledger come back in euros and cents on every database: SQLite adds decimals as
floats, and 0,10 € + 0,20 € must still read 0,30 €, never 0.3000000000000000444."""

from decimal import Decimal

import pytest

from relance.budget.models import EntryKind, Envelope, LedgerEntry

pytestmark = pytest.mark.django_db
AMOUNTS = ["0.10", "0.20", "16020560.05", "420553.01", "9789026.24"]


def test_ledger_sums_and_their_differences_have_exactly_two_decimals():
    envelope = Envelope.objects.create(scheme="fne", year=2031, initial_amount=1, operator_costs=0)
    for amount in AMOUNTS:
        LedgerEntry.objects.create(envelope=envelope, kind=EntryKind.COMMITMENT, amount=amount)
    LedgerEntry.objects.create(envelope=envelope, kind=EntryKind.RELEASE, amount="0.05")
    entries = LedgerEntry.objects.filter(envelope=envelope)

    committed = sum(Decimal(a) for a in AMOUNTS)
    assert str(entries.by_kind()[EntryKind.COMMITMENT]) == str(committed)
    assert str(entries.net_committed()) == str(committed - Decimal("0.05"))
    since = entries.by_kind_and_net_since(envelope.created_at)["net_since"]
    assert str(since) == str(committed - Decimal("0.05"))
