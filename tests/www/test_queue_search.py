"""The queue's search beyond its first cases: a renamed company is found by its new name, the
text's LIKE wildcards are taken literally, and on PostgreSQL the name and reference lookups walk
their trigram indexes (on SQLite: the normalised column, scanned)."""

import pytest
from django.db import connection

from relance.companies.models import Company
from relance.companies.search import search_key
from relance.funding.models import FundingRequest
from relance.funding.queue import QueueFilters, queue_requests
from tests.factories import CompanyFactory
from tests.workflow import request_via_services

pytestmark = pytest.mark.django_db


def found(user, q: str) -> list[str]:
    filters = QueueFilters.from_params({"q": q, "onglet": "toutes"})
    return [r.reference for r in queue_requests(user, filters)]


def filed(people, company) -> str:
    pk = request_via_services(company, people["manager"], until="submitted")
    return FundingRequest.objects.get(pk=pk).reference


def test_a_company_renamed_through_the_api_is_found_by_its_new_name_only(people, api):
    company = CompanyFactory(name="Mécanique Dupont")
    reference = filed(people, company)
    body = {
        "siren": company.siren,
        "name": "Établissements Cœur-Vélo",
        "naf": company.naf,
        "headcount": company.headcount,
        "department": company.department.code,
        "idcc": company.idcc,
    }
    assert api.post(people["manager"], "/companies", body).status_code == 200
    assert found(people["manager"], "etablissements coeur-velo") == [reference]
    assert found(people["manager"], "mecanique dupont") == []


def test_a_name_saved_alone_takes_its_search_key_with_it(reference):
    company = CompanyFactory(name="Forges")
    company.name = "Érablière Saint-Étienne"
    company.save(update_fields=["name"])
    assert Company.objects.get(pk=company.pk).search_name == "erabliere saint-etienne"


@pytest.mark.parametrize("text", ["%%%", "___", "a%b", "\\\\\\"])
def test_like_wildcards_typed_in_the_search_are_taken_literally(people, text):
    filed(people, CompanyFactory(name="Fonderie abc"))
    assert found(people["manager"], text) == []


def test_on_postgresql_the_name_and_reference_lookups_walk_their_trigram_indexes(
    people, postgres_only
):
    filed(people, CompanyFactory(name="Ébénisterie Lefèvre"))
    with connection.cursor() as cursor:
        # A handful of rows: a sequential scan or a full walk of another index would be cheaper;
        # with both off, only an index that can answer « contains » (trigram, bitmap) is left.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    by_name = Company.objects.filter(search_name__contains=search_key("Lefèvre")).explain()
    assert "company_search_name_trgm" in by_name
    by_reference = FundingRequest.objects.filter(reference__icontains="2021-0").explain()
    assert "request_reference_trgm" in by_reference
