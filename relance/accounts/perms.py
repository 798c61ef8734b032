"""Who may do what: plain functions used by every view, endpoint and service."""

from django.db.models import QuerySet

from relance.accounts.models import Role, User

STAFF_WIDE_READERS = {Role.MANAGER, Role.FINANCE, Role.AUDITOR, Role.ADMIN}
# As the issues spell it out: advisers (their delegation) and managers; admins use Django's admin.
COMPANY_EDITORS = {Role.ADVISER, Role.MANAGER}


def is_active(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _filter_by_company(user: User | None, queryset: QuerySet, company: str) -> QuerySet:
    """Restrict a queryset to the companies `user` may read; `company` is the path to the
    company from the queryset's model ("" for companies themselves)."""
    prefix = f"{company}__" if company else ""
    if not is_active(user):
        return queryset.none()
    if user.role == Role.COMPANY:
        return queryset.filter(**{f"{prefix}pk": user.company_id})
    if user.role == Role.ADVISER:
        return queryset.filter(**{f"{prefix}delegation_id": user.delegation_id})
    if user.role in STAFF_WIDE_READERS:
        return queryset
    return queryset.none()


def filter_companies(user: User | None, queryset: QuerySet) -> QuerySet:
    return _filter_by_company(user, queryset, "")


def can_view_company(user: User | None, company) -> bool:
    if not is_active(user):
        return False
    if user.role == Role.COMPANY:
        return user.company_id == company.pk
    if user.role == Role.ADVISER:
        return user.delegation_id == company.delegation_id
    return user.role in STAFF_WIDE_READERS


def can_edit_companies(user: User | None) -> bool:
    return is_active(user) and user.role in COMPANY_EDITORS


def can_edit_company_in(user: User, delegation_id: int) -> bool:
    """Advisers register only their delegation's companies; managers and admins any."""
    if user.role == Role.ADVISER:
        return user.delegation_id == delegation_id
    return can_edit_companies(user)


def can_invite_for(user: User | None, company) -> bool:
    return can_edit_companies(user) and can_view_company(user, company)


def filter_requests(user: User | None, queryset: QuerySet) -> QuerySet:
    """Restrict funding requests to those whose company `user` may read."""
    return _filter_by_company(user, queryset, "company")


def filter_request_counts(user: User | None, queryset: QuerySet) -> QuerySet:
    """Restrict counters kept by délégation to what `user` may read (never a company's)."""
    if is_active(user) and user.role == Role.COMPANY:
        return queryset.none()
    return _filter_by_company(user, queryset, "")


def can_view_request(user: User | None, request) -> bool:
    return can_view_company(user, request.company)


def can_create_request_for(user: User | None, company) -> bool:
    return can_view_company(user, company) and user.role in {
        Role.COMPANY,
        Role.ADVISER,
        Role.MANAGER,
    }


def can_backdate_filing(user: User | None) -> bool:
    """Advisers and managers may record a request received earlier (its filing date)."""
    return is_active(user) and user.role in {Role.ADVISER, Role.MANAGER}


def can_take(user: User | None, action: str, request) -> bool:
    """The role may take this workflow action; the request's status is the workflow's business."""
    from relance.funding.workflow import TRANSITIONS

    return can_view_request(user, request) and user.role in TRANSITIONS[action].roles


def can_read_internal_notes(user: User | None) -> bool:
    return is_active(user) and user.role in {Role.ADVISER, Role.MANAGER, Role.AUDITOR, Role.ADMIN}


def can_write_internal_notes(user: User | None) -> bool:
    return is_active(user) and user.role in {Role.ADVISER, Role.MANAGER}


def can_upload_documents(user: User | None, request) -> bool:
    return can_view_request(user, request) and user.role in {
        Role.COMPANY,
        Role.ADVISER,
        Role.MANAGER,
        Role.FINANCE,
    }


def can_view_envelope(user: User | None) -> bool:
    return is_active(user) and user.role in {Role.ADVISER, Role.MANAGER, Role.FINANCE, Role.AUDITOR}


def can_adjust_envelope(user: User | None) -> bool:
    return is_active(user) and user.role == Role.MANAGER


def can_view_live_report(user: User | None) -> bool:
    """The live bilan (before publication) is for managers and auditors."""
    return is_active(user) and user.role in {Role.MANAGER, Role.AUDITOR}
