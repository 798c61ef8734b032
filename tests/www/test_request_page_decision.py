"""The request page says the operator's decision first, and its errors look like errors."""

from decimal import Decimal

import pytest

from relance.budget.selectors import request_money
from relance.common.formats import amount

pytestmark = pytest.mark.django_db


def top(page: str) -> str:
    """The page from its title to the rules' estimate."""
    return page.split("<h1>", 1)[1].split("Estimation des règles", 1)[0]


@pytest.mark.parametrize("role", ["company", "adviser"])
def test_an_approved_request_reads_granted_with_its_amount_at_the_top(
    client, people, new_request, walk, role
):
    request_id = new_request()
    walk(request_id, "approved")
    client.force_login(people[role])
    page = client.get(f"/demandes/{request_id}/").text
    assert f"<strong>Accordée :</strong> {amount('12000.00')}" in top(page)


@pytest.mark.parametrize("role", ["company", "adviser"])
def test_a_refused_request_reads_refused_with_its_reason_and_never_eligible_at_the_top(
    client, people, new_request, walk, role
):
    request_id = new_request()
    walk(request_id, "refused")
    client.force_login(people[role])
    page = client.get(f"/demandes/{request_id}/").text
    assert "<strong>Refusée :</strong> motif Hors périmètre" in top(page)
    assert "Éligible" not in top(page)


def test_a_request_not_decided_yet_shows_the_rules_estimate_as_an_estimate(
    client, people, new_request, walk
):
    request_id = new_request()
    walk(request_id, "submitted")
    client.force_login(people["company"])
    page = client.get(f"/demandes/{request_id}/").text
    assert 'class="decision-banner' not in page
    assert "<h2>Estimation des règles</h2>" in page


def test_a_refused_action_is_an_error_block_not_a_success(client, people, new_request, walk):
    request_id = new_request()
    walk(request_id, "in_review")
    client.force_login(people["adviser"])
    response = client.post(
        f"/demandes/{request_id}/actions/refuse/", {"reason": " ", "confirm": "on"}, follow=True
    )
    page = response.text
    assert '<div class="error-summary" role="alert" tabindex="-1" autofocus' in page
    assert '<div role="status">' not in page.split("<main", 1)[1].split("</ul>", 1)[0]


def test_the_payment_form_reads_an_amount_typed_the_french_way(client, people, new_request, walk):
    request_id = new_request()
    walk(request_id, "approved")
    client.force_login(people["finance"])
    post = {"amount": "1 200,50 €", "payee": "company", "reference": "VIR-1"}
    client.post(f"/demandes/{request_id}/actions/pay/", post)
    assert request_money(request_id).paid == Decimal("1200.50")
