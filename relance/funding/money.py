"""Use cases that move money: approve (commit), amend (commit or release the difference),
cancel (release), pay (and release the rest on the final payment).

Lock order, everywhere: the request's row, then the company's, then the envelope's, so parallel
transactions queue instead of deadlocking (the report's kept figures and counters lock the
company when a transition is logged, and the envelope when money moves). Every row lock is
FOR NO KEY UPDATE: rows inserted meanwhile that refer to a locked row (a counter of the
envelope, a log of the request) do not wait for it, which would close a cycle with a
transaction that holds the envelope. Letters and e-mails go out after commit.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction

from relance import clock
from relance.accounts.models import User
from relance.budget.models import EntryKind, LedgerEntry, Payee
from relance.budget.selectors import request_money
from relance.budget.services import ledger_commit, ledger_pay, ledger_release
from relance.common.errors import Conflict, ErrorCollector, FieldError, InvalidInput, Limits
from relance.companies.models import Company
from relance.funding.data import PartsData, validate_parts
from relance.funding.models import FundingRequest, TransitionLog
from relance.funding.selectors import request_pk
from relance.funding.services import replace_parts
from relance.funding.transitions import (
    check_state,
    decide,
    lock_request,
    move,
    request_for_action,
    target,
)
from relance.funding.workflow import Action, Facts, Status, effective_action
from relance.notifications.events import notify
from relance.rules.labels import french_euros


def _lock_company(request: FundingRequest) -> None:
    """Serialise approvals of one company: its State-aid cap depends on its other requests."""
    Company.objects.select_for_update(no_key=True).filter(pk=request.company_id).first()


def _eligible_or_conflict(request: FundingRequest, message: str) -> Decimal:
    decision = decide(request)
    if not decision.eligible:
        reasons = " ; ".join(r.message for r in decision.reasons if r.blocking)
        raise Conflict(f"{message} {reasons}", code="not_eligible")
    return request.funded_amount


def request_approve(*, actor: User, request_id: int, comment: str = "") -> FundingRequest:
    """Re-evaluate under the current State aid, then commit the funded amount on the envelope
    under its lock. The workflow table decides where the approval leads: above the envelope's
    four-eyes threshold an adviser's approval waits for a manager's second approval."""
    with transaction.atomic():
        request = lock_request(actor=actor, request_id=request_id, action=Action.APPROVE)
        action = effective_action(Action.APPROVE, request.status)
        _lock_company(request)
        amount = _eligible_or_conflict(
            request, "La demande n'est pas éligible : elle ne peut qu'être refusée."
        )
        facts = Facts(
            funded_amount=amount,
            second_approval_above=request.envelope.second_approval_above,
        )
        if target(request, action, actor=actor, facts=facts) != Status.APPROVED:
            changes = {"funded_amount": [None, f"{amount:.2f}"]}
            move(request, action, actor=actor, facts=facts, comment=comment, changes=changes)
            return request
        # Before the commitment: the report's kept figures, updated with the ledger entry,
        # count each employee under the earliest approved request.
        request.approved_at = clock.now()
        request.save(update_fields=["approved_at"])
        ledger_commit(
            envelope_id=request.envelope_id,
            request=request,
            amount=amount,
            actor=actor,
            reason=f"Accord de la demande {request.reference}",
        )
        changes = {"committed": ["0.00", f"{amount:.2f}"]}
        log = move(request, action, actor=actor, facts=facts, comment=comment, changes=changes)
        notify("approved", request.pk, transition_id=log.pk)
    return request


def request_amend(*, actor: User, request_id: int, parts: PartsData) -> FundingRequest:
    """An amendment (avenant): the rules run again; a lower amount releases the difference, a
    higher one needs funds like a new commitment."""
    with transaction.atomic():
        request = lock_request(actor=actor, request_id=request_id, action=Action.AMEND)
        errors = ErrorCollector()
        validate_parts(parts.training_actions, parts.trainees, errors)
        errors.raise_if_any()
        _lock_company(request)
        before = request_money(request.pk)
        replace_parts(request, parts.training_actions, parts.trainees)
        amount = _eligible_or_conflict(request, "L'avenant rendrait la demande inéligible.")
        if amount < before.paid:
            raise Conflict(
                f"Le nouveau montant ({french_euros(amount)}) est inférieur aux paiements déjà effectués ({french_euros(before.paid)}).",
                code="below_paid",
            )
        difference = amount - before.net_committed
        reason = f"Avenant à la demande {request.reference}"
        if difference > 0:
            ledger_commit(
                envelope_id=request.envelope_id,
                request=request,
                amount=difference,
                actor=actor,
                reason=reason,
            )
        elif difference < 0:
            ledger_release(
                envelope_id=request.envelope_id,
                request=request,
                amount=-difference,
                actor=actor,
                reason=reason,
            )
        move(
            request,
            Action.AMEND,
            actor=actor,
            changes={"committed": [f"{before.net_committed:.2f}", f"{amount:.2f}"]},
        )
        notify("amended", request.pk, amount=f"{amount:.2f}")
    return request


def request_cancel(*, actor: User, request_id: int, reason: str = "") -> FundingRequest:
    """Cancel and release any commitment; impossible after a first payment."""
    with transaction.atomic():
        request = lock_request(actor=actor, request_id=request_id, action=Action.CANCEL)
        _lock_company(request)
        money = request_money(request.pk)
        if money.paid > 0:
            raise Conflict(
                "La demande a déjà donné lieu à un paiement : elle ne peut plus être annulée.",
                code="already_paid",
            )
        if money.net_committed > 0:
            ledger_release(
                envelope_id=request.envelope_id,
                request=request,
                amount=money.net_committed,
                actor=actor,
                reason=f"Annulation de la demande {request.reference}",
            )
        move(
            request,
            Action.CANCEL,
            actor=actor,
            comment=reason or "",
            changes={"committed": [f"{money.net_committed:.2f}", "0.00"]},
        )
    return request


def payment_record(
    *, actor: User, request_id: int, amount: Decimal, payee: str, reference: str, final: bool
) -> tuple[LedgerEntry, bool]:
    """Record a payment; the same reference again returns the same payment — also to a replay
    that ran concurrently with the first call — and is a 409 `idempotency_conflict` if the
    amount, payee or finality differ. Payments never exceed what is committed for the request;
    the final one releases the rest."""
    reference = (reference or "").strip()
    asked = (amount, payee, final)
    if existing := _replayed(reference, request_id, asked):
        return existing, False
    _validate_payment(amount, payee, reference)
    try:
        with transaction.atomic():
            request = request_for_action(
                actor=actor, request_id=request_id, action=Action.PAY, lock=True
            )
            # A replay that waited for the request's lock finds what the first call committed.
            if existing := _replayed(reference, request_id, asked):
                return existing, False
            return _pay(actor, request, amount, payee, reference, final), True
    except IntegrityError:
        if existing := _replayed(reference, request_id, asked):
            return existing, False
        raise


def payment_comment(reference: str) -> str:
    """The comment of a payment's transition: how a replay finds whether it was final."""
    return f"Paiement {reference}"


