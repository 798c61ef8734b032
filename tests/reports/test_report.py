import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from relance.reports.document import bilan_build
from relance.reports.exports import render
from relance.reports.models import ReportEdition
from relance.reports.narrative import paragraphs
from relance.reports.queries import report_figures
from tests.workflow import action


@pytest.fixture
def small_year(new_request, walk):
    """One company of Auvergne-Rhône-Alpes with two approved requests: 12 000 € and 6 000 €."""
    walk(first := new_request(), "approved")
    walk(new_request(training_actions=[action(cost="6000.00")]), "approved")
    walk(new_request(), "refused")
    return first


def test_the_report_counts_beneficiaries_money_and_employees_from_the_ledger(small_year, people):
    figures = report_figures(year=2021, as_of=dt.date(2021, 9, 15))
    assert figures["beneficiary_companies"] == 1 and figures["net_commitments"] == "18000.00"
    assert figures["employees_trained"] == 1  # the same employee in both requests counts once
    assert figures["pathways"]["anticipation"]["employees"] == 1
    assert (
        figures["delegations"][0]["code"] == "ARA"
        and figures["delegations"][0]["commitment_share"] == 1.0
    )
    assert figures["size_bands"][0] == {
        "code": "lt50",
        "label": "moins de 50 salariés",
        "beneficiary_companies": 1,
        "share": 1.0,
    }
    assert figures["monthly"][8] == {
        "month": "2021-09",
        "committed": "18000.00",
        "released": "0.00",
        "cumulative_net": "18000.00",
    }


def test_figures_are_as_of_the_reports_date(small_year):
    assert report_figures(year=2021, as_of=dt.date(2021, 9, 14))["beneficiary_companies"] == 0


def test_the_public_variant_hides_cells_of_fewer_than_3_companies(small_year):
    public = bilan_build(
        year=2021, as_of=dt.date(2021, 9, 15), public=True, with_charts=False
    ).figures
    ara = next(d for d in public["delegations"] if d["code"] == "ARA")
    assert ara["secret"] and ara["net_commitments"] is None and ara["beneficiary_companies"] is None
    assert public["pathways"]["anticipation"]["employees"] is None
    assert (
        "secret statistique"
        in render(
            bilan_build(year=2021, as_of=dt.date(2021, 9, 15), public=True, with_charts=False), "md"
        ).decode()
    )


def test_the_narrative_names_the_leaders_the_data_gives(reference):
    figures = {
        "year": 2021,
        "as_of": "2022-03-15",
        "envelope": "100.00",
        "net_commitments": "100.00",
        "perimeter_companies": 10,
        "beneficiary_companies": 4,
        "beneficiary_share": 0.4,
        "small_companies": {"count": 3, "share": 0.75},
        "employees_trained": 10,
        "pathways": {"reconversion": {"employees": 10, "share": 1.0}},
        "delegations": [
            {
                "code": "OCC",
                "name": "Occitanie",
                "commitment_share": 0.5,
                "beneficiary_companies": 2,
            },
            {
                "code": "BRE",
                "name": "Bretagne",
                "commitment_share": 0.3,
                "beneficiary_companies": 1,
            },
            {
                "code": "OM",
                "name": "Outre-mer",
                "commitment_share": 0.2,
                "beneficiary_companies": 1,
            },
        ],
        "branches": [
            {"name": "Textile", "net_commitments": "60.00", "commitment_share": 0.6},
            {"name": "Verre", "net_commitments": "30.00", "commitment_share": 0.3},
            {"name": "Cuir", "net_commitments": "10.00", "commitment_share": 0.1},
        ],
    }
    text = " ".join(paragraphs(figures))
    assert (
        "Occitanie (50\u00a0% des engagements nets), Bretagne (30\u00a0%) et Outre-mer (20\u00a0%)"
        in text
    )
    assert "« Textile »" in text and "40\u00a0% des entreprises industrielles" in text


def test_csv_opens_in_french_excel(small_year):
    content = render(
        bilan_build(year=2021, as_of=dt.date(2021, 9, 15), public=False, with_charts=False), "csv"
    )
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert ["Engagements nets", "18000,00", ""] in rows
    assert any(
        r[:2] == ["ARA", "Auvergne-Rhône-Alpes"] and r[2] == "18000,00" and r[3] == "1,000000"
        for r in rows
    )


def test_xlsx_has_real_numbers_formats_one_sheet_per_breakdown_and_frozen_headers(small_year):
    content = render(
        bilan_build(year=2021, as_of=dt.date(2021, 9, 15), public=False, with_charts=False), "xlsx"
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        "Synthèse",
        "Délégations",
        "Branches",
        "Tailles",
        "Parcours",
        "Mensuel",
    ]
    sheet = workbook["Délégations"]
    assert sheet.freeze_panes == "A2"
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "ARA")
    assert row[2].value == 18000.0 and "€" in row[2].number_format
    assert row[3].value == 1.0 and "%" in row[3].number_format


def test_text_cells_cannot_inject_formulas(small_year, people):
    from relance.reference.models import Branch

    Branch.objects.filter(code="chimie").update(name='=HYPERLINK("http://x")')
    bilan = bilan_build(year=2021, as_of=dt.date(2021, 9, 15), public=False, with_charts=False)
    assert "'=HYPERLINK" in render(bilan, "csv").decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(render(bilan, "xlsx")))["Branches"]
    assert any(c.value == '\'=HYPERLINK("http://x")' for c in sheet["B"])


def test_the_command_writes_text_to_stdout_and_refuses_binary_without_output(small_year, tmp_path):
    out = io.StringIO()
    call_command("report", "--year", "2021", "--format", "md", stdout=out)
    assert out.getvalue().startswith("# Bilan 2021 de la Convention Relance Industrie")
    with pytest.raises(CommandError, match="--output"):
        call_command("report", "--year", "2021", "--format", "pdf")
    call_command(
        "report",
        "--year",
        "2021",
        "--format",
        "pdf",
        "--output",
        str(tmp_path / "b.pdf"),
        stderr=io.StringIO(),
    )
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF-")
    html = io.StringIO()
    call_command("report", "--year", "2021", "--format", "html", stdout=html)
    assert '<img src="data:image/svg+xml;base64,' in html.getvalue()


def test_a_published_edition_is_frozen(small_year, api, people, new_request, walk):
    call_command("report", "--year", "2021", "--publish", stdout=io.StringIO())
    edition = ReportEdition.objects.get()
    frozen = json.dumps(edition.figures, sort_keys=True)
    walk(new_request(), "approved")
    edition.refresh_from_db()
    assert json.dumps(edition.figures, sort_keys=True) == frozen and len(edition.content_hash) == 64
    call_command("report", "--year", "2021", "--publish", stdout=io.StringIO())
    assert list(ReportEdition.objects.values_list("number", flat=True)) == [1, 2]


def test_the_charts_are_also_written_as_png_and_svg_files(small_year, tmp_path):
    call_command(
        "report",
        "--year",
        "2021",
        "--format",
        "json",
        "--charts",
        str(tmp_path),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        f"{n}.{f}"
        for n in ("branches", "delegations", "monthly", "pathways", "size_bands")
        for f in ("png", "svg")
    )
    assert (tmp_path / "monthly.png").read_bytes().startswith(b"\x89PNG") and b"<svg" in (
        tmp_path / "monthly.svg"
    ).read_bytes()
