"""Shared workflow fixtures: one user per role, an API client, requests walked through the workflow."""

import datetime as dt
from decimal import Decimal

import pytest

from relance.funding import services
from relance.funding.data import ActionData, RequestData, TraineeData
from relance.reference.models import Department
from tests.factories import CompanyFactory, SituationFactory, UserFactory, bearer, valid_siret

TODAY = dt.date(2021, 9, 15)


def action(**overrides) -> dict:
    return {
        "title": "Usinage 5 axes",
        "provider_siret": valid_siret("552100554"),
        "provider_declaration_number": "11755555575",
        "hours": "140",
        "start": "2021-10-01",
        "end": "2022-03-31",
        "cost": "12000.00",
        "mandatory_safety": False,
        **overrides,
    }


def trainee(ref: str = "MAT-001", **overrides) -> dict:
    return {
        "employee_ref": ref,
        "contract": "permanent",
        "contract_end": None,
        "leaving_under_pse_or_rcc": False,
        **overrides,
    }


class Api:
    """Calls the REST API as a given user, the way an integrator would."""

    def __init__(self, client):
        self.client = client
        self.headers: dict[int, dict] = {}

    def _auth(self, user) -> dict:
        if user is None:
            return {}
        if user.pk not in self.headers:
            self.headers[user.pk] = bearer(user)
        return self.headers[user.pk]

    def post(self, user, path: str, body: dict | None = None, **extra):
        return self.client.post(
            f"/api/v1{path}",
            body or {},
            content_type="application/json",
            **self._auth(user),
            **extra,
        )

    def get(self, user, path: str):
        return self.client.get(f"/api/v1{path}", **self._auth(user))

    def put(self, user, path: str, body: dict):
        return self.client.put(
            f"/api/v1{path}", body, content_type="application/json", **self._auth(user)
        )


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def today(settings):
    settings.RELANCE_TODAY = TODAY
    return TODAY


@pytest.fixture
def people(reference, today):
    """A 40-employee company on short time in Auvergne-Rhône-Alpes, and one user per role."""
    company = CompanyFactory(headcount=40, department=Department.objects.get(code="69"))
    SituationFactory(company=company, kind="partial_activity", start=dt.date(2021, 3, 1))
    return {
        "company": UserFactory(role="company", company=company, email="rh@acme.fr"),
        "other_company": UserFactory(company_user=True),
        "adviser": UserFactory(adviser=True, email="conseil@opco.fr"),
        "other_adviser": UserFactory(
            role="adviser", delegation=Department.objects.get(code="75").region.delegation
        ),
        "manager": UserFactory(role="manager"),
        "finance": UserFactory(role="finance"),
        "auditor": UserFactory(role="auditor"),
        "admin": UserFactory(admin=True),
        "the_company": company,
    }


def request_body(company, **overrides) -> dict:
    return {
        "siren": company.siren,
        "aid_regime": "temporary_framework",
        "pathway": "anticipation",
        "training_actions": [action()],
        "trainees": [trainee()],
        **overrides,
    }


@pytest.fixture
def new_request(api, people):
    """Create a draft request as the company user; return a function moving it along."""

    def make(**overrides):
        response = api.post(
            people["company"], "/requests", request_body(people["the_company"], **overrides)
        )
        assert response.status_code == 201, response.content
        return response.json()["id"]

    return make


@pytest.fixture
def walk(api, people):
    """Take a request through the workflow up to a given status."""
    steps = {
        "submitted": [("company", "submit", {})],
        "in_review": [("company", "submit", {}), ("adviser", "review", {})],
        "information_requested": [
            ("company", "submit", {}),
            ("adviser", "review", {}),
            ("adviser", "request-information", {"message": "Programme détaillé ?"}),
        ],
        "approved": [
            ("company", "submit", {}),
            ("adviser", "review", {}),
            ("adviser", "approve", {}),
        ],
        "completed": [
            ("company", "submit", {}),
            ("adviser", "review", {}),
            ("adviser", "approve", {}),
            ("adviser", "complete", {}),
        ],
    }

    def go(request_id: int, status: str) -> None:
        for role, action_name, body in steps.get(status, []):
            response = api.post(people[role], f"/requests/{request_id}/{action_name}", body)
            assert response.status_code == 200, (action_name, response.content)
        if status == "refused":
            go(request_id, "in_review")
            assert (
                api.post(
                    people["adviser"],
                    f"/requests/{request_id}/refuse",
                    {"reason": "Hors périmètre"},
                ).status_code
                == 200
            )
        if status == "cancelled":
            assert (
                api.post(people["company"], f"/requests/{request_id}/cancel", {}).status_code == 200
            )
        if status == "paid":
            go(request_id, "approved")
            body = {
                "amount": "12000.00",
                "payee": "company",
                "reference": f"PAY-{request_id}",
                "final": True,
            }
            assert (
                api.post(people["finance"], f"/requests/{request_id}/payments", body).status_code
                == 201
            )

    return go


def action_data(cost: str | Decimal = "12000.00") -> ActionData:
    """One training action, as the services take it."""
    return ActionData(
        "Soudure",
        valid_siret("552100554"),
        "11755555575",
        Decimal("35"),
        dt.date(2021, 10, 1),
        dt.date(2021, 12, 1),
        Decimal(cost),
    )


def request_via_services(
    company,
    actor,
    *,
    cost: str | Decimal = "12000.00",
    regime: str = "temporary_framework",
    until: str = "draft",
    reviewer=None,
) -> int:
    """Create a request through the services (no HTTP), optionally submitted and taken in review."""
    data = RequestData(
        siren=company.siren,
        aid_regime=regime,
        pathway="anticipation",
        training_actions=[action_data(cost)],
        trainees=[TraineeData("MAT-1", "permanent")],
    )
    request, _ = services.request_create(actor=actor, data=data)
    if until in ("submitted", "in_review"):
        services.request_submit(actor=actor, request_id=request.pk)
    if until == "in_review":
        services.request_review(actor=reviewer or actor, request_id=request.pk)
    return request.pk
