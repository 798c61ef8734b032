import pytest

from tests.factories import CompanyFactory, UserFactory, bearer

VALID = {
    "siren": "552100554",
    "name": "Acme",
    "naf": "2932Z",
    "headcount": 120,
    "department": "69",
    "idcc": "0044",
    "situations": [
        {"kind": "partial_activity", "start": "2021-03-01", "end": None, "evidence": "AP"}
    ],
}


def post(client, body, headers=None):
    return client.post(
        "/api/v1/companies", body, content_type="application/json", **(headers or {})
    )


def assert_error_shape(response, status):
    assert response.status_code == status
    errors = response.json()["errors"]
    assert errors and all(set(e) == {"field", "code", "message"} for e in errors)
    return errors


def test_no_token_or_a_bad_token_is_401_before_anything_else(client, reference):
    assert_error_shape(post(client, {"bogus": 1}), 401)
    assert_error_shape(post(client, {"bogus": 1}, {"HTTP_AUTHORIZATION": "Bearer nope"}), 401)
    assert_error_shape(client.get("/api/v1/companies/552100554"), 401)


def test_a_revoked_token_is_401(client, reference):
    from relance.accounts.models import ApiToken
    from relance.accounts.services import token_revoke

    headers = bearer(UserFactory())
    token_revoke(token=ApiToken.objects.get())
    assert_error_shape(client.get("/api/v1/delegations", **headers), 401)


def test_another_companys_siren_is_404_even_with_an_invalid_body(client, reference):
    other = CompanyFactory()
    user = UserFactory(company_user=True)
    errors = assert_error_shape(
        post(client, {"siren": other.siren, "headcount": "x"}, bearer(user)), 404
    )
    assert errors[0]["code"] == "not_found"


def test_a_visible_company_with_a_role_not_allowed_to_write_is_403_before_422(client, reference):
    user = UserFactory(company_user=True)
    assert_error_shape(
        post(client, {"siren": user.company.siren, "headcount": "x"}, bearer(user)), 403
    )
    assert_error_shape(post(client, {"headcount": "x"}, bearer(UserFactory(role="auditor"))), 403)


def test_an_allowed_role_with_an_invalid_body_gets_422_listing_every_field(client, reference):
    errors = assert_error_shape(
        post(client, {"siren": "552100555", "headcount": "x", "extra": 1}, bearer(UserFactory())),
        422,
    )
    fields = {e["field"] for e in errors}
    assert {"headcount", "extra", "name", "naf", "department", "idcc"} <= fields
    assert all(e["message"] for e in errors)


def test_business_validation_errors_are_422_in_french(client, reference):
    errors = assert_error_shape(
        post(client, {**VALID, "siren": "552100555"}, bearer(UserFactory())), 422
    )
    assert errors == [
        {
            "field": "siren",
            "code": "invalid_siren_checksum",
            "message": "Le SIREN 552100555 est invalide : la clé de contrôle ne correspond pas.",
        }
    ]


def test_a_manager_creates_then_updates_a_company(client, reference):
    headers = bearer(UserFactory())
    created = post(client, VALID, headers)
    assert created.status_code == 201
    assert created.json()["branch"] == "chimie" and created.json()["delegation"] == "ARA"
    updated = post(client, {**VALID, "headcount": 150, "situations": []}, headers)
    assert updated.status_code == 200
    assert updated.json()["headcount"] == 150 and updated.json()["situations"] == []


@pytest.mark.parametrize("path", ["/api/v1/companies/000000000", "/api/v1/companies/abc"])
def test_an_unknown_or_malformed_siren_is_404(client, reference, path):
    assert_error_shape(client.get(path, **bearer(UserFactory())), 404)
