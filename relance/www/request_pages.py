"""A request's page, for everyone allowed to see it, with the actions its role may take."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from relance.budget.selectors import request_money
from relance.common.errors import Forbidden, NotFound, ServiceError
from relance.common.formats import parse_number
from relance.funding import documents, money, perms, services
from relance.funding.assignment import activity_seen, assignable_advisers
from relance.funding.models import DocumentKind
from relance.funding.selectors import request_get_visible
from relance.funding.workflow import Action, Status
from relance.rules.labels import french_euros
from relance.www.message_pages import thread_context


def _visible(request: HttpRequest, pk: int):
    try:
        return request_get_visible(user=request.user, request_id=pk)
    except NotFound as error:
        raise Http404(str(error)) from error


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _page_errors(context: dict) -> list[str]:
    """What the error summary at the top says: the failed action's errors, the message's."""
    failed = [str(e) for errors in context["failed"]["errors"].values() for e in errors]
    return failed + [str(e) for e in context.get("message_errors", [])]


def _detail(request: HttpRequest, pk: int, failed: dict | None = None) -> HttpResponse:
    """The page; `failed`: the form of an action that failed (`action`, `typed`, `errors` by
    field), shown again with what was typed and its errors in red (400)."""
    funding_request = _visible(request, pk)
    funding_request = (
        type(funding_request)
        .objects.select_related("company__delegation", "company__branch", "envelope")
        .prefetch_related(
            "actions", "trainees", "history__actor", "documents", "notes__author", "ledger_entries"
        )
        .get(pk=funding_request.pk)
    )
    user = request.user
    activity_seen(user=user, request=funding_request)
    context = {
        "r": funding_request,
        "can_assign": perms.can_assign(user, funding_request),
        "can_follow_self": perms.can_follow(user, funding_request),
        "advisers": assignable_advisers(user).filter(
            delegation_id=funding_request.company.delegation_id
        ),
        "decision": funding_request.decision or {},
        "money": request_money(funding_request.pk),
        "actions": [a for a in perms.actions_offered(user, funding_request) if a != Action.EDIT],
        "can_edit_in_form": perms.can_edit_in_form(user, funding_request),
        "notes_visible": perms.can_read_internal_notes(user),
        "disadvantaged_visible": perms.can_view_disadvantaged(user, funding_request),
        "can_note": perms.can_write_internal_notes(user),
        "can_upload": perms.can_upload_documents(user, funding_request),
        "document_kinds": [c for c in DocumentKind.choices if c[0] != DocumentKind.DECISION_LETTER],
        "payments": [e for e in funding_request.ledger_entries.all() if e.kind == "payment"],
        "information_request": _last_information_request(funding_request),
        "operator_decision": _operator_decision(funding_request),
        **thread_context(request, funding_request),
        "failed": failed or {"action": "", "typed": {}, "errors": {}},
    }
    context["page_errors"] = _page_errors(context)
    return render(request, "www/requests/detail.html", context, status=400 if failed else 200)


def _last_move_to(funding_request, status: Status):
    if funding_request.status != status:
        return None
    return next(
        (h for h in reversed(list(funding_request.history.all())) if h.to_status == status),
        None,
    )


def _last_information_request(funding_request):
    return _last_move_to(funding_request, Status.INFORMATION_REQUESTED)


GRANTED = frozenset({Status.APPROVED, Status.COMPLETED, Status.PAID})


def _operator_decision(funding_request) -> dict | None:
    """The operator's decision, shown first once taken: granted with its amount, or refused with
    its reason (the rules' estimate stays below, as the history of how it was computed)."""
    if funding_request.status in GRANTED:
        return {"granted": True, "amount": funding_request.funded_amount}
    if refusal := _last_move_to(funding_request, Status.REFUSED):
        return {"granted": False, "reason": refusal.comment}
    return None


def _amount(text: str) -> Decimal:
    """The amount typed as people write it (« 1 200,50 € »); unreadable is negative, which the
    payment service refuses with its own message."""
    try:
        return parse_number(text)
    except ValueError:
        return Decimal(-1)


def _reply_by(text: str) -> dt.date | None:
    """The form's date, or none for the default; an unreadable one is refused as past."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return dt.date.min


ACTIONS = {
    Action.SUBMIT: lambda user, pk, post: services.request_submit(actor=user, request_id=pk),
    Action.REVIEW: lambda user, pk, post: services.request_review(actor=user, request_id=pk),
    Action.REQUEST_INFORMATION: lambda user, pk, post: services.request_information(
        actor=user,
        request_id=pk,
        message=post.get("message", ""),
        reply_by=_reply_by(post.get("reply_by", "")),
    ),
    Action.ANSWER: lambda user, pk, post: services.request_answer(
        actor=user, request_id=pk, message=post.get("message", "")
    ),
    Action.APPROVE: lambda user, pk, post: money.request_approve(
        actor=user, request_id=pk, comment=post.get("comment", "")
    ),
    Action.SECOND_APPROVE: lambda user, pk, post: money.request_approve(
        actor=user, request_id=pk, comment=post.get("comment", "")
    ),
    Action.REFUSE: lambda user, pk, post: services.request_refuse(
        actor=user, request_id=pk, reason=post.get("reason", "")
    ),
    Action.SEND_BACK: lambda user, pk, post: services.request_send_back(
        actor=user, request_id=pk, comment=post.get("comment", "")
    ),
    Action.COMPLETE: lambda user, pk, post: services.request_complete(actor=user, request_id=pk),
    Action.CANCEL: lambda user, pk, post: money.request_cancel(
        actor=user, request_id=pk, reason=post.get("reason", "")
    ),
}
# Destructive actions ask for a ticked confirmation (no JavaScript needed), with why.
CONFIRMED = {
    Action.REFUSE: "Cochez la case pour confirmer le refus : il est définitif.",
    Action.CANCEL: "Cochez la case pour confirmer l'annulation : elle est définitive et dégage "
    "l'engagement.",
}
FINAL_UNCONFIRMED = (
    "Cochez la case de confirmation du paiement final : le reste engagé non payé sera dégagé "
    "et la demande soldée."
)
SUCCESS = {
    Action.SUBMIT: "Demande déposée.",
    Action.REVIEW: "Demande prise en instruction.",
    Action.REQUEST_INFORMATION: "Demande renvoyée à l'entreprise pour correction.",
    Action.ANSWER: "Réponse envoyée à votre conseiller.",
    Action.APPROVE: "Demande accordée.",
    Action.SECOND_APPROVE: "Demande accordée.",
    Action.SEND_BACK: "Demande renvoyée au conseiller.",
    Action.REFUSE: "Refus enregistré.",
    Action.COMPLETE: "Formation marquée comme réalisée.",
    Action.CANCEL: "Demande annulée.",
}


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _visible(request, pk)
    if action == Action.PAY:
        return payment_create(request, pk)
    if action not in ACTIONS:
        raise Http404("Action inconnue.")
    if action in CONFIRMED and request.POST.get("confirm") != "on":
        typed = {"reason": request.POST.get("reason", "")}
        errors = {"confirm": [CONFIRMED[action]]}
        return _detail(request, pk, {"action": action, "typed": typed, "errors": errors})
    return _perform(
        request, pk, lambda: ACTIONS[action](request.user, pk, request.POST), _success(action)
    )


def _success(action: str):
    if action != Action.APPROVE:
        return SUCCESS[action]
    return lambda approved: (
        _awaiting_message(approved)
        if approved.status == Status.AWAITING_SECOND_APPROVAL
        else SUCCESS[action]
    )


def _awaiting_message(funding_request) -> str:
    """What the adviser reads when four-eyes applies: where the request went, and why."""
    threshold = french_euros(funding_request.envelope.second_approval_above)
    return f"Accord transmis pour seconde validation (montant supérieur à {threshold})."


def _perform(request: HttpRequest, pk: int, call, success: str | None) -> HttpResponse:
    """Run a service for a form on the request page: absent is a 404, not allowed a 403, any
    other refusal a French message on the page."""
    try:
        result = call()
    except NotFound as error:
        raise Http404(str(error)) from error
    except Forbidden as error:
        raise PermissionDenied(str(error)) from error
    except ServiceError as error:
        for problem in error.errors:
            messages.error(request, problem.message)
    else:
        if callable(success):
            success = success(result)
        if success:
            messages.success(request, success)
    return redirect("request-detail", pk=pk)


@login_required
@require_POST
def note_create(request: HttpRequest, pk: int) -> HttpResponse:
    text = request.POST.get("text", "")
    return _perform(
        request, pk, lambda: services.note_add(actor=request.user, request_id=pk, text=text), None
    )


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choisissez un fichier à déposer.")
        return redirect("request-detail", pk=pk)
    kind = request.POST.get("kind", "")
    return _perform(
        request,
        pk,
        lambda: documents.document_upload(
            actor=request.user, request_id=pk, kind=kind, upload=upload
        ),
        "Document déposé.",
    )


@login_required
def document_download(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    try:
        document = documents.document_get_visible(
            user=request.user, request_id=pk, document_id=document_id
        )
    except NotFound as error:
        raise Http404(str(error)) from error
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


PAYMENT_FIELDS = ("amount", "payee", "reference", "final", "confirm_final")


def payment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a payment; refused, the form comes back with what was typed and each error in red
    by its field. A replayed reference is said to be one, not recorded twice."""
    post = request.POST
    typed = {name: post.get(name, "") for name in PAYMENT_FIELDS}
    if typed["final"] == "on" and typed["confirm_final"] != "on":
        failed = {"action": Action.PAY, "typed": typed, "errors": {"final": [FINAL_UNCONFIRMED]}}
        return _detail(request, pk, failed)
    try:
        entry, created = money.payment_record(
            actor=request.user,
            request_id=pk,
            amount=_amount(typed["amount"]),
            payee=typed["payee"],
            reference=typed["reference"],
            final=typed["final"] == "on",
        )
    except NotFound as error:
        raise Http404(str(error)) from error
    except Forbidden as error:
        raise PermissionDenied(str(error)) from error
    except ServiceError as error:
        errors = {}
        for problem in error.errors:
            errors.setdefault(problem.field or "form", []).append(problem.message)
        return _detail(request, pk, {"action": Action.PAY, "typed": typed, "errors": errors})
    if created:
        messages.success(request, f"Paiement enregistré (référence {entry.reference}).")
    else:
        messages.info(request, f"Ce paiement est déjà enregistré (référence {entry.reference}).")
    return redirect("request-detail", pk=pk)
