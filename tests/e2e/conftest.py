"""Browser tests: Playwright driving Debian's Chromium against the live server, on demo data."""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "tests-output" / "screenshots"
PASSWORD = "demo-relance-2022"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed: run `make install`")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def demo_2022(transactional_db, reference, settings):
    """The demo year 2022 as `make run` loads it, on 15 March 2022."""
    settings.RELANCE_TODAY = dt.date(2022, 3, 15)
    call_command("demo", "--year", "2022", "--seed", "7", "--quiet", stdout=io.StringIO())


class Browser:
    """A person at the keyboard: logs in and out, visits pages, photographs and audits them."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url
        self.axe = Axe()

    def go(self, path: str):
        return self.page.goto(self.base_url + path)

    def login(self, username: str) -> None:
        self.go("/connexion/")
        self.page.get_by_label("Identifiant").fill(username)
        self.page.get_by_label("Mot de passe").fill(PASSWORD)
        self.page.get_by_role("button", name="Se connecter").click()
        # Each role lands on its own work page (the company's space, the queue, the finances…).
        self.page.wait_for_url(lambda url: "/connexion/" not in url)

    def logout(self) -> None:
        self.page.get_by_role("button", name="Se déconnecter").click()

    def send_message(self, request_id: int, text: str, pdf: str) -> None:
        """On the request's page, write `text` with a PDF named `pdf` attached, and send it."""
        page = self.page
        self.go(f"/demandes/{request_id}/")
        page.get_by_label("Votre message").fill(text)
        page.get_by_label("Pièce jointe").set_input_files(
            files=[
                {"name": pdf, "mimeType": "application/pdf", "buffer": b"%PDF-1.4 " + pdf.encode()}
            ]
        )
        page.get_by_role("button", name="Envoyer le message").click()
        expect(page.get_by_role("status").first).to_contain_text("Message envoyé")
        expect(page.locator("#messages")).to_contain_text(pdf)

    def send_back_for_correction(self, what: str) -> None:
        """On a submitted request's page: take it into review, then ask the company for `what`."""
        page = self.page
        page.get_by_role("button", name="Prendre en instruction").click()
        page.get_by_label("Ce que l'entreprise doit corriger ou compléter").fill(what)
        page.get_by_role("button", name="Renvoyer pour correction").click()
        expect(page.locator("h1")).to_contain_text("Informations demandées")

    def check(self, name: str) -> None:
        """Screenshot the page for a person to look at, and fail on serious accessibility issues."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        violations = self.axe.run(self.page).response["violations"]
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in violations
            if v["impact"] in ("critical", "serious")
        ]
        assert not serious, f"{name}: {serious}"


@pytest.fixture
def browser(page, live_server):
    return Browser(page, live_server.url)
