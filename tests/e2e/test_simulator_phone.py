"""The public simulator on a phone (390 × 844): both regimes and the out-of-perimeter answer
fit the screen, nothing scrolls sideways, and axe finds no serious issue."""

import datetime as dt

import pytest
from playwright.sync_api import expect

SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture
def phone(browser, reference, settings):
    settings.RELANCE_TODAY = dt.date(2021, 9, 15)
    browser.page.set_viewport_size({"width": 390, "height": 844})
    return browser


def fill(page, idcc: str) -> None:
    page.get_by_label("Effectif de l'entreprise").fill("120")
    page.get_by_label("IDCC de la convention collective").fill(idcc)
    page.get_by_label("Depuis le").fill("2021-01-01")
    page.get_by_label("Début de la formation").fill("2021-10-01")
    page.get_by_label("Fin de la formation").fill("2022-03-31")
    page.get_by_label("Coût pédagogique total (€)").fill("1250000")
    page.get_by_role("button", name="Estimer").click()


def test_both_regimes_fit_a_phone_screen(phone, transactional_db):
    phone.go("/dispositif/simulateur/")
    fill(phone.page, "0044")
    expect(phone.page.locator(".recommended h3")).to_contain_text("recommandé")
    expect(phone.page.locator(".comparison .estimate")).to_have_count(2)
    assert not phone.page.evaluate(SCROLLS_SIDEWAYS)
    phone.check("simulateur-390-comparaison")


def test_out_of_the_perimeter_fits_a_phone_screen(phone, transactional_db):
    phone.go("/dispositif/simulateur/")
    fill(phone.page, "9999")
    expect(phone.page.locator(".estimate.ko")).to_contain_text("Hors périmètre")
    assert not phone.page.evaluate(SCROLLS_SIDEWAYS)
    phone.check("simulateur-390-hors-perimetre")
