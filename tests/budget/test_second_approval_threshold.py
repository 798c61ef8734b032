"""The four-eyes threshold: one service sets it (Django's admin, the envelope's page, the API),
under the envelope's lock, and the audit trail records who, when, where, before and after."""

from decimal import Decimal

import pytest

from relance.audit.models import AdminChange, Source
from relance.budget.services import envelope_get_or_create, envelope_set_threshold
from relance.common import formats
from relance.common.errors import Forbidden, InvalidInput
from tests.workflow import TODAY


@pytest.fixture
def envelope(people):
    return envelope_get_or_create(scheme="fne", year=2021)


def test_a_manager_sets_the_threshold_and_the_audit_trail_records_before_and_after(
    people, envelope
):
    envelope_set_threshold(actor=people["manager"], envelope=envelope, amount=Decimal("100000"))
    envelope_set_threshold(actor=people["manager"], envelope=envelope, amount=Decimal("80000.5"))
    envelope.refresh_from_db()
    assert envelope.second_approval_above == Decimal("80000.50")
    first, last = AdminChange.objects.order_by("pk")
    assert first.changes == {"second_approval_above": [None, "100000.00"]}
    assert last.changes == {"second_approval_above": ["100000.00", "80000.50"]}
    assert last.actor == people["manager"] and last.source == Source.APP
    assert formats.paris(last.at).date() == TODAY  # the product's reference date


def test_setting_the_same_threshold_again_records_nothing(people, envelope):
    envelope_set_threshold(actor=people["manager"], envelope=envelope, amount=Decimal("100000"))
    envelope_set_threshold(actor=people["manager"], envelope=envelope, amount=Decimal("100000"))
    assert AdminChange.objects.count() == 1


def test_removing_the_threshold_is_recorded_as_no_value(people, envelope):
    envelope_set_threshold(actor=people["manager"], envelope=envelope, amount=Decimal("100000"))
    envelope_set_threshold(actor=people["manager"], envelope=envelope, amount=None)
    assert AdminChange.objects.latest("pk").changes == {
        "second_approval_above": ["100000.00", None]
    }


@pytest.mark.parametrize("role", ["adviser", "finance", "auditor", "company"])
def test_only_a_manager_or_an_administrator_sets_the_threshold(people, envelope, role):
    with pytest.raises(Forbidden):
        envelope_set_threshold(actor=people[role], envelope=envelope, amount=Decimal("1"))
    assert not AdminChange.objects.exists()


@pytest.mark.parametrize("amount", ["-1", "0.001", "NaN", "1e13"])
def test_a_threshold_that_is_not_an_amount_is_refused(people, envelope, amount):
    with pytest.raises(InvalidInput):
        envelope_set_threshold(actor=people["manager"], envelope=envelope, amount=Decimal(amount))
    envelope.refresh_from_db()
    assert envelope.second_approval_above is None and not AdminChange.objects.exists()
