"""The work queue's search: one text box over the request's reference, the company's SIREN, its
establishments' SIRETs and the company's name (not training providers), case- and
accent-insensitive, an exact reference, SIREN or SIRET first.

At ten times the 2021 year: the name goes through the companies' normalised `search_name`
(trigram index on PostgreSQL, company_search_name_trgm), the reference through
request_reference_trgm (UPPER(reference)), SIREN and SIRET through their unique indexes.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from relance.companies.models import Company, Establishment
from relance.companies.search import search_key

MAX_LENGTH = 100
# Trigrams need three characters; shorter names would scan every company.
MIN_NAME_LENGTH = 3


@dataclass(frozen=True)
class Search:
    matches: Q  # the requests the text finds
    exact: Q  # those it names exactly (reference, SIREN or SIRET), ranked first


def search_for(text: str) -> Search | None:
    text = " ".join((text or "").split())[:MAX_LENGTH]
    if not text:
        return None
    exact = Q(reference__iexact=text)
    digits = text.replace(" ", "").replace(".", "")
    if digits.isdigit() and len(digits) in (9, 14):
        exact |= _by_identifier(digits)
    matches = Q(reference__icontains=text) | exact
    key = search_key(text)
    if len(key) >= MIN_NAME_LENGTH:
        named = Company.objects.filter(search_name__contains=key).values("pk")
        matches |= Q(company__in=named)
    return Search(matches, exact)


def _by_identifier(digits: str) -> Q:
    """A SIREN, or a SIRET: of one of the company's establishments, or starting with its SIREN."""
    if len(digits) == 9:
        return Q(company__siren=digits)
    owners = Establishment.objects.filter(siret=digits).values("company_id")
    return Q(company__in=owners) | Q(company__siren=digits[:9])


def searched(requests: QuerySet, text: str) -> QuerySet:
    """The requests the text finds, annotated `search_rank` (0: named exactly, 1: otherwise)."""
    search = search_for(text)
    if search is None:
        return requests
    rank = Case(When(search.exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    return requests.filter(search.matches).annotate(search_rank=rank)
