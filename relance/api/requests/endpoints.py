"""Funding requests: creation, reading, and the workflow's transitions.

Each endpoint parses, calls one service and answers. The guards run before django-ninja reads
the body and ask the same functions as the services (`transitions.request_for_action`,
`funding/perms.py`), so the caller gets 401 → 404 → 403 → 422 → 409, and each rule lives once.
"""

from django.http import HttpRequest
from ninja import Body, Router, Status

from relance.accounts.models import User
from relance.api.auth import body_field, guard
from relance.api.requests.schemas import (
    BulkIn,
    BulkOut,
    CommentIn,
    EmptyIn,
    InformationIn,
    MessageIn,
    OptionalReasonIn,
    PaymentIn,
    PaymentOut,
    ReasonIn,
    RequestOut,
    RequestPage,
    RequiredCommentIn,
)
from relance.api.schemas import ERRORS
from relance.common.errors import Forbidden, NotFound
from relance.companies.identifiers import compact_identifier
from relance.companies.models import Company
from relance.companies.perms import can_view_company
from relance.funding import bulk, editing, money, perms, services
from relance.funding.data import EditData, PartsData, RequestData
from relance.funding.models import FundingRequest
from relance.funding.queue import ME, QueueFilters, queue_count, queue_requests
from relance.funding.selectors import request_detail, request_get_visible
from relance.funding.transitions import request_for_action
from relance.funding.workflow import Action

router = Router(tags=["Demandes de financement"])
PAGE_SIZE = 50


def request_out(request: FundingRequest, user: User) -> FundingRequest:
    """The request as `RequestOut` reads it: money, history, documents, notes if allowed."""
    detail = request_detail(request.pk)
    detail.visible_notes = list(detail.notes.all()) if perms.can_read_internal_notes(user) else None
    if not perms.can_view_disadvantaged(user, detail):
        for trainee in detail.trainees.all():  # the prefetched rows the answer reads
            trainee.disadvantaged = None
    return detail


def _may_create(request: HttpRequest, user: User) -> None:
    """The service's checks, before the body is validated: a company the caller may not see is
    a 404, a role that files no requests or may not backdate them a 403."""
    siren = body_field(request, "siren")
    company = (
        Company.objects.filter(siren=compact_identifier(siren)).first()
        if isinstance(siren, str)
        else None
    )
    if company is not None and not can_view_company(user, company):
        raise NotFound("Entreprise introuvable.")
    if not perms.can_create_requests(user):
        raise Forbidden(services.CREATE_REFUSAL)
    if body_field(request, "filed_on") is not None and not perms.can_backdate_filing(user):
        raise Forbidden(services.BACKDATE_REFUSAL)


@router.post("/requests", response={201: RequestOut, **ERRORS})
@guard(_may_create)
def request_create(request: HttpRequest, payload: Body[RequestData]):
    """Crée une demande (brouillon). Avec un en-tête `Idempotency-Key`, le même appel rejoué renvoie la même demande."""
    key = request.headers.get("Idempotency-Key", "").strip()[:100] or None
    created, _ = services.request_create(actor=request.auth, data=payload, idempotency_key=key)
    return Status(201, request_out(created, request.auth))


