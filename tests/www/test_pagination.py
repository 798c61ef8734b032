"""Long lists: pages read from the end give the same rows as from the start; past the last page
comes the last page, never a 404."""

from django.core.paginator import Paginator

from relance.common import pagination
from relance.common.pagination import VolumePaginator
from relance.funding import queue
from relance.funding.models import FundingRequest


def test_every_page_read_from_the_end_holds_the_same_rows_as_from_the_start(
    people, new_request, walk
):
    for _ in range(7):
        walk(new_request(), "submitted")
    requests = FundingRequest.objects.order_by("-filed_on", "-pk")
    plain, volume = Paginator(requests, 2), VolumePaginator(requests, 2)
    assert volume.num_pages == plain.num_pages == 4
    for number in plain.page_range:
        assert list(volume.page(number)) == list(plain.page(number))
    assert list(volume.get_page(99999)) == list(plain.page(4))


def test_pages_read_ids_first_hold_the_same_rows_in_the_same_order(
    people, new_request, walk, monkeypatch
):
    for _ in range(7):
        walk(new_request(), "submitted")
    requests = FundingRequest.objects.order_by("-filed_on", "-pk")
    plain = Paginator(requests, 2)
    monkeypatch.setattr(pagination, "IDS_FIRST_FROM", 0)  # every page reads its ids first
    volume = VolumePaginator(requests, 2)
    for number in plain.page_range:
        assert list(volume.page(number)) == list(plain.page(number))


def test_the_queue_sorted_by_company_lists_the_same_rows_small_or_large(
    client, people, new_request, walk, monkeypatch
):
    for _ in range(4):
        walk(new_request(), "submitted")
    client.force_login(people["manager"])
    small = client.get("/gestion/?onglet=toutes&tri=entreprise").context["page"]
    monkeypatch.setattr(queue, "SORT_FOUND_UP_TO", 0)  # the index's order
    large = client.get("/gestion/?onglet=toutes&tri=entreprise").context["page"]
    assert [r.pk for r in small] == [r.pk for r in large]
    assert len(small) == 4


def test_a_kept_count_spares_the_count_query(people, new_request, walk, django_assert_num_queries):
    walk(new_request(), "submitted")
    paginator = VolumePaginator(FundingRequest.objects.order_by("pk"), 25, count=1)
    with django_assert_num_queries(1):
        assert len(paginator.get_page(1)) == 1


def test_the_queue_answers_a_page_past_the_last_with_the_last_page(
    client, people, new_request, walk
):
    for _ in range(3):
        walk(new_request(), "submitted")
    client.force_login(people["manager"])
    page = client.get("/gestion/?page=99999")
    assert page.status_code == 200
    assert page.context["page"].number == page.context["page"].paginator.num_pages
    assert len(page.context["page"]) == 3
