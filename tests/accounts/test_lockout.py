"""The login lockout behind a reverse proxy (simulated: REMOTE_ADDR is the proxy's address and
X-Forwarded-For ends with the address the proxy saw, as nginx's $proxy_add_x_forwarded_for)."""

import pytest
from django.test import Client

from tests.factories import UserFactory

PROXY = "10.0.0.2"
GOOD = "Mot-de-passe-solide-42"
WRONG = "mauvais"


@pytest.fixture
def lockout(settings, reference):
    settings.AXES_ENABLED = True
    settings.RELANCE_PROXY_COUNT = 1


def through_proxy(client_address: str, spoofed: str = "") -> Client:
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def login(browser: Client, username: str, password: str = WRONG):
    return browser.post("/connexion/", {"username": username, "password": password})


def logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_failures_from_one_address_never_lock_the_account_for_another_address(lockout):
    UserFactory(username="finance")
    attacker = through_proxy("203.0.113.5")
    for _ in range(5):
        login(attacker, "finance")
    assert login(attacker, "finance", GOOD).status_code == 429
    assert logged_in(login(through_proxy("198.51.100.7"), "finance", GOOD))


def test_the_client_cannot_escape_the_lockout_by_writing_its_own_forwarded_addresses(lockout):
    UserFactory(username="finance")
    for attempt in range(5):
        login(through_proxy("203.0.113.5", spoofed=f"192.0.2.{attempt}"), "finance")
    refused = login(through_proxy("203.0.113.5", spoofed="192.0.2.99"), "finance", GOOD)
    assert refused.status_code == 429
    assert "Connexion temporairement bloquée" in refused.content.decode()


def test_spraying_many_usernames_from_one_address_is_stopped_after_thirty_failures(lockout):
    UserFactory(username="victime")
    sprayer = through_proxy("203.0.113.5")
    answers = [login(sprayer, f"agent{n}").status_code for n in range(15) for _ in range(2)]
    assert set(answers[:29]) == {200}  # never 5 failures on one username
    assert answers[29] == 429  # the 30th failure from that address
    assert login(sprayer, "agent99").status_code == 429
    assert login(sprayer, "victime", GOOD).status_code == 429
    page = sprayer.get("/connexion/")
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    assert logged_in(login(through_proxy("198.51.100.7"), "victime", GOOD))


def test_without_a_proxy_the_socket_address_is_the_client(lockout, settings):
    settings.RELANCE_PROXY_COUNT = 0
    UserFactory(username="finance")
    forged = Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(5):
        login(forged, "finance")
    assert login(Client(REMOTE_ADDR="203.0.113.5"), "finance", GOOD).status_code == 429
    assert logged_in(login(Client(REMOTE_ADDR="198.51.100.7"), "finance", GOOD))
