"""Funding requests: creation, reading, the workflow's transitions, payments, documents, notes."""

import datetime as dt
import json
from decimal import Decimal
from typing import Literal

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from relance.accounts import perms
from relance.accounts.models import User
from relance.api.auth import guard
from relance.api.schemas import ERRORS, Strict
from relance.budget.selectors import request_money
from relance.common.errors import Forbidden, NotFound
from relance.companies.identifiers import compact_identifier
from relance.companies.models import Company
from relance.funding import documents, money, services
from relance.funding.data import ActionData, RequestData, TraineeData
from relance.funding.models import FundingRequest
from relance.funding.selectors import request_get_visible, requests_visible_to
from relance.funding.workflow import Action
from relance.funding.workflow import Status as RequestStatus

router = Router(tags=["Demandes de financement"])
PAGE_SIZE = 50


class ActionIn(Strict):
    title: str
    provider_siret: str
    provider_declaration_number: str
    hours: Decimal
    start: dt.date
    end: dt.date
    cost: Decimal
    mandatory_safety: bool = False


class TraineeIn(Strict):
    employee_ref: str
    contract: str
    contract_end: dt.date | None = None
    leaving_under_pse_or_rcc: bool = False


class RequestIn(Strict):
    siren: str
    reference: str | None = None
    aid_regime: str
    pathway: str
    filed_on: dt.date | None = None
    training_actions: list[ActionIn]
    trainees: list[TraineeIn]


class AmendIn(Strict):
    training_actions: list[ActionIn]
    trainees: list[TraineeIn]


class MessageIn(Strict):
    message: str


class ReasonIn(Strict):
    reason: str


class OptionalReasonIn(Strict):
    reason: str = ""


class CommentIn(Strict):
    comment: str = ""


class EmptyIn(Strict):
    pass


class PaymentIn(Strict):
    amount: Decimal
    payee: Literal["company", "provider"]
    reference: str
    final: bool = False


class NoteIn(Strict):
    text: str


class HistoryOut(Schema):
    at: dt.datetime
    actor: str | None
    action: str
    from_status: str
    to_status: str
    comment: str


class DocumentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime


class RequestOut(Schema):
    id: int
    reference: str
    siren: str
    company_name: str
    delegation: str
    pathway: str
    aid_regime: str
    status: str
    filed_on: dt.date | None
    rules_version: str
    decision: dict | None
    training_actions: list[dict]
    trainees: list[dict]
    committed: str
    paid: str
    history: list[HistoryOut]
    documents: list[DocumentOut]
    notes: list[dict] | None


class RequestSummary(Schema):
    id: int
    reference: str
    siren: str
    company_name: str
    delegation: str
    pathway: str
    status: str
    filed_on: dt.date | None
    funded_amount: str | None


class RequestPage(Schema):
    items: list[RequestSummary]
    count: int
    page: int
    pages: int


class PaymentOut(Schema):
    id: int
    request_id: int
    amount: str
    payee: str
    reference: str
    created_at: dt.datetime


def request_out(request: FundingRequest, user: User) -> dict:
    request = (
        FundingRequest.objects.select_related("company", "company__delegation")
        .prefetch_related("actions", "trainees", "history__actor", "documents", "notes__author")
        .get(pk=request.pk)
    )
    totals = request_money(request.pk)
    return {
        "id": request.pk,
        "reference": request.reference,
        "siren": request.company.siren,
        "company_name": request.company.name,
        "delegation": request.company.delegation.code,
        "pathway": request.pathway,
        "aid_regime": request.aid_regime,
        "status": request.status,
        "filed_on": request.filed_on,
        "rules_version": request.rules_version,
        "decision": request.decision,
        "training_actions": [
            {
                "title": a.title,
                "provider_siret": a.provider_siret,
                "provider_declaration_number": a.provider_declaration_number,
                "hours": f"{a.hours:.2f}",
                "start": a.start.isoformat(),
                "end": a.end.isoformat(),
                "cost": f"{a.cost:.2f}",
                "mandatory_safety": a.mandatory_safety,
            }
            for a in request.actions.all()
        ],
        "trainees": [
            {
                "employee_ref": t.employee_ref,
                "contract": t.contract,
                "contract_end": t.contract_end.isoformat() if t.contract_end else None,
                "leaving_under_pse_or_rcc": t.leaving_under_pse_or_rcc,
            }
            for t in request.trainees.all()
        ],
        "committed": f"{totals.net_committed:.2f}",
        "paid": f"{totals.paid:.2f}",
        "history": [
            {
                "at": h.at,
                "actor": h.actor.username if h.actor else None,
                "action": h.action,
                "from_status": h.from_status,
                "to_status": h.to_status,
                "comment": h.comment,
            }
            for h in request.history.all()
        ],
        "documents": [
            {
                "id": d.pk,
                "kind": d.kind,
                "name": d.original_name,
                "content_type": d.content_type,
                "size": d.size,
                "uploaded_at": d.uploaded_at,
            }
            for d in request.documents.all()
        ],
        "notes": [
            {"author": n.author.username, "text": n.text, "created_at": n.created_at.isoformat()}
            for n in request.notes.all()
        ]
        if perms.can_read_internal_notes(user)
        else None,
    }


