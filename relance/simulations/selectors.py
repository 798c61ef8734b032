"""Reads for simulations: the stored rules inputs of a year's decided requests."""

from collections.abc import Iterator, Sequence

from django.db.models import F, QuerySet, TextField
from django.db.models.functions import Cast

from relance.funding.models import FundingRequest
from relance.reports.kept import Bands
from relance.simulations.replay import Row


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


def decided_ids(*, year: int) -> list[int]:
    """The ids of the year's decided requests, in order (to cut the year into parts)."""
    return list(decided_requests(year=year).values_list("pk", flat=True))


def stored_rows(*, year: int, first: int, last: int, bands: Bands) -> Iterator[Row]:
    """The decided requests with ids from `first` to `last`, in order, in one streamed query:
    plain tuples, no model instances, the input as the text the database stores."""
    rows = (
        decided_requests(year=year)
        .filter(pk__gte=first, pk__lte=last)
        .annotate(
            text=Cast("decision_inputs", TextField()),
            delegation=F("company__delegation__code"),
            branch=F("company__branch__code"),
            headcount=F("company__headcount"),
        )
        .values_list("pk", "reference", "delegation", "branch", "headcount", "pathway", "text")
    )
    for pk, reference, delegation, branch, headcount, pathway, text in rows.iterator(2000):
        yield pk, reference, delegation, branch, bands.of(headcount), pathway, text
