"""A request's thread between the company and the operator's staff."""

from django.http import HttpRequest
from ninja import Status

from relance.accounts.models import User
from relance.api.auth import guard
from relance.api.requests.endpoints import router
from relance.api.requests.schemas import ThreadMessageIn, ThreadMessageOut, ThreadOut
from relance.api.schemas import ERRORS
from relance.funding import messages
from relance.funding.selectors import request_get_visible


def _visible(request: HttpRequest, user: User, id: str) -> None:
    request_get_visible(user=user, request_id=id)


@router.get("/requests/{id}/messages", response={200: ThreadOut, **ERRORS})
@guard(_visible)
def message_list(request: HttpRequest, id: str):
    """Les messages de la demande, les plus anciens d'abord ; `read` et `unread` tels qu'ils
    étaient pour l'appelant avant cet appel, qui les marque lus."""
    funding_request = request_get_visible(user=request.auth, request_id=id)
    items, unread = messages.thread_open(user=request.auth, request=funding_request)
    return {"items": items, "unread": unread}


def _may_write(request: HttpRequest, user: User, id: str) -> None:
    messages.message_post_check(actor=user, request_id=id)


@router.post("/requests/{id}/messages", response={201: ThreadMessageOut, **ERRORS})
@guard(_may_write)
def message_create(request: HttpRequest, id: str, payload: ThreadMessageIn):
    """Écrit à l'autre partie (l'entreprise ou les conseillers) ; un e-mail la prévient. Pièces
    jointes : `POST …/documents` avec `message`."""
    message = messages.message_post(actor=request.auth, request_id=id, body=payload.body)
    return Status(201, message)