def _body(request: HttpRequest) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _may_create(request: HttpRequest, user: User) -> None:
    body = _body(request)
    siren = body.get("siren")
    company = (
        Company.objects.filter(siren=compact_identifier(siren)).first()
        if isinstance(siren, str)
        else None
    )
    if company is not None and not perms.can_view_company(user, company):
        raise NotFound("Entreprise introuvable.")
    if user.role not in {"company", "adviser", "manager"}:
        raise Forbidden("Votre rôle ne permet pas de créer une demande de financement.")
    if body.get("filed_on") is not None and not perms.can_backdate_filing(user):
        raise Forbidden(
            "Seuls les conseillers et les responsables peuvent saisir une date de dépôt antérieure."
        )


def _actions(items: list[ActionIn]) -> list[ActionData]:
    return [ActionData(**item.model_dump()) for item in items]


def _trainees(items: list[TraineeIn]) -> list[TraineeData]:
    return [TraineeData(**item.model_dump()) for item in items]


@router.post("/requests", response={201: RequestOut, **ERRORS})
@guard(_may_create)
def request_create(request: HttpRequest, payload: RequestIn):
    """Crée une demande (brouillon). Avec un en-tête `Idempotency-Key`, le même appel rejoué renvoie la même demande."""
    data = RequestData(
        siren=payload.siren,
        reference=payload.reference,
        aid_regime=payload.aid_regime,
        pathway=payload.pathway,
        filed_on=payload.filed_on,
        training_actions=_actions(payload.training_actions),
        trainees=_trainees(payload.trainees),
    )
    key = request.headers.get("Idempotency-Key", "").strip()[:100] or None
    created, _ = services.request_create(actor=request.auth, data=data, idempotency_key=key)
    return Status(201, request_out(created, request.auth))


