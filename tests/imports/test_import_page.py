from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from relance.companies.models import Company
from relance.imports.models import ImportJob

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_a_manager_uploads_a_file_that_imports_in_the_background(
    client, people, django_capture_on_commit_callbacks
):
    client.force_login(people["manager"])
    upload = SimpleUploadedFile("entreprises.csv", (EXAMPLES / "companies.csv").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/imports/", {"kind": "companies", "file": upload, "apply": "on"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert job.state == "done" and job.percent == 100 and job.summary.startswith("2 créée(s)")
    assert Company.objects.filter(siren="552100554").exists()
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Terminé" in page and "2 créée(s)" in page


def test_the_import_page_is_for_managers_and_refuses_binary_files(client, people):
    client.force_login(people["adviser"])
    assert client.get("/imports/").status_code == 403
    client.force_login(people["manager"])
    response = client.post(
        "/imports/", {"kind": "companies", "file": SimpleUploadedFile("x.csv", b"\x00\x01binaire")}
    )
    assert response.status_code == 200 and "binaire" in response.content.decode()
    assert not ImportJob.objects.exists()
