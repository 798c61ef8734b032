"""Finance's list `/finances/`: approved requests and what is left to pay, searched, filtered
(kept in the URL), paginated and exported (the work queue is `queue_pages.py`)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relance.budget.models import Payee
from relance.budget.payables import STATUSES, PayableFilters, payables
from relance.budget.perms import can_view_payments
from relance.clock import today
from relance.common.pagination import VolumePaginator
from relance.funding.models import FundingRequest
from relance.funding.workflow import Status
from relance.reports.forecast import envelope_forecast
from relance.rules.parameters import parameters_in_force
from relance.www.downloads import EXPORT_LIMIT, selection_download
from relance.www.finance_exports import EXPORT_HEADER, XLSX_FORMATS, export_rows
from relance.www.queue_pages import query_string

PAGE_SIZE = 25


def _finance(request: HttpRequest) -> None:
    if not can_view_payments(request.user):
        raise PermissionDenied("Cette page est réservée aux finances.")


@login_required
def finance(request: HttpRequest) -> HttpResponse:
    """What finance still has to pay, largest first; search and filters kept in the URL."""
    _finance(request)
    filters = PayableFilters.from_params(request.GET)
    page = VolumePaginator(payables(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    with_money(list(page))
    # The envelope of the banner (the year in force) and when it would run out.
    params = parameters_in_force(today())
    context = {
        "page": page,
        "filters": filters,
        "statuses": [(s, Status(s).label) for s in STATUSES],
        "payees": Payee.choices,
        "query": query_string(request.GET, "page"),
        "forecast": envelope_forecast(year=params.year) if params else None,
    }
    return render(request, "www/backoffice/finance.html", context)


def with_money(requests: list[FundingRequest]) -> list[FundingRequest]:
    """The ledger's read model for these requests only (one query), set on each."""
    money = FundingRequest.objects.filter(pk__in=[r.pk for r in requests]).with_money()
    sums = {row.pk: row for row in money.only("pk")}
    for item in requests:
        item.committed, item.paid = sums[item.pk].net_committed, sums[item.pk].paid
        item.unpaid = sums[item.pk].unpaid
    return requests


@login_required
def finance_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The current selection, every page, as CSV (`;`, BOM, decimal comma) or XLSX."""
    _finance(request)
    selected = payables(request.user, PayableFilters.from_params(request.GET))[:EXPORT_LIMIT]
    return selection_download(fmt, "paiements", EXPORT_HEADER, export_rows(selected), XLSX_FORMATS)
