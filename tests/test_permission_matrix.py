"""Every role × every page and endpoint that exists, with the status each must get.

`A` is a company of the Auvergne-Rhône-Alpes delegation (the company user's own, the adviser's
delegation); `B` a company of Île-de-France that neither of them may see.
"""

import datetime as dt

import pytest

from relance.budget.services import envelope_get_or_create
from relance.reference.models import Department
from tests.factories import CompanyFactory, UserFactory, bearer
from tests.rules.builders import build
from tests.workflow import request_via_services

ROLES = ["anonymous", "company", "adviser", "manager", "finance", "auditor", "admin"]


def row(*statuses: int) -> dict[str, int]:
    return dict(zip(ROLES, statuses, strict=True))


PAGES = {
    "/": row(200, 200, 200, 200, 200, 200, 200),
    "/connexion/": row(200, 200, 200, 200, 200, 200, 200),
    "/mot-de-passe-oublie/": row(200, 200, 200, 200, 200, 200, 200),
    "/invitation/": row(302, 403, 200, 200, 403, 403, 403),
    "/entreprises/{A}/": row(302, 200, 200, 200, 200, 200, 200),
    "/entreprises/{B}/": row(302, 404, 404, 200, 200, 200, 200),
    "/admin/": row(302, 302, 302, 302, 302, 302, 200),
    "/api/v1/openapi.json": row(200, 200, 200, 200, 200, 200, 200),
    "/espace/": row(302, 200, 403, 403, 403, 403, 403),
    "/espace/demandes/nouvelle/1/": row(302, 200, 403, 403, 403, 403, 403),
    "/demandes/{RA}/": row(302, 200, 200, 200, 200, 200, 200),
    "/demandes/{RB}/": row(302, 404, 404, 200, 200, 200, 200),
    "/demandes/{RA}/modifier/": row(302, 302, 403, 403, 403, 403, 403),
    "/demandes/{RB}/modifier/": row(302, 404, 403, 403, 403, 403, 403),
    "/gestion/": row(302, 403, 200, 200, 200, 200, 200),
    "/finances/": row(302, 403, 403, 200, 200, 200, 200),
    "/finances/export.csv": row(302, 403, 403, 200, 200, 200, 200),
    "/finances/export.xlsx": row(302, 403, 403, 200, 200, 200, 200),
    "/pilotage/": row(302, 403, 403, 200, 403, 200, 403),
    "/enveloppes/": row(302, 403, 302, 302, 302, 302, 403),
    "/enveloppes/2021/": row(302, 403, 200, 200, 200, 200, 403),
    "/enveloppes/2021/seuil/": row(302, 405, 405, 405, 405, 405, 405),
    "/bilan/2021": row(302, 403, 403, 200, 403, 200, 403),
    "/bilan/2021/public": row(200, 200, 200, 200, 200, 200, 200),
    "/dispositif/": row(200, 200, 200, 200, 200, 200, 200),
    "/dispositif/simulateur/": row(200, 200, 200, 200, 200, 200, 200),
    "/demandes/{RA}/documents/{DA}/": row(302, 200, 200, 200, 200, 200, 200),
    "/demandes/{RB}/documents/{DB}/": row(302, 404, 404, 200, 200, 200, 200),
    "/imports/": row(302, 403, 403, 200, 403, 403, 200),
    "/taches/": row(302, 403, 403, 200, 403, 403, 200),
    "/simulations/": row(302, 403, 403, 200, 403, 403, 403),
    "/simulations/nouvelle/": row(302, 403, 403, 200, 403, 403, 403),
    "/healthz": row(200, 200, 200, 200, 200, 200, 200),
    "/readyz": row(200, 200, 200, 200, 200, 200, 200),
    "/metrics": row(200, 200, 200, 200, 200, 200, 200),  # from 127.0.0.1; others get 403
    "/audit/": row(302, 403, 403, 200, 403, 200, 200),
    "/audit/export.csv": row(302, 403, 403, 200, 403, 200, 200),
    "/donnees-personnelles/": row(200, 200, 200, 200, 200, 200, 200),
    "/api/v1/docs": row(200, 200, 200, 200, 200, 200, 200),
    "/gestion/export.csv": row(302, 403, 200, 200, 200, 200, 200),
    "/gestion/export.xlsx": row(302, 403, 200, 200, 200, 200, 200),
}

