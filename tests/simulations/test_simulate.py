"""`relance export-inputs` and `relance simulate` agree with the rules engine, to the cent."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from relance.budget.models import LedgerEntry
from relance.funding.models import FundingRequest
from relance.rules import batch

EXAMPLES = Path(__file__).parents[2] / "examples" / "reforms"
REFORMS = [EXAMPLES / "large-companies-30.toml", EXAMPLES / "metallurgy-hourly-cap-60.toml"]


def piped_totals(exported: Path, reform: Path | None) -> tuple[int, Decimal]:
    """`relance export-inputs … | relance evaluate --batch [--reform F]`, summed."""
    out = io.StringIO()
    reform_path = str(reform) if reform else None
    assert batch.run(str(exported), batch=True, reform=reform_path, stdout=out) == 0
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    eligible = [a for a in answers if a["eligible"]]
    return len(eligible), sum((Decimal(a["funded_amount"]) for a in eligible), Decimal("0.00"))


@pytest.mark.slow
@pytest.mark.serial  # forks a process pool, which reads the un-suffixed test database
@pytest.mark.django_db(transaction=True)  # committed, so the forked processes judge the year
def test_simulate_agrees_to_the_cent_with_export_inputs_piped_into_evaluate_batch(
    reference, tmp_path
):
    call_command("demo", "--year", "2021", "--quiet", stdout=io.StringIO())
    ledger_before = LedgerEntry.objects.count()
    exported = io.StringIO()
    call_command("export_inputs", "--year", "2021", stdout=exported)
    lines = exported.getvalue()
    (tmp_path / "inputs.jsonl").write_text(lines)
    decided = FundingRequest.objects.filter(envelope__year=2021, decision_inputs__isnull=False)
    assert len(lines.splitlines()) == decided.count() > 10_000
    actual = piped_totals(tmp_path / "inputs.jsonl", None)
    for reform in REFORMS:
        out = io.StringIO()
        call_command(
            "simulate", "--year", "2021", "--reform", str(reform), "--format", "json", stdout=out
        )
        result = json.loads(out.getvalue())
        simulated = piped_totals(tmp_path / "inputs.jsonl", reform)
        assert (result["actual"]["eligible"], Decimal(result["actual"]["funded"])) == actual
        assert (
            result["simulated"]["eligible"],
            Decimal(result["simulated"]["funded"]),
        ) == simulated
        assert Decimal(result["difference"]) == simulated[1] - actual[1] < 0
        assert result["requests"] == decided.count()
        for axis in ("by_delegation", "by_branch", "by_size_band", "by_pathway"):
            assert sum(Decimal(r["simulated"]["funded"]) for r in result[axis]) == simulated[1]
    assert LedgerEntry.objects.count() == ledger_before
    reform = str(REFORMS[1])
    call_command(
        "simulate",
        "--year",
        "2021",
        "--reform",
        reform,
        "--format",
        "xlsx",
        "--output",
        str(tmp_path / "s.xlsx"),
    )
    book = load_workbook(tmp_path / "s.xlsx")
    assert book.sheetnames[:2] == ["Synthèse", "Délégations"]
    assert book["Synthèse"]["C5"].value == float(result["difference"])
    markdown = io.StringIO()
    call_command(
        "simulate", "--year", "2021", "--reform", reform, "--format", "md", stdout=markdown
    )
    assert "| ARA |" in markdown.getvalue()