@router.get("/requests", response={200: RequestPage, **ERRORS})
def request_list(
    request: HttpRequest, status: str | None = None, delegation: str | None = None, page: int = 1
):
    """Les demandes visibles par l'appelant, filtrées, 50 par page."""
    queryset = (
        requests_visible_to(request.auth)
        .select_related("company", "company__delegation")
        .order_by("-pk")
    )
    if status:
        queryset = queryset.filter(status=status)
    if delegation:
        queryset = queryset.filter(company__delegation__code=delegation)
    count = queryset.count()
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(page, 1), pages)
    items = [
        {
            "id": r.pk,
            "reference": r.reference,
            "siren": r.company.siren,
            "company_name": r.company.name,
            "delegation": r.company.delegation.code,
            "pathway": r.pathway,
            "status": r.status,
            "filed_on": r.filed_on,
            "funded_amount": f"{r.funded_amount:.2f}" if r.funded_amount is not None else None,
        }
        for r in queryset[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ]
    return {"items": items, "count": count, "page": page, "pages": pages}


def _visible(request: HttpRequest, user: User, id: str) -> None:
    request_get_visible(user=user, request_id=id)


def _may(action: str):
    def check(request: HttpRequest, user: User, id: str) -> None:
        target = request_get_visible(user=user, request_id=id)
        effective = (
            Action.SECOND_APPROVE
            if action == Action.APPROVE and target.status == RequestStatus.AWAITING_SECOND_APPROVAL
            else action
        )
        if not perms.can_take(user, effective, target):
            raise Forbidden(
                f"Votre rôle ne permet pas l'action « {Action(effective).label} » sur cette demande."
            )

    return check


@router.get("/requests/{id}", response={200: RequestOut, **ERRORS})
@guard(_visible)
def request_get(request: HttpRequest, id: str):
    """Une demande, avec sa décision, son historique et ses documents."""
    return request_out(request_get_visible(user=request.auth, request_id=id), request.auth)


def _answer(request: HttpRequest, funding_request: FundingRequest):
    return request_out(funding_request, request.auth)


@router.post("/requests/{id}/submit", response={200: RequestOut, **ERRORS})
@guard(_may(Action.SUBMIT))
def request_submit(request: HttpRequest, id: str, payload: EmptyIn = None):
    """Dépose la demande : les règles en vigueur à la date de dépôt sont appliquées."""
    return _answer(request, services.request_submit(actor=request.auth, request_id=id))


@router.post("/requests/{id}/review", response={200: RequestOut, **ERRORS})
@guard(_may(Action.REVIEW))
def request_review(request: HttpRequest, id: str, payload: EmptyIn = None):
    """Prend la demande en instruction."""
    return _answer(request, services.request_review(actor=request.auth, request_id=id))


@router.post("/requests/{id}/request-information", response={200: RequestOut, **ERRORS})
@guard(_may(Action.REQUEST_INFORMATION))
def request_information(request: HttpRequest, id: str, payload: MessageIn):
    """Demande des informations à l'entreprise."""
    return _answer(
        request,
        services.request_information(actor=request.auth, request_id=id, message=payload.message),
    )


@router.post("/requests/{id}/answer", response={200: RequestOut, **ERRORS})
@guard(_may(Action.ANSWER))
def request_answer(request: HttpRequest, id: str, payload: MessageIn):
    """L'entreprise répond à la demande d'informations."""
    return _answer(
        request, services.request_answer(actor=request.auth, request_id=id, message=payload.message)
    )


@router.post("/requests/{id}/approve", response={200: RequestOut, **ERRORS})
@guard(_may(Action.APPROVE))
def request_approve(request: HttpRequest, id: str, payload: CommentIn = None):
    """Accorde la demande : engage le montant sur l'enveloppe (409 si les fonds manquent)."""
    comment = payload.comment if payload else ""
    return _answer(
        request, money.request_approve(actor=request.auth, request_id=id, comment=comment)
    )


@router.post("/requests/{id}/refuse", response={200: RequestOut, **ERRORS})
@guard(_may(Action.REFUSE))
def request_refuse(request: HttpRequest, id: str, payload: ReasonIn):
    """Refuse la demande, motif à l'appui."""
    return _answer(
        request, services.request_refuse(actor=request.auth, request_id=id, reason=payload.reason)
    )


@router.post("/requests/{id}/amend", response={200: RequestOut, **ERRORS})
@guard(_may(Action.AMEND))
def request_amend(request: HttpRequest, id: str, payload: AmendIn):
    """Avenant : révise les actions et les stagiaires d'une demande accordée."""
    return _answer(
        request,
        money.request_amend(
            actor=request.auth,
            request_id=id,
            actions=_actions(payload.training_actions),
            trainees=_trainees(payload.trainees),
        ),
    )


@router.post("/requests/{id}/complete", response={200: RequestOut, **ERRORS})
@guard(_may(Action.COMPLETE))
def request_complete(request: HttpRequest, id: str, payload: EmptyIn = None):
    """Marque la formation comme réalisée."""
    return _answer(request, services.request_complete(actor=request.auth, request_id=id))


@router.post("/requests/{id}/cancel", response={200: RequestOut, **ERRORS})
@guard(_may(Action.CANCEL))
def request_cancel(request: HttpRequest, id: str, payload: OptionalReasonIn = None):
    """Annule la demande et dégage tout engagement (impossible après un premier paiement)."""
    reason = payload.reason if payload else ""
    return _answer(request, money.request_cancel(actor=request.auth, request_id=id, reason=reason))


@router.post("/requests/{id}/payments", response={201: PaymentOut, **ERRORS})
@guard(_may(Action.PAY))
def payment_create(request: HttpRequest, id: str, payload: PaymentIn):
    """Enregistre un paiement ; la même référence rejouée renvoie le même paiement."""
    entry, _ = money.payment_record(
        actor=request.auth,
        request_id=id,
        amount=payload.amount,
        payee=payload.payee,
        reference=payload.reference,
        final=payload.final,
    )
    return Status(
        201,
        {
            "id": entry.pk,
            "request_id": entry.request_id,
            "amount": f"{entry.amount:.2f}",
            "payee": entry.payee,
            "reference": entry.reference,
            "created_at": entry.created_at,
        },
    )


def _may_upload(request: HttpRequest, user: User, id: str) -> None:
    target = request_get_visible(user=user, request_id=id)
    if not perms.can_upload_documents(user, target):
        raise Forbidden("Votre rôle ne permet pas de déposer des documents.")


@router.post("/requests/{id}/documents", response={201: DocumentOut, **ERRORS})
@guard(_may_upload)
def document_create(request: HttpRequest, id: str, kind: Form[str], file: File[UploadedFile]):
    """Dépose un justificatif (PDF, PNG ou JPEG, vérifié sur son contenu ; 10 Mo au plus)."""
    document = documents.document_upload(actor=request.auth, request_id=id, kind=kind, upload=file)
    return Status(
        201,
        {
            "id": document.pk,
            "kind": document.kind,
            "name": document.original_name,
            "content_type": document.content_type,
            "size": document.size,
            "uploaded_at": document.uploaded_at,
        },
    )


@router.get("/requests/{id}/documents/{document_id}", response={200: None, **ERRORS})
@guard(
    lambda request, user, id, document_id: documents.document_get_visible(
        user=user, request_id=id, document_id=document_id
    )
)
def document_download(request: HttpRequest, id: str, document_id: str):
    """Télécharge un document de la demande (dont la lettre de décision)."""
    document = documents.document_get_visible(
        user=request.auth, request_id=id, document_id=document_id
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


def _may_note(request: HttpRequest, user: User, id: str) -> None:
    request_get_visible(user=user, request_id=id)
    if not perms.can_write_internal_notes(user):
        raise Forbidden("Seuls les conseillers et responsables laissent des notes internes.")


@router.post("/requests/{id}/notes", response={201: dict, **ERRORS})
@guard(_may_note)
def note_create(request: HttpRequest, id: str, payload: NoteIn):
    """Ajoute une note interne (jamais montrée à l'entreprise)."""
    note = services.note_add(actor=request.auth, request_id=id, text=payload.text)
    return Status(
        201, {"id": note.pk, "text": note.text, "created_at": note.created_at.isoformat()}
    )
