"""No 500 on bad input: control characters, deep or huge JSON, long file names, Django's own
errors under /api/, and the command line."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from relance import cli
from relance.common.input_limits import MAX_JSON_BODY_BYTES
from relance.funding.data import MAX_TRAINEES
from relance.funding.models import Document
from relance.rules import batch
from tests.workflow import request_body, trainee

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def errors_of(response) -> list[dict]:
    assert response["Content-Type"] == "application/json", response.content[:200]
    return response.json()["errors"]


def raw_post(client, user_headers: dict, path: str, body: bytes | str):
    return client.generic(
        "POST", f"/api/v1{path}", body, content_type="application/json", **user_headers
    )


def test_a_nul_in_any_json_text_is_422_naming_the_field(api, people):
    body = request_body(people["the_company"], trainees=[trainee(), trainee("MAT\x00-2")])
    response = api.post(people["company"], "/requests", body)
    assert response.status_code == 422
    assert errors_of(response) == [
        {
            "field": "trainees[1].employee_ref",
            "code": "control_character",
            "message": "Caractère de contrôle interdit (U+0000) : retirez-le.",
        }
    ]


def test_free_text_keeps_its_newlines_and_refuses_other_control_characters(
    api, people, new_request
):
    request_id = new_request()
    notes = f"/requests/{request_id}/notes"
    assert api.post(people["adviser"], notes, {"text": "ligne 1\r\n\tligne 2"}).status_code == 201
    response = api.post(people["adviser"], notes, {"text": "\x1b[31mrouge"})
    assert response.status_code == 422 and errors_of(response)[0]["field"] == "text"


def test_a_control_character_in_a_key_is_refused_too(api, people):
    response = api.post(people["manager"], "/evaluations", {"filed_on\x00": "2021-09-01"})
    assert response.status_code == 422
    assert errors_of(response)[0]["code"] == "control_character"


def test_a_nul_in_a_query_parameter_or_the_path_is_422_naming_it(api, people):
    response = api.get(people["manager"], "/requests?status=approved%00")
    assert response.status_code == 422 and errors_of(response)[0]["field"] == "status"
    response = api.get(people["manager"], "/companies/552100%00554")
    assert response.status_code == 422 and errors_of(response)[0]["field"] == "path"


@pytest.mark.parametrize("depth", [65, 1_000, 100_000])
def test_json_nested_deeper_than_64_levels_is_422(client, people, depth):
    from tests.factories import bearer

    body = '{"a": ' * depth + "1" + "}" * depth
    response = raw_post(client, bearer(people["manager"]), "/evaluations", body)
    assert response.status_code == 422
    assert errors_of(response)[0]["code"] == "too_deep"


def test_json_64_levels_deep_reaches_the_endpoint(client, people):
    from tests.factories import bearer

    body = '{"a": ' * 63 + "[1]" + "}" * 63
    response = raw_post(client, bearer(people["manager"]), "/evaluations", body)
    assert response.status_code == 422
    assert "too_deep" not in {e["code"] for e in errors_of(response)}


def test_a_json_body_over_4_mb_is_413_in_the_error_shape(client, people):
    from tests.factories import bearer

    body = json.dumps({"text": "a" * MAX_JSON_BODY_BYTES})
    response = raw_post(client, bearer(people["adviser"]), "/requests/1/notes", body)
    assert response.status_code == 413
    assert errors_of(response)[0]["code"] == "body_too_large"


def test_a_request_of_20_000_trainees_fits_in_a_json_body(api, people):
    body = request_body(
        people["the_company"], trainees=[trainee(f"MAT-{i:06d}") for i in range(MAX_TRAINEES)]
    )
    assert 2_000_000 < len(json.dumps(body)) < MAX_JSON_BODY_BYTES
    assert api.post(people["company"], "/requests", body).status_code == 201


def test_a_long_upload_file_name_is_shortened_and_cleaned(api, people, new_request):
    request_id = new_request()
    name = "justificatif\x07" + "x" * 1_000 + ".pdf"
    response = api.client.post(
        f"/api/v1/requests/{request_id}/documents",
        {"kind": "invoice", "file": SimpleUploadedFile(name, PDF, "application/pdf")},
        **api._auth(people["company"]),
    )
    assert response.status_code == 201, response.content
    stored = Document.objects.get(request_id=request_id)
    assert len(stored.original_name) == 100 and stored.original_name.endswith(".pdf")
    assert "\x07" not in stored.original_name


def test_djangos_own_errors_under_the_api_are_in_the_json_shape(client, people):
    from tests.factories import bearer

    assert errors_of(client.get("/api/v1/nowhere"))[0]["code"] == "not_found"
    response = client.generic(
        "POST",
        "/api/v1/requests/1/documents",
        b"--xyz\r\nContent-Disposition: form-data; name=\r\n\r\n",
        content_type="multipart/form-data; boundary=xyz",
        **bearer(people["company"]),
    )
    assert response.status_code < 500 and errors_of(response)


def test_pages_strip_control_characters_from_filters_and_forms(client, people):
    client.force_login(people["manager"])
    assert client.get("/gestion/?reference=D%00-1&entreprise=%01").status_code == 200
    assert client.get("/audit/?reference=%00").status_code == 200
    assert client.get("/entreprises/552100%00554/").status_code == 404
    client.cookies.load({"sessionid": "x"})
    assert client.get("/dispositif/", HTTP_COOKIE="sessionid=ab\x00cd").status_code == 200


def test_a_login_with_a_nul_is_an_ordinary_failure(client, people):
    response = client.post("/connexion/", {"username": "a\x00b", "password": "x\x00"})
    assert response.status_code == 200  # the form again, with its error


def test_relance_evaluate_on_deep_json_exits_2_in_french(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    stdout, stderr = io.StringIO(), io.StringIO()
    assert batch.run(str(path), batch=False, stdout=stdout, stderr=stderr) == 2
    assert json.loads(stdout.getvalue())["errors"][0]["code"] == "too_deep"
    path.write_bytes(b"\xff\xfe{}")
    assert batch.run(str(path), batch=True, stdout=stdout, stderr=stderr) == 2
    assert "n'est pas un texte UTF-8" in stderr.getvalue()


def test_a_command_that_fails_unexpectedly_says_so_in_french_and_exits_2(
    monkeypatch, capsys, reference
):
    from relance.reports.management.commands import report

    def broken(*args, **options):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(report.Command, "handle", broken)
    with pytest.raises(SystemExit) as exited:
        cli.main(["report", "--year", "2021"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "relance report : échec (RuntimeError : disque plein)" in err
    assert "Traceback" not in err


def test_a_missing_year_for_the_report_exits_2(capsys, reference):
    with pytest.raises(SystemExit) as exited:
        cli.main(["report"])
    assert exited.value.code == 2
