"""The advisers' and managers' workspace in a real browser, on the 2022 demo data (issue 14's
walk): a message with a PDF, the badge, a search typed without accents, « Suivre », a correction
the company makes and answers, a bulk approval one request of which the envelope cannot fund,
and a manager sending a four-eyes approval back."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from relance.accounts.models import User
from relance.budget.models import Envelope
from relance.budget.selectors import envelope_totals
from relance.budget.services import envelope_set_amount, envelope_set_threshold
from relance.companies.models import Company
from relance.companies.search import search_key
from relance.funding import services
from relance.funding.assignment import request_assign
from relance.funding.data import ActionData, RequestData, TraineeData
from relance.funding.models import FundingRequest
from relance.funding.workflow import Status
from relance.rules.money import to_cents
from tests.factories import valid_siret

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPANY_NAME = "Ébénisterie Lefèvre & Frères"
THRESHOLD = Decimal("50000.00")
# What the envelope has left for the bulk approval: the company's request fits, the other
# request below the four-eyes threshold does not.
LEFT = Decimal("10000.00")


@dataclass(frozen=True)
class Walk:
    mine: FundingRequest  # the company's request, filed and waiting
    above: FundingRequest  # in review, above the four-eyes threshold
    unfundable: FundingRequest  # in review, below the threshold, more than the envelope has left


def _file(company_user: User) -> FundingRequest:
    data = RequestData(
        siren=company_user.company.siren,
        aid_regime="temporary_framework",
        pathway="anticipation",
        training_actions=[
            ActionData(
                "Finition des bois massifs",
                valid_siret("552100554"),
                "11755555575",
                Decimal("70"),
                dt.date(2022, 4, 4),
                dt.date(2022, 6, 30),
                Decimal("6000.00"),
            )
        ],
        trainees=[TraineeData("MAT-901", "permanent")],
    )
    request, _ = services.request_create(actor=company_user, data=data)
    return services.request_submit(actor=company_user, request_id=request.pk)


def _in_review(adviser: User, low: Decimal, high: Decimal | None) -> FundingRequest:
    found = FundingRequest.objects.filter(
        envelope__year=2022,
        company__delegation=adviser.delegation,
        status=Status.IN_REVIEW,
        assignee=None,
        funded_amount__gt=low,
    )
    if high is not None:
        found = found.filter(funded_amount__lt=high)
    request = found.order_by("funded_amount").first()
    return request_assign(actor=adviser, request_id=request.pk, assignee_id=adviser.pk)


@pytest.fixture
def arranged(demo_2022) -> Walk:
    """The demo company gets an accented name and a filed request; the adviser follows two
    requests in review; a manager sets a four-eyes threshold and lowers the envelope (an
    adjustment entry in the ledger) so that it has only LEFT to commit."""
    company_user = User.objects.select_related("company").get(username="demo-entreprise")
    Company.objects.filter(pk=company_user.company_id).update(
        name=COMPANY_NAME, search_name=search_key(COMPANY_NAME)
    )
    company_user.refresh_from_db()
    adviser = User.objects.get(username="demo-conseiller")
    manager = User.objects.get(username="demo-responsable")
    mine = _file(company_user)
    above = _in_review(adviser, THRESHOLD, None)
    unfundable = _in_review(adviser, LEFT, THRESHOLD)
    envelope = Envelope.objects.get(scheme="fne", year=2022)
    envelope_set_threshold(actor=manager, envelope=envelope, amount=THRESHOLD)
    totals = envelope_totals(envelope)
    envelope_set_amount(
        actor=manager,
        scheme="fne",
        year=2022,
        amount=to_cents(totals.net_committed + totals.operator_costs + LEFT),
    )
    assert mine.funded_amount < LEFT < unfundable.funded_amount < THRESHOLD
    return Walk(mine, above, unfundable)


def company_writes_with_a_pdf(browser, walk: Walk) -> None:
    browser.login("demo-entreprise")
    browser.send_message(walk.mine.pk, "Voici le devis de l'organisme.", "devis.pdf")
    browser.logout()


def adviser_finds_follows_and_sends_back_for_correction(browser, walk: Walk) -> None:
    page, reference = browser.page, walk.mine.reference
    browser.login("demo-conseiller")
    browser.go("/gestion/")
    expect(page.get_by_role("link", name=re.compile("^À traiter"))).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_label("Rechercher").fill("ebenisterie lefevre")
    page.get_by_role("button", name="Filtrer").click()
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(COMPANY_NAME)
    expect(row).to_contain_text("Nouveau")
    browser.check("gestion-recherche-sans-accents")
    table = page.locator("#bulk .table-scroll")  # « Suivre », in the last column, in sight
    assert table.evaluate("box => box.scrollWidth <= box.clientWidth")
    row.get_by_role("button", name=f"Suivre {reference}").click()
    expect(
        page.get_by_role("status").filter(has_text=f"Demande {reference} suivie par")
    ).to_be_visible()
    page.get_by_role("row").filter(has_text=reference).get_by_role("link", name=reference).click()
    expect(page.locator("#messages")).to_contain_text("Voici le devis de l'organisme.")
    browser.send_back_for_correction("Le coût pédagogique doit être celui du devis joint.")
    browser.logout()


def company_corrects_and_answers(browser, walk: Walk) -> None:
    page = browser.page
    browser.login("demo-entreprise")
    browser.go(f"/demandes/{walk.mine.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("celui du devis joint")
    page.get_by_role("link", name="Modifier la demande").click()
    page.get_by_role("button", name="Continuer").click()
    first = page.get_by_role("group", name="Action de formation 1")
    first.get_by_label("Coût pédagogique (€)").fill("5400")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Enregistrer les corrections").click()
    expect(page.get_by_role("status").first).to_contain_text("sont enregistrées")
    expect(page.locator("#t-history + div")).to_contain_text("Modification — montant des règles")
    page.get_by_label("Votre réponse").fill("Coût corrigé selon le devis.")
    page.get_by_role("button", name="Répondre").click()
    expect(page.locator("h1")).to_contain_text("En instruction")
    browser.logout()


def adviser_approves_three_at_once(browser, walk: Walk) -> None:
    page = browser.page
    browser.login("demo-conseiller")
    browser.go("/gestion/?onglet=suivies")
    for request in (walk.mine, walk.above, walk.unfundable):
        page.get_by_label(f"Sélectionner {request.reference}").check()
    page.get_by_label("Action", exact=True).select_option(label="Accorder")
    page.get_by_role("button", name="Appliquer aux demandes cochées").click()
    expect(page.locator("h1")).to_have_text("Accord : résultat par demande")
    outcomes = page.locator(".outcomes li")
    expect(outcomes.filter(has_text=walk.mine.reference)).to_contain_text("fait")
    expect(outcomes.filter(has_text=walk.above.reference)).to_contain_text(
        "accord transmis pour seconde validation (montant supérieur à 50\u202f000,00 €)"
    )
    expect(outcomes.filter(has_text=walk.unfundable.reference)).to_contain_text(
        "Fonds insuffisants"
    )
    browser.check("gestion-lot-resultat")
    browser.logout()


def manager_sends_the_four_eyes_approval_back(browser, walk: Walk) -> None:
    page = browser.page
    waiting = FundingRequest.objects.filter(status=Status.AWAITING_SECOND_APPROVAL).count()
    browser.login("demo-responsable")
    link = page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name=re.compile("En attente de seconde validation")
    )
    expect(link).to_have_text(f"En attente de seconde validation {waiting}")
    link.click()
    page.get_by_role("link", name=walk.above.reference).click()
    page.get_by_label("Ce que le conseiller doit revoir").fill("Vérifier le coût horaire.")
    page.get_by_role("button", name="Renvoyer au conseiller").click()
    expect(
        page.get_by_role("status").filter(has_text="Demande renvoyée au conseiller.")
    ).to_be_visible()
    expect(page.locator("h1")).to_contain_text("En instruction")
    expect(page.locator("#t-history + div")).to_contain_text("Vérifier le coût horaire.")


def test_an_adviser_and_a_manager_work_a_request_from_message_to_four_eyes_send_back(
    browser, arranged
):
    company_writes_with_a_pdf(browser, arranged)
    adviser_finds_follows_and_sends_back_for_correction(browser, arranged)
    company_corrects_and_answers(browser, arranged)
    adviser_approves_three_at_once(browser, arranged)
    manager_sends_the_four_eyes_approval_back(browser, arranged)
    mine, above, unfundable = (
        FundingRequest.objects.get(pk=r.pk)
        for r in (arranged.mine, arranged.above, arranged.unfundable)
    )
    assert (mine.status, above.status, unfundable.status) == (
        Status.APPROVED,
        Status.IN_REVIEW,
        Status.IN_REVIEW,
    )
    assert envelope_totals(mine.envelope).available == LEFT - mine.funded_amount