@router.get("/requests", response={200: RequestPage, **ERRORS})
def request_list(
    request: HttpRequest,
    q: str = "",
    status: str = "",
    delegation: str = "",
    assignee: str = "",
    page: int = 1,
):
    """Les demandes visibles par l'appelant (une entreprise : les siennes, brouillons compris),
    50 par page, les plus récentes d'abord. `q` cherche comme la file `/gestion/` : référence,
    SIREN, SIRET, raison sociale (sans accents ni casse), une référence, un SIREN ou un SIRET
    exacts en premier ; `assignee=me` : celles que l'appelant suit."""
    filters = QueueFilters(
        q=" ".join(q.split())[:100],
        status=status[:30],
        delegation=delegation[:8],
        assignee=ME if assignee == "me" else assignee if assignee.isdigit() else "",
        sort="creation",
        drafts=True,
    )
    count = queue_count(request.auth, filters)
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(page, 1), pages)
    queryset = queue_requests(request.auth, filters)
    items = list(queryset[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    return {"items": items, "count": count, "page": page, "pages": pages}


@router.post("/requests/bulk", response={200: BulkOut, **ERRORS})
@guard(lambda request, user: bulk.bulk_check(actor=user, action="review", ids=[0]))
def request_bulk(request: HttpRequest, payload: BulkIn):
    """Une action sur plusieurs demandes (500 au plus) : `review`, `approve` (`comment`),
    `refuse` (`reason`), `assign` (`assignee` : un identifiant d'utilisateur, null pour
    personne). Chaque demande passe par le même service que l'action seule, dans sa propre
    transaction ; un résultat par identifiant, dans l'ordre donné."""
    outcomes = bulk.requests_bulk(
        actor=request.auth,
        action=payload.action,
        ids=payload.ids,
        comment=payload.comment,
        reason=payload.reason,
        assignee=payload.assignee,
    )
    return {"results": [o.as_dict() for o in outcomes]}


def _may(action: str):
    """The guard of a transition endpoint: 404 then 403, as the service will check them."""

    def check(request: HttpRequest, user: User, id: str) -> None:
        request_for_action(actor=user, request_id=id, action=action)

    return check


def _visible(request: HttpRequest, user: User, id: str) -> None:
    request_get_visible(user=user, request_id=id)


@router.get("/requests/{id}", response={200: RequestOut, **ERRORS})
@guard(_visible)
def request_get(request: HttpRequest, id: str):
    """Une demande, avec sa décision, son historique et ses documents."""
    return request_out(request_get_visible(user=request.auth, request_id=id), request.auth)


def _answer(request: HttpRequest, funding_request: FundingRequest):
    return request_out(funding_request, request.auth)


@router.put("/requests/{id}", response={200: RequestOut, **ERRORS})
@guard(_may(Action.EDIT))
def request_edit(request: HttpRequest, id: str, payload: Body[EditData]):
    """Modifie un brouillon, ou une demande renvoyée pour correction (informations demandées) :
    actions et stagiaires remplacés, régime et parcours s'ils sont donnés ; les règles sont
    appliquées de nouveau (`decision`). Dans un autre état : 409 `invalid_state`."""
    return _answer(request, editing.request_edit(actor=request.auth, request_id=id, data=payload))


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
def request_information(request: HttpRequest, id: str, payload: InformationIn):
    """Demande des informations à l'entreprise (un message du fil), à fournir avant `reply_by`
    (par défaut dans 15 jours), date après laquelle elle est relancée (« Renvoyer pour
    correction ») : elle peut alors modifier sa demande (`PUT`) puis répondre."""
    return _answer(
        request,
        services.request_information(
            actor=request.auth, request_id=id, message=payload.message, reply_by=payload.reply_by
        ),
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
    """Accorde la demande : engage le montant sur l'enveloppe (409 si les fonds manquent) ; sur
    une demande en attente de seconde validation, c'est la seconde validation (responsable)."""
    comment = payload.comment if payload else ""
    return _answer(
        request, money.request_approve(actor=request.auth, request_id=id, comment=comment)
    )


@router.post("/requests/{id}/send-back", response={200: RequestOut, **ERRORS})
@guard(_may(Action.SEND_BACK))
def request_send_back(request: HttpRequest, id: str, payload: RequiredCommentIn):
    """Seconde validation refusée : le responsable renvoie la demande en instruction au
    conseiller, avec un commentaire."""
    return _answer(
        request,
        services.request_send_back(actor=request.auth, request_id=id, comment=payload.comment),
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
def request_amend(request: HttpRequest, id: str, payload: Body[PartsData]):
    """Avenant : révise les actions et les stagiaires d'une demande accordée."""
    return _answer(request, money.request_amend(actor=request.auth, request_id=id, parts=payload))


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
    return Status(201, entry)
