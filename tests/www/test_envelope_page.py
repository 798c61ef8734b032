"""The envelope page (`/enveloppes/<année>/`) and the four-eyes threshold managers set on it or
through `PUT /api/v1/envelopes/fne/{year}`, every change in the audit trail."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relance.audit.models import AdminChange
from relance.budget.models import Envelope
from relance.budget.services import envelope_get_or_create
from relance.common import formats
from relance.www.envelope_pages import ThresholdForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope(people):
    return envelope_get_or_create(scheme="fne", year=2021)


def test_a_manager_reads_the_envelopes_money_and_sets_the_threshold_in_french(
    client, people, envelope
):
    client.force_login(people["manager"])
    page = client.get("/enveloppes/2021/").content.decode()
    for label in ("Montant", "Engagé", "Dégagé", "Engagements nets", "Payé", "Disponible"):
        assert f"<li>{label}<strong>" in page
    response = client.post("/enveloppes/2021/seuil/", {"second_approval_above": "50 000,00"})
    assert response["Location"] == "/enveloppes/2021/"
    envelope.refresh_from_db()
    assert envelope.second_approval_above == Decimal("50000.00")
    page = client.get("/enveloppes/2021/").content.decode()
    assert "Au-delà de <strong>50\u202f000,00 €</strong>" in page
    assert "double validation au-delà de : aucun → 50\u202f000,00 €" in page


def test_a_wrong_threshold_is_shown_in_red_with_what_was_typed(client, people, envelope):
    client.force_login(people["manager"])
    response = client.post("/enveloppes/2021/seuil/", {"second_approval_above": "-12,5"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist"' in html and 'value="-12,5"' in html
    assert Envelope.objects.get(pk=envelope.pk).second_approval_above is None


def test_an_adviser_reads_the_threshold_but_has_no_form_and_cannot_post(client, people, envelope):
    client.force_login(people["adviser"])
    assert "Enregistrer le seuil" not in client.get("/enveloppes/2021/").content.decode()
    response = client.post("/enveloppes/2021/seuil/", {"second_approval_above": "1"})
    assert response.status_code == 403


def test_the_api_sets_and_clears_the_threshold_and_the_audit_keeps_both(api, people, envelope):
    body = {"amount": "150000000.00", "second_approval_above": "75000.50"}
    answer = api.put(people["manager"], "/envelopes/fne/2021", body).json()
    assert answer["second_approval_above"] == "75000.50"
    unchanged = api.put(people["manager"], "/envelopes/fne/2021", {"amount": "150000000.00"})
    assert unchanged.json()["second_approval_above"] == "75000.50"
    cleared = {"amount": "150000000.00", "second_approval_above": None}
    assert (
        api.put(people["manager"], "/envelopes/fne/2021", cleared).json()["second_approval_above"]
        is None
    )
    trail = AdminChange.objects.filter(model="budget.envelope").order_by("pk")
    assert [c.changes["second_approval_above"] for c in trail] == [
        [None, "75000.50"],
        ["75000.50", None],
    ]
    assert trail[0].actor == people["manager"]


def test_a_negative_threshold_is_a_422(api, people, envelope):
    body = {"amount": "150000000.00", "second_approval_above": "-1"}
    response = api.put(people["manager"], "/envelopes/fne/2021", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "second_approval_above"


def test_the_menu_leads_staff_to_the_envelope_of_the_year_in_force(client, people, envelope):
    client.force_login(people["finance"])
    assert client.get("/enveloppes/")["Location"] == "/enveloppes/2021/"
    client.force_login(people["company"])
    assert 'href="/enveloppes/"' not in client.get("/espace/").content.decode()


@given(cents=st.integers(min_value=0, max_value=10**14 - 1))
def test_any_threshold_written_in_french_reads_back_to_the_same_cents(cents):
    amount = Decimal(cents) / 100
    written = formats.amount(amount).removesuffix(" €")
    form = ThresholdForm({"second_approval_above": written})
    assert form.is_valid() and form.cleaned_data["second_approval_above"] == amount
