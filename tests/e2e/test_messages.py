"""A company and its adviser write to each other in a real browser, on the 2022 demo data."""

import pytest
from playwright.sync_api import expect

from relance.funding.models import FundingRequest
from relance.funding.workflow import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_company_starts_a_thread_with_a_pdf_and_its_adviser_answers(browser, demo_2022):
    request = (
        FundingRequest.objects.filter(
            company__users__username="demo-entreprise", status=Status.IN_REVIEW, assignee=None
        ).first()
        or FundingRequest.objects.filter(
            company__users__username="demo-entreprise", status=Status.APPROVED, assignee=None
        ).first()
    )
    page = browser.page
    browser.login("demo-entreprise")
    browser.send_message(request.pk, "Voici le programme mis à jour.", "programme.pdf")
    browser.logout()

    browser.login("demo-conseiller")
    browser.go(f"/gestion/?onglet=a_traiter&q={request.reference}")
    row = page.get_by_role("row").filter(has_text=request.reference)
    expect(row).to_contain_text("Nouveau")
    row.get_by_role("link", name=request.reference).click()
    thread = page.locator("#messages")
    expect(thread).to_contain_text("1 non lu")
    expect(thread).to_contain_text("Voici le programme mis à jour.")
    browser.check("demande-messages")
    page.get_by_label("Votre message").fill("Bien reçu, merci.")
    page.get_by_role("button", name="Envoyer le message").click()
    browser.logout()

    browser.login("demo-entreprise")
    browser.go("/espace/")
    expect(page.get_by_role("navigation", name="Menu principal")).to_contain_text(
        "Messages non lus 1"
    )
    expect(page.get_by_role("link", name="1 message non lu")).to_be_visible()
    browser.check("portail-messages-non-lus")
