"""Reads on companies, always filtered to what the user may see."""

from django.db.models import QuerySet

from relance.accounts.models import User
from relance.common.errors import NotFound
from relance.companies import perms
from relance.companies.identifiers import compact_identifier
from relance.companies.models import Company


def companies_visible_to(user: User) -> QuerySet[Company]:
    return perms.filter_companies(user, Company.objects.all())


def company_get_visible(*, user: User, siren: str) -> Company:
    company = (
        companies_visible_to(user)
        .select_related("branch", "department", "delegation")
        .prefetch_related("situations", "establishments")
        .filter(siren=compact_identifier(siren))
        .first()
    )
    if company is None:
        raise NotFound("Entreprise introuvable.")
    return company
