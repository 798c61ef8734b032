"""`relance export-inputs` and `relance simulate` on a few requests whose answer is known."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relance.funding.models import FundingRequest
from relance.rules.reforms import load
from relance.simulations import services
from tests.simulations.test_simulate import REFORMS
from tests.workflow import request_via_services

METALLURGY_60 = str(REFORMS[1])


@pytest.fixture
def three_requests(people):
    """A 40-employee metallurgy company on short time: 35 hours of training for 12 000 € and
    6 000 € (submitted, so decided), and a draft."""
    company, user = people["the_company"], people["manager"]
    for cost, until in (("12000.00", "submitted"), ("6000.00", "in_review"), ("500.00", "draft")):
        request_via_services(company, user, cost=cost, until=until)
    return people


def export(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("export_inputs", "--year", "2021", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_export_inputs_writes_the_stored_input_of_each_decided_request_of_the_year(three_requests):
    decided = FundingRequest.objects.filter(envelope__year=2021, decision_inputs__isnull=False)
    assert export() == [r.decision_inputs for r in decided.order_by("pk")]
    assert [line["training"]["cost"] for line in export("--status", "in_review")] == ["6000.00"]
    assert export("--status", "paid") == []


def test_simulate_answers_the_json_of_the_issue_with_a_known_difference(three_requests):
    out = io.StringIO()
    call_command("simulate", "--year", "2021", "--reform", METALLURGY_60, stdout=out)
    result = json.loads(out.getvalue())
    both = {"eligible": 2, "funded": "18000.00"}
    capped = {"eligible": 2, "funded": "4200.00"}  # 60 € × 35 hours, twice
    assert result == {
        "year": 2021,
        "reform": "metallurgie-60-euros-heure",
        "requests": 2,
        "actual": both,
        "simulated": capped,
        "difference": "-13800.00",
        "newly_ineligible": 0,
        "newly_eligible": 0,
        "by_delegation": [{"code": "ARA", "actual": both, "simulated": capped}],
        "by_branch": [{"code": "metallurgie", "actual": both, "simulated": capped}],
        "by_size_band": [{"code": "lt50", "actual": both, "simulated": capped}],
        "by_pathway": [{"code": "anticipation", "actual": both, "simulated": capped}],
    }


def test_simulate_refuses_a_reform_file_with_its_reason_and_xlsx_without_output(
    three_requests, tmp_path
):
    (tmp_path / "bad.toml").write_text(
        'name = "x"\ndescription = ""\n[[changes]]\npath = "cap"\nvalue = 1\n'
    )
    with pytest.raises(CommandError, match="« cap » n'est pas un paramètre"):
        call_command("simulate", "--year", "2021", "--reform", str(tmp_path / "bad.toml"))
    with pytest.raises(CommandError, match="--output"):
        call_command("simulate", "--year", "2021", "--reform", METALLURGY_60, "--format", "xlsx")


@pytest.mark.django_db(transaction=True)  # the forked workers read what the test wrote
def test_judging_in_two_processes_gives_the_same_summary_and_changes_as_in_one(
    three_requests, monkeypatch
):
    reform = load(METALLURGY_60)
    serial = services.simulation_compute(year=2021, reform=reform)
    monkeypatch.setattr(services, "PARALLEL_FROM", 1)
    monkeypatch.setattr(services, "PART_SIZE", 1)
    steps = []
    parallel = services.simulation_compute(
        year=2021, reform=reform, progress=lambda done, total: steps.append((done, total))
    )
    assert parallel == serial
    assert serial[0]["requests"] == 2 and serial[0]["simulated"]["funded"] == "4200.00"
    assert steps == [(1, 2), (2, 2)]
