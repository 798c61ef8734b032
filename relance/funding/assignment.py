"""Who follows a request, and what its follower has not seen yet.

`request_assign` gives a request to an adviser of its delegation (« Suivre » is giving it to
oneself) and logs it (`Assignment`). `activity_noted` marks a request when its company acts
(answer, document, message): the queue shows a badge and lists it in « À traiter » until its
follower opens it (`activity_seen`).
"""

from django.db import transaction

from relance import clock
from relance.accounts.models import User
from relance.common.errors import Conflict, FieldError, Forbidden, InvalidInput
from relance.funding import perms
from relance.funding.models import Assignment, FundingRequest
from relance.funding.selectors import request_get_visible

ASSIGN_REFUSAL = "Seuls les conseillers et les responsables attribuent les demandes."


def request_assign(*, actor: User, request_id: int | str, assignee_id: int | str | None):
    """Give the request to `assignee_id` (None: to nobody); the same assignee again is a no-op."""
    with transaction.atomic():
        request = request_get_visible(user=actor, request_id=request_id)
        if not perms.can_assign(actor, request):
            raise Forbidden(ASSIGN_REFUSAL)
        request = (
            FundingRequest.objects.select_for_update(no_key=True)
            .select_related("company")
            .get(pk=request.pk)
        )
        assignee = _assignee(assignee_id, request)
        if request.assignee_id == (assignee.pk if assignee else None):
            return request
        request.assignee = assignee
        request.save(update_fields=["assignee", "updated_at"])
        Assignment.objects.create(request=request, assignee=assignee, actor=actor, at=clock.now())
    return request


def _assignee(assignee_id, request: FundingRequest) -> User | None:
    if assignee_id in (None, ""):
        return None
    assignee = (
        User.objects.filter(pk=int(assignee_id)).first() if str(assignee_id).isdigit() else None
    )
    if assignee is None:
        raise InvalidInput([FieldError("assignee", "not_found", "Conseiller introuvable.")])
    if not perms.can_follow(assignee, request):
        raise Conflict(
            f"{assignee.get_full_name() or assignee.username} n'est pas conseiller de la "
            f"délégation {request.company.delegation.name} : la demande ne peut lui être attribuée.",
            code="not_of_delegation",
            field="assignee",
        )
    return assignee


def assignable_advisers(user: User):
    """The advisers the user may choose from (their delegation's, or all), by name."""
    return perms.filter_assignable(user, User.objects.select_related("delegation")).order_by(
        "delegation__code", "last_name", "username"
    )


def activity_noted(*, actor: User, request_id: int) -> None:
    """The company acted on its request: flag it for its follower, in the caller's transaction."""
    if perms.is_company_side(actor):
        FundingRequest.objects.filter(pk=request_id, unseen_activity=False).update(
            unseen_activity=True
        )


def activity_seen(*, user: User, request: FundingRequest) -> None:
    """The follower opened the request: its new activity is seen."""
    if request.unseen_activity and perms.clears_unseen_activity(user, request):
        FundingRequest.objects.filter(pk=request.pk).update(unseen_activity=False)
        request.unseen_activity = False
