"""Reads on funding requests, always filtered to what the user may see."""

from django.db.models import QuerySet

from relance.accounts.models import User
from relance.common.errors import NotFound
from relance.common.log_context import log_bind
from relance.funding import perms
from relance.funding.models import FundingRequest


def requests_visible_to(user: User) -> QuerySet[FundingRequest]:
    return perms.filter_requests(user, FundingRequest.objects.all())


def request_pk(request_id) -> int | None:
    """A request id from a URL or a body, or None when it cannot be one (a bigint key)."""
    try:
        pk = int(request_id)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


def request_get_visible(*, user: User, request_id: int | str) -> FundingRequest:
    pk = request_pk(request_id)
    request = (
        requests_visible_to(user)
        .select_related("company", "company__delegation", "envelope")
        .filter(pk=pk)
        .first()
        if pk is not None
        else None
    )
    if request is None:
        raise NotFound("Demande introuvable.")
    log_bind(request_reference=request.reference)
    return request


def request_detail(pk: int) -> FundingRequest:
    """One request with everything its page and the API show, in a fixed number of queries:
    company, money (`with_money()`), actions, trainees, history, documents and notes."""
    return (
        FundingRequest.objects.with_money()
        .select_related("company__delegation", "company__branch", "envelope")
        .prefetch_related("actions", "trainees", "history__actor", "documents", "notes__author")
        .get(pk=pk)
    )
