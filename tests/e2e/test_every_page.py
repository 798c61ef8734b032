"""Every page of every role, and the public ones, at 390 × 844 (a phone) and 1366 × 768 (a
laptop): the page itself never scrolls sideways, amounts stay inside their boxes, axe-core finds
nothing critical or serious. One browser, one login per role; each page is loaded once and seen
at both sizes by resizing the window. The pages are checked against the URLconf: a new page
that no role visits here fails the test."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from relance.accounts.models import User
from relance.funding.queue import TABS
from relance.funding.selectors import requests_visible_to
from relance.funding.workflow import Status
from relance.imports.models import ImportJob
from relance.reports.publishing import edition_publish
from relance.rules.reforms import loads
from relance.simulations.models import Simulation
from relance.simulations.services import simulation_compute
from relance.www import urls as www_urls
from tests.e2e.layout import assert_fits_both_sizes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REFORM = Path(__file__).resolve().parents[2] / "examples" / "reforms" / "large-companies-30.toml"
SIMULATOR = (
    "/dispositif/simulateur/?headcount=120&situation=partial_activity&situation_start=2021-01-01"
    "&pathway=anticipation&start=2022-04-01&end=2022-09-30&cost=14000&permanent=2&apprentices=0"
)
# URL names that are not pages one reads: POSTs that redirect, downloads, the wizard's fragment.
NOT_PAGES = {
    "logout", "portal-estimate", "request-action", "request-note", "request-document-upload",
    "request-assign", "request-message", "saved-view-create", "saved-view-delete",
    "envelope-threshold", "task-retry", "request-document", "queue-export", "finance-export",
    "import-rejections", "simulation-xlsx", "simulation-reform", "audit-export",
    "bilan-live-export", "bilan-public-export",
}  # fmt: skip


def url_name(url: str) -> str | None:
    try:
        return resolve(urlparse(url).path).url_name
    except Resolver404:
        return None


class Tour:
    """The browser, remembering which URL names it has seen and every page that does not fit
    (all of them reported at the end, not only the first)."""

    def __init__(self, browser):
        self.browser, self.page, self.seen, self.failures = browser, browser.page, set(), []

    def visit(self, path: str, name: str) -> None:
        self.seen.add(url_name(path))
        response = self.browser.go(path)
        assert response.status < 400, f"{name}: {path} answers {response.status}"
        self.here(name)

    def here(self, name: str) -> None:
        self.seen.add(url_name(self.page.url))
        try:
            assert_fits_both_sizes(self.browser, name)
        except AssertionError as failure:
            self.failures.append(str(failure).splitlines()[0])

    def click(self, button: str, name: str) -> None:
        self.page.get_by_role("button", name=button).click()
        self.page.wait_for_load_state()
        self.here(name)


def a_request_of(username: str, status: Status | None = None):
    requests = requests_visible_to(User.objects.get(username=username)).order_by("pk")
    if status is not None:
        requests = requests.filter(status=status)
    return requests.select_related("company").first()


def a_link_for(username: str) -> str:
    """The `<uidb64>/<token>` of a password link, as the e-mail would carry it."""
    user = User.objects.get(username=username)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"{uid}/{default_token_generator.make_token(user)}"


@pytest.fixture
def finished_work(demo_2022):
    """What the managers' pages show once something ran: an import, a simulation, an edition."""
    manager = User.objects.get(username="demo-responsable")
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.choices[0][0], original_name="entreprises.csv", created_by=manager,
        state=ImportJob.State.DONE, total=3, done=3, summary="3 lignes lues, 1 rejetée.",
        rejected_csv=b"ligne;colonne;motif\n2;siret;SIRET invalide\n",
    )  # fmt: skip
    text = REFORM.read_text()
    summary, changes = simulation_compute(year=2022, reform=loads(text, source="r", year=2022))
    simulation = Simulation.objects.create(
        name="grandes-entreprises-30", year=2022, reform=text, created_by=manager,
        state=Simulation.State.DONE, summary=summary, changes=changes, finished_at=timezone.now(),
    )  # fmt: skip
    edition = edition_publish(year=2022, as_of=dt.date(2022, 3, 15))
    return {"import": job.pk, "simulation": simulation.pk, "edition": edition.number}


