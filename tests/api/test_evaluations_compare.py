"""POST /api/v1/evaluations/compare: both aid regimes for one request, and the better one."""

import copy

from relance.api.urls import api as ninja_api
from tests.factories import UserFactory, bearer
from tests.rules.builders import build

URL = "/api/v1/evaluations/compare"


def body(**changes) -> dict:
    data = copy.deepcopy(build(**changes))
    del data["aid_regime"]
    return data


def post(client, data, user=None):
    headers = bearer(user or UserFactory())
    return client.post(URL, data, content_type="application/json", **headers)


def test_answers_each_regimes_decision_as_post_evaluations_gives_it(client, db):
    response = post(client, body())
    assert response.status_code == 200
    answer = response.json()
    assert set(answer) == {"temporary_framework", "gber", "recommended"}
    for regime in ("temporary_framework", "gber"):
        single = client.post(
            "/api/v1/evaluations",
            build(aid_regime=regime),
            content_type="application/json",
            **bearer(UserFactory()),
        )
        assert answer[regime] == single.json()
    assert answer["recommended"] == "temporary_framework"


def test_recommends_gber_when_the_temporary_framework_cap_is_exhausted(client, db):
    answer = post(client, body(company={"state_aid_received": "1800000.00"})).json()
    assert not answer["temporary_framework"]["eligible"]
    assert answer["gber"]["funded_amount"] == "6000.00"
    assert answer["recommended"] == "gber"


def test_a_tie_recommends_the_temporary_framework(client, db):
    answer = post(client, body(company={"state_aid_received": "1794000.00"})).json()
    assert answer["temporary_framework"]["funded_amount"] == answer["gber"]["funded_amount"]
    assert answer["recommended"] == "temporary_framework"


def test_recommends_null_when_neither_regime_is_eligible(client, db):
    response = post(client, body(training={"mandatory_safety": True}))
    assert response.status_code == 200 and response.json()["recommended"] is None


def test_an_aid_regime_in_the_body_is_422_like_any_unexpected_field(client, db):
    response = post(client, build())
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "aid_regime",
        "code": "unexpected_field",
        "message": "Ce champ n'est pas attendu.",
    }


def test_refuses_unreadable_json_and_anonymous_callers(client, db):
    assert post(client, "{oups").status_code == 422
    assert client.post(URL, body(), content_type="application/json").status_code == 401


def test_the_openapi_document_describes_the_body_without_aid_regime():
    operation = ninja_api.get_openapi_schema()["paths"][URL]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert "aid_regime" not in schema["properties"] and "aid_regime" not in schema["required"]
    assert schema["additionalProperties"] is False
    assert set(operation["responses"]) == {200, 401, 422}
