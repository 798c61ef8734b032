"""The request form filled on a phone (390 × 844): stopped at the step that is wrong, the page
never scrolling sideways. Every page of every role at both sizes: test_every_page.py."""

import re

import pytest
from playwright.sync_api import expect

from relance.accounts.models import User
from relance.funding import money, services
from relance.funding.models import FundingRequest
from tests.e2e.layout import PHONE
from tests.e2e.layout import assert_fits as assert_fits_at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def assert_fits(browser, name: str) -> None:
    assert_fits_at(browser, f"telephone-{name}")


def test_a_company_fills_the_form_on_a_phone_and_is_stopped_at_the_step_that_is_wrong(
    browser, demo_2022
):
    page = browser.page
    page.set_viewport_size(PHONE)
    browser.login("demo-entreprise")
    browser.go("/espace/demandes/nouvelle/1/")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Anticipation des mutations").check()
    estimate = page.locator("#estimate")
    expect(estimate).to_contain_text("Estimation")
    page.get_by_label(re.compile("Encadrement temporaire")).check()
    page.get_by_role("button", name="Continuer").click()

    action = page.get_by_role("group", name="Action de formation 1")
    action.get_by_label("Intitulé").fill("Pilotage de lignes robotisées")
    action.get_by_label("SIRET de l'organisme").fill("123 456 789 00012")
    action.get_by_label("N° de déclaration d'activité").fill("11755555575")
    action.get_by_label("Heures").fill("70")
    action.get_by_label("Début").fill("2022-04-04")
    action.get_by_label("Fin").fill("2022-06-30")
    action.get_by_label("Coût pédagogique (€)").fill("14 000,00")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("alert")).to_contain_text("Corrigez les erreurs")
    expect(page.locator("#erreurs")).to_be_focused()
    expect(page.locator("h2").first).to_contain_text("Étape 3")
    expect(action).to_contain_text("la clé de contrôle ne correspond pas")
    expect(action.get_by_label("Coût pédagogique (€)")).to_have_value("14 000,00")
    assert_fits(browser, "demande-siret-faux")
    action.get_by_label("SIRET de l'organisme").fill("552 100 554 00013")
    page.get_by_role("button", name="Continuer").click()

    rows = page.get_by_label(re.compile("^Stagiaires"))
    rows.fill("Matricule\tContrat\tFin de contrat\nMAT-901\tCDI\t\nMAT-902\tCDI\t")
    expect(estimate).to_contain_text("14\u202f000,00 €", timeout=10_000)  # live, before submit
    rows.fill("Matricule\tContrat\tFin de contrat\nMAT-901\tCDI\t\nAPP-1\tapprentissage\t")
    expect(estimate).to_contain_text("1 stagiaire(s) exclu(s)", timeout=10_000)
    expect(estimate).to_contain_text("7\u202f000,00 €")
    assert_fits(browser, "demande-estimation-directe")
    page.get_by_role("button", name="Continuer").click()
    expect(estimate).to_contain_text("Suggestion")
    assert_fits(browser, "demande-etape-5")
    follow_the_suggested_regime(browser)
    page.get_by_role("button", name="Enregistrer et déposer la demande").click()
    expect(page.get_by_role("status").first).to_contain_text("est déposée")
    assert_fits(browser, "demande-deposee")
    read_the_decision_once_approved(browser)


def follow_the_suggested_regime(browser) -> None:
    """Back at step 2 the company picks the other regime; the estimate then suggests the one
    that funds more, with a link; following it brings back the higher amount."""
    page, estimate = browser.page, browser.page.locator("#estimate")
    page.get_by_role("link", name="2. Parcours").click()
    page.get_by_label(re.compile("RGEC")).check()
    for _ in range(3):
        page.get_by_role("button", name="Continuer").click()
    change = estimate.get_by_role("link", name="Changer de régime")
    expect(change).to_be_visible()
    change.click()
    page.get_by_label(re.compile("Encadrement temporaire")).check()
    for _ in range(3):
        page.get_by_role("button", name="Continuer").click()
    expect(estimate.get_by_role("link", name="Changer de régime")).to_have_count(0)
    expect(estimate).to_contain_text("7\u202f000,00 €")


def read_the_decision_once_approved(browser) -> None:
    """The operator approves; the company reads the decision itself at the top of its page."""
    company = User.objects.get(username="demo-entreprise").company
    filed = FundingRequest.objects.filter(company=company).latest("pk")
    manager = User.objects.get(username="demo-responsable")
    services.request_review(actor=manager, request_id=filed.pk)
    money.request_approve(actor=manager, request_id=filed.pk)
    browser.go(f"/demandes/{filed.pk}/")
    banner = browser.page.locator("#decision")
    expect(banner).to_contain_text("Accordée : 7\u202f000,00 €")
    expect(banner).to_be_in_viewport()  # at the top: read without scrolling, on a phone
    assert_fits(browser, "demande-accordee-entreprise")
