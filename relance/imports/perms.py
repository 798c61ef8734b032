"""Who may import files from the web (the command line runs as a named user)."""

from relance.accounts.models import Role, User
from relance.accounts.perms import has_role


def can_import(user: User | None) -> bool:
    return has_role(user, {Role.MANAGER, Role.ADMIN})


def can_import_requests_as(user: User | None) -> bool:
    """`relance import requests --as USER` files requests in the name of an adviser or manager."""
    return has_role(user, {Role.ADVISER, Role.MANAGER})
