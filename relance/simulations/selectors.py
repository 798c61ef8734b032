"""Reads for simulations: the stored rules inputs of a year's decided requests."""

from collections.abc import Iterator, Sequence

from django.db.models import F, QuerySet, TextField
from django.db.models.functions import Cast

from relance.funding.models import FundingRequest
from relance.reports.kept import Bands
from relance.simulations.replay import Stored


def decided_requests(
    *, year: int, statuses: Sequence[str] | None = None, scheme: str = "fne"
) -> QuerySet[FundingRequest]:
    """Requests of the year's envelope that have a decision (and so a stored rules input)."""
    requests = FundingRequest.objects.filter(
        envelope__scheme=scheme, envelope__year=year, decision_inputs__isnull=False
    )
    if statuses:
        requests = requests.filter(status__in=statuses)
    return requests.order_by("pk")


def stored_input_lines(*, year: int, statuses: Sequence[str] | None = None) -> Iterator[str]:
    """Each stored input as one line of JSON text, as the database writes it (no re-encoding)."""
    texts = (
        decided_requests(year=year, statuses=statuses)
        .annotate(text=Cast("decision_inputs", TextField()))
        .values_list("text", flat=True)
    )
    return texts.iterator(chunk_size=5000)


def stored_chunks(*, year: int, size: int = 2000) -> Iterator[list[Stored]]:
    """The decided requests in order, a chunk at a time (the caller judges one while the next
    is read)."""
    bands = Bands()
    rows = (
        decided_requests(year=year)
        .annotate(
            text=Cast("decision_inputs", TextField()),
            delegation=F("company__delegation__code"),
            branch=F("company__branch__code"),
            headcount=F("company__headcount"),
        )
        .values_list("pk", "reference", "delegation", "branch", "headcount", "pathway", "text")
    )
    chunk: list[Stored] = []
    for pk, reference, delegation, branch, headcount, pathway, text in rows.iterator(size):
        chunk.append(Stored(pk, reference, delegation, branch, bands.of(headcount), pathway, text))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
