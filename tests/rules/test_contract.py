import json
import subprocess
import sys
from pathlib import Path

import pytest

from relance.rules.contract import evaluate_json, loads
from tests.rules.builders import build

RELANCE = str(Path(sys.executable).parent / "relance")


def fields(answer: dict) -> dict[str, str]:
    return {e["field"]: e["code"] for e in answer["errors"]}


def test_every_input_problem_is_listed_with_its_field():
    data = build(
        company={
            "headcount": "beaucoup",
            "surprise": 1,
            "situations": [{"kind": "chomage", "start": "2021-02-30", "end": None}],
        },
        training={"cost": "-5", "start": "2021-10-01", "end": "2021-09-01"},
        trainees=[{"contract": "interim", "contract_end": None}],
        aid_regime="autre",
    )
    del data["pathway"]
    assert fields(evaluate_json(data)) == {
        "company.headcount": "invalid_integer",
        "company.surprise": "unexpected_field",
        "company.situations[0].kind": "invalid_choice",
        "company.situations[0].start": "impossible_date",
        "training.cost": "negative_amount",
        "training.end": "end_before_start",
        "trainees[0].leaving_under_pse_or_rcc": "missing",
        "trainees[0].contract": "invalid_choice",
        "aid_regime": "invalid_choice",
        "pathway": "missing",
    }


def test_a_filing_date_before_the_first_rules_is_an_input_error():
    assert fields(evaluate_json(build(filed_on="2020-12-31"))) == {"filed_on": "before_first_rules"}


def test_a_fixed_term_contract_needs_its_end_date():
    data = build(
        trainees=[
            {"contract": "fixed_term", "contract_end": None, "leaving_under_pse_or_rcc": False}
        ]
    )
    assert fields(evaluate_json(data)) == {"trainees[0].contract_end": "missing_contract_end"}


def test_amounts_may_be_json_numbers_and_keep_their_cents():
    data = loads(json.dumps(build()).replace('"12000.00"', "12000.10"))
    assert evaluate_json(data)["funded_amount"] == "8400.07"


def test_errors_are_french_and_have_the_contract_shape():
    answer = evaluate_json({"filed_on": "hier"})
    assert all(set(e) == {"field", "code", "message"} for e in answer["errors"])
    assert "AAAA-MM-JJ" in next(e["message"] for e in answer["errors"] if e["field"] == "filed_on")


def run(*args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [RELANCE, "evaluate", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
    )


def test_evaluate_reads_stdin_and_needs_no_database():
    result = run(stdin=json.dumps(build()))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["funded_amount"] == "8400.00"


def test_evaluate_reads_a_file_path(tmp_path):
    path = tmp_path / "demande.json"
    path.write_text(json.dumps(build()), encoding="utf-8")
    assert json.loads(run(str(path), stdin="").stdout)["eligible"] is True


def test_evaluate_exits_2_on_invalid_input_with_errors_on_stdout():
    result = run("-", stdin='{"filed_on": 3}')
    assert result.returncode == 2
    assert "errors" in json.loads(result.stdout)


@pytest.mark.parametrize("batch_input", ["file", "stdin"])
def test_batch_answers_one_line_per_line_in_order_and_exits_2_if_any_was_invalid(
    tmp_path, batch_input
):
    lines = [
        json.dumps(build()),
        "{pas du json",
        json.dumps(build(aid_regime="gber")),
        json.dumps({"x": 1}),
    ]
    text = "\n".join(lines) + "\n"
    if batch_input == "file":
        (tmp_path / "in.jsonl").write_text(text)
        result = run("--batch", str(tmp_path / "in.jsonl"), stdin="")
    else:
        result = run("--batch", stdin=text)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 2
    assert [("errors" in a) for a in answers] == [False, True, False, True]
    assert answers[0]["rate"] == "0.70" and answers[2]["rate"] == "0.50"
    assert answers[1]["errors"][0]["code"] == "invalid_json"


def test_batch_with_only_valid_lines_exits_0():
    result = run("--batch", stdin=json.dumps(build()) + "\n" + json.dumps(build()) + "\n")
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 2


def test_values_of_the_wrong_json_type_are_input_errors_not_crashes():
    data = build(
        trainees=[{"contract": {}, "contract_end": None, "leaving_under_pse_or_rcc": False}],
        company={"situations": [{"kind": ["ap"], "start": "2021-01-01", "end": None}]},
        pathway={"a": 1},
    )
    assert fields(evaluate_json(data)) == {
        "trainees[0].contract": "invalid_choice",
        "company.situations[0].kind": "invalid_choice",
        "pathway": "invalid_choice",
    }


def test_absurd_amounts_and_dates_are_input_errors_not_crashes():
    data = build(
        training={"cost": "320548085693827008408971917", "start": "9999-06-01", "end": "9999-12-31"}
    )
    assert fields(evaluate_json(data)) == {
        "training.cost": "amount_too_large",
        "training.start": "impossible_date",
        "training.end": "impossible_date",
    }
