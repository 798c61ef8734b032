"""Writes on envelopes and the ledger. Every movement takes the envelope's row lock first, so the
sum of net commitments never exceeds the envelope whatever the concurrency (on SQLite the
IMMEDIATE transaction mode serialises writers instead)."""

from decimal import Decimal

from django.db import transaction

from relance.accounts.models import User
from relance.audit.models import Source
from relance.budget import perms
from relance.budget.models import EntryKind, Envelope, LedgerEntry, Payee
from relance.budget.selectors import Totals, envelope_totals
from relance.budget.thresholds import KEEP, change_setting, change_threshold, validate_threshold
from relance.common.errors import Conflict, ErrorCollector, Forbidden, Limits, NotFound
from relance.reports import kept
from relance.rules.labels import french_euros
from relance.rules.money import ZERO, to_cents
from relance.rules.parameters import parameters_for_year


def envelope_get_or_create(
    *, scheme: str, year: int, operator_costs: Decimal | None = None
) -> Envelope:
    """The year's envelope, created from the parameter file when first needed: its initial
    amount and, unless `operator_costs` is given, its default share for the operator's costs."""
    envelope = Envelope.objects.filter(scheme=scheme, year=year).first()
    if envelope is not None:
        return envelope
    params = parameters_for_year(year, scheme)
    if params is None:
        raise NotFound(
            f"Aucune enveloppe {scheme.upper()} pour {year} : aucun fichier de paramètres pour cette année."
        )
    if operator_costs is None:
        operator_costs = to_cents(params.envelope_initial * params.operator_costs_share)
    envelope, created = Envelope.objects.get_or_create(
        scheme=scheme,
        year=year,
        defaults={"initial_amount": params.envelope_initial, "operator_costs": operator_costs},
    )
    if created:
        kept.envelope_created(envelope)
    return envelope


def envelope_lock(envelope_id: int) -> Envelope:
    return Envelope.objects.select_for_update(no_key=True).get(pk=envelope_id)


def _entry(envelope: Envelope, kind: str, amount: Decimal, **fields) -> LedgerEntry:
    """The single place ledger entries are written: the report's kept figures follow in the same
    transaction, under the envelope's lock."""
    entry = LedgerEntry.objects.create(envelope=envelope, kind=kind, amount=amount, **fields)
    kept.entry_appended(entry)
    return entry


def ledger_commit(
    *, envelope_id: int, request, amount: Decimal, actor: User | None, reason: str
) -> LedgerEntry:
    """Commit `amount` for a request if the envelope still has it; 409 "fonds insuffisants" otherwise."""
    with transaction.atomic():
        envelope = envelope_lock(envelope_id)
        available = envelope_totals(envelope).available
        if amount > available:
            raise Conflict(
                f"Fonds insuffisants : il reste {french_euros(available)} sur l'enveloppe {envelope}, "
                f"la demande requiert {french_euros(amount)}.",
                code="insufficient_funds",
            )
        return _entry(
            envelope, EntryKind.COMMITMENT, amount, request=request, actor=actor, reason=reason
        )


def ledger_release(
    *, envelope_id: int, request, amount: Decimal, actor: User | None, reason: str
) -> LedgerEntry | None:
    if amount <= 0:
        return None
    with transaction.atomic():
        envelope = envelope_lock(envelope_id)
        return _entry(
            envelope, EntryKind.RELEASE, amount, request=request, actor=actor, reason=reason
        )


def ledger_pay(
    *, envelope_id: int, request, amount: Decimal, payee: str, reference: str, actor: User | None
) -> LedgerEntry:
    with transaction.atomic():
        envelope = envelope_lock(envelope_id)
        return _entry(
            envelope,
            EntryKind.PAYMENT,
            amount,
            request=request,
            actor=actor,
            payee=payee,
            reference=reference,
            reason=f"Paiement {Payee(payee).label.lower()} {reference}",
        )


def envelope_set_amount(
    *,
    actor: User,
    scheme: str,
    year: int,
    amount: Decimal,
    operator_costs: Decimal | None = None,
    second_approval_above=KEEP,
) -> tuple[Envelope, Totals]:
    """Set the envelope's amount (an adjustment entry) and, when given, the operator's costs and
    the four-eyes threshold (None: off); the amount never goes below the net commitments plus the
    operator's costs (409). An envelope this creates without `operator_costs` has none."""
    if not perms.can_adjust_envelope(actor):
        raise Forbidden("Seul un responsable peut modifier le montant d'une enveloppe.")
    _validate_amounts(amount, operator_costs, second_approval_above)
    with transaction.atomic():
        created = envelope_get_or_create(
            scheme=scheme,
            year=year,
            operator_costs=ZERO if operator_costs is None else operator_costs,
        )
        envelope = envelope_lock(created.pk)
        totals = envelope_totals(envelope)
        costs = envelope.operator_costs if operator_costs is None else operator_costs
        _check_room(amount, costs, totals)
        change_setting(envelope, "operator_costs", costs, actor=actor)
        if second_approval_above is not KEEP:
            change_threshold(envelope, second_approval_above, actor=actor)
        if amount != totals.amount:
            _entry(
                envelope,
                EntryKind.ADJUSTMENT,
                amount - totals.amount,
                actor=actor,
                reason=f"Montant porté de {french_euros(totals.amount)} à {french_euros(amount)}",
            )
        return envelope, envelope_totals(envelope)


def _validate_amounts(
    amount: Decimal | None,
    operator_costs: Decimal | None,
    threshold=KEEP,
    *,
    name: str = "amount",
) -> None:
    errors = ErrorCollector()
    for field, value in ((name, amount), ("operator_costs", operator_costs)):
        if value is not None and Limits.number(errors, field, value, Limits.MONEY) and value < 0:
            errors.add(field, "negative_amount", "Le montant ne peut pas être négatif.")
    if threshold is not KEEP:
        validate_threshold(threshold, errors)
    errors.raise_if_any()


def _check_room(amount: Decimal, operator_costs: Decimal, totals: Totals) -> None:
    if amount < totals.net_committed + operator_costs:
        raise Conflict(
            "Le montant ne peut pas descendre sous les engagements nets "
            f"({french_euros(totals.net_committed)}) augmentés des frais de gestion de l'opérateur "
            f"({french_euros(operator_costs)}).",
            code="below_net_commitments",
        )


def envelope_set_threshold(
    *, actor: User, envelope: Envelope, amount: Decimal | None, source: str = Source.APP
) -> Envelope:
    """Set the amount above which an approval needs a second approval by another person
    (four-eyes; None: never), under the envelope's lock so no approval reads it half-changed.
    The audit trail records who, when, where (`source`), the value before and after."""
    if not perms.can_set_second_approval_threshold(actor):
        raise Forbidden("Seul un responsable peut modifier le seuil de double validation.")
    _validate_amounts(amount, None, name="second_approval_above")
    amount = None if amount is None else to_cents(amount)
    with transaction.atomic():
        locked = envelope_lock(envelope.pk)
        change_threshold(locked, amount, actor=actor, source=source)
    envelope.second_approval_above = amount
    return locked
