"""Statistical secrecy that holds: no hidden cell of the public bilan can be recovered by
difference, in any breakdown and any export."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from relance.funding import money, services
from relance.funding.data import RequestData, TraineeData
from relance.reference.models import Department
from relance.reports.document import bilan_build
from relance.reports.exports import render
from relance.reports.queries import report_figures
from relance.reports.variants import SECRECY_THRESHOLD, protect, public_figures
from tests.factories import CompanyFactory, SituationFactory
from tests.workflow import action_data

AS_OF = dt.date(2021, 9, 15)
SECRET = Decimal("15000.00")  # the cost of the one company of Île-de-France


def approved(people, *, department: str, cost: Decimal, headcount=40, pathway="anticipation"):
    company = CompanyFactory(
        headcount=headcount, department=Department.objects.get(code=department)
    )
    SituationFactory(company=company, kind="partial_activity", start=dt.date(2021, 3, 1))
    data = RequestData(
        siren=company.siren,
        aid_regime="gber",
        pathway=pathway,
        training_actions=[action_data(cost)],
        trainees=[TraineeData("MAT-1", "permanent")],
    )
    request, _ = services.request_create(actor=people["manager"], data=data)
    services.request_submit(actor=people["manager"], request_id=request.pk)
    services.request_review(actor=people["manager"], request_id=request.pk)
    money.request_approve(actor=people["manager"], request_id=request.pk)


@pytest.fixture
def one_secret_delegation(people):
    """Three companies in Auvergne-Rhône-Alpes, four in Occitanie, one in Île-de-France: the
    last one alone, 15 000 €, larger than 1 000 employees, under its own pathway."""
    for cost in ("12000.00", "11000.00", "10000.00"):
        approved(people, department="69", cost=Decimal(cost))
    for cost in ("9000.00", "9000.00", "9000.00", "9000.00"):
        approved(people, department="31", cost=Decimal(cost))
    approved(people, department="75", cost=SECRET, headcount=2000, pathway="reconversion")


def hidden_companies_of(rows: list[dict], full_rows: list[dict]) -> tuple[int, int]:
    """How many rows are hidden and how many companies they describe together."""
    hidden = [full for row, full in zip(rows, full_rows, strict=True) if row.get("secret")]
    return len(hidden), sum(full["beneficiary_companies"] for full in hidden)


def assert_nothing_recoverable(public: dict, full: dict) -> None:
    """In each breakdown whose total is shown, the hidden rows are none, or at least two
    describing together at least 3 companies: their sum isolates no company."""
    breakdowns = {
        "delegations": (public["delegations"], full["delegations"], "net_commitments"),
        "branches": (public["branches"], full["branches"], "net_commitments"),
        "size_bands": (public["size_bands"], full["size_bands"], "beneficiary_companies"),
        "pathways": (
            list(public["pathways"].values()),
            list(full["pathways"].values()),
            "employees_trained",
        ),
    }
    for name, (rows, full_rows, total) in breakdowns.items():
        count, companies = hidden_companies_of(rows, full_rows)
        if count and public[total] is not None:
            assert count >= 2 and companies >= SECRECY_THRESHOLD, (name, count, companies)
        for row in rows:
            assert row.get("secret") or not 0 < row["beneficiary_companies"] < SECRECY_THRESHOLD


def test_one_hidden_delegation_takes_the_next_smallest_with_it(one_secret_delegation):
    full = report_figures(year=2021, as_of=AS_OF)
    public = public_figures(full)
    hidden = {d["code"] for d in public["delegations"] if d.get("secret")}
    assert hidden == {"IDF", "ARA"}  # ARA: 3 companies, fewer than Occitanie's 4
    net = {d["code"]: Decimal(d["net_commitments"]) for d in full["delegations"]}
    visible = sum(
        Decimal(d["net_commitments"]) for d in public["delegations"] if not d.get("secret")
    )
    assert public["net_commitments"] == full["net_commitments"]  # the total stays published
    assert Decimal(public["net_commitments"]) - visible == net["IDF"] + net["ARA"]
    assert_nothing_recoverable(public, full)


def test_every_breakdown_of_the_public_bilan_protects_its_hidden_cells(one_secret_delegation):
    full = report_figures(year=2021, as_of=AS_OF)
    public = public_figures(full)
    assert_nothing_recoverable(public, full)
    bands = {b["code"]: b for b in public["size_bands"]}
    assert bands["gt1000"]["secret"] and bands["lt50"]["secret"]  # only two non-empty bands
    assert public["small_companies"] == {"count": None, "share": None}  # it would give lt50
    assert public["pathways"]["reconversion"]["secret"]
    assert public["pathways"]["anticipation"]["secret"]


def _delegation_rows_of_every_export(bilan) -> dict[str, list[list[str]]]:
    """The delegations table as each export shows it, one list of cells per row."""
    sheets = {}
    text = render(bilan, "csv").decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    start = lines.index(["Délégations"]) + 2
    sheets["csv"] = lines[start : lines.index([], start)]
    book = load_workbook(io.BytesIO(render(bilan, "xlsx")))
    sheets["xlsx"] = [
        ["" if v is None else str(v) for v in row]
        for row in book["Délégations"].iter_rows(min_row=2, values_only=True)
    ]
    md = render(bilan, "md").decode().split("## Délégations régionales")[1].split("## ")[0]
    sheets["md"] = [line.split(" | ") for line in md.splitlines() if line.startswith("| ")][1:]
    data = json.loads(render(bilan, "json"))
    sheets["json"] = [[str(d["net_commitments"] or "")] for d in data["delegations"]]
    return sheets


def test_every_export_of_the_public_bilan_hides_the_same_cells(one_secret_delegation):
    secret = next(
        d for d in report_figures(year=2021, as_of=AS_OF)["delegations"] if d["code"] == "IDF"
    )
    spellings = _spellings(Decimal(secret["net_commitments"]))
    bilan = bilan_build(year=2021, as_of=AS_OF, public=True, with_charts=False)
    for fmt, rows in _delegation_rows_of_every_export(bilan).items():
        masked = [row for row in rows if any(c in ("", "secret statistique", "—") for c in row)]
        assert len(masked) == 2, (fmt, rows)
        assert not any(s in cell for row in rows for cell in row for s in spellings), fmt
    html = render(bilan, "html").decode()
    assert html.count("secret statistique") >= 2
    assert not any(s in html for s in spellings)


def _spellings(amount: Decimal) -> list[str]:
    from relance.reports.formatting import fr_money

    return [str(amount), f"{amount:.2f}".replace(".", ","), fr_money(amount), str(float(amount))]


def test_a_bilan_of_fewer_than_3_companies_hides_its_totals(people):
    approved(people, department="69", cost=SECRET)
    approved(people, department="75", cost=Decimal("5000.00"))
    bilan = bilan_build(year=2021, as_of=AS_OF, public=True, with_charts=True)
    public = bilan.figures
    assert public["net_commitments"] is None and public["beneficiary_companies"] is None
    assert public["employees_trained"] is None
    assert all(m["cumulative_net"] is None for m in public["monthly"])
    assert "secret statistique" in " ".join(bilan.paragraphs)
    full = report_figures(year=2021, as_of=AS_OF)
    amounts = [Decimal(d["net_commitments"]) for d in full["delegations"]]
    spellings = [s for amount in amounts if amount for s in _spellings(amount)]
    spellings += _spellings(Decimal(full["net_commitments"]))
    for fmt in ("json", "csv", "md", "html"):
        content = render(bilan, fmt).decode("utf-8-sig")
        assert not any(s in content for s in spellings), fmt


ROWS = st.lists(st.integers(0, 12), min_size=1, max_size=14)


@given(ROWS)
def test_secondary_suppression_never_leaves_a_lone_or_thin_hidden_group(companies):
    rows = [{"beneficiary_companies": n, "net_commitments": str(n * 1000)} for n in companies]
    protected = protect(rows, lambda r: float(r["net_commitments"]))
    hidden = [n for row, n in zip(rows, companies, strict=True) if row.get("secret")]
    assert all(row.get("secret") for row, n in zip(rows, companies, strict=True) if 0 < n < 3)
    if protected and hidden:
        assert len(hidden) >= 2 and sum(hidden) >= SECRECY_THRESHOLD
    if not protected:
        assert 0 < sum(companies) < SECRECY_THRESHOLD
    assert not any(row.get("secret") for row, n in zip(rows, companies, strict=True) if n == 0)
