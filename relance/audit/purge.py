"""Pseudonymise the trainees of requests paid before a year, keeping every report figure.

An employee (company × reference) is pseudonymised only when every request naming them was paid
before that year, and always to the same pseudonym within the company: distinct counts, and so
the bilan, do not change.

The « travailleur handicapé ou défavorisé » flag is special-category data (GDPR art. 9) that no
report figure needs: it is cleared on every trainee of a request paid before that year, and from
the request's stored rules inputs (its funded amount stays in the ledger).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef

from relance.budget.models import EntryKind, LedgerEntry
from relance.funding.models import FundingRequest, Trainee
from relance.funding.workflow import Status

PREFIX = "PSEUDO-"


@dataclass(frozen=True)
class PurgePlan:
    requests: int
    trainees: int
    disadvantaged: int = 0


def _paid_before(year: int):
    last_payment = (
        LedgerEntry.objects.filter(request=OuterRef("pk"), kind=EntryKind.PAYMENT)
        .values("request")
        .annotate(at=Max("created_at"))
        .values("at")
    )
    limit = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    return (
        FundingRequest.objects.filter(status=Status.PAID)
        .alias(paid_at=last_payment)
        .filter(paid_at__lt=limit)
    )


def purgeable_trainees(year: int):
    eligible_requests = _paid_before(year)
    same_employee_elsewhere = Trainee.objects.filter(
        request__company_id=OuterRef("request__company_id"), employee_ref=OuterRef("employee_ref")
    ).exclude(request__in=eligible_requests)
    return (
        Trainee.objects.filter(request__in=eligible_requests)
        .exclude(employee_ref__startswith=PREFIX)
        .alias(kept_elsewhere=Exists(same_employee_elsewhere))
        .filter(kept_elsewhere=False)
    )


def pseudonym(company_id: int, reference: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{company_id}|{reference}".encode()).hexdigest()
    return PREFIX + digest[:20]


def flagged_trainees(year: int):
    return Trainee.objects.filter(request__in=_paid_before(year), disadvantaged=True)


def purge_plan(*, before: int) -> PurgePlan:
    trainees = purgeable_trainees(before)
    return PurgePlan(
        requests=trainees.values("request").distinct().count(),
        trainees=trainees.count(),
        disadvantaged=flagged_trainees(before).count(),
    )


def _clear_disadvantaged(year: int) -> None:
    flagged = flagged_trainees(year)
    request_ids = set(flagged.values_list("request_id", flat=True))
    flagged.update(disadvantaged=False)
    for request in FundingRequest.objects.filter(pk__in=request_ids).only("decision_inputs"):
        for trainee in (request.decision_inputs or {}).get("trainees", []):
            trainee.pop("disadvantaged", None)
        request.save(update_fields=["decision_inputs"])


@transaction.atomic
def purge_apply(*, before: int) -> PurgePlan:
    plan = purge_plan(before=before)
    batch = []
    for trainee in purgeable_trainees(before).select_related("request").iterator(chunk_size=5000):
        trainee.employee_ref = pseudonym(trainee.request.company_id, trainee.employee_ref)
        batch.append(trainee)
        if len(batch) == 5000:
            Trainee.objects.bulk_update(batch, ["employee_ref"])
            batch = []
    Trainee.objects.bulk_update(batch, ["employee_ref"])
    _clear_disadvantaged(before)
    return plan
