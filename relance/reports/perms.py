"""Who may read the figures before they are published."""

from relance.accounts.models import Role, User
from relance.accounts.perms import has_role


def can_view_live_report(user: User | None) -> bool:
    """The live bilan and the steering dashboard are for managers and auditors."""
    return has_role(user, {Role.MANAGER, Role.AUDITOR})
