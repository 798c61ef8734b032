"""Announce a request's event: its e-mails go out as a background task once the transaction
has committed, never on rollback (the task's run is written in the same transaction)."""


def notify(event: str, request_id: int, **context) -> None:
    from relance.notifications.tasks import send_request_event

    send_request_event.defer(event, request_id, context)
