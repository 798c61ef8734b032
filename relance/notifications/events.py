"""Announce a request's event: its e-mails go out as a background task once the transaction
has committed, never on rollback."""

from functools import partial

from django.db import transaction


def notify(event: str, request_id: int, **context) -> None:
    from relance.notifications.tasks import send_request_event

    transaction.on_commit(partial(send_request_event.enqueue, event, request_id, context))
