"""The company's request form: each step checks what it received, keeps what was typed, and
shows the estimate of both aid regimes from step 2 on."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from relance.common.formats import amount
from tests.factories import valid_siret

pytestmark = pytest.mark.django_db
STEP = "/espace/demandes/nouvelle/{}/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def action_post(**overrides) -> dict:
    fields = {
        "title": "Usinage 5 axes",
        "provider_siret": valid_siret("552100554"),
        "provider_declaration_number": "11755555575",
        "hours": "140",
        "start": "2021-10-01",
        "end": "2022-03-31",
        "cost": "12000",
        **overrides,
    }
    management = {
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "1",
        "actions-MAX_NUM_FORMS": "10",
    }
    return {**management, **{f"actions-0-{k}": v for k, v in fields.items()}}


@pytest.fixture
def company(client, people):
    client.force_login(people["company"])
    return people["company"]


def fill_up_to_trainees(client, rows="MAT-001;CDI\nMAT-002;CDI"):
    assert client.post(STEP.format(1), {}).status_code == 302
    regime = {"pathway": "anticipation", "aid_regime": "temporary_framework"}
    assert client.post(STEP.format(2), regime).status_code == 302
    assert client.post(STEP.format(3), action_post()).status_code == 302
    assert client.post(STEP.format(4), {"rows": rows}).status_code == 302


def alert(response) -> str:
    """The text of the page's error summary (red, role="alert", focused when the page opens)."""
    match = re.search(
        r'<div class="error-summary" role="alert" tabindex="-1" autofocus[^>]*>(.*?)</div>',
        response.text,
        re.S,
    )
    assert match, "no error block on the page"
    return match[1]


def test_step_3_refuses_a_wrong_siret_there_naming_the_field_and_keeps_what_was_typed(
    company, client
):
    response = client.post(
        STEP.format(3), action_post(provider_siret="123 456 789 00012", title="Soudure TIG")
    )
    assert response.status_code == 200
    assert "Corrigez les erreurs" in alert(response)
    assert "la clé de contrôle ne correspond pas" in response.text
    assert 'value="Soudure TIG"' in response.text
    assert 'value="123 456 789 00012"' in response.text


def test_step_3_refuses_an_end_before_the_start(company, client):
    response = client.post(STEP.format(3), action_post(start="2022-03-01", end="2022-01-31"))
    assert response.status_code == 200
    assert "La fin de l&#x27;action précède son début." in response.text


def test_step_3_refuses_a_declaration_number_that_is_not_eleven_digits(company, client):
    response = client.post(STEP.format(3), action_post(provider_declaration_number="1234"))
    assert "comporte 11 chiffres" in response.text


@pytest.mark.parametrize("typed", ["14 000,00", "14\u00a0000 €", "14\u202f000"])
def test_step_3_reads_the_cost_as_french_people_type_it(company, client, typed):
    assert client.post(STEP.format(3), action_post(cost=typed, hours="35,5")).status_code == 302
    action = client.session["request_wizard"]["actions"][0]
    assert (Decimal(action["cost"]), Decimal(action["hours"])) == (Decimal(14000), Decimal("35.5"))


def test_step_3_refuses_an_unreadable_cost_with_an_example(company, client):
    response = client.post(STEP.format(3), action_post(cost="quatorze mille"))
    assert "n&#x27;est pas un nombre (exemple : 14 000,00)" in response.text
    assert 'value="quatorze mille"' in response.text


def test_step_3_opens_with_one_action_block_and_adds_one_on_request(company, client):
    page = client.get(STEP.format(3)).text
    assert page.count("<legend>Action de formation") == 1
    response = client.post(STEP.format(3), {**action_post(), "add": "1"})
    assert response.status_code == 302 and response["Location"].endswith("?ajout=1#actions")
    page = client.get(response["Location"]).text
    assert page.count("<legend>Action de formation") == 2
    assert 'value="Usinage 5 axes"' in page


def test_step_4_skips_a_pasted_header_row(company, client):
    rows = "Matricule\tContrat\tFin de contrat\nMAT-001\tCDI\nMAT-002\tCDD\t30/06/2022"
    assert client.post(STEP.format(4), {"rows": rows}).status_code == 302
    trainees = client.session["request_wizard"]["trainees"]
    assert [t["employee_ref"] for t in trainees] == ["MAT-001", "MAT-002"]


def test_step_4_names_the_line_and_column_of_each_problem_and_keeps_the_text(company, client):
    rows = "MAT-001;CDI\nMAT-002;CDX\nMAT-003;CDD;31/13/2022\nMAT-001;CDI"
    response = client.post(STEP.format(4), {"rows": rows})
    assert response.status_code == 200
    assert "Ligne 2, colonne 2 (contrat) : contrat « CDX » inconnu" in response.text
    assert "Ligne 3, colonne 3 (fin de contrat)" in response.text
    assert (
        "Ligne 4, colonne 1 (référence) : Le salarié « MAT-001 » figure deux fois." in response.text
    )
    assert "MAT-003;CDD;31/13/2022" in response.text


