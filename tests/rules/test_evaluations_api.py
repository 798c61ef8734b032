from tests.factories import UserFactory, bearer
from tests.rules.builders import build


def test_the_api_gives_the_same_decision_as_the_command_line(client, db):
    response = client.post(
        "/api/v1/evaluations", build(), content_type="application/json", **bearer(UserFactory())
    )
    assert response.status_code == 200
    assert (
        response.json()["funded_amount"] == "8400.00"
        and response.json()["rules_version"] == "fne-2021-07"
    )


def test_the_api_answers_422_with_every_input_error(client, db):
    response = client.post(
        "/api/v1/evaluations",
        {"filed_on": "2021-13-01"},
        content_type="application/json",
        **bearer(UserFactory()),
    )
    assert response.status_code == 422
    assert len(response.json()["errors"]) == 6


def test_the_api_refuses_unreadable_json_and_anonymous_callers(client, db):
    headers = bearer(UserFactory())
    assert (
        client.post(
            "/api/v1/evaluations", "{oups", content_type="application/json", **headers
        ).status_code
        == 422
    )
    assert (
        client.post("/api/v1/evaluations", build(), content_type="application/json").status_code
        == 401
    )