# (method, path, body): {A}/{B} are the companies' SIRENs, {RA}/{RB} a draft request of each.
ENDPOINTS = {
    ("GET", "/api/v1/delegations", None): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/branches", None): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/companies/{A}", None): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/companies/{B}", None): row(401, 404, 404, 200, 200, 200, 200),
    ("POST", "/api/v1/companies", "company_A"): row(401, 403, 200, 200, 403, 403, 403),
    ("POST", "/api/v1/companies", "company_B"): row(401, 404, 404, 200, 403, 403, 403),
    ("POST", "/api/v1/evaluations", "evaluation"): row(401, 200, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/evaluations/compare", "comparison"): row(401, 200, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/difficulty-checks", "difficulty"): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/requests", None): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/requests/{RA}", None): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/requests/{RB}", None): row(401, 404, 404, 200, 200, 200, 200),
    ("POST", "/api/v1/requests", "request_A"): row(401, 201, 201, 201, 403, 403, 403),
    ("POST", "/api/v1/requests", "request_B"): row(401, 404, 404, 201, 403, 403, 403),
    ("POST", "/api/v1/requests/{RA}/notes", "note"): row(401, 403, 201, 201, 403, 403, 403),
    ("POST", "/api/v1/requests/{RB}/notes", "note"): row(401, 404, 404, 201, 403, 403, 403),
    ("GET", "/api/v1/envelopes/fne/2021", None): row(401, 403, 200, 200, 200, 200, 403),
    ("GET", "/api/v1/envelopes/fne/2021/forecast", None): row(401, 403, 200, 200, 200, 200, 403),
    ("GET", "/api/v1/requests/{RA}/documents/{DA}", None): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/requests/{RB}/documents/{DB}", None): row(401, 404, 404, 200, 200, 200, 200),
    ("GET", "/api/v1/requests/{RA}/documents/{DB}", None): row(401, 404, 404, 404, 404, 404, 404),
    ("PUT", "/api/v1/envelopes/fne/2021", "envelope"): row(401, 403, 403, 200, 403, 403, 403),
    ("GET", "/api/v1/requests/{RA}/messages", None): row(401, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/requests/{RB}/messages", None): row(401, 404, 404, 200, 200, 200, 200),
    ("POST", "/api/v1/requests/{RA}/messages", "message"): row(401, 201, 201, 201, 201, 403, 201),
    ("POST", "/api/v1/requests/{RB}/messages", "message"): row(401, 404, 404, 201, 201, 403, 201),
    ("PUT", "/api/v1/envelopes/fne/2021", "threshold"): row(401, 403, 403, 200, 403, 403, 403),
    ("PUT", "/api/v1/requests/{RA}", "edit"): row(401, 200, 200, 200, 403, 403, 403),
    ("PUT", "/api/v1/requests/{RB}", "edit"): row(401, 404, 404, 200, 403, 403, 403),
    ("POST", "/api/v1/requests/{RA}/send-back", "comment"): row(401, 403, 403, 409, 403, 403, 403),
    ("POST", "/api/v1/requests/{RB}/send-back", "comment"): row(401, 404, 404, 409, 403, 403, 403),
    ("POST", "/api/v1/requests/bulk", "bulk_A"): row(401, 403, 200, 200, 403, 403, 403),
    ("POST", "/api/v1/requests/bulk", "bulk_B"): row(401, 403, 200, 200, 403, 403, 403),
}
# Web forms that only post (the pages above are read with GET), with the body they post. A 302
# may still carry a refusal (shown on the page it leads to); what each does is tested apart.
POSTED_PAGES = {
    ("/demandes/{RA}/messages/", "message"): row(302, 302, 302, 302, 302, 403, 302),
    ("/demandes/{RB}/messages/", "message"): row(302, 404, 404, 302, 302, 403, 302),
    ("/demandes/{RA}/attribuer/", "follow"): row(302, 302, 302, 302, 302, 302, 302),
    ("/demandes/{RB}/attribuer/", "follow"): row(302, 404, 404, 302, 302, 302, 302),
    ("/demandes/{RA}/documents/", "document"): row(302, 302, 302, 302, 302, 403, 403),
    ("/demandes/{RB}/documents/", "document"): row(302, 404, 404, 302, 302, 403, 403),
    ("/gestion/lot/", "bulk_A"): row(302, 403, 200, 200, 403, 403, 403),
    ("/gestion/lot/", "bulk_B"): row(302, 403, 200, 200, 403, 403, 403),
    ("/gestion/vues/", "view"): row(302, 403, 302, 302, 302, 302, 302),
    ("/enveloppes/2021/seuil/", "threshold_form"): row(302, 403, 403, 302, 403, 403, 403),
}

DIFFICULTY = {
    "headcount": 40,
    "measure": "orders",
    "quarters": [{"quarter": "2021-Q1", "value": "1", "previous_year_value": "2"}],
}


def draft_request(company, user):
    from relance.funding.models import FundingRequest

    return FundingRequest.objects.get(
        pk=request_via_services(company, user, cost="100.00", regime="gber")
    )


@pytest.fixture
def world(reference, settings):
    settings.RELANCE_TODAY = dt.date(2021, 9, 15)
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
    manager = users["manager"]
    envelope_get_or_create(scheme="fne", year=2021)  # the forecast is of an existing envelope
    ra, rb = draft_request(a, manager), draft_request(b, manager)
    return {
        "A": a,
        "B": b,
        "users": users,
        "RA": ra,
        "RB": rb,
        "DA": document(ra, manager),
        "DB": document(rb, manager),
    }


