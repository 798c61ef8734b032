"""operator.toml: what the simulator offers a company outside the perimeter."""

from relance.reference import files
from relance.reference.perimeter import delegation_contacts, idcc_in_perimeter, other_schemes


def test_every_delegation_has_its_advisers_mailbox(reference):
    shipped = {d["code"] for d in files.read("territories")["delegations"]}
    assert set(files.read("operator")["delegation_contacts"]) == shipped
    assert len(delegation_contacts()) == len(shipped)


def test_the_other_schemes_include_those_the_domain_names():
    labels = " ".join(scheme["label"] for scheme in other_schemes())
    for name in ("Pro-A", "Plan de développement des compétences", "Transitions collectives"):
        assert name in labels
    assert all(scheme["summary"] for scheme in other_schemes())


def test_the_perimeter_is_the_rules_one_with_leading_zeros_restored():
    assert idcc_in_perimeter("44") and idcc_in_perimeter("0044")
    assert not idcc_in_perimeter("9999")
