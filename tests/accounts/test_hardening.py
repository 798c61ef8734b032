import os
import subprocess
import sys

from relance.accounts.models import ApiToken
from tests.factories import UserFactory, bearer


def test_repeated_login_failures_lock_the_account_out_for_a_while(client, reference, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="cible")
    for _ in range(5):
        client.post("/connexion/", {"username": "cible", "password": "mauvais"})
    locked = client.post("/connexion/", {"username": "cible", "password": "Mot-de-passe-solide-42"})
    assert (
        locked.status_code == 429 and "Connexion temporairement bloquée" in locked.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_pages_carry_a_content_security_policy_and_refuse_framing(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert (
        "default-src 'self'" in policy
        and "frame-ancestors 'none'" in policy
        and "script-src 'self'" in policy
    )
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_forms_without_a_csrf_token_are_refused(reference):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory(role="manager"))
    assert (
        strict.post(
            "/invitation/", {"siren": "552100554", "email": "a@b.fr", "username": "x"}
        ).status_code
        == 403
    )


def test_production_settings_make_cookies_secure_and_turn_hsts_on():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        {
            "RELANCE_ENV": "production",
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "relance.example.fr",
            "DATABASE_URL": "postgres://u@db/relance",
            "DJANGO_SETTINGS_MODULE": "relance.config.settings",
        }
    )
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "False"]


def test_a_revoked_token_no_longer_opens_the_api(client, reference):
    user = UserFactory()
    headers = bearer(user)
    assert client.get("/api/v1/delegations", **headers).status_code == 200
    from django.contrib.admin.sites import site

    from relance.accounts.admin import ApiTokenAdmin

    ApiTokenAdmin(ApiToken, site).revoke(None, ApiToken.objects.filter(user=user))
    assert client.get("/api/v1/delegations", **headers).status_code == 401


def test_revocation_is_final_the_admin_cannot_clear_it(client, reference):
    user = UserFactory()
    headers = bearer(user)
    token = ApiToken.objects.get(user=user)
    from relance.accounts.services import token_revoke

    token_revoke(token=token)
    revoked_at = ApiToken.objects.get(pk=token.pk).revoked_at
    client.force_login(UserFactory(admin=True, username="technique"))
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    assert page.status_code == 200
    client.post(
        f"/admin/accounts/apitoken/{token.pk}/change/",
        {"revoked_at_0": "", "revoked_at_1": "", "_save": "Enregistrer"},
    )
    assert ApiToken.objects.get(pk=token.pk).revoked_at == revoked_at
    token_revoke(token=ApiToken.objects.get(pk=token.pk))  # revoking again keeps the first date
    assert ApiToken.objects.get(pk=token.pk).revoked_at == revoked_at
    client.logout()
    assert client.get("/api/v1/delegations", **headers).status_code == 401
