"""Documents and internal notes are dated with the product's reference date (RELANCE_TODAY), like
the history and the ledger: a demo running « on 15/09/2021 » shows them on that day."""

from django.core.files.uploadedfile import SimpleUploadedFile

from relance.common import formats
from relance.funding.documents import document_upload
from relance.funding.models import TransitionLog
from relance.funding.services import note_add
from tests.workflow import TODAY


def test_a_note_and_a_document_are_dated_with_the_reference_date(client, people, new_request):
    request_id = new_request()
    note = note_add(actor=people["adviser"], request_id=request_id, text="Dossier complet.")
    document = document_upload(
        actor=people["company"],
        request_id=request_id,
        kind="invoice",
        upload=SimpleUploadedFile("facture.pdf", b"%PDF-1.4 facture"),
    )
    assert formats.paris(note.created_at).date() == TODAY
    assert formats.paris(document.uploaded_at).date() == TODAY

    client.force_login(people["adviser"])
    page = client.get(f"/demandes/{request_id}/").content.decode()
    assert "(15/09/2021)" in page  # the document
    assert f"15/09/2021, {people['adviser'].username} : Dossier complet." in page


def test_the_request_page_and_the_audit_log_show_the_same_paris_time(client, people, new_request):
    request_id = new_request()
    created = TransitionLog.objects.get(request_id=request_id)
    shown = formats.date_time(created.at)
    client.force_login(people["manager"])
    assert shown in client.get(f"/demandes/{request_id}/").content.decode()
    client.force_login(people["auditor"])
    assert shown in client.get("/audit/").content.decode()
