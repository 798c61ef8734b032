"""A user's named views of the queue: a name and the query string of its filters."""

from urllib.parse import parse_qsl, urlencode

from relance.accounts.models import User
from relance.common.errors import FieldError, InvalidInput, NotFound
from relance.funding.models import SavedView
from relance.funding.queue import FILTER_KEYS

# What a view keeps: the filters, the tab and the sort, never a page number.
KEPT = {*FILTER_KEYS, "onglet", "tri"}


def saved_view_save(*, user: User, name: str, query: str) -> SavedView:
    """Save (or replace) the user's view of that name."""
    name = " ".join((name or "").split())[:80]
    if not name:
        raise InvalidInput([FieldError("name", "required", "Donnez un nom à la vue.")])
    kept = urlencode([(k, v) for k, v in parse_qsl(query or "") if k in KEPT and v])[:1000]
    view, _ = SavedView.objects.update_or_create(user=user, name=name, defaults={"query": kept})
    return view


def saved_view_delete(*, user: User, view_id: int) -> str:
    view = SavedView.objects.filter(user=user, pk=view_id).first()
    if view is None:
        raise NotFound("Vue introuvable.")
    view.delete()
    return view.name