def _replayed(reference: str, request_id, asked: tuple) -> LedgerEntry | None:
    existing = (
        LedgerEntry.objects.filter(kind=EntryKind.PAYMENT, reference=reference).first()
        if reference
        else None
    )
    if existing is None:
        return None
    if existing.request_id != request_pk(request_id):
        raise Conflict(
            f"La référence de paiement « {reference} » est déjà utilisée pour une autre demande.",
            code="reference_used",
        )
    amount, payee, final = asked
    if (existing.amount, existing.payee, _was_final(existing)) != (amount, payee, final):
        raise Conflict(
            f"La référence de paiement « {reference} » a déjà servi pour un paiement différent "
            "(montant, bénéficiaire ou solde) : un rejeu reprend exactement le même paiement.",
            code="idempotency_conflict",
            field="reference",
        )
    return existing


def _was_final(payment: LedgerEntry) -> bool:
    log = TransitionLog.objects.filter(
        request_id=payment.request_id,
        action=Action.PAY,
        comment=payment_comment(payment.reference),
    ).first()
    return log is not None and "released" in log.changes


def _validate_payment(amount: Decimal, payee: str, reference: str) -> None:
    errors = []
    if (
        not amount.is_finite()
        or abs(amount) >= Limits.MONEY
        or amount <= 0
        or amount != amount.quantize(Decimal("0.01"))
    ):
        errors.append(
            FieldError(
                "amount", "invalid_amount", "Le montant payé est positif, en euros et centimes."
            )
        )
    if payee not in Payee.values:
        errors.append(
            FieldError(
                "payee",
                "invalid_choice",
                "Le bénéficiaire est « company » (entreprise) ou « provider » (organisme).",
            )
        )
    if not reference or len(reference) > 60:
        errors.append(
            FieldError(
                "reference",
                "required",
                "La référence de paiement (60 caractères au plus) est obligatoire.",
            )
        )
    if errors:
        raise InvalidInput(errors)


def _pay(actor, request, amount, payee, reference, final) -> LedgerEntry:
    check_state(actor, request, Action.PAY)
    _lock_company(request)
    money = request_money(request.pk)
    if amount > money.unpaid:
        raise Conflict(
            f"Le paiement ({french_euros(amount)}) dépasse le reste engagé non payé ({french_euros(money.unpaid)}).",
            code="exceeds_commitment",
        )
    entry = ledger_pay(
        envelope_id=request.envelope_id,
        request=request,
        amount=amount,
        payee=payee,
        reference=reference,
        actor=actor,
    )
    rest = money.unpaid - amount
    if final:
        ledger_release(
            envelope_id=request.envelope_id,
            request=request,
            amount=rest,
            actor=actor,
            reason=f"Solde de la demande {request.reference} : reliquat dégagé",
        )
    move(
        request,
        Action.PAY,
        actor=actor,
        facts=Facts(final_payment=final),
        comment=payment_comment(reference),
        changes={
            "paid": [f"{money.paid:.2f}", f"{money.paid + amount:.2f}"],
            **({"released": ["0.00", f"{rest:.2f}"]} if final else {}),
        },
    )
    notify("paid", request.pk, amount=f"{amount:.2f}", final=final)
    return entry
