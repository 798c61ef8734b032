"""A manager builds a reform in the browser, follows its replay and reads the result."""

import re

import pytest
from playwright.sync_api import expect

from relance.simulations.models import Simulation

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.serial,
    pytest.mark.django_db(transaction=True),
]


def test_a_manager_builds_a_reform_runs_it_and_reads_what_it_changes(browser, demo_2022):
    page = browser.page
    browser.login("demo-responsable")
    browser.go("/simulations/")
    browser.check("simulations-liste")
    page.get_by_role("link", name="Nouvelle simulation").click()
    page.get_by_role("link", name="2022").click()
    form = page.get_by_role("form", name="Composer une réforme")
    form.get_by_label("Nom de la réforme").fill("ap-60")
    form.get_by_label("Description").fill("Activité partielle à 60 % pour les 300 à 1 000 salariés")
    temporary = form.get_by_role("group", name=re.compile("Encadrement temporaire"))
    temporary.get_by_label("≤ 1000 salariés — Activité partielle (AP) (%)").fill("60")
    browser.check("simulations-composer")
    form.get_by_role("button", name="Simuler cette réforme").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Simulation 2022 : ap-60")
    expect(page.get_by_text("État : Terminée")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("status").last).to_contain_text("demandes décidées rejugées")
    simulation = Simulation.objects.get(name="ap-60")
    assert simulation.summary["difference"].startswith("-")
    chart = page.locator("figure img")
    assert chart.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert chart.evaluate("img => img.naturalWidth") > 0  # drawn, not blocked by the CSP
    browser.check("simulations-resultat")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le résultat (XLSX)").click()
    assert download.value.suggested_filename == f"simulation-{simulation.pk}.xlsx"
    page.get_by_role("link", name="Retour aux simulations").click()
    expect(page.get_by_role("link", name="ap-60")).to_be_visible()