def test_step_4_refuses_a_social_security_number_once(company, client):
    response = client.post(STEP.format(4), {"rows": "MAT-001;CDI\n1 84 12 75 123 456 78;CDI"})
    assert response.status_code == 200
    assert response.text.count("Ne saisissez pas le numéro de sécurité sociale") == 1
    assert "Ligne 2, colonne 1 (référence)" in response.text


def test_step_1_shows_the_evidence_already_uploaded_when_coming_back(company, client):
    upload = SimpleUploadedFile("autorisation-ap.png", PNG, content_type="image/png")
    assert client.post(STEP.format(1), {"evidence_file": upload}).status_code == 302
    page = client.get(STEP.format(1)).text
    assert "Justificatif déjà joint" in page and "autorisation-ap.png" in page


def test_step_1_refuses_a_situation_ending_before_it_starts(company, client):
    post = {"kind": "partial_activity", "start": "2021-06-01", "end": "2021-05-01"}
    response = client.post(STEP.format(1), post)
    assert "La fin précède le début." in response.text
    assert 'value="2021-06-01"' in response.text


def test_final_submit_refusal_names_the_step_the_action_and_the_line(company, client):
    fill_up_to_trainees(client)
    session = client.session
    wizard = session["request_wizard"]
    wizard["actions"][0]["provider_siret"] = "12345678900012"
    wizard["trainees"][1]["employee_ref"] = "184127512345678"
    session.save()
    response = client.post(STEP.format(5), {"submit": "1"})
    errors = alert(response)
    assert "Étape 3, action 1 (SIRET de l&#x27;organisme) : Le SIRET" in errors
    assert "Étape 4, ligne 2 (référence) : Ne saisissez pas" in errors
    assert response.text.count("Ne saisissez pas le numéro de sécurité sociale") == 1


def test_the_estimate_shows_from_step_2_with_both_regimes_and_no_choice_made_for_the_company(
    company, client
):
    fill_up_to_trainees(client)
    session = client.session
    del session["request_wizard"]["aid_regime"]
    session.save()
    page = client.get(STEP.format(2)).text
    assert '<h2 id="estimation">Estimation</h2>' in page
    assert "Les deux régimes d'aide pour cette demande" in page
    assert "Suggestion :" in page and "suggéré" in page
    assert not re.search(r'name="aid_regime"[^>]*checked', page)
    # 12 000 € at 100 % under the temporary framework, at 70 % under the GBER (40 employees)
    assert amount("12000.00") in page and amount("8400.00") in page


def test_the_estimate_follows_the_trainees_typed_before_the_step_is_submitted(company, client):
    fill_up_to_trainees(client)
    estimate = "/espace/demandes/nouvelle/4/estimation/"
    both = client.post(estimate, {"rows": "MAT-001;CDI\nMAT-002;CDI"})
    one_excluded = client.post(estimate, {"rows": "MAT-001;CDI\nAPP-1;apprentissage"})
    assert both.status_code == one_excluded.status_code == 200
    assert "<html" not in both.text  # the estimate block alone, for htmx to swap in
    assert amount("12000.00") in both.text
    assert amount("6000.00") in one_excluded.text and "1 stagiaire(s) exclu(s)" in one_excluded.text


def test_the_estimate_endpoint_is_the_companies_own(people, client):
    client.force_login(people["adviser"])
    assert client.post("/espace/demandes/nouvelle/4/estimation/", {}).status_code == 403


def test_the_wizard_serves_htmx_from_the_site_itself(company, client):
    fill_up_to_trainees(client)
    page = client.get(STEP.format(4)).text
    assert re.search(r'<script src="/static/www/vendor/htmx\.min\.js"', page)
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", page.split("<main", 1)[1])


def test_the_error_summary_takes_the_focus_and_links_to_the_field_in_error(company, client):
    response = client.post(STEP.format(3), action_post(provider_siret="123"))
    assert response.text.count("autofocus") == 1
    assert re.search(
        r'<div class="error-summary" role="alert" tabindex="-1" autofocus', response.text
    )
    assert 'href="#id_actions-0-provider_siret">Action de formation 1, SIRET' in alert(response)


def test_step_1_keeps_an_accepted_evidence_file_when_another_field_is_wrong(company, client):
    upload = SimpleUploadedFile("accord-apld.png", PNG, content_type="image/png")
    post = {"kind": "partial_activity", "end": "2021-05-01", "evidence_file": upload}
    response = client.post(STEP.format(1), post)
    assert "Indiquez depuis quand la situation s&#x27;applique." in response.text
    assert "Justificatif déjà joint" in response.text and "accord-apld.png" in response.text


def test_step_1_refuses_evidence_that_is_not_a_pdf_or_an_image(company, client):
    upload = SimpleUploadedFile("virus.png", b"MZ\x90\x00" * 8, content_type="image/png")
    response = client.post(STEP.format(1), {"evidence_file": upload})
    assert "Corrigez les erreurs" in alert(response)
    assert "Justificatif refusé : PDF, PNG ou JPEG" in response.text
    assert "evidence" not in client.session.get("request_wizard", {})
