"""The request form filled on a phone (390 × 844): stopped at the step that is wrong, the page
never scrolling sideways. Every page of every role at both sizes: test_every_page.py."""

import re

import pytest
from playwright.sync_api import expect

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
    page.get_by_role("button", name="Enregistrer et déposer la demande").click()
    expect(page.get_by_role("status").first).to_contain_text("est déposée")
    assert_fits(browser, "demande-deposee")
