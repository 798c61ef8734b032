"""Who may see and act on funding requests. Which role may take which workflow action is the
workflow table's (`funding/workflow.py`); these functions ask it."""

from django.db.models import QuerySet

from relance.accounts.models import Role, User
from relance.accounts.perms import has_role
from relance.companies.perms import can_view_company, filter_by_company
from relance.funding import workflow

NOTE_READERS = frozenset({Role.ADVISER, Role.MANAGER, Role.AUDITOR, Role.ADMIN})
NOTE_WRITERS = frozenset({Role.ADVISER, Role.MANAGER})
UPLOADERS = frozenset({Role.COMPANY, Role.ADVISER, Role.MANAGER, Role.FINANCE})
QUEUE_READERS = frozenset({Role.ADVISER, Role.MANAGER, Role.FINANCE, Role.AUDITOR, Role.ADMIN})


def filter_requests(user: User | None, queryset: QuerySet) -> QuerySet:
    """Restrict funding requests to those whose company `user` may read."""
    return filter_by_company(user, queryset, "company")


def filter_request_counts(user: User | None, queryset: QuerySet) -> QuerySet:
    """Restrict counters kept by délégation (the queue's) to what `user` may read; a company
    sees none: they do not know companies."""
    if has_role(user, {Role.COMPANY}):
        return queryset.none()
    return filter_by_company(user, queryset, "")


def can_view_request(user: User | None, request) -> bool:
    return can_view_company(user, request.company)


def can_create_requests(user: User | None) -> bool:
    """The role files requests at all (the API asks it before reading the body)."""
    return has_role(user, workflow.roles_for(workflow.Action.CREATE))


def can_create_request_for(user: User | None, company) -> bool:
    return can_view_company(user, company) and can_create_requests(user)


def can_backdate_filing(user: User | None) -> bool:
    """Advisers and managers may record a request received earlier (its filing date)."""
    return has_role(user, {Role.ADVISER, Role.MANAGER})


def can_take(user: User | None, action: str, request) -> bool:
    """The role may take this workflow action at some stage; the status is the table's business
    (a 409, not a 403)."""
    return can_view_request(user, request) and has_role(user, workflow.roles_for(action))


def actions_offered(user: User | None, request) -> list[str]:
    """The actions the user may take on the request as it stands (what its page offers)."""
    if not can_view_request(user, request):
        return []
    return workflow.allowed_actions(request.status, user.role)


def rows_from(user: User, request, action: str) -> list[workflow.Transition]:
    """The rows of the workflow table this user's action may follow from the request's status."""
    return workflow.rows_from(request.status, action, user.role)


def transition_for(
    user: User, request, action: str, facts: workflow.Facts | None = None
) -> workflow.Transition | None:
    """The row of the workflow table this user's action follows, or None."""
    return workflow.transition_for(request.status, action, user.role, facts)


def refusal(user: User, request, action: str) -> str:
    return workflow.refusal(request.status, action, user.role)


def can_read_internal_notes(user: User | None) -> bool:
    return has_role(user, NOTE_READERS)


def can_write_internal_notes(user: User | None) -> bool:
    return has_role(user, NOTE_WRITERS)


def can_view_disadvantaged(user: User | None, request) -> bool:
    """« Travailleur handicapé ou défavorisé » is special-category data (GDPR art. 9): shown only
    to the staff who instruct the request (advisers and managers who may see it)."""
    return can_view_request(user, request) and has_role(user, workflow.INSTRUCTORS)


def can_upload_documents(user: User | None, request) -> bool:
    return can_view_request(user, request) and has_role(user, UPLOADERS)


def can_view_queue(user: User | None) -> bool:
    """The operator's work queue (`/gestion/`): advisers see their delegation's requests."""
    return has_role(user, QUEUE_READERS)


def can_use_portal(user: User | None) -> bool:
    """The company portal (`/espace/`) and its request form."""
    return has_role(user, {Role.COMPANY})


def can_edit_in_form(user: User | None, request) -> bool:
    """« Modifier » re-opens the company's form on its draft or request under correction (staff
    correct through the API)."""
    return can_use_portal(user) and workflow.Action.EDIT in actions_offered(user, request)


def can_assign(user: User | None, request) -> bool:
    """« Suivre », « Attribuer à … »: advisers and managers, on a request they may see."""
    return can_view_request(user, request) and has_role(user, workflow.INSTRUCTORS)


def can_follow(assignee: User | None, request) -> bool:
    """A request is given to an adviser of its company's delegation."""
    return (
        has_role(assignee, {Role.ADVISER})
        and assignee.delegation_id == request.company.delegation_id
    )


def filter_assignable(user: User | None, users: QuerySet) -> QuerySet:
    """The advisers `user` may give requests to: theirs (an adviser's delegation), or all."""
    if not has_role(user, workflow.INSTRUCTORS):
        return users.none()
    advisers = users.filter(role=Role.ADVISER, is_active=True)
    if has_role(user, {Role.ADVISER}):
        return advisers.filter(delegation_id=user.delegation_id)
    return advisers


def clears_unseen_activity(user: User | None, request) -> bool:
    """Opening the request shows its new activity to its follower, or, while nobody follows
    it, to any adviser or manager who may act on it."""
    if request.assignee_id is not None:
        return user is not None and request.assignee_id == user.pk
    return can_assign(user, request)


def is_company_side(user: User | None) -> bool:
    """What this user does on a request is the company's activity (the queue's badge)."""
    return has_role(user, {Role.COMPANY})


def can_take_bulk_actions(user: User | None) -> bool:
    """Bulk actions on the queue's selected rows: advisers and managers."""
    return has_role(user, workflow.INSTRUCTORS)


def gives_second_approvals(user: User | None) -> bool:
    """Who sees the count of requests awaiting a second approval in the navigation."""
    return has_role(user, workflow.roles_for(workflow.Action.SECOND_APPROVE))


def can_follow_requests(user: User | None) -> bool:
    """« Suivre » is offered to advisers (requests are followed by advisers)."""
    return has_role(user, {Role.ADVISER})


MESSAGE_WRITERS = frozenset({Role.COMPANY, Role.ADVISER, Role.MANAGER, Role.FINANCE, Role.ADMIN})


def can_read_messages(user: User | None, request) -> bool:
    """A request's thread is read by whoever may see the request."""
    return can_view_request(user, request)


def can_write_messages(user: User | None, request) -> bool:
    """…and written by them too, auditors aside (they only read)."""
    return can_view_request(user, request) and has_role(user, MESSAGE_WRITERS)


def message_side(user: User) -> str:
    """The `author_role` a message keeps: the author's role when writing it."""
    return user.role


def counts_unread_in_navigation(user: User | None) -> bool:
    """A company's users see how many messages they have not read, on every page."""
    return has_role(user, {Role.COMPANY})
