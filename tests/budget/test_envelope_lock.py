"""The envelope's lock serialises money, not the rows that merely refer to the envelope.

CI once deadlocked: a cancellation without money to release inserted a new queue counter
(its foreign key takes a KEY SHARE lock on the envelope) while a payment held the envelope
FOR UPDATE and waited for a counter the cancellation had updated. Row locks are now FOR NO KEY
UPDATE, which KEY SHARE does not wait for.
"""

import threading

import pytest
from django.db import connections, transaction

from relance.budget.models import Envelope
from relance.budget.services import envelope_lock
from relance.reference.models import Branch, Delegation
from relance.reports.models import QueueCount


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_a_row_referring_to_a_locked_envelope_is_inserted_without_waiting(reference, postgres_only):
    envelope = Envelope.objects.create(scheme="fne", year=2031, initial_amount=1, operator_costs=0)
    delegation, branch = Delegation.objects.first(), Branch.objects.first()
    locked, release = threading.Event(), threading.Event()

    def hold_the_envelope() -> None:
        try:
            with transaction.atomic():
                envelope_lock(envelope.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_envelope)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        with transaction.atomic():
            connections["default"].cursor().execute("SET LOCAL lock_timeout = '2s'")
            QueueCount.objects.create(
                envelope=envelope,
                delegation=delegation,
                branch=branch,
                pathway="collective",
                status="cancelled",
            )
    finally:
        release.set()
        holder.join(timeout=30)
    assert QueueCount.objects.filter(envelope=envelope, status="cancelled").count() == 1
