"""The envelope's four-eyes threshold (`second_approval_above`): above it an adviser's approval
waits for a manager's. Managers set it (API, envelope page); each change lands in the audit
trail with its before and after, like a change made in the admin."""

from decimal import Decimal

from relance.accounts.models import User
from relance.audit.admin_trail import record
from relance.audit.models import Operation, Source
from relance.budget.models import Envelope
from relance.common.errors import ErrorCollector, Limits

# `envelope_set_amount(second_approval_above=KEEP)`: the threshold is left as it is.
KEEP = object()


def validate_threshold(value: Decimal | None, errors: ErrorCollector) -> None:
    field = "second_approval_above"
    if value is None or not Limits.number(errors, field, value, Limits.MONEY):
        return
    if value < 0:
        errors.add(field, "negative_amount", "Le seuil ne peut pas être négatif.")
    elif value != value.quantize(Decimal("0.01")):
        errors.add(field, "too_many_decimals", "Un montant a au plus deux décimales (centimes).")


def change_threshold(
    envelope: Envelope, value: Decimal | None, *, actor: User, source: str = Source.APP
) -> None:
    """Under the envelope's lock: store the threshold and log the change, with where it was made
    (`source`: the application or the admin); no change, no log."""
    change_setting(envelope, "second_approval_above", value, actor=actor, source=source)


def change_setting(
    envelope: Envelope, field: str, value: Decimal | None, *, actor: User, source: str = Source.APP
) -> None:
    """Under the envelope's lock: store one of its amounts (operator's costs, threshold) and log
    the change in the audit trail with who, before and after; no change, no log."""
    before = getattr(envelope, field)
    if before == value:
        return
    setattr(envelope, field, value)
    envelope.save(update_fields=[field])
    record(
        actor,
        envelope,
        Operation.CHANGE,
        {field: _text(before)},
        {field: _text(value)},
        source=source,
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"
