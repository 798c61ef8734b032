"""Every role × every page and endpoint that exists, with the status each must get.

`A` is a company of the Auvergne-Rhône-Alpes delegation (the company user's own, the adviser's
delegation); `B` a company of Île-de-France that neither of them may see.
"""

import pytest

from relance.reference.models import Department
from tests.factories import CompanyFactory, UserFactory, bearer
from tests.rules.builders import build

ROLES = ["anonymous", "company", "adviser", "manager", "finance", "auditor", "admin"]


def row(*statuses: int) -> dict[str, int]:
    return dict(zip(ROLES, statuses, strict=True))


PAGES = {
    "/": row(200, 200, 200, 200, 200, 200, 200),
    "/connexion/": row(200, 200, 200, 200, 200, 200, 200),
    "/mot-de-passe-oublie/": row(200, 200, 200, 200, 200, 200, 200),
    "/invitation/": row(302, 403, 200, 200, 403, 403, 200),
    "/entreprises/{A}/": row(302, 200, 200, 200, 200, 200, 200),
    "/entreprises/{B}/": row(302, 404, 404, 200, 200, 200, 200),
    "/admin/": row(302, 302, 302, 302, 302, 302, 200),
    "/api/v1/openapi.json": row(200, 200, 200, 200, 200, 200, 200),
    "/api/v1/docs": row(200, 200, 200, 200, 200, 200, 200),
}

ENDPOINTS = {
    ("GET", "/api/v1/delegations"): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/branches"): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/companies/{A}"): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/companies/{B}"): row(401, 404, 404, 200, 200, 200, 200),
    ("POST", "/api/v1/companies#A"): row(401, 403, 200, 200, 403, 403, 200),
    ("POST", "/api/v1/companies#B"): row(401, 404, 404, 200, 403, 403, 200),
    ("POST", "/api/v1/evaluations#evaluation"): row(401, 200, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/difficulty-checks#difficulty"): row(401, 200, 200, 200, 200, 200, 200),
}

DIFFICULTY = {
    "headcount": 40,
    "measure": "orders",
    "quarters": [{"quarter": "2021-Q1", "value": "1", "previous_year_value": "2"}],
}


@pytest.fixture
def world(reference):
    a = CompanyFactory(department=Department.objects.get(code="69"))
    b = CompanyFactory(department=Department.objects.get(code="75"))
    users = {
        "anonymous": None,
        "company": UserFactory(role="company", company=a),
        "adviser": UserFactory(adviser=True),
        "manager": UserFactory(role="manager"),
        "finance": UserFactory(role="finance"),
        "auditor": UserFactory(role="auditor"),
        "admin": UserFactory(admin=True),
    }
    return {"A": a, "B": b, "users": users}


def company_body(company) -> dict:
    return {
        "siren": company.siren,
        "name": company.name,
        "naf": company.naf,
        "headcount": company.headcount,
        "department": company.department.code,
        "idcc": company.idcc,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", PAGES)
def test_each_page_answers_each_role_as_the_matrix_says(client, world, path, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    url = path.format(A=world["A"].siren, B=world["B"].siren)
    assert client.get(url).status_code == PAGES[path][role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_endpoint_answers_each_role_as_the_matrix_says(client, world, endpoint, role):
    method, path = endpoint
    user = world["users"][role]
    headers = bearer(user) if user else {}
    if method == "GET":
        response = client.get(path.format(A=world["A"].siren, B=world["B"].siren), **headers)
    else:
        url, target = path.split("#")
        body = {"evaluation": build(), "difficulty": DIFFICULTY}.get(target)
        body = body or company_body(world[target])
        response = client.post(url, body, content_type="application/json", **headers)
    assert response.status_code == ENDPOINTS[endpoint][role], response.content


def test_a_company_user_never_reads_another_companys_data_in_any_answer(client, world):
    user = world["users"]["company"]
    client.force_login(user)
    other = world["B"]
    for path in ["/", f"/entreprises/{other.siren}/"]:
        assert other.name not in client.get(path).content.decode()
    answer = client.get(f"/api/v1/companies/{other.siren}", **bearer(user)).content.decode()
    assert other.name not in answer
