"""The 2022 sources' new inputs along the whole chain: a company's turnover and balance sheet
(GBER Annex I) and the trainees' « travailleur handicapé ou défavorisé » flag (GBER art. 31(4)),
from the API and the imports to the stored decision, the pages, and the purge."""

import dataclasses
import datetime as dt
import hashlib
import io
import json
from decimal import Decimal

from django.core.management import call_command

from relance.funding.data import (
    ActionData,
    RequestData,
    TraineeData,
    _canonical,
    request_fingerprint,
)
from relance.funding.models import FundingRequest, Trainee
from relance.www.trainee_paste import parse_trainee_line
from tests.workflow import trainee


def company_figures(people, turnover: str | None, balance_sheet: str | None) -> None:
    company = people["the_company"]
    company.annual_turnover = None if turnover is None else Decimal(turnover)
    company.balance_sheet_total = None if balance_sheet is None else Decimal(balance_sheet)
    company.save()


def decision(api, people, request_id: int) -> dict:
    return api.get(people["adviser"], f"/requests/{request_id}").json()["decision"]


def test_a_40_employee_company_with_60_meur_turnover_and_50_meur_balance_sheet_gets_gbers_large_rate(
    api, people, new_request, walk
):
    company_figures(people, "60000000.00", "50000000.00")
    walk(request_id := new_request(aid_regime="gber"), "submitted")
    answer = decision(api, people, request_id)
    assert (answer["rate"], answer["funded_amount"]) == ("0.50", "6000.00")
    stored = FundingRequest.objects.get(pk=request_id).decision_inputs["company"]
    assert (stored["annual_turnover"], stored["balance_sheet_total"]) == (
        "60000000.00",
        "50000000.00",
    )


def test_without_financial_figures_headcount_alone_decides_and_the_stored_input_is_unchanged(
    api, people, new_request, walk
):
    walk(request_id := new_request(aid_regime="gber"), "submitted")
    assert decision(api, people, request_id)["rate"] == "0.70"
    stored = FundingRequest.objects.get(pk=request_id).decision_inputs
    assert "annual_turnover" not in stored["company"]
    assert "disadvantaged" not in stored["trainees"][0]


def test_a_disadvantaged_trainee_raises_gbers_rate_by_10_points_for_their_head(
    api, people, new_request, walk
):
    company_figures(people, "20000000.00", None)  # 40 employees, 20 M€: medium, 60 %
    trainees = [trainee("MAT-001"), trainee("MAT-002", disadvantaged=True)]
    walk(request_id := new_request(aid_regime="gber", trainees=trainees), "submitted")
    answer = decision(api, people, request_id)
    # 12 000 € split by head: 6 000 × 60 % + 6 000 × 70 %.
    assert (answer["rate"], answer["funded_amount"]) == ("0.60", "7800.00")
    uplift = [r for r in answer["reasons"] if r["code"] == "disadvantaged_uplift"]
    assert len(uplift) == 1 and not uplift[0]["blocking"]


def test_only_the_staff_who_instruct_the_request_see_the_disadvantaged_flag(
    api, people, new_request, client
):
    trainees = [trainee("MAT-001", disadvantaged=True)]
    request_id = new_request(aid_regime="gber", trainees=trainees)
    seen = {
        role: api.get(people[role], f"/requests/{request_id}").json()["trainees"][0][
            "disadvantaged"
        ]
        for role in ("company", "adviser", "manager", "auditor", "finance")
    }
    assert seen == {
        "company": None,
        "adviser": True,
        "manager": True,
        "auditor": None,
        "finance": None,
    }
    client.force_login(people["adviser"])
    assert "Travailleur handicapé ou défavorisé" in client.get(f"/demandes/{request_id}/").text
    client.force_login(people["company"])
    assert "Travailleur handicapé ou défavorisé" not in client.get(f"/demandes/{request_id}/").text


