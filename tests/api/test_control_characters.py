"""Control characters fed to every endpoint and every page — in the path, the query and each
text of the body — never make a server error; the API answers in its error shape."""

import re
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relance.api.urls import api as ninja_api
from relance.www.urls import urlpatterns
from tests.factories import bearer
from tests.workflow import request_body

CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f"]
HOSTILE = st.builds(
    lambda before, controls, after: before + "".join(controls) + after,
    st.sampled_from(["", "a", "12", "D-2021"]),
    st.lists(st.sampled_from(CONTROLS), min_size=1, max_size=3),
    st.sampled_from(["", "b", "1"]),
)
OPERATIONS = [
    (method.upper(), path, operation)
    for path, operations in ninja_api.get_openapi_schema()["paths"].items()
    for method, operation in operations.items()
]
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _body(path: str, company, text: str) -> dict:
    """A body each text field of which may hold the hostile text."""
    if path == "/api/v1/requests":
        return request_body(company, reference=text)
    return {
        "text": text,
        "message": text,
        "reason": text,
        "comment": text,
        "reference": text,
        "siren": text,
        "name": text,
    }


def _call(client, headers, method: str, path: str, operation: dict, company, text: str):
    url = re.sub(r"\{[^}]+\}", quote(text, safe=""), path)
    query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
    if query:
        url += "?" + "&".join(f"{name}={quote(text, safe='')}" for name in query)
    if method == "GET":
        return client.get(url, **headers)
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        return client.post(url, {"kind": text}, **headers)
    return client.generic(
        method, url, _json(_body(path, company, text)), "application/json", **headers
    )


def _json(body: dict) -> str:
    import json

    return json.dumps(body)


@given(text=HOSTILE, index=st.integers(0, len(OPERATIONS) - 1))
@EXAMPLES
def test_no_api_endpoint_fails_on_control_characters(client, people, text, index):
    method, path, operation = OPERATIONS[index]
    headers = bearer(people["manager"])
    response = _call(client, headers, method, path, operation, people["the_company"], text)
    assert response.status_code < 500, (method, path, repr(text), response.content[:300])
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"]


PAGES = [
    str(p.pattern).replace("<int:", "<1:").replace("<uuid:", "<u:")
    for p in urlpatterns
    if hasattr(p, "pattern")
]


def _page_url(pattern: str, text: str) -> str:
    url = re.sub(r"<1:[^>]+>", "1", pattern)
    url = re.sub(r"<u:[^>]+>", "00000000-0000-0000-0000-000000000000", url)
    return "/" + re.sub(r"<[^>]+>", quote(text, safe=""), url)


@given(text=HOSTILE, index=st.integers(0, len(PAGES) - 1), role=st.sampled_from(["manager", None]))
@EXAMPLES
def test_no_page_fails_on_control_characters(client, people, text, index, role):
    if role:
        client.force_login(people[role])
    url = _page_url(PAGES[index], text)
    query = "&".join(
        f"{name}={quote(text, safe='')}"
        for name in ("q", "reference", "page", "statut", "du", "annee", "tri")
    )
    response = client.get(f"{url}?{query}")
    assert response.status_code < 500, (url, repr(text))
    response = client.post(url, {"reference": text, "text": text, "username": text})
    assert response.status_code < 500, (url, repr(text))
