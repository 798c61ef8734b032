"""Use cases of a funding request before money moves: create, submit, review, ask, answer,
refuse, complete, and advisers' notes. Each is atomic, permission-checked and logged."""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction

from relance.accounts.models import User
from relance.budget.selectors import envelope_totals
from relance.budget.services import envelope_get_or_create
from relance.clock import today
from relance.common.errors import Conflict, ErrorCollector, FieldError, Forbidden, InvalidInput
from relance.companies.selectors import company_get_visible
from relance.funding import perms
from relance.funding.assignment import activity_noted
from relance.funding.data import (
    RequestData,
    normalised_siret,
    request_fingerprint,
    validate_request_data,
)
from relance.funding.messages import reply_by_checked, thread_add
from relance.funding.models import (
    FundingRequest,
    InternalNote,
    MessageKind,
    Trainee,
    TrainingAction,
)
from relance.funding.selectors import request_get_visible
from relance.funding.transitions import decide, lock_request, move
from relance.funding.workflow import NEW, Action
from relance.notifications.events import notify
from relance.rules.labels import french_date
from relance.rules.parameters import all_parameters, parameters_in_force

SCHEME = "fne"
CREATE_REFUSAL = "Votre rôle ne permet pas de créer une demande de financement."
BACKDATE_REFUSAL = (
    "Seuls les conseillers et les responsables peuvent saisir une date de dépôt antérieure."
)


def request_create(
    *, actor: User, data: RequestData, idempotency_key: str | None = None
) -> tuple[FundingRequest, bool]:
    """Create a draft request; the same idempotency key again returns the same request (409
    `idempotency_conflict` if the body differs)."""
    fingerprint = request_fingerprint(data)
    if idempotency_key and (existing := _by_idempotency_key(actor, idempotency_key, fingerprint)):
        return existing, False
    company = company_get_visible(user=actor, siren=data.siren)
    if not perms.can_create_request_for(actor, company):
        raise Forbidden(CREATE_REFUSAL)
    if data.filed_on is not None and not perms.can_backdate_filing(actor):
        raise Forbidden(BACKDATE_REFUSAL, field="filed_on")
    validate_request_data(data)
    _validate_filed_on(data)
    reference = (data.reference or _new_reference()).strip()
    if FundingRequest.objects.filter(company=company, reference=reference).exists():
        raise Conflict(
            f"L'entreprise a déjà une demande de référence « {reference} ».",
            code="reference_taken",
            field="reference",
        )
    try:
        with transaction.atomic():
            return _create(actor, company, data, reference, (idempotency_key, fingerprint)), True
    except IntegrityError:
        if idempotency_key and (
            existing := _by_idempotency_key(actor, idempotency_key, fingerprint)
        ):
            return existing, False
        raise Conflict(
            f"L'entreprise a déjà une demande de référence « {reference} ».",
            code="reference_taken",
            field="reference",
        ) from None


def _by_idempotency_key(actor: User, key: str, fingerprint: str) -> FundingRequest | None:
    existing = FundingRequest.objects.filter(created_by=actor, idempotency_key=key).first()
    if existing is not None and existing.idempotency_fingerprint not in ("", fingerprint):
        raise Conflict(
            f"La clé d'idempotence « {key} » a déjà servi pour une autre demande : un rejeu "
            "renvoie exactement le même corps, une nouvelle demande prend une nouvelle clé.",
            code="idempotency_conflict",
        )
    return existing


def _validate_filed_on(data: RequestData) -> None:
    if data.filed_on is None:
        return
    errors = ErrorCollector()
    if data.filed_on > today():
        errors.add(
            "filed_on",
            "future_date",
            "La date de dépôt ne peut pas être postérieure à aujourd'hui.",
        )
    elif parameters_in_force(data.filed_on) is None:
        first = all_parameters(SCHEME)[0].starts_on
        errors.add(
            "filed_on",
            "before_first_rules",
            f"Aucune règle n'est en vigueur avant le {french_date(first)}.",
        )
    errors.raise_if_any()


def _new_reference() -> str:
    return f"D-{today():%Y%m%d}-{secrets.token_hex(3).upper()}"


def _create(
    actor, company, data: RequestData, reference: str, idempotency: tuple[str | None, str]
) -> FundingRequest:
    idempotency_key, fingerprint = idempotency
    request = FundingRequest.objects.create(
        company=company,
        reference=reference,
        pathway=data.pathway,
        aid_regime=data.aid_regime,
        filed_on=data.filed_on,
        status=NEW,
        created_by=actor,
        idempotency_key=idempotency_key or None,
        idempotency_fingerprint=fingerprint if idempotency_key else "",
    )
    replace_parts(request, data.training_actions, data.trainees)
    move(request, Action.CREATE, actor=actor)
    return request


def replace_parts(request: FundingRequest, actions, trainees) -> None:
    request.actions.all().delete()
    request.trainees.all().delete()
    TrainingAction.objects.bulk_create(
        TrainingAction(
            request=request,
            **{
                **vars(a),
                "provider_siret": normalised_siret(a.provider_siret),
                "provider_declaration_number": a.provider_declaration_number.replace(" ", ""),
            },
        )
        for a in actions
    )
    Trainee.objects.bulk_create(
        Trainee(request=request, **{**vars(t), "employee_ref": t.employee_ref.strip()})
        for t in trainees
    )


