"""Finance's export: one row per request, typed (dates, euros as numbers).

At ten times the 2021 year the approved requests alone are 20 000 rows: the rows are read as
plain tuples, their ledger totals a thousand requests at a time (one query each), and the
status labels translated once per export (no model instance per row: 5.6 s → about 1 s)."""

from collections.abc import Iterator
from itertools import islice

from django.db.models import QuerySet

from relance.common.formats import paris
from relance.funding.models import FundingRequest
from relance.funding.workflow import Status
from relance.www.downloads import DAY, EUROS

EXPORT_HEADER = [
    "Référence",
    "Entreprise",
    "SIREN",
    "Statut",
    "Accordée le",
    "Engagé net (€)",
    "Payé (€)",
    "Reste à payer (€)",
]
XLSX_FORMATS = {4: DAY, 5: EUROS, 6: EUROS, 7: EUROS}
COLUMNS = ("pk", "reference", "company__name", "company__siren", "status", "approved_at")
CHUNK = 1000


def export_rows(requests: QuerySet) -> Iterator[list]:
    """The export's rows of these requests, in their order."""
    statuses = {value: str(label) for value, label in Status.choices}
    rows = requests.values_list(*COLUMNS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        money = _money([row[0] for row in chunk])
        for pk, reference, name, siren, status, approved_at in chunk:
            yield [
                reference,
                name,
                siren,
                statuses.get(status, status),
                paris(approved_at).date() if approved_at else None,
                *money[pk],  # in cents: the read model's sums are
            ]


def _money(ids: list[int]) -> dict[int, tuple]:
    """Net committed, paid and unpaid of each of these requests (the ledger's read model)."""
    totals = FundingRequest.objects.filter(pk__in=ids).order_by().with_money()
    return {
        pk: (net, paid, unpaid)
        for pk, net, paid, unpaid in totals.values_list("pk", "net_committed", "paid", "unpaid")
    }
