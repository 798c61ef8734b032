import re

import pytest
from django.core import mail

from relance.accounts.models import Role, User
from tests.factories import CompanyFactory, UserFactory

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def test_login_page_is_in_french_with_identifiant_and_se_connecter(client, db):
    page = client.get("/connexion/").content.decode()
    assert 'lang="fr"' in page
    assert "Identifiant" in page
    assert page.count("Se connecter") >= 2
    assert "Mot de passe oublié" in page


def test_a_user_logs_in_with_username_and_logs_out(client, reference):
    UserFactory(username="conseil1", adviser=True)
    response = client.post(
        "/connexion/", {"username": "conseil1", "password": "Mot-de-passe-solide-42"}
    )
    assert response.status_code == 302
    assert "conseil1" in client.get("/").content.decode()
    client.post("/deconnexion/")
    assert "Se connecter" in client.get("/").content.decode()


def test_a_wrong_password_is_refused_in_french(client, reference):
    UserFactory(username="conseil1")
    page = client.post("/connexion/", {"username": "conseil1", "password": "faux"}).content.decode()
    assert "Identifiant ou mot de passe incorrect" in page


def test_password_reset_sends_a_link_that_sets_a_new_password(client, reference):
    UserFactory(username="marie", email="marie@example.fr")
    client.post("/mot-de-passe-oublie/", {"email": "marie@example.fr"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Réinitialisation de votre mot de passe relance"
    path = LINK.search(message.body).group(1)
    form_page = client.get(path, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    client.post(
        set_password_url,
        {"new_password1": "Nouveau-secret-2022", "new_password2": "Nouveau-secret-2022"},
    )
    assert User.objects.get(username="marie").check_password("Nouveau-secret-2022")


def test_an_adviser_invites_a_company_user_who_chooses_a_password_and_logs_in(client, reference):
    adviser = UserFactory(adviser=True)
    company = CompanyFactory()
    client.force_login(adviser)
    response = client.post(
        "/invitation/", {"siren": company.siren, "email": "rh@acme.fr", "username": "rh-acme"}
    )
    assert response.status_code == 302
    invited = User.objects.get(username="rh-acme")
    assert (
        invited.role == Role.COMPANY
        and invited.company == company
        and not invited.has_usable_password()
    )
    assert "Invitation" in mail.outbox[0].subject and company.name in mail.outbox[0].subject
    client.logout()
    page = client.get(LINK.search(mail.outbox[0].body).group(1), follow=True)
    assert "Bienvenue" in page.content.decode()
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Choisi-par-moi-7", "new_password2": "Choisi-par-moi-7"},
    )
    assert client.login(username="rh-acme", password="Choisi-par-moi-7")


def test_an_adviser_cannot_invite_for_a_company_outside_their_delegation(client, reference):
    from relance.reference.models import Department

    adviser = UserFactory(adviser=True)
    company = CompanyFactory(department=Department.objects.get(code="75"))
    client.force_login(adviser)
    page = client.post(
        "/invitation/", {"siren": company.siren, "email": "rh@x.fr", "username": "x"}
    ).content.decode()
    assert "Entreprise introuvable" in page
    assert not User.objects.filter(username="x").exists()
    assert not mail.outbox


@pytest.mark.parametrize("role", ["company_user", "finance", "auditor"])
def test_roles_other_than_adviser_and_manager_cannot_invite(client, reference, role):
    user = UserFactory(**({role: True} if role == "company_user" else {"role": role}))
    client.force_login(user)
    assert client.get("/invitation/").status_code == 403