def request_submit(*, actor: User, request_id: int) -> FundingRequest:
    """Submit: the filing date is today unless recorded earlier; the rules in force and the
    envelope are those of the filing date. After the deadline, or with the envelope exhausted,
    the request stays a draft (409)."""
    with transaction.atomic():
        request = lock_request(actor=actor, request_id=request_id, action=Action.SUBMIT)
        filed_on = request.filed_on or today()
        params = parameters_in_force(filed_on)
        if params is None or filed_on > params.filing_deadline:
            deadline = f" du {french_date(params.filing_deadline)}" if params else ""
            raise Conflict(
                f"La date limite de dépôt{deadline} est dépassée : la demande reste à l'état de brouillon.",
                code="deadline_passed",
            )
        envelope = envelope_get_or_create(scheme=SCHEME, year=params.year)
        if envelope_totals(envelope).available <= 0:
            raise Conflict(
                f"L'enveloppe {envelope} est épuisée : aucune nouvelle demande ne peut être déposée.",
                code="envelope_exhausted",
            )
        request.filed_on, request.envelope = filed_on, envelope
        request.save(update_fields=["filed_on", "envelope", "updated_at"])
        decide(request)
        move(request, Action.SUBMIT, actor=actor)
        notify("submitted", request.pk)
    return request


def request_review(*, actor: User, request_id: int) -> FundingRequest:
    return _lock_and_move(Action.REVIEW, actor=actor, request_id=request_id)


def _lock_and_move(action: str, *, actor: User, request_id: int) -> FundingRequest:
    """An action with nothing to say besides itself: the table checks it and logs it."""
    with transaction.atomic():
        request = lock_request(actor=actor, request_id=request_id, action=action)
        move(request, action, actor=actor)
    return request


def _required_text(text: str | None, field: str, message: str) -> str:
    if not text or not text.strip():
        raise InvalidInput([FieldError(field, "required", message)])
    return text.strip()


def request_information(
    *, actor: User, request_id: int, message: str, reply_by: dt.date | None = None
) -> FundingRequest:
    """Ask the company for information: a message of the thread, expecting its answer by
    `reply_by` (by default within the reminder's delay), when `relance remind` reminds it."""
    with transaction.atomic():
        request = lock_request(
            actor=actor, request_id=request_id, action=Action.REQUEST_INFORMATION
        )
        text = _required_text(message, "message", "Précisez les informations demandées.")
        reply_by = reply_by_checked(reply_by)
        log = move(request, Action.REQUEST_INFORMATION, actor=actor, comment=text)
        thread_add(
            request=request,
            kind=MessageKind.INFORMATION_REQUEST,
            author=actor,
            body=text,
            transition=log,
            reply_by=reply_by,
        )
        notify("information_requested", request.pk, message=text, reply_by=french_date(reply_by))
    return request


def request_answer(*, actor: User, request_id: int, message: str) -> FundingRequest:
    with transaction.atomic():
        request = lock_request(actor=actor, request_id=request_id, action=Action.ANSWER)
        text = _required_text(message, "message", "Votre réponse est vide.")
        log = move(request, Action.ANSWER, actor=actor, comment=text)
        thread_add(
            request=request, kind=MessageKind.ANSWER, author=actor, body=text, transition=log
        )
        activity_noted(actor=actor, request_id=request.pk)
        notify("answered", request.pk, message=text)
    return request


def request_refuse(*, actor: User, request_id: int, reason: str) -> FundingRequest:
    with transaction.atomic():
        request = lock_request(actor=actor, request_id=request_id, action=Action.REFUSE)
        text = _required_text(reason, "reason", "Le motif du refus est obligatoire.")
        log = move(request, Action.REFUSE, actor=actor, comment=text)
        notify("refused", request.pk, transition_id=log.pk)
    return request


def request_send_back(*, actor: User, request_id: int, comment: str) -> FundingRequest:
    """Four-eyes: the manager does not give the second approval and sends the request back to
    the adviser's review, saying why (the approval committed nothing yet)."""
    with transaction.atomic():
        request = lock_request(actor=actor, request_id=request_id, action=Action.SEND_BACK)
        text = _required_text(comment, "comment", "Dites au conseiller ce qui est à revoir.")
        move(request, Action.SEND_BACK, actor=actor, comment=text)
    return request


def request_complete(*, actor: User, request_id: int) -> FundingRequest:
    return _lock_and_move(Action.COMPLETE, actor=actor, request_id=request_id)


def note_add_check(*, actor: User, request_id: int | str) -> FundingRequest:
    """404 if the request is not visible, 403 if the role writes no notes."""
    request = request_get_visible(user=actor, request_id=request_id)
    if not perms.can_write_internal_notes(actor):
        raise Forbidden("Seuls les conseillers et responsables laissent des notes internes.")
    return request


def note_add(*, actor: User, request_id: int, text: str) -> InternalNote:
    request = note_add_check(actor=actor, request_id=request_id)
    return InternalNote.objects.create(
        request=request, author=actor, text=_required_text(text, "text", "La note est vide.")
    )
