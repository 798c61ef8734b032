"""The workflow of a funding request, declared once: statuses, actions and the transitions table.

The table is the authority. Each row says from which statuses an action starts, the status it
leads to, which roles may take it and, when the same action can lead to two statuses, the
condition that picks the row (rows are read in order; the first that holds wins). Services,
pages, the API and the demo's generated histories all ask it; none decides a target itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

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
    """What happened to a request, as the history and the audit log name it (in French)."""

    CREATE = "create", _("Création")
    SUBMIT = "submit", _("Dépôt")
    REVIEW = "review", _("Prise en instruction")
    REQUEST_INFORMATION = "request_information", _("Demande d'informations")
    ANSWER = "answer", _("Réponse de l'entreprise")
    APPROVE = "approve", _("Accord")
    SECOND_APPROVE = "second_approve", _("Seconde validation")
    REFUSE = "refuse", _("Refus")
    AMEND = "amend", _("Avenant")
    COMPLETE = "complete", _("Formation réalisée")
    PAY = "pay", _("Paiement")
    CANCEL = "cancel", _("Annulation")
    EDIT = "edit", _("Modification")
    SEND_BACK = "send_back", _("Renvoi au conseiller")


# A request being created has no status yet: the history's first row starts from "".
NEW = ""


@dataclass(frozen=True)
class Facts:
    """What a condition may look at besides the status and the role."""

    funded_amount: Decimal | None = None
    second_approval_above: Decimal | None = None
    final_payment: bool = False


@dataclass(frozen=True)
class Condition:
    """A named condition of the table; `label` says it in French (documentation, pages)."""

    label: str
    holds: Callable[[Facts], bool]


ABOVE_FOUR_EYES_THRESHOLD = Condition(
    "montant financé au-delà du seuil de double validation de l'enveloppe",
    lambda f: (
        f.second_approval_above is not None
        and f.funded_amount is not None
        and f.funded_amount > f.second_approval_above
    ),
)
FINAL_PAYMENT = Condition("paiement final (le reste est dégagé)", lambda f: f.final_payment)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    when: Condition | None = None


S, R = Status, Role
BEFORE_APPROVAL = frozenset(
    {S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.INFORMATION_REQUESTED, S.AWAITING_SECOND_APPROVAL}
)
IN_INSTRUCTION = frozenset(
    {S.SUBMITTED, S.IN_REVIEW, S.INFORMATION_REQUESTED, S.AWAITING_SECOND_APPROVAL}
)
FILERS = frozenset({R.COMPANY, R.ADVISER, R.MANAGER})
INSTRUCTORS = frozenset({R.ADVISER, R.MANAGER})


def _row(action, sources, target, roles, when=None) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), when)


TRANSITIONS: tuple[Transition, ...] = (
    _row(Action.CREATE, {NEW}, S.DRAFT, FILERS),
    _row(Action.SUBMIT, {S.DRAFT}, S.SUBMITTED, FILERS),
    _row(Action.REVIEW, {S.SUBMITTED}, S.IN_REVIEW, INSTRUCTORS),
    _row(Action.REQUEST_INFORMATION, {S.IN_REVIEW}, S.INFORMATION_REQUESTED, INSTRUCTORS),
    _row(Action.ANSWER, {S.INFORMATION_REQUESTED}, S.IN_REVIEW, {R.COMPANY}),
    # Four-eyes: above the envelope's threshold an adviser's approval waits for a manager's.
    _row(
        Action.APPROVE,
        {S.IN_REVIEW},
        S.AWAITING_SECOND_APPROVAL,
        {R.ADVISER},
        ABOVE_FOUR_EYES_THRESHOLD,
    ),
    _row(Action.APPROVE, {S.IN_REVIEW}, S.APPROVED, INSTRUCTORS),
    _row(Action.SECOND_APPROVE, {S.AWAITING_SECOND_APPROVAL}, S.APPROVED, {R.MANAGER}),
    _row(Action.SEND_BACK, {S.AWAITING_SECOND_APPROVAL}, S.IN_REVIEW, {R.MANAGER}),
    # A draft, or a request sent back for correction, is edited in place; once approved only
    # the operator changes it, by an amendment.
    _row(Action.EDIT, {S.DRAFT}, S.DRAFT, FILERS),
    _row(Action.EDIT, {S.INFORMATION_REQUESTED}, S.INFORMATION_REQUESTED, FILERS),
    _row(Action.REFUSE, IN_INSTRUCTION, S.REFUSED, INSTRUCTORS),
    _row(Action.AMEND, {S.APPROVED}, S.APPROVED, INSTRUCTORS),
    _row(Action.COMPLETE, {S.APPROVED}, S.COMPLETED, {R.ADVISER, R.FINANCE}),
    _row(Action.PAY, {S.APPROVED, S.COMPLETED}, S.PAID, {R.FINANCE}, FINAL_PAYMENT),
    _row(Action.PAY, {S.APPROVED}, S.APPROVED, {R.FINANCE}),
    _row(Action.PAY, {S.COMPLETED}, S.COMPLETED, {R.FINANCE}),
    # A company may cancel its own request only before approval; its adviser also after.
    _row(Action.CANCEL, BEFORE_APPROVAL, S.CANCELLED, FILERS),
    _row(Action.CANCEL, {S.APPROVED}, S.CANCELLED, INSTRUCTORS),
)

# The actions a person takes on an existing request (creation is not one of them).
REQUEST_ACTIONS = tuple(a for a in Action.values if a != Action.CREATE)


def roles_for(action: str) -> frozenset[str]:
    """The roles that may take this action from at least one status (else a 403)."""
    return frozenset().union(*(t.roles for t in TRANSITIONS if t.action == action))


def rows_from(status: str, action: str, role: str | None = None) -> list[Transition]:
    """The rows this action may follow from this status (for this role, when given)."""
    return [
        t
        for t in TRANSITIONS
        if t.action == action and status in t.sources and (role is None or role in t.roles)
    ]


def transition_for(
    status: str, action: str, role: str, facts: Facts | None = None
) -> Transition | None:
    """The row the table applies, or None when it holds no such move."""
    for row in rows_from(status, action, role):
        if row.when is None or row.when.holds(facts or Facts()):
            return row
    return None


def allowed_actions(status: str, role: str) -> list[str]:
    """The actions a role may take on a request in this status (what a page offers)."""
    return [a for a in REQUEST_ACTIONS if rows_from(status, a, role)]


def effective_action(action: str, status: str) -> str:
    """Approving a request that awaits a second approval is that second approval."""
    if action == Action.APPROVE and status == Status.AWAITING_SECOND_APPROVAL:
        return Action.SECOND_APPROVE
    return action


def allows(from_status: str, action: str, to_status: str, role: str | None = None) -> bool:
    """The table holds a row leading from `from_status` to `to_status` by `action` (for this
    role, when given)."""
    return any(t.target == to_status for t in rows_from(from_status, action, role))


def refusal(status: str, action: str, role: str) -> str:
    """Why the table holds no move for this role: French, naming who may act at this stage."""
    label, stage = Action(action).label, Status(status).label if status else "nouvelle"
    others = sorted({r for t in rows_from(status, action) for r in t.roles} - {role})
    if others:
        names = ", ".join(str(Role(r).label).lower() for r in others)
        return f"La demande est « {stage} » : à ce stade, l'action « {label} » revient à : {names}."
    return f"La demande est « {stage} » : l'action « {label} » n'est pas possible."
