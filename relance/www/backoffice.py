"""Finance's list of what is committed and unpaid (the work queue is `queue_pages.py`)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relance.budget.perms import can_view_payments
from relance.clock import today
from relance.common.pagination import VolumePaginator
from relance.funding.models import FundingRequest
from relance.funding.selectors import requests_visible_to
from relance.funding.workflow import Status
from relance.reports.forecast import envelope_forecast
from relance.rules.parameters import parameters_in_force


@login_required
def finance(request: HttpRequest) -> HttpResponse:
    """Committed and unpaid: what finance still has to pay, largest first."""
    if not can_view_payments(request.user):
        raise PermissionDenied("Cette page est réservée aux finances.")
    requests = (
        requests_visible_to(request.user)
        .filter(status__in=[Status.APPROVED, Status.COMPLETED])
        .select_related("company")
        .defer("decision", "decision_inputs")
        .order_by("-funded_amount", "-pk")  # what is committed now: the amount after amendments
    )
    page = VolumePaginator(requests, 25).get_page(request.GET.get("page"))
    # The ledger's read model for the page's requests only, not for every approved request.
    money = FundingRequest.objects.filter(pk__in=[item.pk for item in page]).with_money()
    sums = {row.pk: row for row in money.only("pk")}
    for item in page:
        item.committed, item.paid = sums[item.pk].net_committed, sums[item.pk].paid
        item.unpaid = sums[item.pk].unpaid
    # The envelope of the banner (the year in force) and when it would run out.
    params = parameters_in_force(today())
    forecast = envelope_forecast(year=params.year) if params else None
    return render(request, "www/backoffice/finance.html", {"page": page, "forecast": forecast})
