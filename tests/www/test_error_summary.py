"""Messages look like what they are: every error in one summary at the top that takes the focus,
what was typed kept; success in a success style."""

import re

from relance.budget.services import envelope_get_or_create

SUMMARY = re.compile(
    r'<div class="error-summary" role="alert" tabindex="-1" autofocus[^>]*>(.*?)</div>', re.S
)


def summary(response) -> str:
    found = SUMMARY.findall(response.content.decode())
    assert len(found) == 1, "one error summary on the page"
    return found[0]


def test_a_wrong_password_is_said_in_the_summary_and_the_identifier_is_kept(client, people):
    response = client.post("/connexion/", {"username": "personne", "password": "pas-le-bon"})
    assert "Identifiant ou mot de passe incorrect." in summary(response)
    assert 'name="username" value="personne"' in response.content.decode()


def test_an_invitation_with_a_wrong_address_links_to_the_field_and_keeps_the_rest(client, people):
    client.force_login(people["adviser"])
    response = client.post(
        "/invitation/", {"siren": "123", "email": "pas-une-adresse", "username": "rh"}
    )
    assert '<a href="#id_email">Adresse électronique de la personne invitée</a>' in summary(
        response
    )
    page = response.content.decode()
    assert 'name="username" value="rh"' in page and 'name="email" value="pas-une-adresse"' in page


def test_a_success_is_a_status_in_the_success_style_never_in_the_error_summary(client, people):
    envelope_get_or_create(scheme="fne", year=2021)
    client.force_login(people["manager"])
    response = client.post(
        "/enveloppes/2021/seuil/", {"second_approval_above": "50000"}, follow=True
    )
    page = response.content.decode()
    assert '<li class="success">Seuil de double validation enregistré.</li>' in page
    assert "error-summary" not in page


def test_the_simulator_reads_french_amounts_and_keeps_a_wrong_one_as_typed(client, reference):
    query = {"headcount": "120", "idcc": "0044", "situation": "partial_activity"}
    response = client.get("/dispositif/simulateur/", {**query, "cost": "14 000,00 €"})
    assert 'name="cost" value="14 000,00 €"' in response.content.decode()
    assert "Coût pédagogique total" not in summary(response)  # other fields are missing, not it
    response = client.get("/dispositif/simulateur/", {**query, "cost": "quatorze mille"})
    assert '<a href="#id_cost">Coût pédagogique total (€)</a>' in summary(response)
    assert 'name="cost" value="quatorze mille"' in response.content.decode()
