"""Staff pages: the delegation's work queue, finance's list of what is committed and unpaid."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relance.accounts.models import Role
from relance.budget.selectors import requests_money
from relance.common.pagination import VolumePaginator
from relance.funding.queue import AGES, SORTS, QueueFilters, queue_count, queue_requests
from relance.funding.selectors import requests_visible_to
from relance.funding.workflow import Status
from relance.reference.choices import PathwayKind
from relance.reference.models import Branch, Delegation

STAFF = {Role.ADVISER, Role.MANAGER, Role.FINANCE, Role.AUDITOR, Role.ADMIN}


def _staff(request: HttpRequest) -> None:
    if request.user.role not in STAFF:
        raise PermissionDenied("Cette page est réservée aux équipes de l'opérateur.")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The requests the user may see, filtered by status, branch, pathway, delegation, age."""
    _staff(request)
    params = request.GET
    filters = QueueFilters.from_params(params)
    requests = queue_requests(request.user, filters)
    count = queue_count(request.user, filters)
    page = VolumePaginator(requests, 25, count=count).get_page(params.get("page"))
    context = {
        "page": page,
        "statuses": Status.choices,
        "branches": Branch.objects.order_by("name"),
        "pathways": PathwayKind.choices,
        "delegations": Delegation.objects.order_by("name"),
        "ages": AGES,
        "sorts": SORTS,
        "params": params,
        "query": "&".join(f"{k}={v}" for k, v in params.items() if k != "page" and v),
    }
    return render(request, "www/backoffice/queue.html", context)


@login_required
def finance(request: HttpRequest) -> HttpResponse:
    """Committed and unpaid: what finance still has to pay, largest first."""
    if request.user.role not in {Role.FINANCE, Role.MANAGER, Role.AUDITOR, Role.ADMIN}:
        raise PermissionDenied("Cette page est réservée aux finances.")
    requests = (
        requests_visible_to(request.user)
        .filter(status__in=[Status.APPROVED, Status.COMPLETED])
        .select_related("company")
        .defer("decision", "decision_inputs")
        .order_by("-funded_amount", "-pk")  # what is committed now: the amount after amendments
    )
    page = VolumePaginator(requests, 25).get_page(request.GET.get("page"))
    money = requests_money([item.pk for item in page])
    for item in page:
        item.committed, item.paid = money[item.pk].net_committed, money[item.pk].paid
        item.unpaid = money[item.pk].unpaid
    return render(request, "www/backoffice/finance.html", {"page": page})
