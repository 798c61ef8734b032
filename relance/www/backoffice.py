"""Staff pages: the delegation's work queue, finance's list of what is committed and unpaid."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relance.accounts.models import Role
from relance.budget.selectors import requests_money
from relance.clock import today
from relance.common.pagination import VolumePaginator
from relance.funding.selectors import requests_visible_to
from relance.funding.workflow import Status
from relance.reference.choices import PathwayKind
from relance.reference.models import Branch, Delegation

STAFF = {Role.ADVISER, Role.MANAGER, Role.FINANCE, Role.AUDITOR, Role.ADMIN}
SORTS = {
    "recent": "-filed_on",
    "ancien": "filed_on",
    "montant": "-funded_amount",
    "entreprise": "company__name",
}
AGES = {"15": 15, "30": 30, "60": 60}


def _staff(request: HttpRequest) -> None:
    if request.user.role not in STAFF:
        raise PermissionDenied("Cette page est réservée aux équipes de l'opérateur.")


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The requests the user may see, filtered by status, branch, pathway, delegation, age."""
    _staff(request)
    params = request.GET
    requests = (
        requests_visible_to(request.user)
        .select_related("company__branch", "company__delegation")
        .defer("decision", "decision_inputs")  # large JSON the list never shows
        .exclude(status=Status.DRAFT)
    )
    if params.get("statut") in Status.values:
        requests = requests.filter(status=params["statut"])
    if params.get("branche"):
        requests = requests.filter(company__branch__code=params["branche"])
    if params.get("parcours") in PathwayKind.values:
        requests = requests.filter(pathway=params["parcours"])
    if params.get("delegation"):
        requests = requests.filter(company__delegation__code=params["delegation"])
    if params.get("annee", "").isdigit():
        requests = requests.filter(envelope__year=int(params["annee"]))
    if params.get("age") in AGES:
        requests = requests.filter(filed_on__lte=today() - dt.timedelta(days=AGES[params["age"]]))
    requests = requests.order_by(SORTS.get(params.get("tri"), "-filed_on"), "-pk")
    page = VolumePaginator(requests, 25).get_page(params.get("page"))
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