def document(request, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from relance.funding.documents import document_upload

    return document_upload(
        actor=user,
        request_id=request.pk,
        kind="invoice",
        upload=SimpleUploadedFile("f.pdf", b"%PDF-1.4 test"),
    )


def pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("f.pdf", b"%PDF-1.4 test")


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
    assert status_of(client.get(_url(path, world))) == PAGES[path][role]


def status_of(response) -> int:
    """The status, after reading a streamed file to its end so that it gets closed."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def _url(path: str, world: dict) -> str:
    return path.format(
        A=world["A"].siren,
        B=world["B"].siren,
        RA=world["RA"].pk,
        RB=world["RB"].pk,
        DA=world["DA"].pk,
        DB=world["DB"].pk,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_endpoint_answers_each_role_as_the_matrix_says(client, world, endpoint, role):
    method, path, body_name = endpoint
    user = world["users"][role]
    headers = bearer(user) if user else {}
    url = _url(path, world)
    if method == "GET":
        response = client.get(url, **headers)
        status_of(response)
    else:
        call = client.post if method == "POST" else client.put
        response = call(url, body(body_name, world), content_type="application/json", **headers)
    assert response.status_code == ENDPOINTS[endpoint][role], response.content


def body(name: str, world: dict) -> dict:
    from tests.workflow import request_body

    bodies = {
        "company_A": lambda: company_body(world["A"]),
        "company_B": lambda: company_body(world["B"]),
        "evaluation": build,
        "comparison": lambda: {k: v for k, v in build().items() if k != "aid_regime"},
        "difficulty": lambda: DIFFICULTY,
        "request_A": lambda: request_body(world["A"]),
        "request_B": lambda: request_body(world["B"]),
        "note": lambda: {"text": "À relancer"},
        "edit": lambda: {
            k: v for k, v in request_body(world["A"]).items() if k not in ("siren", "aid_regime")
        },
        "comment": lambda: {"comment": "À revoir"},
        "envelope": lambda: {"amount": "150000000.00"},
        "message": lambda: {"body": "Bonjour"},
        "threshold": lambda: {"amount": "150000000.00", "second_approval_above": "50000.00"},
        "bulk_A": lambda: {"action": "review", "ids": [world["RA"].pk]},
        "bulk_B": lambda: {"action": "review", "ids": [world["RB"].pk]},
        "follow": lambda: {"assignee": "moi"},
        "document": lambda: {"kind": "invoice", "file": pdf()},
        "view": lambda: {"name": "Mes dossiers", "query": "q=forges"},
        "threshold_form": lambda: {"second_approval_above": "50000,00"},
    }
    return bodies[name]()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("form", POSTED_PAGES)
def test_each_posted_form_answers_each_role_as_the_matrix_says(client, world, form, role):
    path, body_name = form
    user = world["users"][role]
    if user:
        client.force_login(user)
    response = client.post(_url(path, world), body(body_name, world))
    assert response.status_code == POSTED_PAGES[form][role]


def test_a_company_never_reads_another_companys_messages(client, world):
    from relance.funding.messages import message_post

    message_post(actor=world["users"]["manager"], request_id=world["RB"].pk, body="Secret de B")
    user = world["users"]["company"]
    client.force_login(user)
    for path in ["/espace/", f"/demandes/{world['RA'].pk}/", f"/demandes/{world['RB'].pk}/"]:
        assert "Secret de B" not in client.get(path).content.decode()
    answer = client.get(f"/api/v1/requests/{world['RB'].pk}/messages", **bearer(user))
    assert answer.status_code == 404 and "Secret de B" not in answer.content.decode()


def test_a_company_user_never_reads_another_companys_data_in_any_answer(client, world):
    user = world["users"]["company"]
    client.force_login(user)
    other = world["B"]
    for path in ["/", f"/entreprises/{other.siren}/", "/espace/", f"/demandes/{world['RB'].pk}/"]:
        assert other.name not in client.get(path).content.decode()
    answer = client.get(f"/api/v1/companies/{other.siren}", **bearer(user)).content.decode()
    assert other.name not in answer


def test_a_bulk_action_on_a_request_one_may_not_see_changes_nothing_and_names_nothing(
    client, world
):
    rb = world["RB"]
    client.force_login(world["users"]["adviser"])
    page = client.post(
        "/gestion/lot/", {"action": "assign", "ids": [rb.pk], "bulk_assignee": "moi"}
    ).content.decode()
    assert f"Demande {rb.pk} :" in page and "non traitée" in page
    assert rb.reference not in page and world["B"].name not in page
    rb.refresh_from_db()
    assert rb.assignee is None
