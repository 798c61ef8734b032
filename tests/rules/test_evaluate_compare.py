"""`relance evaluate --compare`: the same answer as POST /api/v1/evaluations/compare."""

import json

from relance.rules.comparison import compare
from tests.rules.builders import build
from tests.rules.test_comparison import without_regime
from tests.rules.test_contract import run


def test_compare_reads_a_request_without_regime_and_writes_the_comparison():
    payload = without_regime(build(company={"state_aid_received": "1800000.00"}))
    result = run("--compare", stdin=json.dumps(payload))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer == compare(payload) and answer["recommended"] == "gber"


def test_compare_reads_a_file_path(tmp_path):
    path = tmp_path / "demande.json"
    path.write_text(json.dumps(without_regime(build())), encoding="utf-8")
    answer = json.loads(run("--compare", str(path), stdin="").stdout)
    assert answer["recommended"] == "temporary_framework"


def test_compare_exits_2_when_the_request_names_a_regime():
    result = run("--compare", "-", stdin=json.dumps(build()))
    assert result.returncode == 2
    assert json.loads(result.stdout)["errors"][0]["field"] == "aid_regime"


def test_compare_in_batch_answers_one_line_per_line_in_order():
    lines = [
        json.dumps(without_regime(build())),
        "{pas du json",
        json.dumps(without_regime(build(training={"mandatory_safety": True}))),
    ]
    result = run("--compare", "--batch", stdin="\n".join(lines) + "\n")
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 2
    assert answers[0]["recommended"] == "temporary_framework"
    assert answers[1]["errors"][0]["code"] == "invalid_json"
    assert answers[2]["recommended"] is None
