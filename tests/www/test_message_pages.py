"""The « Messages » section of a request's page, and the company's unread badges."""

from django.core.files.uploadedfile import SimpleUploadedFile

from relance.funding.models import Document, Message


def submitted(new_request, walk) -> int:
    request_id = new_request()
    walk(request_id, "submitted")
    return request_id


def test_a_company_writes_with_a_pdf_attached_and_the_adviser_reads_it_as_new(
    client, people, new_request, walk
):
    request_id = submitted(new_request, walk)
    client.force_login(people["company"])
    response = client.post(
        f"/demandes/{request_id}/messages/",
        {"body": "Voici le programme", "file": SimpleUploadedFile("programme.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 302 and response["Location"].endswith("#messages")
    document = Document.objects.get(request_id=request_id)
    assert (document.kind, document.message.body) == ("attachment", "Voici le programme")
    client.force_login(people["adviser"])
    page = client.get(f"/demandes/{request_id}/").content.decode()
    assert "Voici le programme" in page and "programme.pdf" in page
    assert "1 non lu" in page and "Nouveau" in page
    again = client.get(f"/demandes/{request_id}/").content.decode()
    assert "Nouveau" not in again


def test_an_error_comes_back_in_red_with_the_typed_text(client, people, new_request, walk):
    request_id = submitted(new_request, walk)
    client.force_login(people["company"])
    client.post(
        f"/demandes/{request_id}/messages/",
        {"body": "Mon texte tapé", "file": SimpleUploadedFile("virus.exe", b"MZ binary")},
    )
    page = client.get(f"/demandes/{request_id}/").content.decode()
    assert 'class="errorlist"' in page and "Seuls les fichiers PDF" in page
    assert ">Mon texte tapé</textarea>" in page
    assert not Message.objects.filter(request_id=request_id).exists()


def test_auditors_read_the_thread_without_a_form_and_may_not_post(
    client, people, new_request, walk
):
    request_id = submitted(new_request, walk)
    client.force_login(people["auditor"])
    page = client.get(f"/demandes/{request_id}/").content.decode()
    assert 'id="messages"' in page and "Envoyer le message" not in page
    response = client.post(f"/demandes/{request_id}/messages/", {"body": "Audit"})
    assert response.status_code == 403


def test_a_company_may_not_write_on_another_companys_request(client, people, new_request, walk):
    request_id = submitted(new_request, walk)
    client.force_login(people["other_company"])
    assert client.post(f"/demandes/{request_id}/messages/", {"body": "x"}).status_code == 404


def test_the_company_sees_its_unread_messages_in_the_navigation_and_its_list(
    client, api, people, new_request, walk
):
    request_id = submitted(new_request, walk)
    api.post(people["adviser"], f"/requests/{request_id}/messages", {"body": "Bonjour"})
    client.force_login(people["company"])
    portal = client.get("/espace/").content.decode()
    assert "Messages non lus" in portal and "1 message non lu" in portal
    client.get(f"/demandes/{request_id}/")
    assert "Messages non lus" not in client.get("/espace/").content.decode()


def test_the_information_request_form_sets_the_reply_by_date_shown_in_the_thread(
    client, people, new_request, walk
):
    request_id = new_request()
    walk(request_id, "in_review")
    client.force_login(people["adviser"])
    client.post(
        f"/demandes/{request_id}/actions/request_information/",
        {"message": "Le devis signé", "reply_by": "2021-10-20"},
    )
    client.force_login(people["company"])
    page = client.get(f"/demandes/{request_id}/").content.decode()
    assert "Le devis signé" in page and "réponse attendue avant le 20/10/2021" in page


def test_a_company_message_lists_the_request_in_a_traiter_for_its_follower(
    api, people, new_request, walk
):
    from relance.funding.queue import QueueFilters, queue_requests

    request_id = new_request()
    walk(request_id, "in_review")
    a_traiter = QueueFilters(tab="a_traiter")
    assert request_id not in queue_requests(people["adviser"], a_traiter).values_list(
        "pk", flat=True
    )
    api.post(people["company"], f"/requests/{request_id}/messages", {"body": "Une question"})
    assert request_id in queue_requests(people["adviser"], a_traiter).values_list("pk", flat=True)
