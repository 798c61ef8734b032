"""The public simulator: both aid regimes side by side with the better one suggested, and the
operator's perimeter (IDCC or branch) with what to do when outside it."""

import datetime as dt
import html
import re

import pytest
from django.test import Client

URL = "/dispositif/simulateur/"
QUERY = {
    "headcount": "120",
    "idcc": "0044",
    "situation": "partial_activity",
    "situation_start": "2021-01-01",
    "pathway": "anticipation",
    "start": "2021-10-01",
    "end": "2022-03-31",
    "cost": "12000",
    "permanent": "2",
    "apprentices": "0",
}


def text(response) -> str:
    """The page as a reader sees it: no tags, entities decoded, narrow spaces as spaces."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", response.text))
    return plain.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def simulate(client, reference, settings):
    settings.RELANCE_TODAY = dt.date(2021, 9, 15)
    return lambda **extra: client.get(URL, {**QUERY, **extra})


def test_shows_both_regimes_side_by_side_and_suggests_the_one_that_funds_more(simulate):
    page = text(simulate())  # 120 employees: 100 % under the temporary framework, 60 % GBER
    assert "Encadrement temporaire (plafond 1,8 M€ par entreprise) — recommandé" in page
    assert "RGEC art. 31 (plafond 2 M€ par projet)" in page
    assert "12 000,00 €" in page and "7 200,00 €" in page and "4 800,00 €" in page
    assert "100 %" in page and "60 %" in page
    assert (
        "Le régime « Encadrement temporaire des aides d'État » finance 4 800,00 € de plus que "
        "le régime « RGEC, art. 31 » (12 000,00 € contre 7 200,00 €)." in page
    )


def test_the_state_aid_already_received_can_make_gber_the_one_suggested(simulate):
    page = text(simulate(state_aid_received="1800000"))
    assert "RGEC art. 31 (plafond 2 M€ par projet) — recommandé" in page
    assert "Seul le régime « RGEC, art. 31 » permet de financer cette demande" in page
    assert "Le plafond d'aides d'État de 1 800 000,00 € par entreprise est atteint" in page


def test_an_idcc_outside_the_perimeter_is_hors_perimetre_never_eligible(simulate):
    response = simulate(idcc="9999")
    page = text(response)
    assert "Hors périmètre" in page and "Éligible" not in page
    assert "La convention collective IDCC 9999 n'appartient pas aux branches de l'opérateur" in page
    for scheme in ("Pro-A", "Plan de développement des compétences", "Transitions collectives"):
        assert scheme in page
    assert re.search(
        r"Auvergne-Rhône-Alpes : <a href=\"mailto:conseillers-ara@operateur.example\">",
        response.text,
    )
    assert response.text.count('href="mailto:') == 13


def test_another_branch_without_idcc_is_outside_the_perimeter_too(simulate):
    page = text(simulate(idcc="", branch="autre"))
    assert "Hors périmètre" in page and "Votre branche n'appartient pas" in page


def test_a_branch_of_the_perimeter_without_idcc_is_simulated(simulate):
    page = text(simulate(idcc="", branch="chimie"))
    assert "Hors périmètre" not in page and "— recommandé" in page


def test_asks_for_the_idcc_or_the_branch_in_red_and_keeps_what_was_typed(simulate):
    response = simulate(idcc="", cost="14000,5")
    assert 'class="error-summary" role="alert"' in response.text
    assert "Indiquez l&#x27;IDCC de votre convention collective ou choisissez votre branche." in (
        response.text
    )
    assert 'class="errorlist' in response.text
    assert 'name="headcount" value="120"' in response.text
    assert 'name="end" value="2022-03-31"' in response.text
    assert "recommandé" not in response.text


def test_works_without_javascript_as_a_plain_form_that_needs_no_csrf_token(reference, settings):
    """Nothing is kept: a GET form, answered even when CSRF checks are enforced, no script."""
    settings.RELANCE_TODAY = dt.date(2021, 9, 15)
    browser = Client(enforce_csrf_checks=True)
    empty = browser.get(URL)
    assert (
        '<form class="simulator" method="get" action="/dispositif/simulateur/#resultat"'
        in empty.text
    )
    assert "<script" not in empty.text
    answer = browser.get(URL, QUERY)
    assert answer.status_code == 200 and "— recommandé" in text(answer)
    assert browser.post(URL, QUERY).status_code == 403  # a forged POST changes nothing either
