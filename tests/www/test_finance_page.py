"""Finance's page `/finances/`: search, filters kept in the URL, pagination, exports; the
payment form keeps what was typed; destructive actions ask for a ticked confirmation."""

import csv
import io

import pytest
from openpyxl import load_workbook

from relance.budget.models import LedgerEntry
from relance.funding.models import FundingRequest

pytestmark = pytest.mark.django_db


def listed(client, query: str = "") -> list[str]:
    response = client.get(f"/finances/?{query}")
    assert response.status_code == 200
    return [r.reference for r in response.context["page"]]


@pytest.fixture
def approved(people, new_request, walk):
    pk = new_request()
    walk(pk, "approved")
    return FundingRequest.objects.get(pk=pk)


def pay(client, pk: int, **typed):
    body = {"amount": "1000,00", "payee": "company", "reference": "VIR-1", **typed}
    return client.post(f"/demandes/{pk}/actions/pay/", body, follow=True)


def test_finance_searches_by_reference_siren_or_name_and_filters_by_status(
    client, people, approved, new_request, walk
):
    paid = new_request()
    walk(paid, "paid")
    client.force_login(people["finance"])
    company = people["the_company"]
    assert listed(client) == [approved.reference]
    assert listed(client, f"q={approved.reference}") == [approved.reference]
    assert listed(client, f"q={company.siren}") == [approved.reference]
    assert listed(client, "q=zzz-inconnu") == []
    paid_reference = FundingRequest.objects.get(pk=paid).reference
    assert listed(client, f"statut=paid&q={company.siren}") == [paid_reference]


def test_the_payee_and_approval_date_filters_stay_in_the_links(client, people, approved):
    client.force_login(people["finance"])
    pay(client, approved.pk)
    assert listed(client, "beneficiaire=company") == [approved.reference]
    assert listed(client, "beneficiaire=provider") == []
    assert listed(client, "du=2021-09-15&au=15/09/2021") == [approved.reference]
    assert listed(client, "du=2021-09-16") == []
    html = client.get("/finances/?beneficiaire=company&du=2021-09-01").content.decode()
    assert "/finances/export.csv?beneficiaire=company&amp;du=2021-09-01" in html
    assert 'value="2021-09-01"' in html


def test_the_csv_export_is_french_excel_safe_and_the_xlsx_has_numbers(client, people, approved):
    FundingRequest.objects.filter(pk=approved.pk).update(reference="=HYPERLINK(1)")
    client.force_login(people["finance"])
    response = client.get("/finances/export.csv")
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Référence"
    assert rows[1][0] == "'=HYPERLINK(1)" and rows[1][5] == "12000,00" and rows[1][7] == "12000,00"
    xlsx = client.get("/finances/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.cell(2, 6).value == 12000.0
    assert sheet.title == "Paiements"
    assert 'filename="paiements.xlsx"' in xlsx["Content-Disposition"]
    assert client.get("/finances/export.pdf").status_code == 404


def test_a_refused_payment_keeps_what_was_typed_and_says_what_is_wrong_in_red(
    client, people, approved
):
    client.force_login(people["finance"])
    response = pay(client, approved.pk, amount="99999,00", payee="provider", reference="VIR-9")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="99999,00"' in html and 'value="VIR-9"' in html
    assert '<option value="provider" selected>' in html
    assert 'class="error"' in html and "dépasse le reste engagé" in html
    assert not LedgerEntry.objects.filter(kind="payment").exists()


def test_a_replayed_payment_reference_says_it_is_already_recorded(client, people, approved):
    client.force_login(people["finance"])
    first = pay(client, approved.pk)
    assert [str(m) for m in first.context["messages"]] == ["Paiement enregistré (référence VIR-1)."]
    again = pay(client, approved.pk)
    assert [str(m) for m in again.context["messages"]] == [
        "Ce paiement est déjà enregistré (référence VIR-1)."
    ]
    assert LedgerEntry.objects.filter(kind="payment").count() == 1


def test_a_final_payment_needs_its_confirmation_ticked(client, people, approved):
    client.force_login(people["finance"])
    unconfirmed = pay(client, approved.pk, amount="12000,00", final="on")
    assert unconfirmed.status_code == 400
    assert "Cochez la case de confirmation du paiement final" in unconfirmed.content.decode()
    assert FundingRequest.objects.get(pk=approved.pk).status == "approved"
    pay(client, approved.pk, amount="12000,00", final="on", confirm_final="on")
    assert FundingRequest.objects.get(pk=approved.pk).status == "paid"


@pytest.mark.parametrize(
    ("action", "body"), [("refuse", {"reason": "Hors périmètre"}), ("cancel", {})]
)
def test_refusing_or_cancelling_needs_a_ticked_confirmation_and_keeps_the_reason(
    client, people, new_request, walk, action, body
):
    pk = new_request()
    walk(pk, "in_review")
    client.force_login(people["adviser"])
    response = client.post(f"/demandes/{pk}/actions/{action}/", body)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cochez la case pour confirmer" in html and body.get("reason", "") in html
    assert FundingRequest.objects.get(pk=pk).status == "in_review"
    client.post(f"/demandes/{pk}/actions/{action}/", {**body, "confirm": "on"})
    assert (
        FundingRequest.objects.get(pk=pk).status
        == {"refuse": "refused", "cancel": "cancelled"}[action]
    )


def test_destructive_buttons_look_secondary(client, people, new_request, walk):
    pk = new_request()
    walk(pk, "in_review")
    client.force_login(people["adviser"])
    html = client.get(f"/demandes/{pk}/").content.decode()
    assert '<button type="submit" class="secondary">Refuser</button>' in html
    assert '<button type="submit" class="secondary">Annuler la demande</button>' in html
