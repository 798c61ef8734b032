"""Who may see the background work and send a failed run again."""

from relance.accounts.models import Role, User
from relance.accounts.perms import has_role


def can_view_tasks(user: User | None) -> bool:
    return has_role(user, {Role.MANAGER, Role.ADMIN})


def can_retry_tasks(user: User | None) -> bool:
    return can_view_tasks(user)
