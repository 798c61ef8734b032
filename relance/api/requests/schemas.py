"""The shapes of the funding-request endpoints.

Request bodies that the services take as they are (`RequestData`, `PartsData`) are the services'
own dataclasses (`relance/funding/data.py`), validated by pydantic: they are declared once. The
answers below read the models' attributes directly (`Field(alias="company.siren")`)."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from relance.api.schemas import Instant, Money, Strict, answer_of
from relance.funding.data import ActionData, TraineeData

ActionOut = answer_of(ActionData, "ActionOut")


class TraineeOut(answer_of(TraineeData, "TraineeShape")):
    # Null for those who do not instruct the request (special-category data, GDPR art. 9).
    disadvantaged: bool | None = None


class MessageIn(Strict):
    message: str


class ReasonIn(Strict):
    reason: str


class OptionalReasonIn(Strict):
    reason: str = ""


class CommentIn(Strict):
    comment: str = ""


class RequiredCommentIn(Strict):
    comment: str


class EmptyIn(Strict):
    pass


class PaymentIn(Strict):
    amount: Money
    payee: Literal["company", "provider"]
    reference: str
    final: bool = False


class NoteIn(Strict):
    text: str


class HistoryOut(Schema):
    at: Instant
    actor: str | None = Field(None, alias="actor.username")
    action: str
    from_status: str
    to_status: str
    comment: str


class DocumentOut(Schema):
    id: int
    kind: str
    name: str = Field(alias="original_name")
    content_type: str
    size: int
    uploaded_at: Instant


class NoteOut(Schema):
    id: int
    author: str = Field(alias="author.username")
    text: str
    created_at: Instant


class RequestSummary(Schema):
    id: int
    reference: str
    siren: str = Field(alias="company.siren")
    company_name: str = Field(alias="company.name")
    delegation: str = Field(alias="company.delegation.code")
    pathway: str
    status: str
    filed_on: dt.date | None
    funded_amount: Money | None


class RequestOut(RequestSummary):
    """A request with its money (`with_money()` annotations), history, documents and, for
    those who may read them, the internal notes (`notes` is null for the others)."""

    aid_regime: str
    rules_version: str
    decision: dict | None
    training_actions: list[ActionOut] = Field(alias="actions")
    trainees: list[TraineeOut]
    committed: Money = Field(alias="net_committed")
    paid: Money
    history: list[HistoryOut]
    documents: list[DocumentOut]
    notes: list[NoteOut] | None = Field(None, alias="visible_notes")


class RequestPage(Schema):
    items: list[RequestSummary]
    count: int
    page: int
    pages: int


class PaymentOut(Schema):
    id: int
    request_id: int
    amount: Money
    payee: str
    reference: str
    created_at: Instant


class BulkIn(Strict):
    action: Literal["review", "approve", "refuse", "assign"]
    ids: list[int]
    comment: str = ""
    reason: str = ""
    assignee: int | None = None


class BulkOut(Schema):
    """One result per id, in the order given: `{"id", "ok": true, "status"}` or
    `{"id", "ok": false, "errors": [{"field", "code", "message"}]}`."""

    results: list[dict]


class InformationIn(Strict):
    message: str
    reply_by: dt.date | None = None  # by default within the reminder's delay (15 days)


class ThreadMessageIn(Strict):
    body: str


class ThreadMessageOut(Schema):
    id: int
    body: str
    author_role: str
    created_at: Instant


class ThreadItemOut(ThreadMessageOut):
    """`author_role`: the author's role (`company`, `adviser`, …), `system` for a notice."""

    attachments: list[DocumentOut]
    read: bool


class ThreadOut(Schema):
    items: list[ThreadItemOut]
    unread: int
