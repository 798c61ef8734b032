"""Reforms as data: patched parameter files, validated, named in the rules version."""

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings

from relance.rules import reforms
from relance.rules.contract import evaluate_json
from relance.rules.engine import evaluate
from relance.rules.reforms import ReformError, RuleSet
from tests.rules.builders import build, decide
from tests.rules.test_contract import RELANCE
from tests.rules.test_properties import requests

EXAMPLES = Path(__file__).parents[2] / "examples" / "reforms"
LARGE = EXAMPLES / "large-companies-30.toml"
METALLURGY = EXAMPLES / "metallurgy-hourly-cap-60.toml"


def reform(changes: str = "", head: str = "") -> reforms.Reform:
    return reforms.loads(
        f'name = "essai"\ndescription = "Essai"\n{head}\n{changes}', source="essai.toml"
    )


def change(path: str, value: str) -> str:
    return f'[[changes]]\npath = "{path}"\nvalue = {value}\n'


def large_in_difficulty(**top) -> dict:
    return build(
        company={
            "headcount": 2000,
            "situations": [{"kind": "difficulty", "start": "2021-01-01", "end": None}],
        },
        **top,
    )


def test_a_reform_lowering_a_rate_changes_the_decision_and_names_itself_in_the_rules_version():
    rules = RuleSet.of(reforms.load(LARGE))
    answer = decide(large_in_difficulty())
    reformed = evaluate_json(large_in_difficulty(), rules)
    assert (answer["rate"], answer["funded_amount"]) == ("0.40", "4800.00")
    assert (reformed["rate"], reformed["funded_amount"]) == ("0.30", "3600.00")
    assert reformed["rules_version"] == "fne-2021-07+grandes-entreprises-30"


def test_a_reform_may_create_a_branch_override_that_caps_the_hourly_cost():
    rules = RuleSet.of(reforms.load(METALLURGY))
    metallurgy = build(company={"idcc": "0054"}, training={"cost": "12000.00", "hours": 100})
    reformed = evaluate_json(metallurgy, rules)
    assert reformed["eligible_cost"] == "6000.00" and reformed["funded_amount"] == "4200.00"
    assert "branch_hourly_cost_cap" in [r["code"] for r in reformed["reasons"]]
    chemistry = build(training={"cost": "12000.00", "hours": 100})
    assert evaluate_json(chemistry, rules)["funded_amount"] == decide(chemistry)["funded_amount"]


def test_files_left_out_by_applies_to_keep_their_rules_and_version():
    rules = RuleSet.of(reforms.load(LARGE))
    filed_2022 = large_in_difficulty(filed_on="2022-02-01")
    assert evaluate_json(filed_2022, rules) == decide(filed_2022)


def test_an_index_past_the_end_of_a_list_is_an_error_naming_the_file_and_the_path():
    with pytest.raises(ReformError) as error:
        reform(change("regimes.temporary_framework.bands.3.rates.difficulty", '"0.30"'))
    message = str(error.value)
    assert (
        "essai.toml" in message
        and "regimes.temporary_framework.bands.3.rates.difficulty" in message
    )
    assert "fne-2021-01" in message and "3 élément(s)" in message


def test_a_missing_list_is_never_created():
    with pytest.raises(ValueError, match="n'est pas une liste"):
        reforms.patch({"regimes": {}}, "regimes.gber.bands.0.max_headcount", 10)


def test_missing_tables_are_created_on_the_way():
    data: dict = {"version": "x"}
    reforms.patch(data, "branch_overrides.chimie.hourly_cost_cap", "50.00")
    assert data["branch_overrides"] == {"chimie": {"hourly_cost_cap": "50.00"}}


def test_a_path_the_rules_do_not_read_is_refused_rather_than_silently_ignored():
    with pytest.raises(ReformError, match="« rate » n'est pas un paramètre"):
        reform(change("regimes.gber.bands.0.rate.difficulty", '"0.30"'))
    with pytest.raises(ReformError, match="« version » n'est pas un paramètre"):
        reform(change("version", '"fne-autre"'))
    with pytest.raises(ReformError, match="« siderurgie » n'est pas un paramètre"):
        reform(change("branch_overrides.siderurgie.hourly_cost_cap", '"60.00"'))


