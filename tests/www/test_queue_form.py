"""The queue's one form, posted as a browser posts it: a row's « Suivre » button sends every
field of the bulk form with it; a bulk approval says where each request went."""

from html.parser import HTMLParser

import pytest

from relance.budget.models import Envelope
from relance.funding.models import FundingRequest
from tests.workflow import action

pytestmark = pytest.mark.django_db


class BulkForm(HTMLParser):
    """The fields a browser posts from form#bulk: hidden inputs and each select's first option
    (nothing is ticked or chosen), as (name, value) pairs in document order."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.select: str | None = None
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == "bulk"
        elif self.inside and tag == "input" and a.get("type") == "hidden":
            self.fields.append((a["name"], a.get("value", "")))
        elif self.inside and tag == "select":
            self.select = a["name"]
        elif self.select and tag == "option":
            self.fields.append((self.select, a.get("value", "")))
            self.select = None

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def posted_with_button(html: str, name: str, value: str) -> dict[str, list[str]]:
    """The body of form#bulk when the button `name=value` submits it (the button comes
    before the bulk fields in the page, so it is not the last value of a shared name)."""
    form = BulkForm()
    form.feed(html)
    body: dict[str, list[str]] = {name: [value]}
    for key, field_value in form.fields:
        body.setdefault(key, []).append(field_value)
    return body


def test_a_rows_suivre_button_follows_the_request_whatever_else_the_form_posts(
    client, people, new_request, walk
):
    pk = new_request()
    walk(pk, "submitted")
    client.force_login(people["adviser"])
    html = client.get("/gestion/?onglet=a_traiter").content.decode()
    assert f'formaction="/demandes/{pk}/attribuer/" name="assignee" value="moi"' in html
    body = posted_with_button(html, "assignee", "moi")
    response = client.post(f"/demandes/{pk}/attribuer/", body, follow=True)
    assert FundingRequest.objects.get(pk=pk).assignee == people["adviser"]
    assert [str(m) for m in response.context["messages"]][-1].endswith(
        f"suivie par {people['adviser'].username}."
    )


def test_the_bulk_assignee_is_chosen_in_its_own_select(client, people, new_request, walk):
    pk = new_request()
    walk(pk, "submitted")
    client.force_login(people["manager"])
    body = {"action": "assign", "ids": [pk], "bulk_assignee": people["adviser"].pk}
    html = client.post("/gestion/lot/", body).content.decode()
    assert "1 demande traitée sur 1" in html
    assert FundingRequest.objects.get(pk=pk).assignee == people["adviser"]


def test_a_bulk_approval_above_the_threshold_reads_where_it_went_and_why(
    client, people, new_request, walk
):
    below, above = new_request(training_actions=[action(cost="3000.00")]), new_request()
    for pk in (below, above):
        walk(pk, "in_review")
    Envelope.objects.update(second_approval_above="10000.00")
    client.force_login(people["adviser"])
    body = {"action": "approve", "ids": [below, above]}
    page = client.post("/gestion/lot/", body).content.decode()
    outcomes = page.split('<ul class="outcomes">')[1].split("</ul>")[0].split("</li>")
    assert outcomes[0].rstrip().endswith("fait")
    assert (
        outcomes[1]
        .rstrip()
        .endswith("accord transmis pour seconde validation (montant supérieur à 10\u202f000,00 €)")
    )
    statuses = [FundingRequest.objects.get(pk=pk).status for pk in (below, above)]
    assert statuses == ["approved", "awaiting_second_approval"]
