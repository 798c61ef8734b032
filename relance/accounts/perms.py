"""Who may do what, for accounts; and the two helpers every app's perms module builds on.

Each app answers its own permission questions in its `perms.py` (companies, funding, budget,
reports, audit, imports), as plain named functions. Roles are read there and in the workflow
table only: views, the API, services and templates ask those functions.
"""

from collections.abc import Collection

from relance.accounts.models import Role, User

# As the issues spell it out: advisers (their delegation) and managers; admins use Django's admin.
COMPANY_EDITORS = frozenset({Role.ADVISER, Role.MANAGER})


def is_active(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(user: User | None, roles: Collection[str]) -> bool:
    """The user is active and holds one of these roles."""
    return is_active(user) and user.role in roles


def can_edit_companies(user: User | None) -> bool:
    """Register or update companies, invite their users."""
    return has_role(user, COMPANY_EDITORS)


def can_invite(user: User | None) -> bool:
    return can_edit_companies(user)


def can_use_admin(user: User | None) -> bool:
    """Django's admin (`/admin/`): reference data, envelopes' thresholds, API tokens."""
    return is_active(user) and user.is_staff


# Where each role lands after logging in: its own work page.
LANDING = {
    Role.COMPANY: "/espace/",
    Role.ADVISER: "/gestion/",
    Role.MANAGER: "/gestion/",
    Role.FINANCE: "/finances/",
    Role.AUDITOR: "/audit/",
    Role.ADMIN: "/admin/",
}


def landing_page(user: User | None) -> str:
    """The page a user lands on after logging in (no `next`): their role's work page."""
    return LANDING.get(user.role, "/") if is_active(user) else "/"
