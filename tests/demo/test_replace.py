"""`relance demo --replace` replaces only what the demo wrote."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from relance.budget.models import EntryKind, LedgerEntry
from relance.budget.services import envelope_set_amount
from relance.companies.models import Company
from relance.funding.models import FundingRequest
from tests.factories import CompanyFactory, UserFactory
from tests.workflow import request_via_services


def demo(*args: str) -> None:
    call_command("demo", "--year", "2022", "--quiet", *args, stdout=io.StringIO())


@pytest.mark.slow
def test_replace_refuses_when_the_envelope_holds_requests_the_demo_did_not_create(
    reference, settings
):
    settings.RELANCE_TODAY = dt.date(2022, 3, 15)
    demo("--seed", "5")
    company = Company.objects.first()
    owner = UserFactory(role="company", company=company)
    foreign = request_via_services(company, owner, until="submitted")
    assert FundingRequest.objects.get(pk=foreign).envelope.year == 2022
    manager = UserFactory(role="manager")
    amount = Decimal("151000000.00")
    envelope, _ = envelope_set_amount(actor=manager, scheme="fne", year=2022, amount=amount)
    count = FundingRequest.objects.count()
    with pytest.raises(CommandError, match="1 demande\\(s\\) que la démonstration n'a pas créées"):
        demo("--replace", "--seed", "6")
    assert FundingRequest.objects.count() == count
    # Once the company's own request is gone, the demo year is replaced; the manager's
    # adjustment of the envelope stays.
    FundingRequest.objects.filter(pk=foreign).delete()
    demo("--replace", "--seed", "6")
    assert LedgerEntry.objects.filter(
        envelope=envelope, kind=EntryKind.ADJUSTMENT, actor=manager
    ).exists()


@pytest.mark.slow
def test_replace_recognises_its_requests_once_company_ids_pass_six_digits(reference, settings):
    # On a long-lived PostgreSQL database the company sequence passes 999 999: the demo's
    # references then carry seven digits and must still count as the demo's own.
    settings.RELANCE_TODAY = dt.date(2022, 3, 15)
    CompanyFactory(pk=1_000_000)
    with connection.cursor() as cursor:  # PostgreSQL's sequence follows, as SQLite's rowid does
        for sql in connection.ops.sequence_reset_sql(no_style(), [Company]):
            cursor.execute(sql)
    demo("--seed", "5")
    assert FundingRequest.objects.filter(reference__regex=r"^FNE-2022-[0-9]{7}-").exists()
    demo("--replace", "--seed", "6")
    assert FundingRequest.objects.filter(envelope__year=2022).exists()
