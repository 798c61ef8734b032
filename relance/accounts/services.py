"""Writes on accounts: create users, issue and revoke API tokens, invite company users."""

import secrets

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from relance.accounts.models import ApiToken, Role, User, hash_token
from relance.common.errors import ErrorCollector, Forbidden
from relance.companies.models import Company
from relance.companies.perms import can_invite_for
from relance.reference.models import Delegation


def user_create(
    *,
    role: str,
    username: str | None = None,
    email: str = "",
    password: str | None = None,
    delegation_code: str | None = None,
    siren: str | None = None,
) -> tuple[User, str | None]:
    """Create a user; return it with the generated password when none was given."""
    errors = ErrorCollector()
    if role not in Role.values:
        errors.add(
            "role",
            "unknown_role",
            f"Rôle inconnu : « {role} » (attendu : {', '.join(Role.values)}).",
        )
    delegation = (
        Delegation.objects.filter(code=delegation_code).first() if delegation_code else None
    )
    if role == Role.ADVISER and delegation is None:
        errors.add(
            "delegation",
            "delegation_required",
            "Un conseiller doit être rattaché à une délégation existante (--delegation CODE).",
        )
    company = Company.objects.filter(siren=siren).first() if siren else None
    if role == Role.COMPANY and company is None:
        errors.add(
            "siren",
            "company_required",
            "Un utilisateur entreprise doit être rattaché à une entreprise enregistrée (--siren SIREN).",
        )
    username = username or _free_username(role)
    if User.objects.filter(username=username).exists():
        errors.add("username", "username_taken", f"L'identifiant « {username} » est déjà utilisé.")
    errors.raise_if_any()
    generated = None if password else secrets.token_urlsafe(12)
    user = User(
        username=username,
        email=email,
        role=role,
        delegation=delegation,
        company=company,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    user.set_password(password or generated)
    user.save()
    return user, generated


def _free_username(role: str) -> str:
    return f"{role}-{secrets.token_hex(3)}"


def token_create(*, user: User) -> str:
    """Issue a new API token; the raw value is returned once and never stored."""
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[:8])
    return raw


def token_revoke(*, token: ApiToken) -> None:
    """Final: a revoked token keeps its first revocation date and is never valid again."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None


def invitation_send(
    *, actor: User, company: Company, email: str, username: str, base_url: str
) -> User:
    """Create an inactive-password company user and e-mail a link to choose a password."""
    if not can_invite_for(actor, company):
        raise Forbidden("Votre rôle ne permet pas d'inviter un utilisateur pour cette entreprise.")
    with transaction.atomic():
        user, _ = user_create(
            role=Role.COMPANY, username=username, email=email, siren=company.siren
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    link = base_url + invitation_path(user)
    context = {"user": user, "company": company, "actor": actor, "link": link}
    send_mail(
        subject=f"Invitation à l'espace relance de {company.name}",
        message=render_to_string("accounts/invitation_email.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return user


def invitation_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"/invitation/{uid}/{token}/"
