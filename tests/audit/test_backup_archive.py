"""One archive holds the database and the private files; a restore on a new host (an empty,
never-migrated database and a fresh private directory) or over existing data gives back every
document, and a damaged archive changes nothing."""

import hashlib
import io
import json
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from relance.audit.archive import backup_restore, backup_write
from relance.funding.documents import document_upload
from relance.funding.models import Document, DocumentKind, FundingRequest


def _documents(people, new_request, walk) -> list[int]:
    """Two approved requests (each with its decision letter) and an uploaded invoice."""
    ids = [new_request(), new_request()]
    for request_id in ids:
        walk(request_id, "approved")
    document_upload(
        actor=people["company"],
        request_id=ids[0],
        kind="invoice",
        upload=SimpleUploadedFile("facture.pdf", b"%PDF-1.4 facture"),
    )
    assert Document.objects.filter(kind=DocumentKind.DECISION_LETTER).count() == 2
    return ids


def _contents() -> dict[int, str]:
    contents = {}
    for document in Document.objects.all():
        with document.file.open("rb") as file:
            contents[document.pk] = hashlib.sha256(file.read()).hexdigest()
    return contents


def _downloads(client, manager) -> dict[int, str]:
    client.force_login(manager)
    answers = {}
    for document in Document.objects.all():
        response = client.get(f"/demandes/{document.request_id}/documents/{document.pk}/")
        assert response.status_code == 200, (document.pk, response.status_code)
        answers[document.pk] = hashlib.sha256(b"".join(response.streaming_content)).hexdigest()
        response.close()
    return answers


def _never_migrated() -> None:
    """Drop every table, as on a new host whose database was only created."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{table}"')
    assert connection.introspection.table_names() == []


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_database_and_every_private_file_with_checksums(
    people, new_request, walk, tmp_path, settings
):
    _documents(people, new_request, walk)
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "b.tar"), stdout=out)
    assert "3 fichier(s) privé(s)" in out.getvalue()
    with tarfile.open(tmp_path / "b.tar") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        for name, member in manifest["members"].items():
            content = archive.extractfile(name).read()
            assert hashlib.sha256(content).hexdigest() == member["sha256"]
    stored = {d.file.name for d in Document.objects.all()}
    assert {f"private/{name}" for name in stored} <= set(manifest["members"])
    assert any(name.startswith("database.") for name in manifest["members"])


@pytest.mark.django_db(transaction=True)
def test_restored_into_a_never_migrated_database_and_a_fresh_directory_every_document_downloads(
    people, new_request, walk, tmp_path, settings, client
):
    ids = _documents(people, new_request, walk)
    before = _contents()
    backup_write(tmp_path / "b.tar")
    _never_migrated()
    settings.MEDIA_ROOT = tmp_path / "new-host" / "private"
    call_command("restore", str(tmp_path / "b.tar"), "--apply", stdout=io.StringIO())
    assert set(FundingRequest.objects.values_list("pk", flat=True)) == set(ids)
    assert _downloads(client, people["manager"]) == before


@pytest.mark.django_db(transaction=True)
def test_restored_over_existing_data_the_archive_wins_for_rows_and_files(
    people, new_request, walk, tmp_path, settings, client
):
    ids = _documents(people, new_request, walk)
    before = _contents()
    backup_write(tmp_path / "b.tar")
    later = new_request()
    stray = settings.MEDIA_ROOT / "documents" / "apres-la-sauvegarde.pdf"
    stray.write_bytes(b"%PDF-1.4 plus tard")
    Document.objects.filter(kind=DocumentKind.INVOICE).first().file.delete(save=False)
    summary = backup_restore(tmp_path / "b.tar")
    assert summary.files == 3
    assert not FundingRequest.objects.filter(pk=later).exists() and len(ids) == 2
    assert not stray.exists()
    assert _downloads(client, people["manager"]) == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damage", ["truncated", "altered", "not_an_archive"])
def test_a_damaged_archive_is_refused_in_french_and_changes_nothing(
    people, new_request, walk, tmp_path, damage
):
    _documents(people, new_request, walk)
    path = tmp_path / "b.tar"
    backup_write(path)
    content = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(content[: len(content) // 2])
    elif damage == "altered":
        _replace_member(path, "database.")
    else:
        path.write_bytes(b"PK\x03\x04 pas une sauvegarde")
    requests = FundingRequest.objects.count()
    with pytest.raises(CommandError, match="Restauration impossible") as refused:
        call_command("restore", str(path), "--apply", stdout=io.StringIO())
    assert refused.value.returncode == 2
    assert FundingRequest.objects.count() == requests == 2


def _replace_member(path, prefix: str) -> None:
    """Rewrite the archive with the database member's bytes changed (same size)."""
    with tarfile.open(path) as archive:
        members = [(m, archive.extractfile(m).read()) for m in archive.getmembers()]
    with tarfile.open(path, "w") as archive:
        for member, data in members:
            if member.name.startswith(prefix):
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            archive.addfile(member, io.BytesIO(data))
