"""Who may run and read simulations of reforms."""

from relance.accounts.models import Role, User
from relance.accounts.perms import has_role


def can_simulate(user: User | None) -> bool:
    """Simulations steer the convention's negotiation: managers only."""
    return has_role(user, {Role.MANAGER})
