import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relance.funding.models import FundingRequest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def companies(reference, today):
    call_command(
        "import",
        "companies",
        str(EXAMPLES / "companies.csv"),
        "--apply",
        "--quiet",
        stdout=io.StringIO(),
    )


@pytest.fixture
def run(tmp_path):
    def call(*args) -> str:
        out = io.StringIO()
        call_command(
            "import",
            "requests",
            *args,
            "--quiet",
            "--report",
            str(tmp_path / "rejets.csv"),
            stdout=out,
            stderr=io.StringIO(),
        )
        return out.getvalue()

    return call


def test_the_example_workbook_imports_once(companies, people, run):
    manager = people["manager"].username
    assert "À blanc" in run(str(EXAMPLES / "requests.xlsx"), "--as", manager)
    assert FundingRequest.objects.count() == 0
    assert run(str(EXAMPLES / "requests.xlsx"), "--as", manager, "--apply").startswith("2 créée(s)")
    request = FundingRequest.objects.get(reference="FR-2021-001")
    assert (
        request.actions.count() == 1
        and request.trainees.count() == 3
        and str(request.filed_on) == "2021-09-15"
    )
    assert "2 inchangée(s)" in run(str(EXAMPLES / "requests.xlsx"), "--as", manager, "--apply")


def test_json_lines_in_the_api_shape_import_and_can_be_submitted(companies, people, run):
    summary = run(
        str(EXAMPLES / "requests.jsonl"), "--as", people["adviser"].username, "--apply", "--submit"
    )
    assert summary.startswith("1 créée(s)")
    assert FundingRequest.objects.get(reference="FR-2021-003").status == "submitted"


def test_an_import_needs_an_adviser_or_manager(companies, people, run):
    with pytest.raises(CommandError, match="--as"):
        run(str(EXAMPLES / "requests.jsonl"), "--as", people["company"].username)
