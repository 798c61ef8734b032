"""Who may see and change companies: a company user its own, an adviser its delegation's,
operator staff all of them."""

from django.db.models import QuerySet

from relance.accounts.models import Role, User
from relance.accounts.perms import can_edit_companies, has_role, is_active

STAFF_WIDE_READERS = frozenset({Role.MANAGER, Role.FINANCE, Role.AUDITOR, Role.ADMIN})
SITUATION_DECLARERS = frozenset({Role.COMPANY, Role.ADVISER, Role.MANAGER})


def filter_by_company(user: User | None, queryset: QuerySet, company: str) -> QuerySet:
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
    return filter_by_company(user, queryset, "")


def can_view_company(user: User | None, company) -> bool:
    if not is_active(user):
        return False
    if user.role == Role.COMPANY:
        return user.company_id == company.pk
    if user.role == Role.ADVISER:
        return user.delegation_id == company.delegation_id
    return user.role in STAFF_WIDE_READERS


def can_edit_company_in(user: User, delegation_id: int) -> bool:
    """Advisers register only their delegation's companies; managers any."""
    if has_role(user, {Role.ADVISER}):
        return user.delegation_id == delegation_id
    return can_edit_companies(user)


def can_invite_for(user: User | None, company) -> bool:
    return can_edit_companies(user) and can_view_company(user, company)


def can_declare_situation(user: User | None, company) -> bool:
    """A company declares its situations while filing; its adviser or a manager may too."""
    return can_view_company(user, company) and has_role(user, SITUATION_DECLARERS)


def sees_all_delegations(user: User | None) -> bool:
    """Operator staff beyond one delegation (filters by delegation make sense for them)."""
    return has_role(user, STAFF_WIDE_READERS)
