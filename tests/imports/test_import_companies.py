import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from relance.companies.models import Company, Situation

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEADER = "siren;name;naf;headcount;department;idcc;in_difficulty_on_2019_12_31;ceasing_activity;pse_negotiation;declared_state_aid;situation_kind;situation_start;situation_end;evidence"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import", *args, "--quiet", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_example_file_is_dry_by_default_then_imported_then_unchanged(reference):
    assert "À blanc" in run("companies", str(EXAMPLES / "companies.csv"))
    assert Company.objects.count() == 0
    assert run("companies", str(EXAMPLES / "companies.csv"), "--apply").startswith("2 créée(s)")
    forges = Company.objects.get(siren="552100554")
    assert forges.branch.code == "metallurgie" and forges.situations.count() == 2
    assert str(Company.objects.get(siren="542107651").declared_state_aid) == "12500.00"
    assert "0 créée(s), 0 mise(s) à jour, 2 inchangée(s)" in run(
        "companies", str(EXAMPLES / "companies.csv"), "--apply"
    )
    assert Situation.objects.count() == 3


def test_windows_1252_with_commas_and_decimal_points_is_understood(reference, tmp_path):
    path = tmp_path / "export.csv"
    lines = [
        HEADER.replace(";", ","),
        "552100554,Société Générale de Mécanique,2562B,12,69,3248,non,non,non,1500.50,partial_activity,01/03/2021,,AP-1",
    ]
    path.write_bytes("\n".join(lines).encode("cp1252"))
    run("companies", str(path), "--apply")
    company = Company.objects.get()
    assert (
        company.name == "Société Générale de Mécanique"
        and str(company.declared_state_aid) == "1500.50"
    )


def test_every_rejected_row_is_reported_with_line_column_and_french_reason(reference, tmp_path):
    path = tmp_path / "entreprises.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                "552100554;Bonne;2562B;12;69;3248;non;non;non;0;;;;",
                "552100555;Mauvais SIREN;2562B;12;69;3248;non;non;non;0;;;;",
                "732829320;IDCC inconnu;2562B;douze;69;9999;peut-être;non;non;0;;;;",
                "=cmd|' /C calc'!A0;Injection;2562B;1;69;3248;non;non;non;0;;;;",
            ]
        ),
        encoding="utf-8",
    )
    summary = run("companies", str(path), "--apply", "--report", str(tmp_path / "rejets.csv"))
    assert summary.startswith("1 créée(s)") and "3 ligne(s) rejetée(s)" in summary
    rows = list(
        csv.reader(
            io.StringIO((tmp_path / "rejets.csv").read_text(encoding="utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0] == ["ligne", "colonne", "motif"]
    reasons = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert "clé de contrôle" in reasons[("3", "siren")]
    assert reasons[("4", "headcount")].startswith("nombre attendu") and reasons[
        ("4", "in_difficulty_on_2019_12_31")
    ].startswith("oui ou non")
    assert all(not cell.startswith("=") for r in rows for cell in r)
    assert Company.objects.count() == 1


def test_an_xlsx_file_imports_like_a_csv(reference, tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADER.split(";"))
    workbook.active.append(
        [
            "552100554",
            "Forges",
            "2562B",
            40,
            "69",
            "3248",
            "non",
            "non",
            "non",
            0,
            "partial_activity",
            "01/03/2021",
            None,
            "AP",
        ]
    )
    workbook.save(tmp_path / "entreprises.xlsx")
    assert run("companies", str(tmp_path / "entreprises.xlsx"), "--apply").startswith("1 créée(s)")


def test_an_updated_row_updates_the_company_and_replaces_its_situations(reference, tmp_path):
    run("companies", str(EXAMPLES / "companies.csv"), "--apply")
    path = tmp_path / "maj.csv"
    path.write_text(
        HEADER
        + "\n552100554;Forges du Rhône;2562B;150;69;3248;non;non;non;0;difficulty;01/06/2021;;EXP\n",
        encoding="utf-8",
    )
    assert run("companies", str(path), "--apply").startswith("0 créée(s), 1 mise(s) à jour")
    company = Company.objects.get(siren="552100554")
    assert company.headcount == 150 and list(company.situations.values_list("kind", flat=True)) == [
        "difficulty"
    ]


def test_a_binary_file_is_refused(reference, tmp_path):
    path = tmp_path / "virus.csv"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00")
    with pytest.raises(CommandError, match="binaire"):
        run("companies", str(path))
