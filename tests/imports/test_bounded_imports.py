"""Hostile imports are refused early, in French, and a failing import job says so."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from benchmarks.xlsx_bombs import write_bomb
from relance.companies.models import Company
from relance.imports import tasks
from relance.imports.models import ImportJob
from relance.tasks.models import TaskRun

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> str:
    out = io.StringIO()
    call_command("import", *args, "--quiet", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def small_limits(settings):
    settings.RELANCE_MAX_IMPORT_UNCOMPRESSED = 1_000_000
    settings.RELANCE_MAX_IMPORT_ROWS = 10


def test_an_xlsx_whose_sheet_would_decompress_past_the_limit_is_refused_before_reading(
    reference, small_limits, tmp_path, monkeypatch
):
    bomb = write_bomb(tmp_path / "bombe.xlsx", 5_000_000)
    assert bomb.stat().st_size < 50_000
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("read the bomb"))
    with pytest.raises(CommandError, match="ferait 5 Mo une fois décompressée") as refused:
        run("companies", str(bomb), "--apply")
    assert refused.value.returncode == 2


def test_the_command_line_refuses_a_bomb_with_exit_2_and_a_french_message(tmp_path):
    bomb = write_bomb(tmp_path / "bombe.xlsx", 5_000_000)
    env = {**os.environ, "RELANCE_MAX_IMPORT_UNCOMPRESSED": "1000000"}
    result = subprocess.run(
        [sys.executable, "-m", "relance.cli", "import", "companies", str(bomb)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Classeur refusé" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_companies_file_with_more_rows_than_the_limit_is_refused_and_nothing_written(
    reference, small_limits, tmp_path, kind
):
    rows = (EXAMPLES / "companies.csv").read_text().splitlines()
    header, row = rows[0], rows[1]
    path = tmp_path / f"entreprises.{kind}"
    if kind == "csv":
        path.write_text("\n".join([header] + [row] * 11))
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        for line in [header] + [row] * 11:
            workbook.active.append(line.split(";"))
        workbook.save(path)
    with pytest.raises(CommandError, match="plus de 10 lignes"):
        run("companies", str(path), "--apply")
    assert not Company.objects.exists()


def test_a_json_lines_file_with_more_lines_than_the_limit_is_refused(
    reference, small_limits, tmp_path, people
):
    path = tmp_path / "demandes.jsonl"
    path.write_text("\n".join(json.dumps({"siren": "552100554"}) for _ in range(11)))
    with pytest.raises(CommandError, match="plus de 10 lignes"):
        run("requests", str(path), "--as", people["manager"].username)


def test_the_import_page_refuses_a_bomb_before_any_task_starts(
    client, people, small_limits, tmp_path
):
    client.force_login(people["manager"])
    bomb = write_bomb(tmp_path / "b.xlsx", 5_000_000)
    upload = SimpleUploadedFile("entreprises.xlsx", bomb.read_bytes())
    response = client.post("/imports/", {"kind": "companies", "file": upload})
    assert response.status_code == 200
    assert "ferait 5 Mo une fois décompressée" in response.content.decode()
    assert not ImportJob.objects.exists()


def _job(people, content: bytes, name: str = "entreprises.xlsx") -> ImportJob:
    return ImportJob.objects.create(
        kind=ImportJob.Kind.COMPANIES,
        created_by=people["manager"],
        original_name=name,
        file=ContentFile(content, name=name),
    )


def test_an_import_job_given_a_bomb_ends_failed_with_its_reason(people, small_limits, tmp_path):
    job = _job(people, write_bomb(tmp_path / "b.xlsx", 5_000_000).read_bytes())
    tasks.run_import_job(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and "ferait 5 Mo" in job.summary


def test_an_import_job_that_breaks_unexpectedly_ends_failed_not_running(people, monkeypatch):
    job = _job(people, (EXAMPLES / "companies.csv").read_bytes(), "entreprises.csv")

    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(tasks, "import_companies", broken)
    with pytest.raises(MemoryError):
        tasks.run_import_job(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and "MemoryError" in job.summary


def test_a_job_whose_run_was_given_up_shows_failed_with_the_reason(client, people):
    job = _job(people, b"siren;name\n", "entreprises.csv")
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
    TaskRun.objects.create(
        task_path=tasks.RUN_PATH,
        args=[job.pk],
        queue_name="long",
        state=TaskRun.State.FAILED,
        error="abandonnée après 5 tentatives (worker arrêté à chaque fois)",
    )
    client.force_login(people["manager"])
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "état : <strong>Échouée</strong>" in page and "abandonnée après 5 tentatives" in page
    assert "En cours" not in page
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.FAILED


def test_the_managers_import_list_reads_a_failed_job_as_failed_with_its_reason(
    client, people, small_limits, tmp_path
):
    job = _job(people, write_bomb(tmp_path / "b.xlsx", 5_000_000).read_bytes())
    tasks.run_import_job(job.pk)
    client.force_login(people["manager"])
    page = client.get("/imports/").content.decode()
    assert "— Échouée : Classeur refusé" in page and "ferait 5 Mo" in page
    assert "En cours" not in page


def _companies_file(path: Path, count: int) -> Path:
    """`count` companies; the first one's second situation comes last, far from its first."""
    from stdnum import luhn

    rows = (EXAMPLES / "companies.csv").read_text().splitlines()
    header, first = rows[0], rows[1].split(";")
    lines = [header]
    for n in range(count):
        body = f"{60_000_000 + n:08d}"
        lines.append(";".join([body + luhn.calc_check_digit(body), f"Entreprise {n}", *first[2:]]))
    lines.append(
        lines[1].replace("partial_activity;01/03/2021;31/12/2021", "difficulty;01/06/2021;")
    )
    path.write_text("\n".join(lines))
    return path


def test_a_file_larger_than_memory_holds_is_spilled_to_disk_and_imported_all_the_same(
    reference, tmp_path, monkeypatch
):
    monkeypatch.setattr("relance.imports.companies.SPILL_AFTER", 5)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    path = _companies_file(tmp_path / "entreprises.csv", 40)
    assert run("companies", str(path), "--apply").startswith("40 créée(s)")
    first = Company.objects.get(name="Entreprise 0")
    assert sorted(first.situations.values_list("kind", flat=True)) == [
        "difficulty",
        "partial_activity",
    ]
    assert Company.objects.count() == 40
    assert "0 créée(s), 0 mise(s) à jour, 40 inchangée(s)" in run("companies", str(path), "--apply")
    assert [p.name for p in tmp_path.iterdir()] == ["entreprises.csv"]  # buckets removed


def test_a_spilled_file_past_the_row_limit_writes_nothing(
    reference, small_limits, tmp_path, monkeypatch
):
    monkeypatch.setattr("relance.imports.companies.SPILL_AFTER", 3)
    path = _companies_file(tmp_path / "entreprises.csv", 12)
    with pytest.raises(CommandError, match="plus de 10 lignes"):
        run("companies", str(path), "--apply")
    assert not Company.objects.exists()
