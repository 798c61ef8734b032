"""The thread between a company and the operator's staff on a request, used by the pages and the
API alike.

Either side writes (`message_post`); an information request and its answer are messages too
(`thread_add`, called by the workflow's services), and `relance remind` leaves a notice.
A message is unread for a user until they open the thread, except their own, the notices and
the demo's author-less history; how far each user has read is one `ThreadRead` row per request. Each new message e-mails the
other side after commit. Internal notes are another model and never pass through here.
"""

import datetime as dt

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from relance import clock
from relance.accounts.models import Role, User
from relance.common.errors import ErrorCollector, FieldError, Forbidden, InvalidInput, Limits
from relance.funding import perms
from relance.funding.assignment import activity_noted
from relance.funding.documents import document_store, upload_errors
from relance.funding.models import (
    DocumentKind,
    FundingRequest,
    Message,
    MessageKind,
    ThreadRead,
    TransitionLog,
)
from relance.funding.selectors import request_get_visible, requests_visible_to
from relance.funding.workflow import Action
from relance.notifications.events import notify

MAX_BODY = 10_000
NOTICE_AUTHOR = "system"
WRITE_REFUSAL = "Votre rôle permet de lire les messages de cette demande, pas d'en écrire."
UPLOAD_REFUSAL = "Votre rôle ne permet pas de joindre des documents."


def message_post_check(*, actor: User, request_id: int | str) -> FundingRequest:
    """404 if the request is not visible, 403 if the role only reads its messages (the API
    asks it before reading the body)."""
    request = request_get_visible(user=actor, request_id=request_id)
    if not perms.can_write_messages(actor, request):
        raise Forbidden(WRITE_REFUSAL)
    return request


def message_post(
    *, actor: User, request_id: int | str, body: str, upload: UploadedFile | None = None
) -> Message:
    """Write to the request's thread, with a file attached if given; the other side is
    e-mailed once the transaction has committed."""
    request = message_post_check(actor=actor, request_id=request_id)
    if upload is not None and not perms.can_upload_documents(actor, request):
        raise Forbidden(UPLOAD_REFUSAL)
    errors = ErrorCollector()
    text = message_body(errors, "body", body, "Le message est vide.")
    if upload is not None:
        errors.errors += upload_errors(kind=DocumentKind.ATTACHMENT, upload=upload)
    errors.raise_if_any()
    with transaction.atomic():
        message = thread_add(request=request, kind=MessageKind.MESSAGE, author=actor, body=text)
        if upload is not None:
            document_store(
                actor=actor,
                request=request,
                kind=DocumentKind.ATTACHMENT,
                upload=upload,
                message=message,
            )
        activity_noted(actor=actor, request_id=request.pk)
        event = "message_to_staff" if perms.is_company_side(actor) else "message_to_company"
        notify(event, request.pk, message=text, author=actor.get_full_name() or actor.username)
    return message


def message_body(errors: ErrorCollector, field: str, text: str | None, missing: str) -> str:
    """A message's text, stripped; its problems go to `errors`."""
    text = (text or "").strip()
    if not text:
        errors.add(field, "required", missing)
    Limits.text(errors, field, text, MAX_BODY)
    return text


def thread_add(
    *,
    request: FundingRequest,
    kind: str,
    author: User | None,
    body: str,
    transition: TransitionLog | None = None,
    reply_by: dt.date | None = None,
) -> Message:
    """Append to the thread, in the caller's transaction (no e-mail: the caller's event)."""
    return Message.objects.create(
        request=request,
        kind=kind,
        author=author,
        author_role=perms.message_side(author) if author else NOTICE_AUTHOR,
        body=body,
        transition=transition,
        reply_by=reply_by,
        created_at=clock.now(),
    )


def messages_of_history(history: list[TransitionLog]) -> list[Message]:
    """The thread the demo's bulk-written history implies: its information requests (due after
    the reminder's delay) and answers (company steps have no login there: no author)."""
    kinds = {
        Action.REQUEST_INFORMATION: MessageKind.INFORMATION_REQUEST,
        Action.ANSWER: MessageKind.ANSWER,
    }
    delay = dt.timedelta(days=settings.RELANCE_REMINDER_DAYS)
    return [
        Message(
            request_id=log.request_id,
            kind=kinds[log.action],
            author=log.actor,
            author_role=perms.message_side(log.actor) if log.actor else Role.COMPANY.value,
            body=log.comment,
            transition_id=log.pk,
            reply_by=log.at.date() + delay if log.action == Action.REQUEST_INFORMATION else None,
            created_at=log.at,
        )
        for log in history
        if log.action in kinds
    ]


def reply_by_default() -> dt.date:
    """An information request expects its answer within the reminder's delay (15 days)."""
    return clock.today() + dt.timedelta(days=settings.RELANCE_REMINDER_DAYS)


def reply_by_checked(reply_by: dt.date | None) -> dt.date:
    if reply_by is None:
        return reply_by_default()
    if reply_by <= clock.today():
        raise InvalidInput(
            [FieldError("reply_by", "past_date", "La date de réponse attendue doit être à venir.")]
        )
    return reply_by


def thread_open(*, user: User, request: FundingRequest) -> tuple[list[Message], int]:
    """The thread as `user` sees it now (each message's `read` as it was before this call, and
    how many are unread), then marked read up to its last message."""
    messages = list(request.messages.select_related("author").prefetch_related("attachments"))
    up_to = ThreadRead.objects.filter(user=user, request=request).values("up_to").first()
    up_to = up_to["up_to"] if up_to else 0
    for message in messages:
        message.read = not _counts_as_unread(message, user) or message.pk <= up_to
    if messages:
        _mark_read(user, request.pk, max(m.pk for m in messages))
    return messages, sum(not m.read for m in messages)


def _counts_as_unread(message: Message, user: User) -> bool:
    """Only another person's messages: not one's own, not a notice, not an author-less row of
    the demo's history."""
    return message.kind != MessageKind.NOTICE and message.author_id not in (None, user.pk)


def _mark_read(user: User, request_id: int, up_to: int) -> None:
    """Move the user's mark forward, never back (two tabs may open the thread at once).

    A message whose id is below the mark but committed after it was set (PostgreSQL hands out
    ids before commit) would pass as read; two messages on one request within the same instant
    are rare enough to accept that."""
    marks = ThreadRead.objects.filter(user=user, request_id=request_id)
    if marks.update(up_to=Greatest(F("up_to"), Value(up_to))):
        return
    try:
        with transaction.atomic():
            ThreadRead.objects.create(user=user, request_id=request_id, up_to=up_to)
    except IntegrityError:  # the other tab created it first
        marks.update(up_to=Greatest(F("up_to"), Value(up_to)))


def unread_messages(user: User) -> QuerySet[Message]:
    """The messages of the requests `user` sees that they have not read yet."""
    mark = ThreadRead.objects.filter(user=user, request=OuterRef("request_id")).values("up_to")
    return (
        Message.objects.filter(request__in=requests_visible_to(user))
        .exclude(kind=MessageKind.NOTICE)
        .filter(author__isnull=False)
        .exclude(author=user)
        .alias(mark=Coalesce(Subquery(mark[:1]), Value(0)))
        .filter(pk__gt=F("mark"))
    )


def unread_count(user: User) -> int:
    return unread_messages(user).count()


def unread_by_request(user: User, request_ids: list[int]) -> dict[int, int]:
    """How many unread messages each of these requests has for `user` (one query)."""
    rows = unread_messages(user).filter(request_id__in=request_ids).order_by()
    return dict(rows.values_list("request_id").annotate(n=Count("pk")))
