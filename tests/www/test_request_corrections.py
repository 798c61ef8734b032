"""On the web: the company re-opens its form on a draft or a request sent back for correction;
the adviser reads where a four-eyes approval went; the manager sends it back."""

import pytest

from relance.budget.models import Envelope
from relance.funding.models import FundingRequest, TransitionLog

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_modifier_reopens_the_form_on_the_request_and_saves_the_correction(
    client, people, new_request, walk
):
    pk = new_request()
    walk(pk, "information_requested")
    client.force_login(people["company"])
    page = client.get(f"/demandes/{pk}/").content.decode()
    assert "Modifier la demande" in page and "Demande renvoyée pour correction" in page
    assert client.get(f"/demandes/{pk}/modifier/")["Location"] == "/espace/demandes/nouvelle/2/"
    step = client.get("/espace/demandes/nouvelle/3/")
    reference = FundingRequest.objects.get(pk=pk).reference
    assert f"<h1>Modifier la demande {reference}</h1>" in step.content.decode()
    assert step.context["formset"].initial[0]["cost"] == "12000.00"
    summary = client.get("/espace/demandes/nouvelle/5/").content.decode()
    assert "Enregistrer les corrections" in summary and "déposer la demande" not in summary
    response = client.post("/espace/demandes/nouvelle/5/", {"submit": "0"}, follow=True)
    assert "sont enregistrées" in " ".join(messages_of(response))
    assert FundingRequest.objects.get(pk=pk).status == "information_requested"
    assert TransitionLog.objects.filter(request_id=pk, action="edit").count() == 1
    page = client.get(f"/demandes/{pk}/").content.decode()
    assert "Modification — montant des règles :" in page


def test_a_draft_edited_in_the_form_can_be_filed_from_its_summary(client, people, new_request):
    pk = new_request()
    client.force_login(people["company"])
    client.get(f"/demandes/{pk}/modifier/")
    client.post("/espace/demandes/nouvelle/5/", {"submit": "1"})
    assert FundingRequest.objects.get(pk=pk).status == "submitted"
    assert FundingRequest.objects.count() == 1


def test_a_submitted_request_offers_no_modifier_and_its_form_does_not_open(
    client, people, new_request, walk
):
    pk = new_request()
    walk(pk, "submitted")
    client.force_login(people["company"])
    assert "Modifier la demande" not in client.get(f"/demandes/{pk}/").content.decode()
    response = client.get(f"/demandes/{pk}/modifier/", follow=True)
    assert response.redirect_chain[-1][0] == f"/demandes/{pk}/"
    assert "editing" not in client.session.get("request_wizard", {})


def test_the_adviser_reads_that_the_approval_awaits_a_second_one_and_above_what(
    client, people, new_request, walk
):
    pk = new_request()
    walk(pk, "in_review")
    Envelope.objects.update(second_approval_above="10000.00")
    client.force_login(people["adviser"])
    response = client.post(f"/demandes/{pk}/actions/approve/", follow=True)
    assert messages_of(response) == [
        "Accord transmis pour seconde validation (montant supérieur à 10\u202f000,00 €)."
    ]


def test_a_manager_sends_back_to_the_adviser_from_the_request_page(
    client, people, new_request, walk
):
    pk = new_request()
    walk(pk, "in_review")
    Envelope.objects.update(second_approval_above="10000.00")
    client.force_login(people["adviser"])
    client.post(f"/demandes/{pk}/actions/approve/")
    client.force_login(people["manager"])
    assert "Renvoyer au conseiller" in client.get(f"/demandes/{pk}/").content.decode()
    response = client.post(
        f"/demandes/{pk}/actions/send_back/", {"comment": "Coût horaire à vérifier"}, follow=True
    )
    assert messages_of(response) == ["Demande renvoyée au conseiller."]
    assert FundingRequest.objects.get(pk=pk).status == "in_review"
