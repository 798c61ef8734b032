"""Who may see and change the envelopes' money."""

from relance.accounts.models import Role, User
from relance.accounts.perms import can_use_admin, has_role


def can_view_envelope(user: User | None) -> bool:
    return has_role(user, {Role.ADVISER, Role.MANAGER, Role.FINANCE, Role.AUDITOR})


def can_adjust_envelope(user: User | None) -> bool:
    return has_role(user, {Role.MANAGER})


def can_view_payments(user: User | None) -> bool:
    """Finance's list of what is committed and not yet paid (`/finances/`)."""
    return has_role(user, {Role.FINANCE, Role.MANAGER, Role.AUDITOR, Role.ADMIN})


def can_set_second_approval_threshold(user: User | None) -> bool:
    """The four-eyes threshold: managers (the envelope's page, the API) and Django's admin."""
    return has_role(user, {Role.MANAGER}) or can_use_admin(user)
