"""Users with one role each, and revocable API tokens."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMPANY = "company", _("Entreprise")
    ADVISER = "adviser", _("Conseiller")
    MANAGER = "manager", _("Responsable")
    FINANCE = "finance", _("Finances")
    AUDITOR = "auditor", _("Auditeur")
    ADMIN = "admin", _("Administrateur")


class User(AbstractUser):
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    company = models.ForeignKey(
        "companies.Company", models.PROTECT, null=True, blank=True, related_name="users"
    )
    delegation = models.ForeignKey(
        "reference.Delegation", models.PROTECT, null=True, blank=True, related_name="advisers"
    )

    class Meta:
        verbose_name = _("utilisateur")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="company") | models.Q(company__isnull=False),
                name="company_user_has_company",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="adviser") | models.Q(delegation__isnull=False),
                name="adviser_has_delegation",
            ),
        ]


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """Only the token's hash is stored: a leaked database does not leak usable tokens."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