def public_pages(tour: Tour, edition: int) -> None:
    for path, name in [
        ("/", "accueil"), ("/connexion/", "connexion"),
        ("/mot-de-passe-oublie/", "mot-de-passe-oublie"),
        ("/mot-de-passe-oublie/envoye/", "mot-de-passe-envoye"),
        ("/reinitialisation/MQ/lien-perime/", "reinitialisation-lien-perime"),
        ("/reinitialisation/terminee/", "reinitialisation-terminee"),
        ("/invitation/MQ/lien-perime/", "invitation-lien-perime"),
        (f"/reinitialisation/{a_link_for('demo-finances')}/", "reinitialisation-mot-de-passe"),
        (f"/invitation/{a_link_for('demo-finances')}/", "invitation-mot-de-passe"),
        ("/dispositif/", "dispositif"), ("/dispositif/simulateur/", "simulateur"),
        (SIMULATOR + "&idcc=0044", "simulateur-resultat"),
        (SIMULATOR + "&idcc=9999", "simulateur-hors-perimetre"),
        ("/dispositif/simulateur/?headcount=-3&cost=abc", "simulateur-erreurs"),
        ("/bilan/2022/public", "bilan-public"), (f"/bilan/2022/editions/{edition}", "bilan-edition"),
        ("/donnees-personnelles/", "donnees-personnelles"),
    ]:  # fmt: skip
        tour.visit(path, name)
    page = tour.page
    tour.browser.go("/connexion/")
    page.get_by_label("Identifiant").fill("personne")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#erreurs")).to_be_focused()
    expect(page.get_by_label("Identifiant")).to_have_value("personne")
    tour.here("connexion-erreur")
    tour.browser.go("/page-inconnue/")
    tour.here("page-introuvable")


def company_wizard(tour: Tour) -> str:
    """Steps 1 to 5 of the form, saved as a draft: the draft's page."""
    page = tour.page
    tour.visit("/espace/demandes/nouvelle/", "demande-etape-1")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Anticipation des mutations").check()
    page.get_by_label(re.compile("Encadrement temporaire")).check()
    tour.here("demande-etape-2")
    page.get_by_role("button", name="Continuer").click()
    action = page.get_by_role("group", name="Action de formation 1")
    for label, value in [
        ("Intitulé", "Pilotage de lignes robotisées et maintenance prédictive"),
        ("SIRET de l'organisme", "552 100 554 00013"),
        ("N° de déclaration d'activité", "11755555575"), ("Heures", "70"),
        ("Début", "2022-04-04"), ("Fin", "2022-06-30"), ("Coût pédagogique (€)", "1 214 000,00"),
    ]:  # fmt: skip
        action.get_by_label(label).fill(value)
    tour.here("demande-etape-3")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label(re.compile("^Stagiaires")).fill("MAT-901;CDI\nMAT-902;CDD;31/12/2022")
    tour.here("demande-etape-4")
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator("#estimate")).to_contain_text("Suggestion")
    tour.here("demande-etape-5")
    tour.click("Enregistrer le brouillon", "demande-brouillon")
    return urlparse(page.url).path


def edit_with_an_error(tour: Tour) -> None:
    """The edit form stops at a wrong SIRET with the summary focused, and keeps what was typed."""
    page = tour.page
    page.get_by_role("button", name="Continuer").click()
    action = page.get_by_role("group", name="Action de formation 1")
    action.get_by_label("SIRET de l'organisme").fill("123 456 789 00012")
    action.get_by_label("Coût pédagogique (€)").fill("13 500,50")
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator("#erreurs")).to_be_focused()
    expect(page.locator("#erreurs")).to_contain_text("Action de formation 1, SIRET")
    expect(action.get_by_label("Coût pédagogique (€)")).to_have_value("13 500,50")
    tour.here("demande-modifier-erreur")


def company_pages(tour: Tour) -> None:
    tour.browser.login("demo-entreprise")
    tour.visit("/espace/", "portail")
    draft = company_wizard(tour)
    tour.visit(draft + "modifier/", "demande-modifier")
    edit_with_an_error(tour)
    filed = a_request_of("demo-entreprise", Status.IN_REVIEW) or a_request_of("demo-entreprise")
    tour.visit(f"/demandes/{filed.pk}/", "demande-entreprise")
    tour.page.get_by_label("Votre message").fill("Voici le programme mis à jour, merci.")
    tour.click("Envoyer le message", "demande-entreprise-message-envoye")
    approved = a_request_of("demo-entreprise", Status.APPROVED)
    if approved:
        tour.visit(f"/demandes/{approved.pk}/", "demande-entreprise-accordee")
    tour.visit(f"/entreprises/{filed.company.siren}/", "entreprise-vue-entreprise")
    tour.browser.logout()


