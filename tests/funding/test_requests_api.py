from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workflow import action, request_body, trainee

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_invalid_requests_are_422_listing_every_field_in_french(api, people):
    body = request_body(
        people["the_company"],
        pathway="tourisme",
        training_actions=[
            action(
                provider_siret="55210055400014",
                provider_declaration_number="123",
                end="2021-09-01",
                cost="-1",
            )
        ],
        trainees=[trainee("1 84 12 75 115 123 45"), trainee("A", contract="fixed_term")],
    )
    errors = api.post(people["company"], "/requests", body).json()["errors"]
    assert {e["field"] for e in errors} == {
        "pathway",
        "training_actions[0].provider_siret",
        "training_actions[0].provider_declaration_number",
        "training_actions[0].cost",
        "training_actions[0].end",
        "trainees[0].employee_ref",
        "trainees[1].contract_end",
    }
    nir = next(e for e in errors if e["field"] == "trainees[0].employee_ref")
    assert "numéro de sécurité sociale" in nir["message"]


def test_a_company_user_cannot_file_for_another_company(api, people):
    response = api.post(people["other_company"], "/requests", request_body(people["the_company"]))
    assert response.status_code == 404


def test_internal_notes_are_never_shown_to_the_company(api, people, new_request):
    request_id = new_request()
    assert (
        api.post(
            people["adviser"], f"/requests/{request_id}/notes", {"text": "Dossier fragile"}
        ).status_code
        == 201
    )
    assert (
        api.post(people["company"], f"/requests/{request_id}/notes", {"text": "x"}).status_code
        == 403
    )
    assert api.get(people["company"], f"/requests/{request_id}").json()["notes"] is None
    assert (
        api.get(people["adviser"], f"/requests/{request_id}").json()["notes"][0]["text"]
        == "Dossier fragile"
    )


def test_the_list_is_filtered_paginated_and_limited_to_what_the_caller_may_see(
    api, people, new_request, walk
):
    ids = [new_request() for _ in range(3)]
    walk(ids[0], "submitted")
    page = api.get(people["company"], "/requests?status=submitted").json()
    assert (page["count"], page["page"], page["pages"], [i["id"] for i in page["items"]]) == (
        1,
        1,
        1,
        [ids[0]],
    )
    assert api.get(people["other_company"], "/requests").json()["count"] == 0
    assert api.get(people["other_adviser"], "/requests").json()["count"] == 0
    assert api.get(people["manager"], "/requests?delegation=ARA").json()["count"] == 3
    assert api.get(people["manager"], "/requests?delegation=IDF").json()["count"] == 0


def test_the_list_takes_a_bounded_number_of_queries_whatever_the_rows(api, people, new_request):
    api.get(people["manager"], "/requests")
    new_request()
    with CaptureQueriesContext(connection) as few:
        api.get(people["manager"], "/requests")
    for _ in range(10):
        new_request()
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(people["manager"], "/requests").json()["items"]) == 11
    assert len(many) == len(few) <= 4


def upload(api, user, request_id, content: bytes, name: str, kind: str = "invoice"):
    return api.client.post(
        f"/api/v1/requests/{request_id}/documents",
        {"kind": kind, "file": _named(content, name)},
        **api._auth(user),
    )


def _named(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_documents_are_checked_by_content_and_served_only_to_those_allowed(
    api, people, new_request
):
    request_id = new_request()
    assert upload(api, people["company"], request_id, PDF, "facture.pdf").status_code == 201
    assert (
        upload(api, people["company"], request_id, PNG, "scan.png", "attendance").json()[
            "content_type"
        ]
        == "image/png"
    )
    disguised = upload(
        api, people["company"], request_id, b"<script>alert(1)</script>", "facture.pdf"
    )
    assert (
        disguised.status_code == 422 and disguised.json()["errors"][0]["code"] == "unsupported_type"
    )
    assert upload(api, people["auditor"], request_id, PDF, "x.pdf").status_code == 403
    assert upload(api, people["other_company"], request_id, PDF, "x.pdf").status_code == 404
    document_id = api.get(people["company"], f"/requests/{request_id}").json()["documents"][0]["id"]
    response = api.get(people["adviser"], f"/requests/{request_id}/documents/{document_id}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert (
        api.get(
            people["other_adviser"], f"/requests/{request_id}/documents/{document_id}"
        ).status_code
        == 404
    )


def test_an_oversized_upload_is_refused(api, people, new_request, settings):
    settings.RELANCE_MAX_UPLOAD_BYTES = 1000
    response = upload(api, people["company"], new_request(), PDF + b"0" * 2000, "gros.pdf")
    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "too_large"
