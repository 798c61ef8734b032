"""The queue's bulk actions: the selected rows go through `funding/bulk.py`, the page then
lists each request's outcome."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from relance.common.errors import Forbidden, InvalidInput
from relance.funding.bulk import Outcome, requests_bulk
from relance.funding.queue import ME
from relance.funding.selectors import requests_visible_to
from relance.funding.workflow import Status
from relance.rules.labels import french_euros

LABELS = {
    "review": "Prise en instruction",
    "approve": "Accord",
    "refuse": "Refus",
    "assign": "Attribution",
}


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    post = request.POST
    action = post.get("action", "")
    if action == "refuse" and post.get("confirm") != "on":
        return _confirm_refusal(request)
    # Not "assignee": the rows' « Suivre » buttons post this same form to the assignment page.
    chosen = post.get("bulk_assignee", "")
    text = post.get("reason", "")
    try:
        outcomes = requests_bulk(
            actor=request.user,
            action=action,
            ids=post.getlist("ids"),
            comment=text,
            reason=text,
            assignee=request.user.pk if chosen == ME else chosen,
        )
    except Forbidden as error:
        raise PermissionDenied(str(error)) from error
    except InvalidInput as error:
        outcomes, problems = [], error.errors
    else:
        problems = []
    context = {
        "action": LABELS.get(action, action),
        "rows": _rows(request.user, outcomes),
        "done": sum(o.ok for o in outcomes),
        "problems": problems,
        "back": _back(request),
    }
    return render(request, "www/backoffice/bulk_result.html", context)


def _rows(user, outcomes: list[Outcome]) -> list[tuple[Outcome, str | None, str]]:
    """Each outcome with its request's reference and what became of it: an approval above the
    four-eyes threshold is not done yet, the adviser reads where it went and why."""
    found = {
        pk: (reference, threshold)
        for pk, reference, threshold in requests_visible_to(user)
        .filter(pk__in=[o.id for o in outcomes if str(o.id).isdigit()])
        .values_list("pk", "reference", "envelope__second_approval_above")
    }
    rows = []
    for outcome in outcomes:
        pk = int(outcome.id) if str(outcome.id).isdigit() else None
        reference, threshold = found.get(pk, (None, None))
        done = "fait"
        if outcome.status == Status.AWAITING_SECOND_APPROVAL and threshold is not None:
            done = (
                "accord transmis pour seconde validation "
                f"(montant supérieur à {french_euros(threshold)})"
            )
        rows.append((outcome, reference, done))
    return rows


def _confirm_refusal(request: HttpRequest) -> HttpResponse:
    """Refusing is final: the selection and the reason come back on a page that asks to confirm
    (plain form fields, no JavaScript), each selected request named."""
    post = request.POST
    ids = [i for i in post.getlist("ids") if i.isdigit()][:500]
    references = (
        requests_visible_to(request.user)
        .filter(pk__in=ids)
        .order_by("reference")
        .values_list("reference", flat=True)
    )
    context = {
        "ids": ids,
        "references": list(references),
        "reason": post.get("reason", ""),
        "back": _back(request),
    }
    return render(request, "www/backoffice/bulk_confirm.html", context)


def _back(request: HttpRequest) -> str:
    back = request.POST.get("next", "")
    return back if url_has_allowed_host_and_scheme(back, {request.get_host()}) else "/gestion/"
