import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from relance.reference.models import (
    Branch,
    BranchAgreement,
    Delegation,
    Department,
    Pathway,
    Region,
    SituationKind,
    SizeBand,
)

MODELS = [Delegation, Region, Department, Branch, BranchAgreement, SizeBand, Pathway, SituationKind]


def snapshot() -> dict:
    return {
        model.__name__: sorted(map(str, (model_to_dict(o) for o in model.objects.all())))
        for model in MODELS
    }


@pytest.mark.django_db
def test_loading_reference_twice_leaves_identical_data(capsys):
    call_command("load_reference")
    first = snapshot()
    call_command("load_reference")
    assert snapshot() == first
    assert "aucune modification" in capsys.readouterr().out


def test_every_department_maps_to_exactly_one_of_the_13_delegations(reference):
    assert Delegation.objects.count() == 13
    assert set(Delegation.objects.values_list("code", flat=True)) == {
        "ARA",
        "BFC",
        "BRE",
        "CVL",
        "GES",
        "HDF",
        "IDF",
        "NOR",
        "NAQ",
        "OCC",
        "PDL",
        "PAC",
        "OM",
    }
    assert Department.objects.count() == 101
    assert not Department.objects.filter(region__delegation__isnull=True).exists()
    assert Department.objects.get(code="2A").region.delegation.code == "PAC"
    assert Department.objects.get(code="976").region.delegation.code == "OM"
    assert Department.objects.get(code="69").region.delegation.code == "ARA"


def test_reference_catalogue_lists_four_pathways_five_situations_four_size_bands(reference):
    assert set(Pathway.objects.values_list("code", flat=True)) == {
        "reconversion",
        "certification",
        "crisis_context",
        "anticipation",
    }
    assert SituationKind.objects.count() == 5
    assert list(SizeBand.objects.values_list("code", flat=True)) == [
        "lt50",
        "50_299",
        "300_1000",
        "gt1000",
    ]


def test_branches_carry_the_idcc_numbers_of_the_domain(reference):
    expected = {
        "3248": "metallurgie",
        "0650": "metallurgie",
        "0054": "metallurgie",
        "0292": "plasturgie",
        "0044": "chimie",
        "0045": "caoutchouc",
        "0176": "pharmacie",
        "0018": "textile",
        "1388": "petrole",
    }
    for idcc, branch in expected.items():
        assert BranchAgreement.objects.get(idcc=idcc).branch.code == branch


def test_reloading_restores_shipped_rows_and_keeps_rows_administrators_added(reference):
    Branch.objects.filter(code="chimie").update(name="Renommée par erreur")
    added = Branch.objects.create(code="navale", name="Construction navale")
    BranchAgreement.objects.create(idcc="9998", branch=added)
    call_command("load_reference")
    assert Branch.objects.get(code="chimie").name == "Industries chimiques"
    assert BranchAgreement.objects.get(idcc="9998").branch.code == "navale"
