"""Bulk actions on the queue's selected requests: take into review, approve, refuse with a
shared reason, assign. Each request goes through the same service as the single action, in its
own transaction: never all-or-nothing across requests, never a partial request. The answer
lists each request's outcome, in the order given."""

from collections.abc import Callable
from dataclasses import dataclass, field

from relance.accounts.models import User
from relance.common.errors import FieldError, Forbidden, InvalidInput, ServiceError
from relance.funding import money, perms, services
from relance.funding.assignment import request_assign

MAX_IDS = 500
BULK_REFUSAL = "Les actions groupées sont réservées aux conseillers et aux responsables."


@dataclass(frozen=True)
class Outcome:
    id: object
    ok: bool
    status: str | None = None
    reference: str | None = None
    errors: list[FieldError] = field(default_factory=list)

    def as_dict(self) -> dict:
        if self.ok:
            return {"id": self.id, "ok": True, "status": self.status}
        return {"id": self.id, "ok": False, "errors": [e.as_dict() for e in self.errors]}


def _single(action: str, comment: str, reason: str, assignee) -> Callable:
    calls = {
        "review": lambda actor, pk: services.request_review(actor=actor, request_id=pk),
        "approve": lambda actor, pk: money.request_approve(
            actor=actor, request_id=pk, comment=comment
        ),
        "refuse": lambda actor, pk: services.request_refuse(
            actor=actor, request_id=pk, reason=reason
        ),
        "assign": lambda actor, pk: request_assign(
            actor=actor, request_id=pk, assignee_id=assignee
        ),
    }
    return calls[action]


ACTIONS = ("review", "approve", "refuse", "assign")


def bulk_check(*, actor: User, action: str, ids: list) -> None:
    """403 for a role that takes no bulk action, then 422 for the selection itself."""
    if not perms.can_take_bulk_actions(actor):
        raise Forbidden(BULK_REFUSAL)
    if action not in ACTIONS:
        raise InvalidInput(
            [
                FieldError(
                    "action",
                    "invalid_choice",
                    "Action inconnue : review, approve, refuse ou assign.",
                )
            ]
        )
    if not ids:
        raise InvalidInput([FieldError("ids", "required", "Cochez au moins une demande.")])
    if len(ids) > MAX_IDS:
        raise InvalidInput(
            [
                FieldError(
                    "ids", "too_many", f"{MAX_IDS} demandes au plus à la fois ({len(ids)} données)."
                )
            ]
        )


def requests_bulk(
    *,
    actor: User,
    action: str,
    ids: list,
    comment: str = "",
    reason: str = "",
    assignee: int | str | None = None,
) -> list[Outcome]:
    """Run the action on each request in turn; one outcome per id, in the order given."""
    bulk_check(actor=actor, action=action, ids=ids)
    single = _single(action, comment, reason, assignee)
    outcomes = []
    for request_id in ids:
        try:
            request = single(actor, request_id)
        except ServiceError as error:
            outcomes.append(Outcome(request_id, False, errors=list(error.errors)))
        else:
            outcomes.append(Outcome(request_id, True, request.status, request.reference))
    return outcomes
