"""Ledger invariants over random sequences of approve, amend, cancel and pay (hypothesis)."""

from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relance.budget.models import LedgerEntry
from relance.budget.selectors import envelope_totals, request_money
from relance.budget.services import envelope_set_amount
from relance.common.errors import ServiceError
from relance.funding import money
from relance.funding.data import PartsData, TraineeData
from tests.workflow import action_data, request_via_services

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["approve", "approve", "approve", "amend", "amend", "cancel", "pay", "pay", "pay_final"]
        ),
        st.integers(0, 2),
        st.decimals(min_value=Decimal("1.00"), max_value=Decimal("20000.00"), places=2),
    ),
    max_size=16,
)


def in_review(people, cost: Decimal) -> int:
    return request_via_services(
        people["the_company"],
        people["company"],
        cost=cost,
        regime="gber",
        until="in_review",
        reviewer=people["adviser"],
    )


def apply(people, operation: str, request_id: int, amount: Decimal, counter: list[int]) -> None:
    counter[0] += 1
    if operation == "approve":
        money.request_approve(actor=people["manager"], request_id=request_id)
    elif operation == "amend":
        money.request_amend(
            actor=people["adviser"],
            request_id=request_id,
            parts=PartsData([action_data(amount)], [TraineeData("MAT-1", "permanent")]),
        )
    elif operation == "cancel":
        money.request_cancel(actor=people["manager"], request_id=request_id)
    else:
        money.payment_record(
            actor=people["finance"],
            request_id=request_id,
            amount=amount,
            payee="company",
            reference=f"P-{counter[0]}",
            final=operation == "pay_final",
        )


def assert_invariants(envelope, request_ids: list[int], entries_before: list[tuple]) -> list[tuple]:
    totals = envelope_totals(envelope)
    # The operator's costs are never committed.
    assert totals.net_committed <= totals.amount - totals.operator_costs
    assert totals.available == totals.amount - totals.operator_costs - totals.net_committed
    per_request = [request_money(pk) for pk in request_ids]
    for movement in per_request:
        assert Decimal(0) <= movement.paid <= movement.net_committed
    assert sum(m.net_committed for m in per_request) == totals.net_committed
    assert sum(m.paid for m in per_request) == totals.paid
    entries = list(LedgerEntry.objects.order_by("pk").values_list("pk", "kind", "amount"))
    assert entries[: len(entries_before)] == entries_before  # nothing edited, nothing removed
    return entries


@given(
    costs=st.lists(
        st.decimals(min_value=Decimal("100.00"), max_value=Decimal("20000.00"), places=2),
        min_size=3,
        max_size=3,
    ),
    envelope_amount=st.decimals(
        min_value=Decimal("10000.00"), max_value=Decimal("100000.00"), places=2
    ),
    operator_costs=st.decimals(min_value=Decimal("0.00"), max_value=Decimal("9000.00"), places=2),
    operations=OPERATIONS,
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_random_sequences_never_overcommit_nor_overpay(
    people, costs, envelope_amount, operator_costs, operations
):
    with transaction.atomic():
        ids = [in_review(people, cost) for cost in costs]
        envelope, _ = envelope_set_amount(
            actor=people["manager"],
            scheme="fne",
            year=2021,
            amount=envelope_amount,
            operator_costs=operator_costs,
        )
        entries, counter = assert_invariants(envelope, ids, []), [0]
        for operation, index, amount in operations:
            try:
                with transaction.atomic():
                    apply(people, operation, ids[index], amount, counter)
            except ServiceError:
                pass
            entries = assert_invariants(envelope, ids, entries)
        transaction.set_rollback(True)
