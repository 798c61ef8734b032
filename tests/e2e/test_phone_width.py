"""At 390 × 844 (a phone), no page of the company, the advisers or the finance team scrolls
sideways: wide tables scroll inside their own box, amounts stay inside theirs."""

import re

import pytest
from playwright.sync_api import expect

from relance.accounts.models import User
from relance.funding.selectors import requests_visible_to
from relance.funding.workflow import Status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
NOTES = "/work/notes"


def a_request_of(username: str, status: Status | None = None) -> int:
    requests = requests_visible_to(User.objects.get(username=username)).order_by("pk")
    if status is not None:
        requests = requests.filter(status=status)
    return requests.values_list("pk", flat=True).first()


def assert_fits(browser, name: str) -> None:
    page = browser.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: the page is {width} px wide at 390 px"
    overflowing = page.evaluate(
        """[...document.querySelectorAll('.estimate dd, .estimate-panel td, .decision-banner')]
           .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
    )
    assert not overflowing, f"{name}: amounts overflow their box: {overflowing}"
    browser.check(f"telephone-{name}")


def test_no_page_scrolls_sideways_on_a_phone(browser, demo_2022):
    browser.page.set_viewport_size(PHONE)
    pages = {
        "demo-entreprise": [
            ("/espace/", "portail"),
            ("/espace/demandes/nouvelle/1/", "demande-etape-1"),
            ("/espace/demandes/nouvelle/3/", "demande-etape-3"),
            (f"/demandes/{a_request_of('demo-entreprise')}/", "demande-entreprise"),
        ],
        "demo-conseiller": [
            ("/gestion/", "file-conseiller"),
            (f"/demandes/{a_request_of('demo-conseiller')}/", "demande-conseiller"),
            (
                f"/demandes/{a_request_of('demo-conseiller', Status.APPROVED)}/",
                "demande-accordee",
            ),
        ],
        "demo-responsable": [("/gestion/", "file-responsable")],
        "demo-finances": [("/finances/", "finances")],
    }
    for username, paths in pages.items():
        browser.login(username)
        for path, name in paths:
            browser.go(path)
            assert_fits(browser, name)
        browser.logout()


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
    page.get_by_role("button", name="Enregistrer et déposer la demande").click()
    expect(page.get_by_role("status").first).to_contain_text("est déposée")
    assert_fits(browser, "demande-deposee")