def queue_pages(tour: Tour, username: str) -> None:
    for tab in TABS:
        tour.visit(f"/gestion/?onglet={tab}", f"{username}-file-{tab}")
    reference = a_request_of(f"demo-{username}").reference
    tour.visit(f"/gestion/?q={reference}", f"{username}-file-recherche")


def adviser_pages(tour: Tour) -> None:
    page = tour.page
    tour.browser.login("demo-conseiller")
    queue_pages(tour, "conseiller")
    for status in (Status.IN_REVIEW, Status.APPROVED, Status.REFUSED):
        if found := a_request_of("demo-conseiller", status):
            tour.visit(f"/demandes/{found.pk}/", f"demande-conseiller-{status}")
    tour.visit("/enveloppes/", "enveloppe-conseiller")
    tour.visit("/invitation/", "invitation")
    company = a_request_of("demo-conseiller").company
    tour.visit(f"/entreprises/{company.siren}/", "entreprise-vue-conseiller")
    tour.browser.go("/gestion/?onglet=a_traiter")
    page.locator("input[name=ids]").first.check()
    page.get_by_label("Action", exact=True).select_option("refuse")
    tour.click("Appliquer aux demandes cochées", "lot-confirmer-refus")
    tour.browser.go("/gestion/?onglet=a_traiter")
    page.locator("input[name=ids]").first.check()
    page.get_by_label("Action", exact=True).select_option("assign")
    page.get_by_label("Attribuer à").select_option(label="Moi")
    tour.click("Appliquer aux demandes cochées", "lot-resultat")
    tour.browser.logout()


def manager_pages(tour: Tour, work: dict) -> None:
    tour.browser.login("demo-responsable")
    queue_pages(tour, "responsable")
    for path, name in [
        ("/pilotage/", "pilotage"), ("/enveloppes/2022/", "enveloppe-responsable"),
        ("/bilan/2022", "bilan-direct"), ("/bilan/2021", "bilan-2021"),
        ("/imports/", "imports"), (f"/imports/{work['import']}/", "import"),
        ("/simulations/", "simulations"), ("/simulations/nouvelle/", "simulation-nouvelle"),
        (f"/simulations/{work['simulation']}/", "simulation"),
        ("/taches/", "taches"), ("/audit/", "audit-responsable"), ("/finances/", "finances-responsable"),
    ]:  # fmt: skip
        tour.visit(path, name)
    tour.browser.logout()


def finance_and_auditor_pages(tour: Tour) -> None:
    tour.browser.login("demo-finances")
    tour.visit("/finances/", "finances")
    tour.visit("/gestion/", "finances-file")
    approved = a_request_of("demo-finances", Status.APPROVED)
    tour.visit(f"/demandes/{approved.pk}/", "demande-finances")
    tour.visit("/enveloppes/2022/", "enveloppe-finances")
    tour.browser.logout()
    tour.browser.login("demo-auditeur")
    for path, name in [
        ("/audit/", "audit"), ("/gestion/", "auditeur-file"), ("/pilotage/", "pilotage-auditeur"),
        ("/bilan/2022", "bilan-auditeur"), ("/finances/", "finances-auditeur"),
        (f"/demandes/{approved.pk}/", "demande-auditeur"), ("/enveloppes/2022/", "enveloppe-auditeur"),
    ]:  # fmt: skip
        tour.visit(path, name)
    tour.browser.logout()


def test_every_page_of_every_role_fits_a_phone_and_a_laptop(browser, finished_work):
    tour = Tour(browser)
    public_pages(tour, finished_work["edition"])
    company_pages(tour)
    adviser_pages(tour)
    manager_pages(tour, finished_work)
    finance_and_auditor_pages(tour)
    assert not tour.failures, "\n".join(tour.failures)
    every_page = {p.name for p in www_urls.urlpatterns} - NOT_PAGES
    assert every_page - tour.seen == set(), "pages no role visits in this test"
