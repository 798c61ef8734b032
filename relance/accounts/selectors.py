"""Reads on accounts."""

from django.db.models import QuerySet

from relance.accounts.models import Role, User


def advisers_of(delegation_id: int) -> QuerySet[User]:
    """The active advisers of a regional delegation, oldest account first."""
    return User.objects.filter(role=Role.ADVISER, delegation_id=delegation_id, is_active=True)
