"""Who may read the audit trail."""

from relance.accounts.models import Role, User
from relance.accounts.perms import has_role

AUDIT_READERS = frozenset({Role.AUDITOR, Role.MANAGER, Role.ADMIN})


def can_view_audit_log(user: User | None) -> bool:
    return has_role(user, AUDIT_READERS)


def can_export_audit_log(user: User | None) -> bool:
    return has_role(user, AUDIT_READERS)
