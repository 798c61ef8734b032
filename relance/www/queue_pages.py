"""The work queue `/gestion/`: tabs with their counts, search, filters kept in the URL, saved
views, « Suivre », exports of the current selection. Every read is `funding/queue.py`'s."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from relance.budget.models import Envelope
from relance.common.errors import NotFound, ServiceError
from relance.common.pagination import VolumePaginator
from relance.funding import perms
from relance.funding.assignment import assignable_advisers, request_assign
from relance.funding.models import SavedView
from relance.funding.queue import (
    AGES,
    ME,
    NOBODY,
    SORT_LABELS,
    TABS,
    QueueFilters,
    queue_requests,
    tab_counts,
)
from relance.funding.saved_views import saved_view_delete, saved_view_save
from relance.funding.workflow import Status
from relance.reference.choices import PathwayKind
from relance.reference.models import Branch, Delegation
from relance.www.downloads import EXPORT_LIMIT, selection_download
from relance.www.queue_exports import EXPORT_HEADER, XLSX_FORMATS, export_rows

PAGE_SIZE = 25


def _staff(request: HttpRequest) -> None:
    if not perms.can_view_queue(request.user):
        raise PermissionDenied("Cette page est réservée aux équipes de l'opérateur.")


def query_string(params, *drop: str) -> str:
    """The query string without `drop` (and without empty values), URL-encoded."""
    return urlencode([(k, v) for k, v in params.items() if k not in drop and v])


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The requests the user may see: a tab, a search, filters, a sort, 25 a page."""
    _staff(request)
    params = request.GET
    filters = QueueFilters.from_params(params)
    counts = tab_counts(request.user, filters)
    requests = queue_requests(request.user, filters, size=counts[filters.tab])
    page = VolumePaginator(requests, PAGE_SIZE, count=counts[filters.tab]).get_page(
        params.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "tabs": [(key, label, counts[key]) for key, label in TABS.items()],
        "tab_query": query_string(params, "page", "onglet"),
        "statuses": [(v, label) for v, label in Status.choices if v != Status.DRAFT],
        "branches": Branch.objects.order_by("name"),
        "pathways": PathwayKind.choices,
        "delegations": Delegation.objects.order_by("name"),
        "years": Envelope.objects.order_by("-year").values_list("year", flat=True).distinct(),
        "ages": AGES,
        "sorts": SORT_LABELS,
        "advisers": list(assignable_advisers(request.user)),
        "me": ME,
        "nobody": NOBODY,
        "saved_views": SavedView.objects.filter(user=request.user),
        "params": params,
        "query": query_string(params, "page"),
        "can_bulk": perms.can_take_bulk_actions(request.user),
        "can_follow_self": perms.can_follow_requests(request.user),
        "here": request.get_full_path(),
    }
    return render(request, "www/backoffice/queue.html", context)


@login_required
def queue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The current selection (tab, search, filters, sort), every page, as CSV or XLSX."""
    _staff(request)
    filters = QueueFilters.from_params(request.GET)
    rows = export_rows(queue_requests(request.user, filters)[:EXPORT_LIMIT])
    return selection_download(fmt, "demandes", EXPORT_HEADER, rows, XLSX_FORMATS)


@login_required
@require_POST
def saved_view_create(request: HttpRequest) -> HttpResponse:
    _staff(request)
    query = request.POST.get("query", "")
    try:
        view = saved_view_save(user=request.user, name=request.POST.get("name", ""), query=query)
    except ServiceError as error:
        for problem in error.errors:
            messages.error(request, problem.message)
        return redirect(f"/gestion/?{query}")
    messages.success(request, f"Vue « {view.name} » enregistrée.")
    return redirect(f"/gestion/?{view.query}")


@login_required
@require_POST
def saved_view_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    try:
        name = saved_view_delete(user=request.user, view_id=pk)
    except NotFound as error:
        raise Http404(str(error)) from error
    messages.success(request, f"Vue « {name} » supprimée.")
    return redirect("queue")


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """« Suivre » (to oneself) or « Attribuer à … » from the queue or the request's page."""
    chosen = request.POST.get("assignee", "")
    assignee = request.user.pk if chosen == ME else (None if chosen == NOBODY else chosen)
    try:
        funding_request = request_assign(actor=request.user, request_id=pk, assignee_id=assignee)
    except NotFound as error:
        raise Http404(str(error)) from error
    except ServiceError as error:
        for problem in error.errors:
            messages.error(request, problem.message)
    else:
        follower = funding_request.assignee
        messages.success(
            request,
            f"Demande {funding_request.reference} suivie par {follower.get_full_name() or follower.username}."
            if follower
            else f"Demande {funding_request.reference} : plus personne ne la suit.",
        )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("request-detail", pk=pk)
