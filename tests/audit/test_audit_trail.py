"""The audit trail as an auditor reads it: Paris times, French labels, links to the requests, and
the changes made in Django's admin with who, when, before and after."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from relance.audit.models import AdminChange
from relance.budget.models import Envelope
from relance.budget.services import envelope_get_or_create, envelope_set_threshold
from relance.common import formats
from relance.funding.models import FundingRequest, TransitionLog
from relance.funding.workflow import Action
from relance.reference.models import Pathway

NNBSP = "\u202f"


def export_rows(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/audit/export.csv{query}")
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def admin_changes_the_threshold(client, admin, envelope: Envelope, amount: str) -> None:
    client.force_login(admin)
    response = client.post(
        f"/admin/budget/envelope/{envelope.pk}/change/", {"second_approval_above": amount}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_auditor_reads_paris_times_french_labels_and_the_admins_threshold_change(
    client, people, new_request, walk
):
    walk(request_id := new_request(), "paid")
    request = FundingRequest.objects.get(pk=request_id)
    envelope = request.envelope
    admin_changes_the_threshold(client, people["admin"], envelope, "150000.00")

    client.force_login(people["auditor"])
    page = client.get("/audit/").content.decode()
    payment = TransitionLog.objects.get(request_id=request_id, action="pay")
    assert formats.date_time(payment.at) in page  # Paris time, as the request's history shows
    assert "Paiement" in page and ">pay<" not in page
    for code in Action.values:  # every action in French, none as its code
        assert f"<td>{code}</td>" not in page
    assert f"payé : 0,00 € → 12{NNBSP}000,00 €" in page
    assert f'href="/demandes/{request_id}/">{request.reference}</a>' in page
    assert people["admin"].username in page
    assert f"double validation au-delà de : — → 150{NNBSP}000,00 €" in page

    header, *rows = export_rows(client)
    assert header[0] == "Date (heure de Paris)"
    by_action = {row[2]: row for row in rows}
    paid = by_action["Paiement"]
    assert paid[0] == formats.iso_date_time(payment.at)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00", paid[0])
    assert paid[3] == request.reference and paid[6] == "Soldée"
    change = by_action["Modification (enveloppe, administration)"]
    assert change[1] == people["admin"].username and change[3] == str(envelope)
    assert change[7] == f"double validation au-delà de : — → 150{NNBSP}000,00 €"
    # Newest first: the admin's change came after the payment.
    assert rows.index(change) < rows.index(paid)


def test_a_second_change_records_the_value_before_and_the_value_after(client, people, reference):
    envelope = envelope_get_or_create(scheme="fne", year=2021)
    admin_changes_the_threshold(client, people["admin"], envelope, "150000.00")
    admin_changes_the_threshold(client, people["admin"], envelope, "90000.50")
    last = AdminChange.objects.latest("at", "pk")
    assert last.changes == {"second_approval_above": ["150000.00", "90000.50"]}
    assert last.actor == people["admin"] and last.operation == "change"
    client.force_login(people["auditor"])
    rows = export_rows(client, f"?par={people['admin'].username}")
    assert rows[1][7] == f"double validation au-delà de : 150{NNBSP}000,00 € → 90{NNBSP}000,50 €"


def test_reference_data_changed_in_the_admin_is_in_the_audit_log(client, people, reference):
    pathway = Pathway.objects.get(code="reconversion")
    client.force_login(people["admin"])
    response = client.post(
        f"/admin/reference/pathway/{pathway.pk}/change/",
        {"code": pathway.code, "label": "Reconversion (libellé revu)", "description": ""},
    )
    assert response.status_code == 302
    change = AdminChange.objects.get(model="reference.pathway")
    assert change.changes["label"] == [pathway.label, "Reconversion (libellé revu)"]
    client.force_login(people["auditor"])
    assert "Reconversion (libellé revu)" in client.get("/audit/").content.decode()


def test_the_audit_trail_cannot_be_rewritten(client, people, reference):
    admin_changes_the_threshold(
        client, people["admin"], envelope_get_or_create(scheme="fne", year=2021), "1.00"
    )
    change = AdminChange.objects.get()
    change.object_repr = "réécrit"
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        change.delete()


def test_a_threshold_set_in_the_application_says_so_in_the_audit_log(client, people, reference):
    envelope = envelope_get_or_create(scheme="fne", year=2021)
    envelope_set_threshold(actor=people["manager"], envelope=envelope, amount=Decimal("4500.5"))
    client.force_login(people["auditor"])
    page = client.get("/audit/").content.decode()
    assert "Modification (enveloppe, application)" in page
    assert f"double validation au-delà de : — → 4{NNBSP}500,50 €" in page
    _header, row = export_rows(client)
    assert (
        row[1] == people["manager"].username and row[2] == "Modification (enveloppe, application)"
    )
    assert row[0] == formats.iso_date_time(AdminChange.objects.get().at)


def test_a_negative_threshold_typed_in_the_admin_is_an_error_on_the_field(
    client, people, reference
):
    envelope = envelope_get_or_create(scheme="fne", year=2021)
    client.force_login(people["admin"])
    response = client.post(
        f"/admin/budget/envelope/{envelope.pk}/change/", {"second_approval_above": "-1"}
    )
    assert response.status_code == 200
    assert "Le seuil ne peut pas être négatif." in response.content.decode()
    assert not AdminChange.objects.exists()


def test_an_auditor_reads_winter_and_summer_events_in_paris_time_with_their_french_names(
    client, api, people, new_request, walk
):
    walk(asked := new_request(), "information_requested")
    walk(paid := new_request(), "approved")
    body = {"amount": "4500.50", "payee": "company", "reference": "PAY-A", "final": False}
    assert api.post(people["finance"], f"/requests/{paid}/payments", body).status_code == 201
    winter = dt.datetime(2022, 3, 15, 13, 5, tzinfo=dt.UTC)  # 14:05 in Paris (UTC+1)
    summer = dt.datetime(2022, 7, 1, 8, 30, tzinfo=dt.UTC)  # 10:30 in Paris (UTC+2)
    TransitionLog.objects.filter(request_id=asked, action="request_information").update(at=winter)
    TransitionLog.objects.filter(request_id=paid, action="pay").update(at=summer)

    client.force_login(people["auditor"])
    page = client.get("/audit/").content.decode()
    assert "15/03/2022 14:05" in page and "15/03/2022 13:05" not in page
    assert "01/07/2022 10:30" in page and "01/07/2022 08:30" not in page
    assert "Demande d&#x27;informations" in page  # escaped by the template
    assert ">request_information<" not in page
    assert f"payé : 0,00 € → 4{NNBSP}500,50 €" in page

    _header, *rows = export_rows(client)
    by_action = {row[2]: row for row in rows}
    asked_row, paid_row = by_action["Demande d'informations"], by_action["Paiement"]
    assert asked_row[0] == "2022-03-15T14:05:00+01:00"
    assert paid_row[0] == "2022-07-01T10:30:00+02:00"
    assert paid_row[7] == f"payé : 0,00 € → 4{NNBSP}500,50 €"
