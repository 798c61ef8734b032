"""The workflow of a funding request, declared once: statuses, and who may move it where."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from relance.accounts.models import Role


class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    IN_REVIEW = "in_review", _("En instruction")
    INFORMATION_REQUESTED = "information_requested", _("Informations demandées")
    AWAITING_SECOND_APPROVAL = "awaiting_second_approval", _("En attente de seconde validation")
    APPROVED = "approved", _("Accordée")
    REFUSED = "refused", _("Refusée")
    COMPLETED = "completed", _("Formation réalisée")
    PAID = "paid", _("Soldée")
    CANCELLED = "cancelled", _("Annulée")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Déposer")
    REVIEW = "review", _("Prendre en instruction")
    REQUEST_INFORMATION = "request_information", _("Demander des informations")
    ANSWER = "answer", _("Répondre")
    APPROVE = "approve", _("Accorder")
    SECOND_APPROVE = "second_approve", _("Valider (seconde validation)")
    REFUSE = "refuse", _("Refuser")
    AMEND = "amend", _("Avenant")
    COMPLETE = "complete", _("Marquer la formation réalisée")
    PAY = "pay", _("Enregistrer un paiement")
    CANCEL = "cancel", _("Annuler")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    roles: frozenset[str]


S, R = Status, Role
OPEN = frozenset(
    {S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.INFORMATION_REQUESTED, S.AWAITING_SECOND_APPROVAL}
)
IN_INSTRUCTION = frozenset(
    {S.SUBMITTED, S.IN_REVIEW, S.INFORMATION_REQUESTED, S.AWAITING_SECOND_APPROVAL}
)

TRANSITIONS: dict[str, Transition] = {
    Action.SUBMIT: Transition(frozenset({S.DRAFT}), frozenset({R.COMPANY, R.ADVISER, R.MANAGER})),
    Action.REVIEW: Transition(frozenset({S.SUBMITTED}), frozenset({R.ADVISER, R.MANAGER})),
    Action.REQUEST_INFORMATION: Transition(
        frozenset({S.IN_REVIEW}), frozenset({R.ADVISER, R.MANAGER})
    ),
    Action.ANSWER: Transition(frozenset({S.INFORMATION_REQUESTED}), frozenset({R.COMPANY})),
    Action.APPROVE: Transition(frozenset({S.IN_REVIEW}), frozenset({R.ADVISER, R.MANAGER})),
    Action.SECOND_APPROVE: Transition(
        frozenset({S.AWAITING_SECOND_APPROVAL}), frozenset({R.MANAGER})
    ),
    Action.REFUSE: Transition(IN_INSTRUCTION, frozenset({R.ADVISER, R.MANAGER})),
    Action.AMEND: Transition(frozenset({S.APPROVED}), frozenset({R.ADVISER, R.MANAGER})),
    Action.COMPLETE: Transition(frozenset({S.APPROVED}), frozenset({R.ADVISER, R.FINANCE})),
    Action.PAY: Transition(frozenset({S.APPROVED, S.COMPLETED}), frozenset({R.FINANCE})),
    Action.CANCEL: Transition(OPEN | {S.APPROVED}, frozenset({R.COMPANY, R.ADVISER, R.MANAGER})),
}

# A company may cancel its own request only before approval.
COMPANY_CANCELLABLE = OPEN


def allowed_actions(status: str, role: str) -> list[str]:
    """The actions a role may take on a request in this status (what a page offers)."""
    actions = [a for a, t in TRANSITIONS.items() if status in t.sources and role in t.roles]
    if role == R.COMPANY and Action.CANCEL in actions and status not in COMPANY_CANCELLABLE:
        actions.remove(Action.CANCEL)
    return actions