def test_patched_files_are_validated_like_the_shipped_ones():
    with pytest.raises(ReformError) as error:
        reform(change("regimes.temporary_framework.bands.0.rates.difficulty", '"1.50"'))
    assert "essai.toml" in str(error.value) and "entre 0 et 1" in str(error.value)


def test_a_reform_without_applies_to_patches_only_the_simulated_years_files():
    text = 'name = "essai"\ndescription = ""\n' + change(
        "regimes.temporary_framework.cap", '"1.00"'
    )
    patched = reforms.loads(text, source="essai.toml", year=2021)
    with pytest.raises(ReformError, match="fne-2022-07"):
        RuleSet.of(patched)  # every file: the 2022-07 one has no temporary framework
    versions = [p.version for p in RuleSet.of(patched, year=2021).files]
    assert versions == ["fne-2021-01+essai", "fne-2021-07+essai", "fne-2022", "fne-2022-07"]


def test_unreadable_or_malformed_reforms_are_explained_in_french():
    with pytest.raises(ReformError, match="TOML invalide"):
        reforms.loads("name = ", source="x.toml")
    with pytest.raises(ReformError, match="« name » est obligatoire"):
        reforms.loads('name = "Avec Espaces"\ndescription = ""')
    with pytest.raises(ReformError, match="fichiers inconnus"):
        reform(head='applies_to = ["fne-2031"]')
    with pytest.raises(ReformError, match="champs inconnus"):
        reform(head='auteur = "moi"')


EMPTY = RuleSet.of(reforms.loads('name = "vide"\ndescription = "Rien"'))
SAME = RuleSet.of(
    reforms.loads(
        'name = "identique"\ndescription = "Les mêmes valeurs"\n'
        'applies_to = ["fne-2021-01", "fne-2021-07", "fne-2022"]\n'
        + change("regimes.temporary_framework.bands.1.rates.partial_activity", '"0.70"')
        + change("max_training_months", "12")
    )
)


@given(requests())
@settings(max_examples=300)
def test_an_empty_reform_or_one_restating_the_shipped_values_changes_nothing(request):
    shipped = evaluate(request)
    for rules, name in ((EMPTY, "vide"), (SAME, "identique")):
        reformed = evaluate(request, rules.in_force(request.filed_on))
        patched = name == "vide" or not shipped.rules_version.startswith("fne-2022-07")
        suffix = f"+{name}" if patched else ""
        assert reformed.rules_version == f"{shipped.rules_version}{suffix}"
        # Messages naming the rules name the reform too; nothing else may differ.
        reformed.rules_version = shipped.rules_version
        reformed.reasons = tuple(
            r._replace(message=r.message.replace(f"+{name}", "")) for r in reformed.reasons
        )
        assert reformed == shipped


def test_evaluate_reform_judges_single_and_batch_inputs_and_refuses_a_bad_reform(tmp_path):
    line = json.dumps(large_in_difficulty())
    single = subprocess.run(
        [RELANCE, "evaluate", "--reform", str(LARGE)], input=line, capture_output=True, text=True
    )
    assert json.loads(single.stdout)["funded_amount"] == "3600.00"
    batch = subprocess.run(
        [RELANCE, "evaluate", "--batch", "--reform", str(LARGE)],
        input=f"{line}\n{line}\n",
        capture_output=True,
        text=True,
    )
    answers = [json.loads(x) for x in batch.stdout.splitlines()]
    assert [a["rules_version"] for a in answers] == ["fne-2021-07+grandes-entreprises-30"] * 2
    (tmp_path / "bad.toml").write_text('name = "x"\ndescription = ""\n' + change("cap", '"1"'))
    refused = subprocess.run(
        [RELANCE, "evaluate", "--reform", str(tmp_path / "bad.toml")],
        input=line,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "bad.toml" in refused.stderr and refused.stdout == ""
