"""The metallurgy branch lists every territorial metallurgy agreement of 2021 (KALI index)."""

import pytest

from relance.reference.files import branch_by_idcc, read
from relance.rules.contract import evaluate_json
from tests.rules.builders import build


def metallurgy_idcc() -> list[str]:
    return next(b for b in read("branches")["branches"] if b["code"] == "metallurgie")["idcc"]


def test_the_metallurgy_branch_lists_77_territorial_agreements_and_two_national_ones():
    numbers = metallurgy_idcc()
    assert len(numbers) == len(set(numbers)) == 79
    assert numbers[:2] == ["3248", "0650"]
    assert all(len(n) == 4 and n.isdigit() for n in numbers)


@pytest.mark.parametrize(
    "idcc",
    ["1867", "2542", "1635", "2579", "0054", "0650", "3248", "1059", "1967", "3231", "0714"],
)
def test_known_metallurgy_agreements_belong_to_the_branch(idcc):
    assert branch_by_idcc()[idcc] == "metallurgie"


@pytest.mark.parametrize("idcc", ["1867", "2542", "1635", "2579"])
def test_a_company_under_a_territorial_metallurgy_agreement_is_in_the_perimeter(idcc):
    answer = evaluate_json(build(company={"idcc": idcc}))
    assert answer["eligible"] and answer["reasons"] == []


def test_an_idcc_outside_every_branch_is_still_refused():
    answer = evaluate_json(build(company={"idcc": "2344"}))
    assert [r["code"] for r in answer["reasons"]] == ["idcc_outside_perimeter"]
