"""Staff pages: the delegation's work queue, finance's list of what is committed and unpaid."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relance.budget.models import EntryKind
from relance.budget.perms import can_view_payments
from relance.clock import today
from relance.funding.perms import can_view_queue
from relance.funding.selectors import requests_visible_to
from relance.funding.workflow import Status
from relance.reference.choices import PathwayKind
from relance.reference.models import Branch, Delegation

SORTS = {
    "recent": "-filed_on",
    "ancien": "filed_on",
    "montant": "-funded_amount",
    "entreprise": "company__name",
}
AGES = {"15": 15, "30": 30, "60": 60}
MONEY = DecimalField(max_digits=16, decimal_places=2)


def _staff(request: HttpRequest) -> None:
    if not can_view_queue(request.user):
        raise PermissionDenied("Cette page est réservée aux équipes de l'opérateur.")


def _money_annotations():
    zero = Value(0, output_field=MONEY)
    return {
        "committed": Coalesce(
            Sum("ledger_entries__amount", filter=Q(ledger_entries__kind=EntryKind.COMMITMENT)), zero
        ),
        "released": Coalesce(
            Sum("ledger_entries__amount", filter=Q(ledger_entries__kind=EntryKind.RELEASE)), zero
        ),
        "paid": Coalesce(
            Sum("ledger_entries__amount", filter=Q(ledger_entries__kind=EntryKind.PAYMENT)), zero
        ),
    }


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The requests the user may see, filtered by status, branch, pathway, delegation, age."""
    _staff(request)
    params = request.GET
    requests = (
        requests_visible_to(request.user)
        .select_related("company__branch", "company__delegation")
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
    page = Paginator(requests, 25).get_page(params.get("page"))
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
    if not can_view_payments(request.user):
        raise PermissionDenied("Cette page est réservée aux finances.")
    requests = (
        requests_visible_to(request.user)
        .filter(status__in=[Status.APPROVED, Status.COMPLETED])
        .select_related("company")
        .annotate(**_money_annotations())
        .order_by("-committed", "pk")
    )
    page = Paginator(requests, 25).get_page(request.GET.get("page"))
    for item in page:
        item.unpaid = item.committed - item.released - item.paid
    return render(request, "www/backoffice/finance.html", {"page": page})