def test_the_company_api_reads_and_writes_turnover_and_balance_sheet(api, people):
    company = people["the_company"]
    body = {
        "siren": company.siren,
        "name": company.name,
        "naf": company.naf,
        "headcount": 40,
        "department": "69",
        "idcc": company.idcc,
        "annual_turnover": "60000000.00",
        "balance_sheet_total": "50000000.00",
    }
    response = api.post(people["manager"], "/companies", body)
    assert response.status_code == 200, response.content
    answer = api.get(people["manager"], f"/companies/{company.siren}").json()
    assert (answer["annual_turnover"], answer["balance_sheet_total"]) == (
        "60000000.00",
        "50000000.00",
    )
    negative = api.post(people["manager"], "/companies", {**body, "annual_turnover": "-1"})
    assert negative.status_code == 422
    assert [e["field"] for e in negative.json()["errors"]] == ["annual_turnover"]
    absent = {k: v for k, v in body.items() if k != "balance_sheet_total"}
    api.post(people["manager"], "/companies", absent)
    assert (
        api.get(people["manager"], f"/companies/{company.siren}").json()["balance_sheet_total"]
        is None
    )


def test_the_company_import_reads_turnover_and_balance_sheet_columns(reference, tmp_path):
    from relance.companies.models import Company

    path = tmp_path / "companies.csv"
    path.write_text(
        "siren;name;naf;headcount;department;idcc;annual_turnover;balance_sheet_total;"
        "situation_kind;situation_start\n"
        "552100554;Forges;2550A;40;69;1867;60 000 000,00;;partial_activity;01/03/2021\n",
        encoding="utf-8",
    )
    call_command("import", "companies", str(path), "--apply", "--quiet", stdout=io.StringIO())
    company = Company.objects.get(siren="552100554")
    assert company.annual_turnover == Decimal("60000000.00")
    assert company.balance_sheet_total is None
    assert company.branch.code == "metallurgie"  # IDCC 1867: a territorial metallurgy agreement


def test_the_form_reads_a_fifth_column_for_disadvantaged_workers():
    assert parse_trainee_line("MAT-003;CDI;;non;oui")["disadvantaged"] is True
    assert parse_trainee_line("MAT-004;CDI")["disadvantaged"] is False


def test_a_request_without_disadvantaged_trainees_keeps_its_earlier_fingerprint():
    action = ActionData(
        "Soudure",
        "55210055400013",
        "11755555575",
        Decimal("35"),
        dt.date(2021, 10, 1),
        dt.date(2021, 12, 1),
        Decimal("1000.00"),
    )
    data = RequestData(
        siren="552100554",
        aid_regime="gber",
        pathway="anticipation",
        training_actions=[action],
        trainees=[TraineeData("MAT-001", "permanent")],
    )
    shape = dataclasses.asdict(data)
    del shape["trainees"][0]["disadvantaged"]  # the shape before the flag existed
    canonical = json.dumps(shape, sort_keys=True, default=_canonical)
    earlier = hashlib.sha256(canonical.encode()).hexdigest()
    assert request_fingerprint(data) == earlier
    flagged = TraineeData("MAT-001", "permanent", disadvantaged=True)
    assert request_fingerprint(dataclasses.replace(data, trainees=[flagged])) != earlier


def test_purge_clears_the_disadvantaged_flag_of_paid_requests_from_trainees_and_stored_inputs(
    api, people, new_request, walk
):
    trainees = [trainee("MAT-001", disadvantaged=True)]
    walk(paid := new_request(trainees=trainees), "paid")  # 100 %: the walk pays 12 000 €
    out = io.StringIO()
    call_command("purge", "--before", "2022", stdout=out)
    assert "1 mention(s)" in out.getvalue() and Trainee.objects.get(request_id=paid).disadvantaged
    call_command("purge", "--before", "2022", "--apply", stdout=io.StringIO())
    assert not Trainee.objects.get(request_id=paid).disadvantaged
    stored = FundingRequest.objects.get(pk=paid).decision_inputs["trainees"][0]
    assert "disadvantaged" not in stored
