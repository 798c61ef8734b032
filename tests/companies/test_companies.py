import datetime as dt
from decimal import Decimal

import pytest

from relance.common.errors import Forbidden, InvalidInput
from relance.companies.identifiers import identifier_error
from relance.companies.models import Company
from relance.companies.services import CompanyData, EstablishmentData, SituationData, company_upsert
from tests.factories import UserFactory


def data(**overrides) -> CompanyData:
    values = {
        "siren": "552100554",
        "name": "Peugeot Essai",
        "naf": "2932Z",
        "headcount": 120,
        "department": "69",
        "idcc": "0044",
    }
    return CompanyData(**{**values, **overrides})


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        ("55210055", "invalid_siren_format", "Le SIREN doit comporter exactement 9 chiffres"),
        (
            "552100555",
            "invalid_siren_checksum",
            "Le SIREN 552100555 est invalide : la clé de contrôle",
        ),
        ("5521OO554", "invalid_siren_format", "exactement 9 chiffres"),
    ],
)
def test_a_bad_siren_is_explained_in_french_naming_the_field(value, code, text):
    error = identifier_error("siren", value, "siren")
    assert (error.field, error.code) == ("siren", code)
    assert text in error.message


def test_a_bad_siret_is_explained_in_french_naming_the_field():
    assert identifier_error("siret", "55210055400013", "siret") is None
    error = identifier_error("siret", "55210055400014", "establishments[0].siret")
    assert error.field == "establishments[0].siret"
    assert "Le SIRET 55210055400014 est invalide" in error.message
    assert "14 chiffres" in identifier_error("siret", "5521005540001", "siret").message


def test_invalid_company_is_refused_with_every_problem_and_nothing_is_saved(reference):
    manager = UserFactory()
    bad = data(
        siren="552100555",
        naf="29Z",
        idcc="9999",
        department="00",
        situations=[SituationData("partial_activity", dt.date(2021, 3, 1), dt.date(2021, 2, 1))],
        establishments=[EstablishmentData("55210055400014")],
    )
    with pytest.raises(InvalidInput) as caught:
        company_upsert(actor=manager, data=bad)
    fields = {e.field for e in caught.value.errors}
    assert fields == {
        "siren",
        "naf",
        "idcc",
        "department",
        "situations[0].end",
        "establishments[0].siret",
    }
    assert Company.objects.count() == 0


def test_upsert_creates_then_updates_by_siren_replacing_situations(reference):
    manager = UserFactory()
    first = data(
        situations=[SituationData("partial_activity", dt.date(2021, 3, 1))],
        establishments=[EstablishmentData("55210055400013", "Siège")],
    )
    company, created = company_upsert(actor=manager, data=first)
    assert created and company.branch.code == "chimie" and company.delegation.code == "ARA"
    second = data(
        headcount=130,
        declared_state_aid=Decimal("1500.00"),
        situations=[SituationData("difficulty", dt.date(2021, 5, 1))],
    )
    company, created = company_upsert(actor=manager, data=second)
    assert not created
    assert company.headcount == 130
    assert list(company.situations.values_list("kind", flat=True)) == ["difficulty"]
    assert company.establishments.count() == 1


def test_an_idcc_typed_without_leading_zeros_is_understood(reference):
    company, _ = company_upsert(actor=UserFactory(), data=data(idcc="44"))
    assert company.idcc == "0044"


def test_an_adviser_cannot_register_a_company_of_another_delegation(reference):
    adviser = UserFactory(adviser=True)
    with pytest.raises(Forbidden):
        company_upsert(actor=adviser, data=data(department="75"))
    assert Company.objects.count() == 0
