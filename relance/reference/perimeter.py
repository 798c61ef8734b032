"""The operator's perimeter as the public simulator explains it: its branches (the same files
the rules read), its other schemes and its advisers' mailboxes by delegation (operator.toml)."""

from relance.reference import files
from relance.reference.models import Delegation


def idcc_in_perimeter(idcc: str) -> bool:
    return files.normalise_idcc(idcc) in files.branch_by_idcc()


def other_schemes() -> list[dict[str, str]]:
    return files.read("operator")["other_schemes"]


def delegation_contacts() -> list[tuple[str, str]]:
    """(delegation name, advisers' mailbox) for every delegation that has one, by name."""
    mailboxes = files.read("operator")["delegation_contacts"]
    return [
        (delegation.name, mailboxes[delegation.code])
        for delegation in Delegation.objects.order_by("name")
        if delegation.code in mailboxes
    ]
