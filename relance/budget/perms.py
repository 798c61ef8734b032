"""Who may see and change the envelopes' money."""

from relance.accounts.models import Role, User
from relance.accounts.perms import has_role


def can_view_envelope(user: User | None) -> bool:
    return has_role(user, {Role.ADVISER, Role.MANAGER, Role.FINANCE, Role.AUDITOR})


def can_adjust_envelope(user: User | None) -> bool:
    return has_role(user, {Role.MANAGER})


def can_view_payments(user: User | None) -> bool:
    """Finance's list of what is committed and not yet paid (`/finances/`)."""
    return has_role(user, {Role.FINANCE, Role.MANAGER, Role.AUDITOR, Role.ADMIN})
