"""The mechanics every workflow service shares: lock, check, decide, move, log."""

import datetime as dt

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Value, When
from django.db.models.expressions import RawSQL

from relance import clock
from relance.accounts.models import User
from relance.common.errors import Conflict, Forbidden, NotFound
from relance.funding import perms
from relance.funding.models import FundingRequest, TransitionLog
from relance.funding.rules_input import rules_request
from relance.funding.selectors import request_pk
from relance.funding.workflow import Action, Facts, effective_action
from relance.reports import kept, kept_counts, kept_processing
from relance.rules.contract import parse_request
from relance.rules.decision import Decision
from relance.rules.engine import evaluate, trainee_exclusion
from relance.rules.fields import InputErrors
from relance.rules.parameters import parameters_in_force


def request_for_action(*, actor: User, request_id: int | str, action: str, lock: bool = False):
    """The request, checked in the contract's order: visible (404), then the role may take the
    action at some stage (403). The API's guards call it before reading the body; services call
    it with `lock=True` inside their transaction."""
    pk = request_pk(request_id)
    requests = FundingRequest.objects.select_related("company")
    if lock:
        requests = requests.select_for_update(no_key=True)
    request = requests.filter(pk=pk).first() if pk is not None else None
    if request is None or not perms.can_view_request(actor, request):
        raise NotFound("Demande introuvable.")
    action = effective_action(action, request.status)
    if not perms.can_take(actor, action, request):
        raise Forbidden(
            f"Votre rôle ne permet pas l'action « {Action(action).label} » sur cette demande."
        )
    return request


def lock_request(*, actor: User, request_id: int | str, action: str) -> FundingRequest:
    """Lock the request's row, then check 404, 403 and, from the workflow table, that this role
    may take the action from the request's status (409). Must run inside a transaction."""
    request = request_for_action(actor=actor, request_id=request_id, action=action, lock=True)
    check_state(actor, request, action)
    return request


def check_state(actor: User, request: FundingRequest, action: str) -> None:
    """409 unless the workflow table lets this role take the action from the request's status."""
    action = effective_action(action, request.status)
    if not perms.rows_from(actor, request, action):
        raise Conflict(perms.refusal(actor, request, action), code="invalid_state")


def target(request: FundingRequest, action: str, *, actor: User, facts: Facts | None = None) -> str:
    """The status the workflow table leads to; a 409 when it holds no such move."""
    row = perms.transition_for(actor, request, action, facts)
    if row is None:
        raise Conflict(perms.refusal(actor, request, action), code="invalid_state")
    return row.target


def move(
    request: FundingRequest,
    action: str,
    *,
    actor: User,
    facts: Facts | None = None,
    comment: str = "",
    changes: dict | None = None,
) -> TransitionLog:
    """Move the request as the workflow table says, and log who, when, from, to and why, in the
    caller's transaction."""
    assert transaction.get_connection().in_atomic_block, "a transition runs inside a transaction"
    to = target(request, action, actor=actor, facts=facts)
    from_status = request.status
    log = TransitionLog.objects.create(
        request=request,
        actor=actor,
        at=clock.now(),
        action=action,
        from_status=request.status,
        to_status=to,
        comment=comment,
        changes=changes or {},
    )
    if to != request.status:
        request.status = to
        request.save(update_fields=["status", "updated_at"])
    # The report's kept counters and processing times, in the same transaction.
    kept_counts.status_moved(request, from_status, to)
    kept_processing.decision_logged(request, log)
    return log


def decide(request: FundingRequest, *, on: dt.date | None = None) -> Decision:
    """Run the rules on the request as it stands and store the decision with its inputs (those
    in force on its filing date, or `on` for a draft not filed yet).
    The trainees are read once as plain rows and the input parsed once: at 20 000 trainees,
    building model instances and parsing twice took more time than the decision itself."""
    trainees = list(
        request.trainees.order_by("pk").values_list(
            "pk",
            "contract",
            "contract_end",
            "leaving_under_pse_or_rcc",
            "disadvantaged",
            named=True,
        )
    )
    inputs = rules_request(request, filed_on=request.filed_on or on, trainees=trainees)
    try:
        parsed = parse_request(inputs)
    except InputErrors as error:  # the stored data always satisfies the contract; say so if not
        raise RuntimeError(
            f"stored request {request.pk} fails the rules contract: {error.as_dict()['errors']}"
        ) from None
    decision = evaluate(parsed)
    request.decision, request.decision_inputs = decision.as_dict(), inputs
    request.eligible = decision.eligible
    request.funded_amount = decision.funded_amount
    request.rules_version = decision.rules_version
    request.decided_at = clock.now()
    request.save(
        update_fields=[
            "decision",
            "decision_inputs",
            "eligible",
            "funded_amount",
            "rules_version",
            "decided_at",
            "updated_at",
        ]
    )
    request.refresh_from_db(fields=["funded_amount"])
    _mark_eligible_trainees(request, parsed, [t.pk for t in trainees])
    return decision


def _mark_eligible_trainees(request: FundingRequest, parsed, pks: list[int]) -> None:
    """One UPDATE for every trainee, whatever their number: the rules say which are excluded
    (the contract lists trainees in primary-key order), the database flips them all at once.
    On PostgreSQL the excluded ids travel as one array, unnested in a subquery that the
    database hashes once (`id = ANY(array)` compares each row with the whole array, and a list
    of 12 000 placeholders cost more to build and send than the update itself); elsewhere an
    `IN` list (a per-row `CASE` branch per trainee was quadratic)."""
    params = parameters_in_force(parsed.filed_on)
    excluded = [
        pk
        for pk, given in zip(pks, parsed.trainees, strict=True)
        if trainee_exclusion(given, parsed.training.end, params) is not None
    ]
    if not excluded:
        eligible = Value(True)
    elif connection.vendor == "postgresql":
        eligible = RawSQL(
            "NOT (id IN (SELECT unnest(%s::bigint[])))", [excluded], output_field=BooleanField()
        )
    else:
        eligible = Case(When(pk__in=excluded, then=Value(False)), default=Value(True))
    request.trainees.update(eligible=eligible)
    kept.trainees_decided(request)
